package dev.flotilla.placement;

import java.util.List;

/**
 * One entry of Karmada's ordered {@code clusterAffinities}: a named {@link ClusterAffinity} (fields inlined as in
 * Karmada). The engine uses the first group that can hold the workload.
 *
 * @param affinityName  unique group name, reported in {@link PlacementResult#affinityName()}
 * @param labelSelector see {@link ClusterAffinity}
 * @param fieldSelector see {@link ClusterAffinity}
 * @param clusterNames  see {@link ClusterAffinity}
 * @param exclude       see {@link ClusterAffinity}
 */
public record ClusterAffinityTerm(String affinityName, LabelSelector labelSelector, FieldSelector fieldSelector,
                                  List<String> clusterNames, List<String> exclude) {
  public ClusterAffinityTerm {
    clusterNames = Copies.list(clusterNames);
    exclude = Copies.list(exclude);
  }

  /** The affinity part of this term. */
  public ClusterAffinity toAffinity() {
    return new ClusterAffinity(labelSelector, fieldSelector, clusterNames, exclude);
  }
}
