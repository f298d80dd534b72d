package dev.flotilla.placement;

import java.util.List;

/**
 * The engine's answer.
 *
 * @param clusters      clusters with at least one replica, sorted by name
 * @param unschedulable replicas that fit nowhere (Divided), or all replicas when no cluster could be used
 * @param excluded      every input cluster that got no replicas, with the reason, sorted by name
 * @param capped        clusters that got replicas but fewer than they would have without a bound (capacity,
 *                      maxReplicas, a NoSchedule taint) or fewer than their minReplicas, with the reason
 * @param affinityName  the {@code clusterAffinities} group used, or null when {@code clusterAffinities} is unused
 * @param warnings      constraints that could not be fully met (e.g. spread minGroups)
 */
public record PlacementResult(List<ClusterAssignment> clusters, int unschedulable, List<ClusterReason> excluded,
                              List<ClusterReason> capped, String affinityName, List<String> warnings) {
  public PlacementResult {
    clusters = List.copyOf(clusters);
    excluded = List.copyOf(excluded);
    capped = List.copyOf(capped);
    warnings = List.copyOf(warnings);
  }

  /** Replicas assigned to the named cluster (0 if none). */
  public int replicasOf(String clusterName) {
    for (ClusterAssignment assignment : clusters) {
      if (assignment.name().equals(clusterName)) {
        return assignment.replicas();
      }
    }
    return 0;
  }

  /** Sum of assigned replicas. */
  public int assignedReplicas() {
    int sum = 0;
    for (ClusterAssignment assignment : clusters) {
      sum += assignment.replicas();
    }
    return sum;
  }

  /** The reason the named cluster was excluded, or null. */
  public String exclusionReason(String clusterName) {
    for (ClusterReason reason : excluded) {
      if (reason.name().equals(clusterName)) {
        return reason.reason();
      }
    }
    return null;
  }
}
