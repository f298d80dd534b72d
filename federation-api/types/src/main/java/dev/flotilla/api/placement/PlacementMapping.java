package dev.flotilla.api.placement;

import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.ClusterAffinity;
import dev.flotilla.api.v1alpha1.ClusterAffinityTerm;
import dev.flotilla.api.v1alpha1.ClusterExclusion;
import dev.flotilla.api.v1alpha1.ClusterPreferences;
import dev.flotilla.api.v1alpha1.ClusterReplicaLimit;
import dev.flotilla.api.v1alpha1.FieldSelector;
import dev.flotilla.api.v1alpha1.HierarchicalWeights;
import dev.flotilla.api.v1alpha1.Placement;
import dev.flotilla.api.v1alpha1.PlacementPreviewSpec;
import dev.flotilla.api.v1alpha1.PlacementPreviewStatus;
import dev.flotilla.api.v1alpha1.PreviewCluster;
import dev.flotilla.api.v1alpha1.RegionWeight;
import dev.flotilla.api.v1alpha1.ReplicaEstimate;
import dev.flotilla.api.v1alpha1.ReplicaSchedulingStrategy;
import dev.flotilla.api.v1alpha1.SpreadConstraint;
import dev.flotilla.api.v1alpha1.StaticClusterWeight;
import dev.flotilla.api.v1alpha1.TargetCluster;
import dev.flotilla.api.v1alpha1.ZoneWeight;
import dev.flotilla.placement.ClusterAssignment;
import dev.flotilla.placement.ClusterInfo;
import dev.flotilla.placement.ClusterReason;
import dev.flotilla.placement.PlacementRequest;
import dev.flotilla.placement.PlacementResult;
import dev.flotilla.placement.SelectorRequirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Converts between the {@code flotilla.dev/v1alpha1} API classes and the placement engine's records
 * ({@code dev.flotilla.placement}), so that the scheduler, {@code PlacementPreview} and validation all hand the engine
 * exactly what the user wrote. Field names are Karmada's on both sides, so the mapping is one to one, except:
 * <ul>
 *   <li>{@code spreadConstraints[].spreadByLabel} has no engine counterpart; validation rejects it, and the mapping
 *       drops it;</li>
 *   <li>a registered {@link Cluster} becomes a {@link ClusterInfo} with {@code ready} from its Ready condition, its
 *       {@code spec.taints}, and, when {@code spec.unschedulable} is true, the NoSchedule taint
 *       {@value FlotillaApi#TAINT_UNSCHEDULABLE} (the engine has no cordon of its own).</li>
 * </ul>
 *
 * <p>The mapping never throws on invalid input, because validation maps first and asks the engine's validator
 * second: a null list element stays null (so the engine reports it with the same index), a missing weight or
 * replica count becomes 0 (API validation reports it as required), and a {@code long} beyond {@code int} range is
 * clamped.
 */
public final class PlacementMapping {

  private PlacementMapping() {
  }

  // ---- API → engine: the placement policy ----

  /**
   * The engine's view of a placement.
   *
   * @param placement the API placement, may be null
   * @return the engine placement, or null when {@code placement} is null (the engine then uses every cluster,
   *     Duplicated)
   */
  public static dev.flotilla.placement.Placement toEngine(Placement placement) {
    if (placement == null) {
      return null;
    }
    return new dev.flotilla.placement.Placement(
        toEngine(placement.getClusterAffinity()),
        map(placement.getClusterAffinities(), PlacementMapping::toEngineTerm),
        map(placement.getClusterTolerations(), PlacementMapping::toEngine),
        map(placement.getSpreadConstraints(), PlacementMapping::toEngine),
        toEngine(placement.getReplicaScheduling()));
  }

  /**
   * The engine's view of a cluster affinity (also used for every {@code targetCluster}).
   *
   * @param affinity the API affinity, may be null
   * @return the engine affinity, or null
   */
  public static dev.flotilla.placement.ClusterAffinity toEngine(ClusterAffinity affinity) {
    if (affinity == null) {
      return null;
    }
    return new dev.flotilla.placement.ClusterAffinity(toEngine(affinity.getLabelSelector()),
        toEngine(affinity.getFieldSelector()), affinity.getClusterNames(), affinity.getExclude());
  }

  /**
   * The engine's view of a cluster toleration.
   *
   * @param toleration the toleration, may be null
   * @return the engine toleration, or null
   */
  public static dev.flotilla.placement.Toleration toEngine(io.fabric8.kubernetes.api.model.Toleration toleration) {
    if (toleration == null) {
      return null;
    }
    return new dev.flotilla.placement.Toleration(toleration.getKey(), toleration.getOperator(),
        toleration.getValue(), toleration.getEffect(), toleration.getTolerationSeconds());
  }

  private static dev.flotilla.placement.ClusterAffinityTerm toEngineTerm(ClusterAffinityTerm term) {
    if (term == null) {
      return null;
    }
    return new dev.flotilla.placement.ClusterAffinityTerm(term.getAffinityName(),
        toEngine(term.getLabelSelector()), toEngine(term.getFieldSelector()), term.getClusterNames(),
        term.getExclude());
  }

  private static dev.flotilla.placement.LabelSelector toEngine(
      io.fabric8.kubernetes.api.model.LabelSelector selector) {
    if (selector == null) {
      return null;
    }
    return new dev.flotilla.placement.LabelSelector(selector.getMatchLabels(),
        map(selector.getMatchExpressions(), PlacementMapping::toEngine));
  }

  private static SelectorRequirement toEngine(LabelSelectorRequirement requirement) {
    return requirement == null ? null
        : new SelectorRequirement(requirement.getKey(), requirement.getOperator(), requirement.getValues());
  }

  private static dev.flotilla.placement.FieldSelector toEngine(FieldSelector selector) {
    if (selector == null) {
      return null;
    }
    return new dev.flotilla.placement.FieldSelector(map(selector.getMatchExpressions(), PlacementMapping::toEngine));
  }

  private static SelectorRequirement toEngine(NodeSelectorRequirement requirement) {
    return requirement == null ? null
        : new SelectorRequirement(requirement.getKey(), requirement.getOperator(), requirement.getValues());
  }

  private static dev.flotilla.placement.SpreadConstraint toEngine(SpreadConstraint spread) {
    return spread == null ? null
        : new dev.flotilla.placement.SpreadConstraint(spread.getSpreadByField(), spread.getMaxGroups(),
            spread.getMinGroups());
  }

  private static dev.flotilla.placement.ReplicaSchedulingStrategy toEngine(ReplicaSchedulingStrategy strategy) {
    if (strategy == null) {
      return null;
    }
    return new dev.flotilla.placement.ReplicaSchedulingStrategy(strategy.getReplicaSchedulingType(),
        strategy.getReplicaDivisionPreference(), toEngine(strategy.getWeightPreference()),
        map(strategy.getClusterReplicaLimits(), PlacementMapping::toEngine));
  }

  private static dev.flotilla.placement.ClusterPreferences toEngine(ClusterPreferences preferences) {
    if (preferences == null) {
      return null;
    }
    return new dev.flotilla.placement.ClusterPreferences(
        map(preferences.getStaticWeightList(), PlacementMapping::toEngine), preferences.getDynamicWeight(),
        toEngine(preferences.getHierarchicalWeights()));
  }

  private static dev.flotilla.placement.StaticClusterWeight toEngine(StaticClusterWeight weight) {
    return weight == null ? null
        : new dev.flotilla.placement.StaticClusterWeight(toEngine(weight.getTargetCluster()),
            orZero(weight.getWeight()));
  }

  private static dev.flotilla.placement.HierarchicalWeights toEngine(HierarchicalWeights weights) {
    return weights == null ? null
        : new dev.flotilla.placement.HierarchicalWeights(map(weights.getRegions(), PlacementMapping::toEngine));
  }

  private static dev.flotilla.placement.RegionWeight toEngine(RegionWeight region) {
    return region == null ? null
        : new dev.flotilla.placement.RegionWeight(region.getName(), orZero(region.getWeight()),
            map(region.getZones(), PlacementMapping::toEngine));
  }

  private static dev.flotilla.placement.ZoneWeight toEngine(ZoneWeight zone) {
    return zone == null ? null
        : new dev.flotilla.placement.ZoneWeight(zone.getName(), orZero(zone.getWeight()),
            map(zone.getClusters(), PlacementMapping::toEngine));
  }

  private static dev.flotilla.placement.ClusterReplicaLimit toEngine(ClusterReplicaLimit limit) {
    return limit == null ? null
        : new dev.flotilla.placement.ClusterReplicaLimit(toEngine(limit.getTargetCluster()), limit.getMinReplicas(),
            limit.getMaxReplicas());
  }

  // ---- API → engine: clusters ----

  /**
   * The engine's view of a hypothetical PlacementPreview cluster. {@code ready} defaults to true.
   *
   * @param cluster the preview cluster, may be null
   * @return the cluster info, or null
   */
  public static ClusterInfo toClusterInfo(PreviewCluster cluster) {
    if (cluster == null) {
      return null;
    }
    return new ClusterInfo(cluster.getName(), cluster.getLabels(),
        map(cluster.getTaints(), PlacementMapping::toEngine), !Boolean.FALSE.equals(cluster.getReady()),
        clamp(cluster.getAvailableReplicas()), cluster.getProvider());
  }

  /**
   * The engine's view of a registered cluster whose capacity for the workload is unknown.
   *
   * @param cluster the Cluster object
   * @return the cluster info (see {@link #toClusterInfo(Cluster, Integer)})
   */
  public static ClusterInfo toClusterInfo(Cluster cluster) {
    return toClusterInfo(cluster, (Integer) null);
  }

  /**
   * The engine's view of a registered cluster, with its capacity estimated from its status for a per-replica
   * resource request (see {@link #availableReplicas(Cluster, Map)}).
   *
   * @param cluster the Cluster object
   * @param perReplicaRequest the workload's request per replica, e.g. {@code {cpu: 250m, memory: 256Mi}}
   * @return the cluster info
   */
  public static ClusterInfo toClusterInfo(Cluster cluster, Map<String, Quantity> perReplicaRequest) {
    return toClusterInfo(cluster, availableReplicas(cluster, perReplicaRequest));
  }

  /**
   * The engine's view of a registered cluster: name and labels from its metadata, {@code ready} from its Ready
   * condition, taints from {@code spec.taints} plus {@value FlotillaApi#TAINT_UNSCHEDULABLE}:NoSchedule when
   * {@code spec.unschedulable} is true, and the provider from {@code spec.provider}.
   *
   * @param cluster the Cluster object
   * @param availableReplicas how many more replicas of the workload fit there; null when unknown (no limit)
   * @return the cluster info
   */
  public static ClusterInfo toClusterInfo(Cluster cluster, Integer availableReplicas) {
    String name = cluster.getMetadata() == null ? null : cluster.getMetadata().getName();
    Map<String, String> labels = cluster.getMetadata() == null ? null : cluster.getMetadata().getLabels();
    List<dev.flotilla.placement.Taint> taints = new ArrayList<>();
    String provider = null;
    if (cluster.getSpec() != null) {
      provider = cluster.getSpec().getProvider();
      if (cluster.getSpec().getTaints() != null) {
        cluster.getSpec().getTaints().forEach(taint -> taints.add(toEngine(taint)));
      }
      if (Boolean.TRUE.equals(cluster.getSpec().getUnschedulable()) && !hasCordonTaint(taints)) {
        taints.add(new dev.flotilla.placement.Taint(FlotillaApi.TAINT_UNSCHEDULABLE, null,
            dev.flotilla.placement.Taint.NO_SCHEDULE));
      }
    }
    return new ClusterInfo(name, labels, taints, cluster.isReady(), availableReplicas, provider);
  }

  private static boolean hasCordonTaint(List<dev.flotilla.placement.Taint> taints) {
    return taints.stream().anyMatch(t -> t != null && FlotillaApi.TAINT_UNSCHEDULABLE.equals(t.key())
        && dev.flotilla.placement.Taint.NO_SCHEDULE.equals(t.effect()));
  }

  /**
   * How many more replicas of a workload fit in a registered cluster, from its status: the agent's
   * {@code replicaEstimates} entry for exactly this request if there is one, otherwise
   * {@code resourceSummary.estimateReplicas(request)}; null (unknown, no limit) when neither says.
   *
   * @param cluster the Cluster object
   * @param perReplicaRequest the request per replica; null or empty means unknown
   * @return the estimate clamped to {@code int}, or null
   */
  public static Integer availableReplicas(Cluster cluster, Map<String, Quantity> perReplicaRequest) {
    if (cluster.getStatus() == null || perReplicaRequest == null || perReplicaRequest.isEmpty()) {
      return null;
    }
    if (cluster.getStatus().getReplicaEstimates() != null) {
      for (ReplicaEstimate estimate : cluster.getStatus().getReplicaEstimates()) {
        if (estimate != null && perReplicaRequest.equals(estimate.getResourceRequest())
            && estimate.getAvailableReplicas() != null) {
          return clamp(estimate.getAvailableReplicas());
        }
      }
    }
    if (cluster.getStatus().getResourceSummary() == null) {
      return null;
    }
    OptionalLong estimate = cluster.getStatus().getResourceSummary().estimateReplicas(perReplicaRequest);
    return estimate.isPresent() ? clamp(estimate.getAsLong()) : null;
  }

  private static dev.flotilla.placement.Taint toEngine(io.fabric8.kubernetes.api.model.Taint taint) {
    return taint == null ? null
        : new dev.flotilla.placement.Taint(taint.getKey(), taint.getValue(), taint.getEffect());
  }

  /**
   * The engine's view of a current assignment ({@code spec.current} of a preview, {@code spec.clusters} of a
   * binding). An unset replica count counts as 0.
   *
   * @param clusters the target clusters, may be null
   * @return the assignments (null elements kept), never null
   */
  public static List<ClusterAssignment> toAssignments(List<TargetCluster> clusters) {
    return map(clusters, t -> t == null ? null
        : new ClusterAssignment(t.getName(), t.getReplicas() == null ? 0 : t.getReplicas()));
  }

  // ---- PlacementPreview ----

  /**
   * The engine request a PlacementPreview asks, with its own hypothetical clusters ({@code spec.clusters}; none
   * when unset).
   *
   * @param spec the preview spec
   * @return the request
   */
  public static PlacementRequest toRequest(PlacementPreviewSpec spec) {
    return toRequest(spec, List.of());
  }

  /**
   * The engine request a PlacementPreview asks: {@code key}, {@code replicas} (unset counts as 0), {@code mode},
   * {@code placement}, the clusters and {@code current}.
   *
   * @param spec the preview spec
   * @param registeredClusters the clusters to use when {@code spec.clusters} is unset (e.g. the registered Cluster
   *     objects through {@link #toClusterInfo(Cluster)}); ignored when {@code spec.clusters} is set
   * @return the request
   */
  public static PlacementRequest toRequest(PlacementPreviewSpec spec, List<ClusterInfo> registeredClusters) {
    List<ClusterInfo> clusters = spec.getClusters() == null ? registeredClusters
        : map(spec.getClusters(), PlacementMapping::toClusterInfo);
    return new PlacementRequest(spec.getKey(), spec.getReplicas() == null ? 0 : spec.getReplicas(), spec.getMode(),
        toEngine(spec.getPlacement()), clusters, toAssignments(spec.getCurrent()));
  }

  /**
   * The status of a PlacementPreview from the engine's answer. Empty lists are left unset, as Kubernetes omits
   * empty fields.
   *
   * @param result the engine's result
   * @return the status: clusters, unschedulable, excluded, capped, affinityName, warnings
   */
  public static PlacementPreviewStatus toStatus(PlacementResult result) {
    PlacementPreviewStatus status = new PlacementPreviewStatus();
    status.setClusters(toTargetClusters(result.clusters()));
    status.setUnschedulable(result.unschedulable());
    status.setExcluded(toExclusions(result.excluded()));
    status.setCapped(toExclusions(result.capped()));
    status.setAffinityName(result.affinityName());
    status.setWarnings(result.warnings().isEmpty() ? null : new ArrayList<>(result.warnings()));
    return status;
  }

  /**
   * Assignments as API target clusters ({@code [{name, replicas}]}).
   *
   * @param assignments the engine's assignments
   * @return the target clusters, or null when there are none
   */
  public static List<TargetCluster> toTargetClusters(List<ClusterAssignment> assignments) {
    return assignments.isEmpty() ? null
        : map(assignments, a -> new TargetCluster(a.name(), a.replicas()));
  }

  /**
   * Engine reasons as API exclusions ({@code [{name, reason}]}).
   *
   * @param reasons the engine's reasons
   * @return the exclusions, or null when there are none
   */
  public static List<ClusterExclusion> toExclusions(List<ClusterReason> reasons) {
    return reasons.isEmpty() ? null : map(reasons, r -> new ClusterExclusion(r.name(), r.reason()));
  }

  // ---- helpers ----

  /** Maps every element, keeping nulls in place so that indices (and the engine's field paths) line up. */
  private static <A, B> List<B> map(List<A> source, Function<A, B> mapper) {
    List<B> out = new ArrayList<>();
    if (source != null) {
      for (A item : source) {
        out.add(item == null ? null : mapper.apply(item));
      }
    }
    return out;
  }

  private static long orZero(Long value) {
    return value == null ? 0L : value;
  }

  private static Integer clamp(Long value) {
    return value == null ? null : clamp(value.longValue());
  }

  private static int clamp(long value) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }
}
