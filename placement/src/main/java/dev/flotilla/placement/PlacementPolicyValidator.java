package dev.flotilla.placement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Checks a placement policy (and a whole request) and returns every problem as a {@link FieldError} whose path
 * mirrors the YAML, e.g. {@code placement.spreadConstraints[1].minGroups}. An empty list means valid.
 */
public final class PlacementPolicyValidator {
  /** Largest accepted replica count; keeps all engine arithmetic exact in 64 bits. */
  public static final int MAX_REPLICAS = 1_000_000;
  /** Largest accepted weight (static, region, zone or cluster). */
  public static final long MAX_WEIGHT = 1_000_000L;

  private static final Set<String> TAINT_EFFECTS =
      Set.of(Taint.NO_SCHEDULE, Taint.PREFER_NO_SCHEDULE, Taint.NO_EXECUTE);
  private static final Set<String> LABEL_OPERATORS = Set.of(SelectorRequirement.IN, SelectorRequirement.NOT_IN,
      SelectorRequirement.EXISTS, SelectorRequirement.DOES_NOT_EXIST);
  private static final Set<String> FIELD_KEYS = Set.of(FieldSelector.PROVIDER, FieldSelector.REGION,
      FieldSelector.ZONE);
  private static final Set<String> SPREAD_FIELDS = Set.of(SpreadConstraint.CLUSTER, SpreadConstraint.REGION,
      SpreadConstraint.ZONE);

  private final List<FieldError> errors = new ArrayList<>();
  /** Whether to look for repeated names in {@code clusters} and {@code current} (the engine finds them itself). */
  private boolean checkNamesUnique = true;
  /** The index of the cluster whose labels {@link #labelCheck} is checking. */
  private int labelsOfCluster;
  private final BiConsumer<String, String> labelCheck = (key, value) -> {
    if (blank(key) || value == null) {
      error(clusterPath(labelsOfCluster) + ".labels", "label keys must not be empty and values not null");
    }
  };

  private PlacementPolicyValidator() {
  }

  /** Validates a placement with paths starting at {@code placement}. */
  public static List<FieldError> validate(Placement placement) {
    return validate(placement, "placement");
  }

  /** Validates a placement with paths starting at {@code root} (e.g. {@code spec.placement}). */
  public static List<FieldError> validate(Placement placement, String root) {
    PlacementPolicyValidator validator = new PlacementPolicyValidator();
    if (placement != null) {
      validator.placement(placement, root);
    }
    return List.copyOf(validator.errors);
  }

  /**
   * Validates a whole request: {@code replicas}, {@code mode}, {@code placement...}, {@code clusters[i]...} and
   * {@code current[i]...}.
   */
  public static List<FieldError> validateRequest(PlacementRequest request) {
    return validateRequest(request, true);
  }

  /**
   * As {@link #validateRequest(PlacementRequest)}, optionally without the checks that the names in
   * {@code clusters} and in {@code current} are unique: the engine finds repeats while it sorts the clusters and
   * merges the current assignment with them, without a hash set of every name, and then validates again in full
   * for the exact errors.
   */
  static List<FieldError> validateRequest(PlacementRequest request, boolean checkNamesUnique) {
    PlacementPolicyValidator validator = new PlacementPolicyValidator();
    validator.checkNamesUnique = checkNamesUnique;
    if (request == null) {
      validator.error("", "request is required");
      return List.copyOf(validator.errors);
    }
    if (request.replicas() < 0 || request.replicas() > MAX_REPLICAS) {
      validator.error("replicas", "must be between 0 and " + MAX_REPLICAS + ", got " + request.replicas());
    }
    String mode = request.mode();
    if (mode != null && !mode.equals(PlacementRequest.STEADY) && !mode.equals(PlacementRequest.FRESH)) {
      validator.error("mode", "unsupported value \"" + mode + "\": must be Steady or Fresh");
    }
    if (request.placement() != null) {
      validator.placement(request.placement(), "placement");
    }
    validator.clusters(request.clusters());
    validator.current(request.current());
    return List.copyOf(validator.errors);
  }

