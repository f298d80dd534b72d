package dev.flotilla.placement;

import java.util.List;

/**
 * The placement section of a propagation policy, with Karmada's {@code policy.karmada.io/v1alpha1} field names.
 * {@code clusterAffinity} and {@code clusterAffinities} are mutually exclusive; with neither, every cluster is a
 * candidate. A null {@code replicaScheduling} means Duplicated, as in Karmada.
 *
 * @param clusterAffinity    one affinity
 * @param clusterAffinities  ordered fallback groups: the next is used only when the earlier ones cannot hold
 *                           the workload
 * @param clusterTolerations tolerations of cluster taints
 * @param spreadConstraints  at most one per {@code spreadByField}
 * @param replicaScheduling  how replicas are assigned
 */
public record Placement(ClusterAffinity clusterAffinity, List<ClusterAffinityTerm> clusterAffinities,
                        List<Toleration> clusterTolerations, List<SpreadConstraint> spreadConstraints,
                        ReplicaSchedulingStrategy replicaScheduling) {
  public Placement {
    clusterAffinities = Copies.list(clusterAffinities);
    clusterTolerations = Copies.list(clusterTolerations);
    spreadConstraints = Copies.list(spreadConstraints);
  }

  /** No constraints at all: every cluster, Duplicated. */
  public static Placement empty() {
    return new Placement(null, null, null, null, null);
  }
}
