package dev.flotilla.placement;

import java.util.List;

/**
 * Flotilla's addition to {@code weightPreference}: weights given region → zone → cluster. A cluster's share is
 * {@code region/Σregions × zone/Σzones-in-region × cluster/Σclusters-in-zone}, each sum taken over the groups
 * that still have eligible clusters, so a region's share goes to its remaining zones when one fails. Clusters
 * in an unlisted region get no replicas.
 *
 * @param regions region weights (at least one)
 */
public record HierarchicalWeights(List<RegionWeight> regions) {
  public HierarchicalWeights {
    regions = Copies.list(regions);
  }
}