  private void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  private void placement(Placement placement, String path) {
    if (placement.clusterAffinity() != null) {
      affinity(placement.clusterAffinity(), path + ".clusterAffinity");
    }
    if (!placement.clusterAffinities().isEmpty()) {
      if (placement.clusterAffinity() != null) {
        error(path + ".clusterAffinities", "must not be set together with clusterAffinity");
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < placement.clusterAffinities().size(); i++) {
        ClusterAffinityTerm term = placement.clusterAffinities().get(i);
        String termPath = path + ".clusterAffinities[" + i + "]";
        if (term == null) {
          error(termPath, "must not be null");
          continue;
        }
        if (blank(term.affinityName())) {
          error(termPath + ".affinityName", "is required");
        } else if (!names.add(term.affinityName())) {
          error(termPath + ".affinityName", "duplicate affinityName \"" + term.affinityName() + "\"");
        }
        affinity(term.toAffinity(), termPath);
      }
    }
    for (int i = 0; i < placement.clusterTolerations().size(); i++) {
      toleration(placement.clusterTolerations().get(i), path + ".clusterTolerations[" + i + "]");
    }
    Set<String> spreadFields = new HashSet<>();
    for (int i = 0; i < placement.spreadConstraints().size(); i++) {
      spread(placement.spreadConstraints().get(i), path + ".spreadConstraints[" + i + "]", spreadFields);
    }
    if (placement.replicaScheduling() != null) {
      replicaScheduling(placement.replicaScheduling(), path + ".replicaScheduling");
    }
  }

  private void affinity(ClusterAffinity affinity, String path) {
    strings(affinity.clusterNames(), path + ".clusterNames");
    strings(affinity.exclude(), path + ".exclude");
    if (affinity.labelSelector() != null) {
      labelSelector(affinity.labelSelector(), path + ".labelSelector");
    }
    if (affinity.fieldSelector() != null) {
      List<SelectorRequirement> expressions = affinity.fieldSelector().matchExpressions();
      for (int i = 0; i < expressions.size(); i++) {
        String exprPath = path + ".fieldSelector.matchExpressions[" + i + "]";
        SelectorRequirement requirement = expressions.get(i);
        if (requirement == null) {
          error(exprPath, "must not be null");
          continue;
        }
        if (requirement.key() == null || !FIELD_KEYS.contains(requirement.key())) {
          error(exprPath + ".key", "unsupported value \"" + requirement.key() + "\": must be provider, region or zone");
        }
        if (!SelectorRequirement.IN.equals(requirement.operator())
            && !SelectorRequirement.NOT_IN.equals(requirement.operator())) {
          error(exprPath + ".operator", "unsupported value \"" + requirement.operator() + "\": must be In or NotIn");
        } else if (requirement.values().isEmpty()) {
          error(exprPath + ".values", "must not be empty for " + requirement.operator());
        }
        strings(requirement.values(), exprPath + ".values");
      }
    }
  }

  private void labelSelector(LabelSelector selector, String path) {
    for (Map.Entry<String, String> entry : selector.matchLabels().entrySet()) {
      if (blank(entry.getKey())) {
        error(path + ".matchLabels", "label keys must not be empty");
      } else if (entry.getValue() == null) {
        error(path + ".matchLabels[" + entry.getKey() + "]", "must not be null");
      }
    }
    for (int i = 0; i < selector.matchExpressions().size(); i++) {
      String exprPath = path + ".matchExpressions[" + i + "]";
      SelectorRequirement requirement = selector.matchExpressions().get(i);
      if (requirement == null) {
        error(exprPath, "must not be null");
        continue;
      }
      if (blank(requirement.key())) {
        error(exprPath + ".key", "is required");
      }
      String operator = requirement.operator();
      if (operator == null || !LABEL_OPERATORS.contains(operator)) {
        error(exprPath + ".operator",
            "unsupported value \"" + operator + "\": must be In, NotIn, Exists or DoesNotExist");
      } else if ((operator.equals(SelectorRequirement.IN) || operator.equals(SelectorRequirement.NOT_IN))
          && requirement.values().isEmpty()) {
        error(exprPath + ".values", "must not be empty for " + operator);
      } else if ((operator.equals(SelectorRequirement.EXISTS)
          || operator.equals(SelectorRequirement.DOES_NOT_EXIST)) && !requirement.values().isEmpty()) {
        error(exprPath + ".values", "must be empty for " + operator);
      }
      strings(requirement.values(), exprPath + ".values");
    }
  }

  private void toleration(Toleration toleration, String path) {
    if (toleration == null) {
      error(path, "must not be null");
      return;
    }
    String operator = toleration.operator();
    boolean exists = Toleration.EXISTS.equals(operator);
    if (operator != null && !operator.isEmpty() && !exists && !Toleration.EQUAL.equals(operator)) {
      error(path + ".operator", "unsupported value \"" + operator + "\": must be Exists or Equal");
    }
    if (exists && !blank(toleration.value())) {
      error(path + ".value", "must be empty when operator is Exists");
    }
    if (!exists && blank(toleration.key())) {
      error(path + ".key", "is required unless operator is Exists");
    }
    if (!blank(toleration.effect()) && !TAINT_EFFECTS.contains(toleration.effect())) {
      error(path + ".effect", "unsupported value \"" + toleration.effect()
          + "\": must be NoSchedule, PreferNoSchedule or NoExecute");
    }
  }

