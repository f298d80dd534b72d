package dev.flotilla.agent;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The one door to the control plane: every call goes through a SmallRye Fault Tolerance {@link Guard} built with the
 * programmatic API (no CDI), so many agents in one JVM each have their own timeout, retry and circuit breaker.
 *
 * <p>Only transient failures are retried and counted against the circuit: I/O errors, timeouts, HTTP 5xx, 429 and
 * 408. A 4xx answer is the control plane's considered reply (wrong token, forbidden, conflict) and goes straight back
 * to the caller; so does {@link CircuitBreakerOpenException} while the breaker is open, which is what makes the agent
 * fail fast instead of piling up calls on a control plane that is down.
 *
 * <p>Only calls that get an answer (or fail to) feed the breaker: the start of a watch, which returns before anything
 * went over the wire, goes through {@link #startAsync} instead, so the breaker never closes on it while the control
 * plane is still down.
 */
public final class ControlPlaneGuard {

  private static final Logger LOG = Logger.getLogger(ControlPlaneGuard.class);

  private final String clusterName;
  private final Guard guard;
  /** Only the timeout: for liveness calls and asynchronous starts, which the breaker must not hold back or see. */
  private final Guard timeoutOnly;
  private final AtomicReference<CircuitBreakerState> circuit = new AtomicReference<>(CircuitBreakerState.CLOSED);
  private final List<Consumer<CircuitBreakerState>> listeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger circuitOpenings = new AtomicInteger();
  private final AtomicInteger circuitClosings = new AtomicInteger();
  private volatile boolean reachable;
  private volatile Instant lastSuccess;

  /**
   * Builds the guard.
   *
   * @param clusterName for log lines
   * @param settings timeout, retry and circuit breaker settings
   */
  public ControlPlaneGuard(String clusterName, FaultToleranceSettings settings) {
    this.clusterName = clusterName;
    long maxDuration = Math.max(settings.timeout().toMillis() * (settings.maxRetries() + 1)
        + settings.retryMaxDelay().toMillis() * settings.maxRetries() + 1000, settings.retryDelay().toMillis() + 1);
    this.guard = Guard.create()
        .withDescription("control plane of " + clusterName)
        .withRetry()
            .maxRetries(settings.maxRetries())
            .delay(settings.retryDelay().toMillis(), ChronoUnit.MILLIS)
            .jitter(settings.retryJitter().toMillis(), ChronoUnit.MILLIS)
            .maxDuration(maxDuration, ChronoUnit.MILLIS)
            .whenException(ControlPlaneGuard::isTransient)
            .withExponentialBackoff()
                .factor(2)
                .maxDelay(settings.retryMaxDelay().toMillis(), ChronoUnit.MILLIS)
                .done()
            .done()
        .withCircuitBreaker()
            .requestVolumeThreshold(settings.circuitRequestVolume())
            .failureRatio(settings.circuitFailureRatio())
            .delay(settings.circuitDelay().toMillis(), ChronoUnit.MILLIS)
            .successThreshold(settings.circuitSuccessThreshold())
            .when(ControlPlaneGuard::isTransient)
            .onStateChange(this::circuitChanged)
            .done()
        .withTimeout()
            .duration(settings.timeout().toMillis(), ChronoUnit.MILLIS)
            .done()
        .build();
    this.timeoutOnly = Guard.create()
        .withDescription("unguarded calls to the control plane of " + clusterName)
        .withTimeout()
            .duration(settings.timeout().toMillis(), ChronoUnit.MILLIS)
            .done()
        .build();
  }

  /**
   * Runs one control-plane call under the guard.
   *
   * @param operation what is being done, for errors and logs (e.g. "renew lease")
   * @param call the call
   * @param <T> its result type
   * @return its result
   * @throws ControlPlaneException when it failed after the retries, or the breaker is open
   */
  public <T> T call(String operation, Callable<T> call) {
    return run(guard, operation, call);
  }

  /**
   * Runs a liveness call (the lease renewal): with the timeout only, never behind the circuit breaker and never
   * retried. The breaker shields the control plane from the agent's bulk traffic; a renewal once a second is not
   * that, and holding it back after an outage would make the control plane fail a healthy cluster over. A success
   * counts as the control plane answering again.
   *
   * @param operation what is being done, for errors and logs
   * @param call the call
   * @param <T> its result type
   * @return its result
   * @throws ControlPlaneException when it failed
   */
  public <T> T callLiveness(String operation, Callable<T> call) {
    return run(timeoutOnly, operation, call);
  }

  /**
   * Starts something that runs on asynchronously, such as a watch: fabric8 opens an HTTP watch in the background, so
   * {@code watch()} returns at once even when nothing listens on the control plane's port. Such a return proves
   * nothing, so it is kept out of everything that judges the control plane: not counted by the circuit breaker (a
   * trial call that "succeeded" this way would close it while the control plane is still down, and the next real
   * calls would open it again), not taken as the control plane answering ({@link #reachable()}, recovery
   * listeners), not retried. It is refused at once unless the breaker is closed: real request/response calls decide
   * when the control plane is back, and only then does it make sense to start. Whether the start really connected
   * shows later, in what it delivers or in how it ends.
   *
   * @param operation what is being started, for errors and logs (e.g. "watch Works")
   * @param start the start, with the guard's timeout
   * @param <T> its result type (e.g. the Watch)
   * @return its result
   * @throws ControlPlaneException when the breaker is not closed, or the start failed
   */
  @SuppressWarnings("unchecked")
  public <T> T startAsync(String operation, Callable<T> start) {
    CircuitBreakerState state = circuit.get();
    if (state != CircuitBreakerState.CLOSED) {
      throw new ControlPlaneException(operation, new CircuitBreakerOpenException(
          "not starting '" + operation + "' while the control-plane circuit breaker is " + state));
    }
    try {
      return (T) timeoutOnly.call(start::call, Object.class);
    } catch (Exception e) {
      if (isTransient(e)) {
        // Fails safe: deletions wait until a real call gets through again.
        reachable = false;
      }
      throw new ControlPlaneException(operation, e);
    }
  }

  @SuppressWarnings("unchecked")
  private <T> T run(Guard through, String operation, Callable<T> call) {
    try {
      Object result = through.call(call::call, Object.class);
      boolean recovered = !reachable && lastSuccess != null;
      reachable = true;
      lastSuccess = Instant.now();
      if (recovered) {
        LOG.infof("agent %s: the control plane answers again", clusterName);
        recoveryListeners.forEach(Runnable::run);
      }
      return (T) result;
    } catch (Exception e) {
      boolean transientFailure = isTransient(e) || e instanceof CircuitBreakerOpenException;
      if (transientFailure) {
        reachable = false;
      } else {
        // A considered answer (4xx) means the control plane is there.
        reachable = true;
      }
      throw new ControlPlaneException(operation, e);
    }
  }

  /** @return the circuit breaker's state */
  public CircuitBreakerState circuitState() {
    return circuit.get();
  }

  /**
   * How many times the circuit breaker opened from CLOSED (a failed trial call in HALF_OPEN, which sends it back to
   * OPEN, is not counted: the control plane was already known to be failing).
   *
   * @return openings since the guard was built
   */
  public int circuitOpenings() {
    return circuitOpenings.get();
  }

  /** @return how many times the circuit breaker closed again since the guard was built */
  public int circuitClosings() {
    return circuitClosings.get();
  }

  /**
   * Adds a listener called on every circuit breaker transition.
   *
   * @param listener the listener
   */
  public void onCircuitChange(Consumer<CircuitBreakerState> listener) {
    listeners.add(listener);
  }

  /**
   * Adds a listener called when a call succeeds after the control plane was unreachable, so that the agent resyncs
   * at once instead of at its next period.
   *
   * @param listener the listener (must not block)
   */
  public void onRecovery(Runnable listener) {
    recoveryListeners.add(listener);
  }

  /**
   * Whether the control plane answered the latest call (with success or a considered 4xx). Deletions on the member
   * wait for this: a list that failed must never look like an empty list.
   *
   * @return true if the last call reached the control plane
   */
  public boolean reachable() {
    return reachable;
  }

  /** @return when a call last succeeded, or null */
  public Instant lastSuccess() {
    return lastSuccess;
  }

  private void circuitChanged(CircuitBreakerState state) {
    CircuitBreakerState previous = circuit.getAndSet(state);
    if (state == CircuitBreakerState.OPEN && previous == CircuitBreakerState.CLOSED) {
      circuitOpenings.incrementAndGet();
      LOG.warnf("agent %s: control plane failing, circuit breaker open: calls fail fast for a while", clusterName);
    } else if (state == CircuitBreakerState.CLOSED) {
      circuitClosings.incrementAndGet();
      LOG.infof("agent %s: control-plane circuit breaker closed again", clusterName);
    } else {
      // Trial calls while it stays down: one line per second would drown the log.
      LOG.debugf("agent %s: control-plane circuit breaker %s (was %s)", clusterName, state, previous);
    }
    for (Consumer<CircuitBreakerState> listener : listeners) {
      listener.accept(state);
    }
  }

  /**
   * Whether a failure is worth retrying: I/O errors, timeouts, HTTP 5xx, 429 and 408 (found anywhere in the cause
   * chain); never a 4xx answer and never an open circuit breaker.
   *
   * @param failure the failure
   * @return true if transient
   */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CircuitBreakerOpenException) {
        return false;
      }
      if (t instanceof KubernetesClientException k && k.getCode() > 0) {
        int code = k.getCode();
        return code >= 500 || code == 429 || code == 408;
      }
      if (t instanceof TimeoutException || t instanceof java.util.concurrent.TimeoutException
          || t instanceof IOException || t instanceof InterruptedIOException || t instanceof InterruptedException) {
        return true;
      }
    }
    // A KubernetesClientException without an HTTP code wraps a transport failure.
    return failure instanceof KubernetesClientException;
  }

  /**
   * The HTTP status of a failure, if the control plane answered one.
   *
   * @param failure the failure
   * @return the code, or 0 when there was no answer
   */
  public static int httpCode(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() > 0) {
        return k.getCode();
      }
    }
    return 0;
  }
}
