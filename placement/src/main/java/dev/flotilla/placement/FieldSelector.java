package dev.flotilla.placement;

import java.util.List;

/**
 * Karmada's {@code fieldSelector}: requirements on a cluster's {@code provider}, {@code region} and
 * {@code zone} (operators In and NotIn). Region and zone are read from the
 * {@value ClusterInfo#REGION_LABEL} and {@value ClusterInfo#ZONE_LABEL} labels, provider from
 * {@link ClusterInfo#provider()}.
 *
 * @param matchExpressions requirements that must all hold
 */
public record FieldSelector(List<SelectorRequirement> matchExpressions) {
  public static final String PROVIDER = "provider";
  public static final String REGION = "region";
  public static final String ZONE = "zone";

  public FieldSelector {
    matchExpressions = Copies.list(matchExpressions);
  }

  /** Whether the cluster's fields satisfy every requirement. */
  public boolean matches(ClusterInfo cluster) {
    for (SelectorRequirement requirement : matchExpressions) {
      if (!requirement.matches(cluster.field(requirement.key()))) {
        return false;
      }
    }
    return true;
  }
}
