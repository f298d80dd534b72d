package dev.flotilla.placement;

import java.util.List;

/**
 * Karmada's {@code clusterAffinity}: a cluster matches when it is not in {@code exclude}, is in
 * {@code clusterNames} (if any are listed), and matches {@code labelSelector} and {@code fieldSelector} (if set).
 * Also used as the {@code targetCluster} of weight and limit rules.
 *
 * @param labelSelector label selector, null = no label constraint
 * @param fieldSelector field selector on provider/region/zone, null = no field constraint
 * @param clusterNames  allowed names, empty = any name
 * @param exclude       names never matched
 */
public record ClusterAffinity(LabelSelector labelSelector, FieldSelector fieldSelector, List<String> clusterNames,
                              List<String> exclude) {
  public ClusterAffinity {
    clusterNames = Copies.list(clusterNames);
    exclude = Copies.list(exclude);
  }

  /** An affinity naming clusters only. */
  public static ClusterAffinity names(String... names) {
    return new ClusterAffinity(null, null, List.of(names), List.of());
  }

  /** Whether the cluster matches. */
  public boolean matches(ClusterInfo cluster) {
    return mismatch(cluster) == null;
  }

  /** Why the cluster does not match (a short phrase), or null when it matches. */
  String mismatch(ClusterInfo cluster) {
    if (exclude.contains(cluster.name())) {
      return "listed in exclude";
    }
    if (!clusterNames.isEmpty() && !clusterNames.contains(cluster.name())) {
      return "not in clusterNames";
    }
    if (labelSelector != null && !labelSelector.matches(cluster.labels())) {
      return "labels do not match labelSelector";
    }
    if (fieldSelector != null && !fieldSelector.matches(cluster)) {
      return "fields do not match fieldSelector";
    }
    return null;
  }
}
