package dev.flotilla.placement;

/**
 * One rule of {@code staticWeightList}: clusters matching {@code targetCluster} get {@code weight}. A cluster's
 * weight is the highest of the rules matching it; a cluster no rule matches gets no replicas.
 *
 * @param targetCluster which clusters the rule applies to
 * @param weight        0..{@value PlacementPolicyValidator#MAX_WEIGHT}
 */
public record StaticClusterWeight(ClusterAffinity targetCluster, long weight) {
}
