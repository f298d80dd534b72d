package dev.flotilla.agent;

import dev.flotilla.api.v1alpha1.Conditions;

/**
 * Decides the Cluster's Ready condition from the agent's probes of its member, with hysteresis: one failed probe
 * does not turn a Ready member not-Ready; {@code failureThreshold} failures in a row do. A successful probe counts at
 * once (recovery is not delayed: placement already waits before it moves replicas back). Pure and not thread-safe:
 * one heartbeat loop owns it.
 */
public final class ClusterReadiness {

  /** Reason when the member answers and has a Ready node. */
  public static final String REASON_READY = "AgentHeartbeat";
  /** Reason when the member's API server does not answer. */
  public static final String REASON_UNREACHABLE = "MemberUnreachable";
  /** Reason when the member answers but no node is Ready. */
  public static final String REASON_NO_READY_NODE = "NoReadyNodes";
  /** Reason before the first verdict. */
  public static final String REASON_PENDING = "AgentStarting";

  private final int failureThreshold;
  private int consecutiveFailures;
  private Verdict current = new Verdict(Conditions.UNKNOWN, REASON_PENDING, "the agent has not probed the member yet");

  /**
   * A readiness tracker.
   *
   * @param failureThreshold failed probes in a row before Ready turns False (at least 1)
   */
  public ClusterReadiness(int failureThreshold) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold: must be at least 1, got " + failureThreshold);
    }
    this.failureThreshold = failureThreshold;
  }

  /**
   * Records a probe that reached the member.
   *
   * @param totalNodes how many nodes it has
   * @param readyNodes how many are Ready
   * @return the verdict to report
   */
  public Verdict reached(int totalNodes, int readyNodes) {
    consecutiveFailures = 0;
    if (readyNodes > 0) {
      current = new Verdict(Conditions.TRUE, REASON_READY,
          "the agent reaches the member; " + readyNodes + " of " + totalNodes + " nodes Ready");
    } else {
      current = new Verdict(Conditions.FALSE, REASON_NO_READY_NODE, totalNodes == 0
          ? "the member has no nodes" : "none of the member's " + totalNodes + " nodes is Ready");
    }
    return current;
  }

  /**
   * Records a probe that did not reach the member.
   *
   * @param error what went wrong, for the condition's message
   * @return the verdict to report: the previous one until the threshold is reached
   */
  public Verdict unreachable(String error) {
    consecutiveFailures++;
    if (consecutiveFailures >= failureThreshold || Conditions.UNKNOWN.equals(current.status())) {
      current = new Verdict(Conditions.FALSE, REASON_UNREACHABLE, "the member's API server did not answer "
          + consecutiveFailures + " probe(s) in a row: " + error);
    }
    return current;
  }

  /** @return the latest verdict */
  public Verdict current() {
    return current;
  }

  /** @return failed probes in a row so far */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /**
   * A Ready condition to report.
   *
   * @param status True, False or Unknown
   * @param reason one CamelCase word
   * @param message a sentence for people
   */
  public record Verdict(String status, String reason, String message) {
  }
}
