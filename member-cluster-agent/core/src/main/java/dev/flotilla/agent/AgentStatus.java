package dev.flotilla.agent;

import java.time.Instant;

/**
 * A snapshot of one agent's state, for health probes and tests.
 *
 * @param clusterName the member's name
 * @param memberId the member's identity, or null before it was read
 * @param registered whether the agent holds an agent token
 * @param heartbeats successful heartbeats since start
 * @param lastHeartbeat when the last heartbeat succeeded, or null
 * @param lastError the latest problem, or null when the latest heartbeat succeeded
 * @param circuitBreaker the control-plane circuit breaker's state (CLOSED, OPEN, HALF_OPEN)
 * @param worksSynced whether the Works have been listed at least once
 * @param watchingWorks whether a watch of the Works is open
 * @param knownWorks how many Works the agent holds
 * @param memberReady the Ready verdict last reported (True, False or Unknown)
 */
public record AgentStatus(String clusterName, String memberId, boolean registered, long heartbeats,
                          Instant lastHeartbeat, String lastError, String circuitBreaker, boolean worksSynced,
                          boolean watchingWorks, int knownWorks, String memberReady) {

  /** @return true once the agent registered and a heartbeat succeeded (readiness) */
  public boolean ready() {
    return registered && heartbeats > 0;
  }
}
