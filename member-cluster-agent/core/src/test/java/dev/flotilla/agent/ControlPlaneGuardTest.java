package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlPlaneGuardTest {

  @ParameterizedTest
  @CsvSource({"500, true", "503, true", "429, true", "408, true", "401, false", "403, false", "404, false",
      "409, false", "410, false", "422, false"})
  void retriesOnlyTransientAnswers(int code, boolean transientFailure) {
    assertThat(ControlPlaneGuard.isTransient(new KubernetesClientException("x", code, null)))
        .isEqualTo(transientFailure);
  }

  @Test
  void ioErrorsAndTimeoutsAreTransient() {
    assertThat(ControlPlaneGuard.isTransient(new KubernetesClientException("io", new IOException("reset"))))
        .isTrue();
    assertThat(ControlPlaneGuard.isTransient(
        new org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException())).isTrue();
    assertThat(ControlPlaneGuard.isTransient(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void retriesTransientFailuresButNotRefusals() {
    ControlPlaneGuard guard = new ControlPlaneGuard("t", Fixtures.fastFaultTolerance());
    AtomicInteger calls = new AtomicInteger();
    String result = guard.call("flaky", () -> {
      if (calls.incrementAndGet() < 3) {
        throw new KubernetesClientException("busy", 503, null);
      }
      return "ok";
    });
    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(3);

    AtomicInteger refused = new AtomicInteger();
    assertThatThrownBy(() -> guard.call("forbidden", () -> {
      refused.incrementAndGet();
      throw new KubernetesClientException("no", 403, null);
    })).isInstanceOf(ControlPlaneException.class).hasMessageContaining("forbidden failed: HTTP 403")
        .satisfies(e -> assertThat(((ControlPlaneException) e).code()).isEqualTo(403));
    assertThat(refused).hasValue(1);
    assertThat(guard.reachable()).isTrue();
  }

  @Test
  void timesOutSlowCalls() {
    ControlPlaneGuard guard = new ControlPlaneGuard("t", new FaultToleranceSettings(Duration.ofMillis(100), 0,
        Duration.ofMillis(10), Duration.ofMillis(20), Duration.ZERO, 10, 0.5, Duration.ofSeconds(1), 1));
    assertThatThrownBy(() -> guard.call("slow", () -> {
      Thread.sleep(2_000);
      return "late";
    })).isInstanceOf(ControlPlaneException.class).hasMessageContaining("no answer in time");
    assertThat(guard.reachable()).isFalse();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void circuitOpensFailsFastAndClosesAfterTheDelay() {
    ControlPlaneGuard guard = new ControlPlaneGuard("t", new FaultToleranceSettings(Duration.ofSeconds(1), 0,
        Duration.ofMillis(10), Duration.ofMillis(20), Duration.ZERO, 4, 0.5, Duration.ofMillis(300), 1));
    List<CircuitBreakerState> transitions = new CopyOnWriteArrayList<>();
    guard.onCircuitChange(transitions::add);
    AtomicInteger calls = new AtomicInteger();
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> guard.call("down", () -> {
        calls.incrementAndGet();
        throw new KubernetesClientException("down", 503, null);
      })).isInstanceOf(ControlPlaneException.class);
    }
    assertThat(guard.circuitState()).isEqualTo(CircuitBreakerState.OPEN);
    assertThatThrownBy(() -> guard.call("while open", () -> calls.incrementAndGet()))
        .hasMessageContaining("circuit breaker open");
    assertThat(calls).as("no call gets through while open").hasValue(4);
    await().pollDelay(Duration.ofMillis(350)).atMost(Duration.ofSeconds(5))
        .until(() -> "ok".equals(guard.call("trial", () -> "ok")));
    assertThat(transitions).containsExactly(CircuitBreakerState.OPEN, CircuitBreakerState.HALF_OPEN,
        CircuitBreakerState.CLOSED);
  }

  @Test
  void asynchronousStartsNeverCloseTheBreakerNorCountAsAnAnswer() {
    ControlPlaneGuard guard = new ControlPlaneGuard("t", new FaultToleranceSettings(Duration.ofSeconds(1), 0,
        Duration.ofMillis(10), Duration.ofMillis(20), Duration.ZERO, 4, 0.5, Duration.ofMillis(300), 1));
    AtomicInteger recoveries = new AtomicInteger();
    guard.onRecovery(recoveries::incrementAndGet);
    AtomicInteger starts = new AtomicInteger();
    assertThat(guard.call("first", () -> "ok")).isEqualTo("ok");
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> guard.call("down", () -> {
        throw new KubernetesClientException("down", new IOException("connection refused"));
      })).isInstanceOf(ControlPlaneException.class);
    }
    assertThat(guard.circuitState()).isEqualTo(CircuitBreakerState.OPEN);

    // While open, and while half-open (only real calls may try the control plane), a start is refused unrun.
    assertThatThrownBy(() -> guard.startAsync("watch", starts::incrementAndGet))
        .isInstanceOf(ControlPlaneException.class).hasMessageContaining("circuit breaker open");
    await().atMost(Duration.ofSeconds(5)).until(() -> guard.circuitState() == CircuitBreakerState.HALF_OPEN);
    assertThatThrownBy(() -> guard.startAsync("watch", starts::incrementAndGet))
        .isInstanceOf(ControlPlaneException.class);
    assertThat(starts).hasValue(0);
    assertThat(guard.circuitState()).isEqualTo(CircuitBreakerState.HALF_OPEN);
    assertThat(guard.reachable()).isFalse();
    assertThat(recoveries).hasValue(0);

    // A real answer closes it; then starts run, and their return is no news about the control plane.
    assertThat(guard.call("trial", () -> "ok")).isEqualTo("ok");
    assertThat(guard.circuitState()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(recoveries).hasValue(1);
    assertThatThrownBy(() -> guard.call("down again", () -> {
      throw new KubernetesClientException("down", new IOException("connection refused"));
    })).isInstanceOf(ControlPlaneException.class);
    assertThat(guard.reachable()).isFalse();
    assertThat(guard.startAsync("watch", starts::incrementAndGet)).isEqualTo(1);
    assertThat(guard.reachable()).as("a start proves nothing").isFalse();
    assertThat(recoveries).hasValue(1);
    assertThat(guard.circuitOpenings()).isEqualTo(1);
    assertThat(guard.circuitClosings()).isEqualTo(1);
  }
}