  private void spread(SpreadConstraint spread, String path, Set<String> seenFields) {
    if (spread == null) {
      error(path, "must not be null");
      return;
    }
    String field = spread.spreadByField();
    if (field == null || !SPREAD_FIELDS.contains(field)) {
      error(path + ".spreadByField", "unsupported value \"" + field + "\": must be cluster, region or zone");
    } else if (!seenFields.add(field)) {
      error(path + ".spreadByField", "duplicate spread constraint for \"" + field + "\"");
    }
    if (spread.minGroups() != null && spread.minGroups() < 0) {
      error(path + ".minGroups", "must not be negative, got " + spread.minGroups());
    }
    if (spread.maxGroups() != null && spread.maxGroups() < 1) {
      error(path + ".maxGroups", "must be at least 1, got " + spread.maxGroups());
    }
    if (spread.minGroups() != null && spread.maxGroups() != null && spread.minGroups() > spread.maxGroups()) {
      error(path + ".minGroups", "must not exceed maxGroups (" + spread.minGroups() + " > " + spread.maxGroups() + ")");
    }
  }

  private void replicaScheduling(ReplicaSchedulingStrategy strategy, String path) {
    String type = strategy.replicaSchedulingType();
    if (type != null && !type.equals(ReplicaSchedulingStrategy.DUPLICATED)
        && !type.equals(ReplicaSchedulingStrategy.DIVIDED)) {
      error(path + ".replicaSchedulingType", "unsupported value \"" + type + "\": must be Duplicated or Divided");
    }
    String preference = strategy.replicaDivisionPreference();
    if (preference != null && !preference.equals(ReplicaSchedulingStrategy.WEIGHTED)
        && !preference.equals(ReplicaSchedulingStrategy.AGGREGATED)) {
      error(path + ".replicaDivisionPreference",
          "unsupported value \"" + preference + "\": must be Weighted or Aggregated");
    }
    boolean duplicated = ReplicaSchedulingStrategy.DUPLICATED.equals(strategy.effectiveType());
    if (strategy.weightPreference() != null) {
      if (duplicated || ReplicaSchedulingStrategy.AGGREGATED.equals(preference)) {
        error(path + ".weightPreference", "applies only to Divided scheduling with Weighted division");
      }
      weightPreference(strategy.weightPreference(), path + ".weightPreference");
    }
    if (duplicated && !strategy.clusterReplicaLimits().isEmpty()) {
      error(path + ".clusterReplicaLimits", "applies only to Divided scheduling");
    }
    for (int i = 0; i < strategy.clusterReplicaLimits().size(); i++) {
      String limitPath = path + ".clusterReplicaLimits[" + i + "]";
      ClusterReplicaLimit limit = strategy.clusterReplicaLimits().get(i);
      if (limit == null) {
        error(limitPath, "must not be null");
        continue;
      }
      target(limit.targetCluster(), limitPath + ".targetCluster");
      if (limit.minReplicas() != null && limit.minReplicas() < 0) {
        error(limitPath + ".minReplicas", "must not be negative, got " + limit.minReplicas());
      }
      if (limit.maxReplicas() != null && limit.maxReplicas() < 0) {
        error(limitPath + ".maxReplicas", "must not be negative, got " + limit.maxReplicas());
      }
      if (limit.minReplicas() != null && limit.maxReplicas() != null && limit.minReplicas() > limit.maxReplicas()) {
        error(limitPath + ".minReplicas",
            "must not exceed maxReplicas (" + limit.minReplicas() + " > " + limit.maxReplicas() + ")");
      }
    }
  }

  private void weightPreference(ClusterPreferences preferences, String path) {
    int kinds = (preferences.staticWeightList().isEmpty() ? 0 : 1) + (preferences.dynamicWeight() == null ? 0 : 1)
        + (preferences.hierarchicalWeights() == null ? 0 : 1);
    if (kinds != 1) {
      error(path, "set exactly one of staticWeightList, dynamicWeight or hierarchicalWeights");
    }
    weightList(preferences.staticWeightList(), path + ".staticWeightList");
    if (preferences.dynamicWeight() != null
        && !preferences.dynamicWeight().equals(ClusterPreferences.AVAILABLE_REPLICAS)) {
      error(path + ".dynamicWeight",
          "unsupported value \"" + preferences.dynamicWeight() + "\": must be AvailableReplicas");
    }
    HierarchicalWeights hierarchy = preferences.hierarchicalWeights();
    if (hierarchy == null) {
      return;
    }
    String regionsPath = path + ".hierarchicalWeights.regions";
    if (hierarchy.regions().isEmpty()) {
      error(regionsPath, "must list at least one region");
    }
    Set<String> regionNames = new HashSet<>();
    for (int r = 0; r < hierarchy.regions().size(); r++) {
      String regionPath = regionsPath + "[" + r + "]";
      RegionWeight region = hierarchy.regions().get(r);
      if (region == null) {
        error(regionPath, "must not be null");
        continue;
      }
      named(region.name(), regionNames, regionPath + ".name", "region");
      weight(region.weight(), regionPath + ".weight");
      Set<String> zoneNames = new HashSet<>();
      for (int z = 0; z < region.zones().size(); z++) {
        String zonePath = regionPath + ".zones[" + z + "]";
        ZoneWeight zone = region.zones().get(z);
        if (zone == null) {
          error(zonePath, "must not be null");
          continue;
        }
        named(zone.name(), zoneNames, zonePath + ".name", "zone");
        weight(zone.weight(), zonePath + ".weight");
        weightList(zone.clusters(), zonePath + ".clusters");
      }
    }
  }

