package dev.flotilla.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.flotilla.agent.Fixtures.configMap;
import static dev.flotilla.agent.Fixtures.work;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.flotilla.api.v1alpha1.Work;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane goes away (its port closed, like a killed process) for many rounds of the circuit breaker's
 * trial calls, then comes back on the same port. The breaker must open once, stay open (or half-open) for as long as
 * nothing answers, and close once when the control plane answers again: no flapping. A watch start proves nothing
 * (fabric8 opens HTTP watches asynchronously, so {@code watch()} returns at once even with nobody listening), and
 * must never close the breaker.
 */
class CircuitBreakerOutageTest {

  private static final String CLUSTER = "outage";
  private static final String WORKS = ControlPlaneStubs.works(CLUSTER);
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Trial rounds to sit through while down: each is a chance for a false "the control plane answers again". */
  private static final int TRIAL_ROUNDS = 8;

  @TempDir
  Path temp;
  WireMockServer wireMock;

  @AfterEach
  void stop() {
    if (wireMock != null) {
      wireMock.stop();
    }
  }

  private WireMockServer controlPlaneOn(int port, Work work) {
    WireMockServer server = new WireMockServer(options().port(port).bindAddress("127.0.0.1"));
    server.start();
    ControlPlaneStubs.stub(server, CLUSTER, work);
    return server;
  }

  @Test
  void breakerOpensOnceStaysOpenWhileNothingAnswersAndClosesOnceWhenTheControlPlaneIsBack() {
    int port = ControlPlaneProcess.freePort();
    Work work = ControlPlaneStubs.stored(work(CLUSTER, "settings", configMap("app", "settings", "v1")), "5");
    wireMock = controlPlaneOn(port, work);
    try (MockMember member = new MockMember()) {
      member.addNode("node-1", "4", "8Gi", 110, "eu-west", "eu-west-a");
      // The breaker of the other tests (4 calls, 50 %, 1 success), open for only 400 ms: many trial rounds quickly.
      AgentConfig config = Fixtures.config(CLUSTER, URI.create("http://127.0.0.1:" + port),
          "abcdef.0123456789abcdef", temp.resolve("state"))
          .faultTolerance(new FaultToleranceSettings(Duration.ofSeconds(2), 2, Duration.ofMillis(100),
              Duration.ofMillis(400), Duration.ofMillis(50), 4, 0.5, Duration.ofMillis(400), 1))
          .build();
      try (Agent agent = Agent.start(config, member.client)) {
        ControlPlaneGuard guard = agent.guard();
        List<CircuitBreakerState> transitions = new CopyOnWriteArrayList<>();
        guard.onCircuitChange(transitions::add);
        await().atMost(WAIT).untilAsserted(() -> {
          assertThat(agent.status().ready()).isTrue();
          assertThat(agent.status().watchingWorks()).isTrue();
          assertThat(settings(member)).isNotNull();
          assertThat(wireMock.findAll(putRequestedFor(urlPathEqualTo(WORKS + "/settings/status")))).isNotEmpty();
        });
        assertThat(guard.circuitOpenings()).isZero();
        String resourceVersion = settings(member).getMetadata().getResourceVersion();

        // Down: nothing listens on the port any more.
        wireMock.stop();
        await().atMost(WAIT).until(() -> guard.circuitState() != CircuitBreakerState.CLOSED);
        await().atMost(Duration.ofSeconds(60)).until(() -> guard.circuitClosings() > 0
            || transitions.stream().filter(s -> s == CircuitBreakerState.HALF_OPEN).count() >= TRIAL_ROUNDS);
        assertThat(guard.circuitClosings()).as("breaker closings while the control plane was down (transitions %s)",
            transitions).isZero();
        assertThat(guard.circuitOpenings()).isEqualTo(1);
        assertThat(guard.reachable()).as("nothing answered, so the control plane is not reachable").isFalse();
        assertThat(settings(member).getMetadata().getResourceVersion()).as("member object untouched")
            .isEqualTo(resourceVersion);

        // Back on the same port: the breaker closes once, the watch resumes, heartbeats flow again.
        wireMock = controlPlaneOn(port, work);
        long heartbeats = agent.status().heartbeats();
        await().atMost(WAIT).untilAsserted(() -> {
          assertThat(guard.circuitState()).isEqualTo(CircuitBreakerState.CLOSED);
          assertThat(agent.status().heartbeats()).isGreaterThan(heartbeats + 3);
          assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo(WORKS))
              .withQueryParam("watch", equalTo("true")))).isNotEmpty();
          assertThat(wireMock.findAll(putRequestedFor(urlPathEqualTo(WORKS + "/settings/status")))).isNotEmpty();
        });
        assertThat(guard.circuitOpenings()).as("openings (transitions %s)", transitions).isEqualTo(1);
        assertThat(guard.circuitClosings()).as("closings (transitions %s)", transitions).isEqualTo(1);
        assertThat(transitions).endsWith(CircuitBreakerState.CLOSED)
            .filteredOn(s -> s == CircuitBreakerState.CLOSED).hasSize(1);
        assertThat(settings(member).getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
      }
    }
  }

  private static ConfigMap settings(MockMember member) {
    return member.client.configMaps().inNamespace("app").withName("settings").get();
  }
}
