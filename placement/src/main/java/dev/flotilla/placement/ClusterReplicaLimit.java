package dev.flotilla.placement;

/**
 * Flotilla's addition {@code replicaScheduling.clusterReplicaLimits[]}: bounds for matching clusters (the first
 * matching rule applies). Capacity still wins over {@code minReplicas}.
 *
 * @param targetCluster which clusters the rule applies to
 * @param minReplicas   fewest replicas the cluster should get; null = 0
 * @param maxReplicas   most replicas the cluster may get; null = unbounded
 */
public record ClusterReplicaLimit(ClusterAffinity targetCluster, Integer minReplicas, Integer maxReplicas) {
}
