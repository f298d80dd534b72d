package dev.flotilla.api.validation;

import dev.flotilla.api.v1alpha1.ClusterAffinity;
import dev.flotilla.api.v1alpha1.ClusterAffinityTerm;
import dev.flotilla.api.v1alpha1.ClusterPreferences;
import dev.flotilla.api.v1alpha1.ClusterReplicaLimit;
import dev.flotilla.api.v1alpha1.ClusterTaintEffect;
import dev.flotilla.api.v1alpha1.DynamicWeightFactor;
import dev.flotilla.api.v1alpha1.FieldSelector;
import dev.flotilla.api.v1alpha1.HierarchicalWeights;
import dev.flotilla.api.v1alpha1.Placement;
import dev.flotilla.api.v1alpha1.ReplicaDivisionPreference;
import dev.flotilla.api.v1alpha1.ReplicaSchedulingStrategy;
import dev.flotilla.api.v1alpha1.ReplicaSchedulingType;
import dev.flotilla.api.v1alpha1.ResourceSelector;
import dev.flotilla.api.v1alpha1.SpreadByField;
import dev.flotilla.api.v1alpha1.SpreadConstraint;
import dev.flotilla.api.v1alpha1.StaticClusterWeight;
import dev.flotilla.api.v1alpha1.TopologyWeight;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validation of the placement section shared by PropagationPolicy, ClusterPropagationPolicy, ResourceBinding and
 * PlacementPreview, and of the pieces it is made of (cluster affinities, tolerations, taints, resource selectors).
 * Public so that the placement engine's callers can check a placement on its own.
 */
public final class PlacementValidation {

  /** Keys a {@code fieldSelector} may use. */
  public static final List<String> FIELD_SELECTOR_KEYS = List.of("provider", "region", "zone");
  /** Operators a {@code fieldSelector} may use. */
  public static final List<String> FIELD_SELECTOR_OPERATORS = List.of("In", "NotIn");
  /** Toleration operators. */
  public static final List<String> TOLERATION_OPERATORS = List.of("Exists", "Equal");
  /** Taint effects a toleration may name (empty matches all). */
  public static final List<String> TOLERATION_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  private PlacementValidation() {
  }

  /**
   * Validates a placement.
   *
   * @param placement the placement, may be null (no constraints)
   * @param path where it lives, e.g. {@code spec.placement}
   * @return the errors
   */
  public static List<FieldError> validatePlacement(Placement placement, FieldPath path) {
    Checks c = new Checks();
    placement(c, placement, path);
    return c.errors();
  }

