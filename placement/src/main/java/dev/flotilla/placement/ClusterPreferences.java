package dev.flotilla.placement;

import java.util.List;

/**
 * Karmada's {@code weightPreference}: exactly one of {@code staticWeightList}, {@code dynamicWeight}, or
 * Flotilla's {@code hierarchicalWeights}.
 *
 * @param staticWeightList    static weight rules
 * @param dynamicWeight       {@value #AVAILABLE_REPLICAS}: divide in proportion to each cluster's capacity
 * @param hierarchicalWeights region → zone → cluster weights
 */
public record ClusterPreferences(List<StaticClusterWeight> staticWeightList, String dynamicWeight,
                                 HierarchicalWeights hierarchicalWeights) {
  public static final String AVAILABLE_REPLICAS = "AvailableReplicas";

  public ClusterPreferences {
    staticWeightList = Copies.list(staticWeightList);
  }
}
