package dev.flotilla.placement;

import java.util.List;

/**
 * A region's weight in {@link HierarchicalWeights}.
 *
 * @param name   region label value
 * @param weight 0..{@value PlacementPolicyValidator#MAX_WEIGHT}
 * @param zones  weights of the region's zones; empty = all its zones equal, otherwise unlisted zones get nothing
 */
public record RegionWeight(String name, long weight, List<ZoneWeight> zones) {
  public RegionWeight {
    zones = Copies.list(zones);
  }
}