  static void placement(Checks c, Placement p, FieldPath path) {
    if (p == null) {
      return;
    }
    if (p.getClusterAffinity() != null && Checks.size(p.getClusterAffinities()) > 0) {
      c.add(FieldError.invalid(path.child("clusterAffinities"), "[...]",
          "clusterAffinities can not co-exist with clusterAffinity"));
    }
    clusterAffinity(c, p.getClusterAffinity(), path.child("clusterAffinity"));
    if (p.getClusterAffinities() != null) {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < p.getClusterAffinities().size(); i++) {
        ClusterAffinityTerm term = p.getClusterAffinities().get(i);
        FieldPath tp = path.child("clusterAffinities").index(i);
        if (!c.required(term, tp)) {
          continue;
        }
        if (c.required(term.getAffinityName(), tp.child("affinityName"))
            && !names.add(term.getAffinityName())) {
          c.add(FieldError.duplicate(tp.child("affinityName"), term.getAffinityName()));
        }
        clusterAffinity(c, term, tp);
      }
    }
    tolerations(c, p.getClusterTolerations(), path.child("clusterTolerations"));
    spreadConstraints(c, p.getSpreadConstraints(), path.child("spreadConstraints"));
    replicaScheduling(c, p.getReplicaScheduling(), path.child("replicaScheduling"));
  }

  static void clusterAffinity(Checks c, ClusterAffinity a, FieldPath path) {
    if (a == null) {
      return;
    }
    names(c, a.getClusterNames(), path.child("clusterNames"));
    names(c, a.getExclude(), path.child("exclude"));
    c.addAll(MetadataValidation.validateLabelSelector(a.getLabelSelector(), path.child("labelSelector")));
    fieldSelector(c, a.getFieldSelector(), path.child("fieldSelector"));
  }

  private static void names(Checks c, List<String> names, FieldPath path) {
    if (names == null) {
      return;
    }
    for (int i = 0; i < names.size(); i++) {
      if (c.required(names.get(i), path.index(i))) {
        c.dns1123Label(names.get(i), path.index(i));
      }
    }
  }

  private static void fieldSelector(Checks c, FieldSelector selector, FieldPath path) {
    if (selector == null || selector.getMatchExpressions() == null) {
      return;
    }
    for (int i = 0; i < selector.getMatchExpressions().size(); i++) {
      NodeSelectorRequirement req = selector.getMatchExpressions().get(i);
      FieldPath p = path.child("matchExpressions").index(i);
      if (!c.required(req, p)) {
        continue;
      }
      if (c.required(req.getKey(), p.child("key")) && !FIELD_SELECTOR_KEYS.contains(req.getKey())) {
        c.add(FieldError.notSupported(p.child("key"), req.getKey(), FIELD_SELECTOR_KEYS));
      }
      if (c.required(req.getOperator(), p.child("operator"))
          && !FIELD_SELECTOR_OPERATORS.contains(req.getOperator())) {
        c.add(FieldError.notSupported(p.child("operator"), req.getOperator(), FIELD_SELECTOR_OPERATORS));
      }
      if (Checks.size(req.getValues()) == 0) {
        c.add(FieldError.required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
    }
  }

  /**
   * Validates cluster tolerations as Kubernetes validates pod tolerations.
   *
   * @param tolerations the tolerations, may be null
   * @param path where they live
   * @return the errors
   */
  public static List<FieldError> validateTolerations(List<Toleration> tolerations, FieldPath path) {
    Checks c = new Checks();
    tolerations(c, tolerations, path);
    return c.errors();
  }

  static void tolerations(Checks c, List<Toleration> tolerations, FieldPath path) {
    if (tolerations == null) {
      return;
    }
    for (int i = 0; i < tolerations.size(); i++) {
      Toleration t = tolerations.get(i);
      FieldPath p = path.index(i);
      if (!c.required(t, p)) {
        continue;
      }
      boolean hasKey = t.getKey() != null && !t.getKey().isEmpty();
      if (hasKey) {
        c.qualifiedName(t.getKey(), p.child("key"));
      }
      String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
      if (!TOLERATION_OPERATORS.contains(op)) {
        c.add(FieldError.notSupported(p.child("operator"), t.getOperator(), TOLERATION_OPERATORS));
      } else if (!hasKey && !op.equals("Exists")) {
        c.add(FieldError.invalid(p.child("operator"), t.getOperator(),
            "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
      }
      if (op.equals("Exists") && t.getValue() != null && !t.getValue().isEmpty()) {
        c.add(FieldError.invalid(p.child("operator"), t.getValue(),
            "value must be empty when `operator` is 'Exists'"));
      }
      if (op.equals("Equal") && t.getValue() != null) {
        for (String msg : NameValidation.isValidLabelValue(t.getValue())) {
          c.add(FieldError.invalid(p.child("value"), t.getValue(), msg));
        }
      }
      String effect = t.getEffect();
      if (effect != null && !effect.isEmpty() && !TOLERATION_EFFECTS.contains(effect)) {
        c.add(FieldError.notSupported(p.child("effect"), effect, TOLERATION_EFFECTS));
      }
      if (t.getTolerationSeconds() != null && !"NoExecute".equals(effect)) {
        c.add(FieldError.invalid(p.child("effect"), effect,
            "effect must be 'NoExecute' when `tolerationSeconds` is set"));
      }
    }
  }

  /**
   * Validates cluster taints: key a qualified name, value a label value, effect NoSchedule or NoExecute, timeAdded
   * RFC 3339, no two taints with the same key and effect.
   *
   * @param taints the taints, may be null
   * @param path where they live
   * @return the errors
   */
  public static List<FieldError> validateTaints(List<Taint> taints, FieldPath path) {
    Checks c = new Checks();
    taints(c, taints, path);
    return c.errors();
  }

  static void taints(Checks c, List<Taint> taints, FieldPath path) {
    if (taints == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < taints.size(); i++) {
      Taint t = taints.get(i);
      FieldPath p = path.index(i);
      if (!c.required(t, p)) {
        continue;
      }
      if (c.required(t.getKey(), p.child("key"))) {
        c.qualifiedName(t.getKey(), p.child("key"));
      }
      if (t.getValue() != null) {
        for (String msg : NameValidation.isValidLabelValue(t.getValue())) {
          c.add(FieldError.invalid(p.child("value"), t.getValue(), msg));
        }
      }
      c.requiredOneOf(t.getEffect(), ClusterTaintEffect.class, p.child("effect"));
      c.timestamp(t.getTimeAdded(), p.child("timeAdded"));
      if (t.getKey() != null && t.getEffect() != null && !seen.add(t.getKey() + "\u0000" + t.getEffect())) {
        c.add(FieldError.duplicate(p, "taint with key " + t.getKey() + " and effect " + t.getEffect()));
      }
    }
  }

  private static void spreadConstraints(Checks c, List<SpreadConstraint> constraints, FieldPath path) {
    if (constraints == null) {
      return;
    }
    Set<String> fields = new HashSet<>();
    for (int i = 0; i < constraints.size(); i++) {
      SpreadConstraint s = constraints.get(i);
      FieldPath p = path.index(i);
      if (!c.required(s, p)) {
        continue;
      }
      boolean byField = s.getSpreadByField() != null && !s.getSpreadByField().isEmpty();
      boolean byLabel = s.getSpreadByLabel() != null && !s.getSpreadByLabel().isEmpty();
      if (byField && byLabel) {
        c.add(FieldError.invalid(p, s.getSpreadByLabel(), "spreadByLabel should not co-exist with spreadByField"));
      } else if (!byField && !byLabel) {
        c.add(FieldError.required(p.child("spreadByField"), "one of spreadByField or spreadByLabel is required"));
      }
      if (byField) {
        c.oneOf(s.getSpreadByField(), SpreadByField.class, p.child("spreadByField"));
        if (!fields.add("field:" + s.getSpreadByField())) {
          c.add(FieldError.duplicate(p.child("spreadByField"), s.getSpreadByField()));
        }
      }
      if (byLabel) {
        c.qualifiedName(s.getSpreadByLabel(), p.child("spreadByLabel"));
        if (!fields.add("label:" + s.getSpreadByLabel())) {
          c.add(FieldError.duplicate(p.child("spreadByLabel"), s.getSpreadByLabel()));
        }
      }
      c.nonNegative(s.getMinGroups(), p.child("minGroups"));
      c.nonNegative(s.getMaxGroups(), p.child("maxGroups"));
      if (s.getMinGroups() != null && s.getMaxGroups() != null && s.getMinGroups() >= 0
          && s.getMaxGroups() >= 0 && s.getMinGroups() > s.getMaxGroups()) {
        c.add(FieldError.invalid(p.child("minGroups"), s.getMinGroups(),
            "must be less than or equal to maxGroups (" + s.getMaxGroups() + ")"));
      }
    }
  }

  private static void replicaScheduling(Checks c, ReplicaSchedulingStrategy r, FieldPath path) {
    if (r == null) {
      return;
    }
    c.oneOf(r.getReplicaSchedulingType(), ReplicaSchedulingType.class, path.child("replicaSchedulingType"));
    c.oneOf(r.getReplicaDivisionPreference(), ReplicaDivisionPreference.class,
        path.child("replicaDivisionPreference"));
    ClusterPreferences w = r.getWeightPreference();
    if (w != null) {
      FieldPath wp = path.child("weightPreference");
      c.oneOf(w.getDynamicWeight(), DynamicWeightFactor.class, wp.child("dynamicWeight"));
      boolean dynamic = w.getDynamicWeight() != null && !w.getDynamicWeight().isEmpty();
      if (dynamic && Checks.size(w.getStaticWeightList()) > 0) {
        c.add(FieldError.invalid(wp.child("dynamicWeight"), w.getDynamicWeight(),
            "staticWeightList and dynamicWeight can not co-exist"));
      }
      if (dynamic && w.getHierarchicalWeights() != null) {
        c.add(FieldError.invalid(wp.child("dynamicWeight"), w.getDynamicWeight(),
            "hierarchicalWeights and dynamicWeight can not co-exist"));
      }
      if (w.getStaticWeightList() != null) {
        for (int i = 0; i < w.getStaticWeightList().size(); i++) {
          StaticClusterWeight s = w.getStaticWeightList().get(i);
          FieldPath sp = wp.child("staticWeightList").index(i);
          if (!c.required(s, sp)) {
            continue;
          }
          if (c.required(s.getTargetCluster(), sp.child("targetCluster"))) {
            clusterAffinity(c, s.getTargetCluster(), sp.child("targetCluster"));
          }
          if (c.required(s.getWeight(), sp.child("weight"))) {
            c.nonNegative(s.getWeight(), sp.child("weight"));
          }
        }
      }
      hierarchical(c, w.getHierarchicalWeights(), wp.child("hierarchicalWeights"));
    }
    if (r.getClusterReplicaLimits() != null) {
      for (int i = 0; i < r.getClusterReplicaLimits().size(); i++) {
        ClusterReplicaLimit l = r.getClusterReplicaLimits().get(i);
        FieldPath lp = path.child("clusterReplicaLimits").index(i);
        if (!c.required(l, lp)) {
          continue;
        }
        if (c.required(l.getTargetCluster(), lp.child("targetCluster"))) {
          clusterAffinity(c, l.getTargetCluster(), lp.child("targetCluster"));
        }
        if (l.getMinReplicas() == null && l.getMaxReplicas() == null) {
          c.add(FieldError.required(lp.child("minReplicas"), "at least one of minReplicas or maxReplicas"));
        }
        c.nonNegative(l.getMinReplicas(), lp.child("minReplicas"));
        c.nonNegative(l.getMaxReplicas(), lp.child("maxReplicas"));
        if (l.getMinReplicas() != null && l.getMaxReplicas() != null && l.getMinReplicas() >= 0
            && l.getMaxReplicas() >= 0 && l.getMinReplicas() > l.getMaxReplicas()) {
          c.add(FieldError.invalid(lp.child("minReplicas"), l.getMinReplicas(),
              "must be less than or equal to maxReplicas (" + l.getMaxReplicas() + ")"));
        }
      }
    }
  }

  private static void hierarchical(Checks c, HierarchicalWeights h, FieldPath path) {
    if (h == null) {
      return;
    }
    topologyWeights(c, h.getRegions(), path.child("regions"));
    topologyWeights(c, h.getZones(), path.child("zones"));
  }

  private static void topologyWeights(Checks c, List<TopologyWeight> weights, FieldPath path) {
    if (weights == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < weights.size(); i++) {
      TopologyWeight w = weights.get(i);
      FieldPath p = path.index(i);
      if (!c.required(w, p)) {
        continue;
      }
      if (c.required(w.getName(), p.child("name"))) {
        for (String msg : NameValidation.isValidLabelValue(w.getName())) {
          c.add(FieldError.invalid(p.child("name"), w.getName(), msg));
        }
        if (!names.add(w.getName())) {
          c.add(FieldError.duplicate(p.child("name"), w.getName()));
        }
      }
      if (c.required(w.getWeight(), p.child("weight"))) {
        c.nonNegative(w.getWeight(), p.child("weight"));
      }
    }
  }

  /**
   * Validates resource selectors.
   *
   * @param selectors the selectors
   * @param path where they live, e.g. {@code spec.resourceSelectors}
   * @param required whether at least one is needed
   * @param policyNamespace for a namespaced policy its namespace (a selector may not name another); null for
   *     cluster-scoped policies
   * @return the errors
   */
  public static List<FieldError> validateResourceSelectors(List<ResourceSelector> selectors, FieldPath path,
      boolean required, String policyNamespace) {
    Checks c = new Checks();
    resourceSelectors(c, selectors, path, required, policyNamespace);
    return c.errors();
  }

  static void resourceSelectors(Checks c, List<ResourceSelector> selectors, FieldPath path, boolean required,
      String policyNamespace) {
    if (Checks.size(selectors) == 0) {
      if (required) {
        c.add(FieldError.required(path, "at least one resource selector is required"));
      }
      return;
    }
    for (int i = 0; i < selectors.size(); i++) {
      ResourceSelector s = selectors.get(i);
      FieldPath p = path.index(i);
      if (!c.required(s, p)) {
        continue;
      }
      c.required(s.getApiVersion(), p.child("apiVersion"));
      c.required(s.getKind(), p.child("kind"));
      if (s.getNamespace() != null && !s.getNamespace().isEmpty()) {
        c.dns1123Label(s.getNamespace(), p.child("namespace"));
        if (policyNamespace != null && !policyNamespace.equals(s.getNamespace())) {
          c.add(FieldError.invalid(p.child("namespace"), s.getNamespace(),
              "must be empty or the policy's own namespace (" + policyNamespace + ")"));
        }
      }
      c.addAll(MetadataValidation.validateLabelSelector(s.getLabelSelector(), p.child("labelSelector")));
    }
  }
}
