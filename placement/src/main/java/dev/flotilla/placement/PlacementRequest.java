package dev.flotilla.placement;

import java.util.List;

/**
 * Everything one placement decision depends on.
 *
 * @param key       workload identity (e.g. {@code shop/web}) used for tie-breaking; null = ""
 * @param replicas  desired replica count, 0..{@value PlacementPolicyValidator#MAX_REPLICAS}
 * @param mode      {@value #STEADY} (default when null: keep valid current placements, move few replicas) or
 *                  {@value #FRESH} (full rebalance)
 * @param placement the policy's placement section; null = {@link Placement#empty()}
 * @param clusters  candidate clusters (names unique; order does not matter)
 * @param current   current assignment (entries for unknown clusters are ignored)
 */
public record PlacementRequest(String key, int replicas, String mode, Placement placement,
                               List<ClusterInfo> clusters, List<ClusterAssignment> current) {
  public static final String STEADY = "Steady";
  public static final String FRESH = "Fresh";

  public PlacementRequest {
    clusters = Copies.list(clusters);
    current = Copies.list(current);
  }

  /** The mode with its default applied. */
  public String effectiveMode() {
    return mode == null ? STEADY : mode;
  }

  /** The placement with its default applied. */
  public Placement effectivePlacement() {
    return placement == null ? Placement.empty() : placement;
  }
}
