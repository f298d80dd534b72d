package dev.flotilla.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * How the agent guards every call to the control plane (SmallRye Fault Tolerance): a per-attempt timeout, retries
 * with exponential backoff and jitter, and a circuit breaker that fails fast while the control plane is down.
 *
 * @param timeout longest wait for one attempt
 * @param maxRetries retries after the first attempt (transient failures only: 5xx, 429, timeouts, I/O errors)
 * @param retryDelay delay before the first retry; doubled for every further one
 * @param retryMaxDelay ceiling of the doubled delay
 * @param retryJitter random variation added to or taken from each delay, so that many agents do not retry in step
 * @param circuitRequestVolume how many recent calls the circuit breaker looks at
 * @param circuitFailureRatio share of those that must have failed for it to open (0 &lt; ratio &lt;= 1)
 * @param circuitDelay how long it stays open before letting trial calls through
 * @param circuitSuccessThreshold successful trial calls that close it again
 */
public record FaultToleranceSettings(Duration timeout, int maxRetries, Duration retryDelay, Duration retryMaxDelay,
                                     Duration retryJitter, int circuitRequestVolume, double circuitFailureRatio,
                                     Duration circuitDelay, int circuitSuccessThreshold) {

  /** Defaults: 5 s timeout, 3 retries from 200 ms doubling to 2 s (±100 ms), breaker 10 calls / 50 % / 3 s / 2. */
  public static final FaultToleranceSettings DEFAULTS = new FaultToleranceSettings(Duration.ofSeconds(5), 3,
      Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMillis(100), 10, 0.5, Duration.ofSeconds(3), 2);

  /**
   * Checks every field.
   *
   * @throws IllegalArgumentException naming the first offending field
   */
  public FaultToleranceSettings {
    positive("timeout", timeout);
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries: must be 0 or more, got " + maxRetries);
    }
    positive("retryDelay", retryDelay);
    positive("retryMaxDelay", retryMaxDelay);
    if (retryMaxDelay.compareTo(retryDelay) <= 0) {
      throw new IllegalArgumentException("retryMaxDelay: must be longer than retryDelay (" + retryDelay + "), got "
          + retryMaxDelay);
    }
    Objects.requireNonNull(retryJitter, "retryJitter");
    if (retryJitter.isNegative()) {
      throw new IllegalArgumentException("retryJitter: must not be negative, got " + retryJitter);
    }
    if (circuitRequestVolume < 1) {
      throw new IllegalArgumentException("circuitRequestVolume: must be at least 1, got " + circuitRequestVolume);
    }
    if (!(circuitFailureRatio > 0 && circuitFailureRatio <= 1)) {
      throw new IllegalArgumentException("circuitFailureRatio: must be in (0, 1], got " + circuitFailureRatio);
    }
    positive("circuitDelay", circuitDelay);
    if (circuitSuccessThreshold < 1) {
      throw new IllegalArgumentException(
          "circuitSuccessThreshold: must be at least 1, got " + circuitSuccessThreshold);
    }
  }

  static void positive(String field, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(field + ": must be a positive duration, got " + value);
    }
  }
}
