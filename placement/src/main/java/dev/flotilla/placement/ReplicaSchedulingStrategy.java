package dev.flotilla.placement;

import java.util.List;

/**
 * Karmada's {@code replicaScheduling}.
 *
 * @param replicaSchedulingType     {@value #DUPLICATED} or {@value #DIVIDED} (null = Divided)
 * @param replicaDivisionPreference {@value #WEIGHTED} or {@value #AGGREGATED} (null = Weighted); Divided only
 * @param weightPreference          how to weigh clusters for Weighted; null = all clusters equal
 * @param clusterReplicaLimits      Flotilla addition: per-cluster min/max; Divided only
 */
public record ReplicaSchedulingStrategy(String replicaSchedulingType, String replicaDivisionPreference,
                                        ClusterPreferences weightPreference,
                                        List<ClusterReplicaLimit> clusterReplicaLimits) {
  public static final String DUPLICATED = "Duplicated";
  public static final String DIVIDED = "Divided";
  public static final String WEIGHTED = "Weighted";
  public static final String AGGREGATED = "Aggregated";

  public ReplicaSchedulingStrategy {
    clusterReplicaLimits = Copies.list(clusterReplicaLimits);
  }

  /** The scheduling type with its default applied. */
  public String effectiveType() {
    return replicaSchedulingType == null ? DIVIDED : replicaSchedulingType;
  }

  /** The division preference with its default applied. */
  public String effectiveDivisionPreference() {
    return replicaDivisionPreference == null ? WEIGHTED : replicaDivisionPreference;
  }
}