  private void named(String name, Set<String> seen, String path, String what) {
    if (blank(name)) {
      error(path, "is required");
    } else if (!seen.add(name)) {
      error(path, "duplicate " + what + " \"" + name + "\"");
    }
  }

  private void weightList(List<StaticClusterWeight> rules, String path) {
    for (int i = 0; i < rules.size(); i++) {
      String rulePath = path + "[" + i + "]";
      StaticClusterWeight rule = rules.get(i);
      if (rule == null) {
        error(rulePath, "must not be null");
        continue;
      }
      target(rule.targetCluster(), rulePath + ".targetCluster");
      weight(rule.weight(), rulePath + ".weight");
    }
  }

  private void weight(long weight, String path) {
    if (weight < 0 || weight > MAX_WEIGHT) {
      error(path, "must be between 0 and " + MAX_WEIGHT + ", got " + weight);
    }
  }

  private void target(ClusterAffinity target, String path) {
    if (target == null) {
      error(path, "is required");
    } else {
      affinity(target, path);
    }
  }

  private void clusters(List<ClusterInfo> clusters) {
    Set<String> names = checkNamesUnique ? new HashSet<>(Math.max(16, clusters.size() * 2)) : null;
    for (int i = 0; i < clusters.size(); i++) {
      // Paths are built only for an error: a valid request of thousands of clusters should not pay for them.
      ClusterInfo cluster = clusters.get(i);
      if (cluster == null) {
        error(clusterPath(i), "must not be null");
        continue;
      }
      String name = cluster.name();
      if (blank(name)) {
        error(clusterPath(i) + ".name", "is required");
      } else if (names != null && !names.add(name)) {
        error(clusterPath(i) + ".name", "duplicate cluster name \"" + name + "\"");
      }
      if (cluster.availableReplicas() != null && cluster.availableReplicas() < 0) {
        error(clusterPath(i) + ".availableReplicas", "must not be negative, got " + cluster.availableReplicas());
      }
      // forEach walks the map's own entries (entrySet() on the read-only view wraps every entry), with one
      // checker for all clusters rather than a new lambda per cluster.
      // A LabelMap (what ClusterInfo stores) knew whether its entries are well formed when it was copied.
      if (!(cluster.labels() instanceof LabelMap labels && labels.wellFormed())) {
        labelsOfCluster = i;
        cluster.labels().forEach(labelCheck);
      }
      for (int t = 0; t < cluster.taints().size(); t++) {
        String taintPath = clusterPath(i) + ".taints[" + t + "]";
        Taint taint = cluster.taints().get(t);
        if (taint == null) {
          error(taintPath, "must not be null");
          continue;
        }
        if (blank(taint.key())) {
          error(taintPath + ".key", "is required");
        }
        if (taint.effect() == null || !TAINT_EFFECTS.contains(taint.effect())) {
          error(taintPath + ".effect", "unsupported value \"" + taint.effect()
              + "\": must be NoSchedule, PreferNoSchedule or NoExecute");
        }
      }
    }
  }

  private static String clusterPath(int index) {
    return "clusters[" + index + "]";
  }

  private void current(List<ClusterAssignment> current) {
    Set<String> names = checkNamesUnique ? new HashSet<>(Math.max(16, current.size() * 2)) : null;
    for (int i = 0; i < current.size(); i++) {
      // As for clusters: the path is built only for an error.
      ClusterAssignment assignment = current.get(i);
      if (assignment == null) {
        error(currentPath(i), "must not be null");
        continue;
      }
      String name = assignment.name();
      if (blank(name)) {
        error(currentPath(i) + ".name", "is required");
      } else if (names != null && !names.add(name)) {
        error(currentPath(i) + ".name", "duplicate cluster name \"" + name + "\"");
      }
      if (assignment.replicas() < 0 || assignment.replicas() > MAX_REPLICAS) {
        error(currentPath(i) + ".replicas", "must be between 0 and " + MAX_REPLICAS + ", got "
            + assignment.replicas());
      }
    }
  }

  private static String currentPath(int index) {
    return "current[" + index + "]";
  }

  private void strings(List<String> values, String path) {
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        error(path + "[" + i + "]", "must not be null");
      }
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
