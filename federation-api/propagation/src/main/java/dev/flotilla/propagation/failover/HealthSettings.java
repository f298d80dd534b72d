package dev.flotilla.propagation.failover;

import java.time.Duration;

/**
 * How the control plane judges a Cluster's health from its agent's lease.
 *
 * @param gracePeriod      how long a lease may go unrenewed before the cluster is Ready=Unknown and tainted
 *                         unreachable. With the agent's 1 s heartbeat, 4.5 s tolerates a heartbeat delayed by up to
 *                         3 s (a 4 s gap) and still notices a real outage within 5 s
 * @param successThreshold lease renewals in a row, while the agent reports Ready=True, before a cluster that was
 *                         unhealthy loses its health taints (one good heartbeat after a failure moves nothing back)
 * @param rebalanceDelay   how long a cluster must stay schedulable after it recovered (or joined, or was uncordoned)
 *                         before bindings are rebalanced onto it, once
 * @param startupGrace     after the control plane starts, how long every cluster has to renew its lease before it
 *                         is judged (agents reconnect after the control plane's own outage; never less than the
 *                         grace period)
 */
public record HealthSettings(Duration gracePeriod, int successThreshold, Duration rebalanceDelay,
                             Duration startupGrace) {

  /** The defaults: 4.5 s grace, 2 renewals, 10 s before a rebalance, 15 s after a start. */
  public static final HealthSettings DEFAULTS =
      new HealthSettings(Duration.ofMillis(4500), 2, Duration.ofSeconds(10), Duration.ofSeconds(15));

  /** Checks the bounds. */
  public HealthSettings {
    if (gracePeriod == null || gracePeriod.isNegative() || gracePeriod.isZero()) {
      throw new IllegalArgumentException("gracePeriod: must be positive, got " + gracePeriod);
    }
    if (successThreshold < 1) {
      throw new IllegalArgumentException("successThreshold: must be at least 1, got " + successThreshold);
    }
    if (rebalanceDelay == null || rebalanceDelay.isNegative()) {
      throw new IllegalArgumentException("rebalanceDelay: must not be negative, got " + rebalanceDelay);
    }
    if (startupGrace == null || startupGrace.isNegative()) {
      throw new IllegalArgumentException("startupGrace: must not be negative, got " + startupGrace);
    }
  }
}
