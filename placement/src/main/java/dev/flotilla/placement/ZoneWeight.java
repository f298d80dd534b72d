package dev.flotilla.placement;

import java.util.List;

/**
 * A zone's weight inside its region in {@link HierarchicalWeights}.
 *
 * @param name     zone label value
 * @param weight   0..{@value PlacementPolicyValidator#MAX_WEIGHT}
 * @param clusters weights of the zone's clusters (highest matching rule wins); empty = all clusters equal,
 *                 otherwise a cluster no rule matches gets no replicas
 */
public record ZoneWeight(String name, long weight, List<StaticClusterWeight> clusters) {
  public ZoneWeight {
    clusters = Copies.list(clusters);
  }
}
