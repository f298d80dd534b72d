package dev.flotilla.placement;

import java.util.List;
import java.util.Map;

/**
 * A candidate member cluster as the engine sees it.
 *
 * @param name              unique cluster name
 * @param labels            cluster labels; region and zone come from {@value #REGION_LABEL} and
 *                          {@value #ZONE_LABEL}
 * @param taints            the cluster's taints
 * @param ready             false makes the cluster behave as if tainted {@value #NOT_READY_TAINT_KEY}:NoSchedule
 * @param availableReplicas how many more replicas of this workload fit beyond those it already runs there
 *                          (the agent's estimate); null means no limit is known
 * @param provider          cloud provider, only used by {@code fieldSelector} on {@code provider}; may be null
 */
public record ClusterInfo(String name, Map<String, String> labels, List<Taint> taints, boolean ready,
                          Integer availableReplicas, String provider) {
  /** Label holding the cluster's region. */
  public static final String REGION_LABEL = "topology.kubernetes.io/region";
  /** Label holding the cluster's availability zone. */
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  /** Key of the implicit NoSchedule taint a cluster that is not ready carries; tolerate it to place there anyway. */
  public static final String NOT_READY_TAINT_KEY = "cluster.flotilla.dev/not-ready";

  public ClusterInfo {
    labels = LabelMap.copyOf(labels);
    taints = Copies.list(taints);
  }

  /** A ready cluster with labels only and unknown capacity. */
  public static ClusterInfo of(String name, Map<String, String> labels) {
    return new ClusterInfo(name, labels, List.of(), true, null, null);
  }

  /** The region label value, or null. */
  public String region() {
    return labels.get(REGION_LABEL);
  }

  /** The zone label value, or null. */
  public String zone() {
    return labels.get(ZONE_LABEL);
  }

  /** The value of a {@link FieldSelector} key, or null when absent or unknown. */
  public String field(String fieldName) {
    return switch (fieldName) {
      case FieldSelector.PROVIDER -> provider;
      case FieldSelector.REGION -> region();
      case FieldSelector.ZONE -> zone();
      default -> null;
    };
  }

  /** The taints the engine applies: the declared ones plus the implicit not-ready taint. */
  List<Taint> effectiveTaints() {
    if (ready) {
      return taints;
    }
    for (Taint taint : taints) {
      if (NOT_READY_TAINT_KEY.equals(taint.key()) && Taint.NO_SCHEDULE.equals(taint.effect())) {
        return taints;
      }
    }
    List<Taint> withNotReady = new java.util.ArrayList<>(taints);
    withNotReady.add(new Taint(NOT_READY_TAINT_KEY, null, Taint.NO_SCHEDULE));
    return withNotReady;
  }
}
