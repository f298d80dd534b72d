package dev.flotilla.api.validation;

import dev.flotilla.api.placement.PlacementMapping;
import dev.flotilla.api.v1alpha1.ClusterAffinity;
import dev.flotilla.api.v1alpha1.ClusterPreferences;
import dev.flotilla.api.v1alpha1.ClusterTaintEffect;
import dev.flotilla.api.v1alpha1.Placement;
import dev.flotilla.api.v1alpha1.ReplicaSchedulingStrategy;
import dev.flotilla.api.v1alpha1.ResourceSelector;
import dev.flotilla.api.v1alpha1.StaticClusterWeight;
import dev.flotilla.placement.PlacementPolicyValidator;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Validation of the placement section shared by PropagationPolicy, ClusterPropagationPolicy, ResourceBinding and
 * PlacementPreview, and of the pieces it is made of (cluster affinities, tolerations, taints, resource selectors).
 * Public so that the placement engine's callers can check a placement on its own.
 *
 * <p>The placement rules live in one place, the engine's {@link PlacementPolicyValidator}: a placement is mapped
 * with {@link PlacementMapping} and the engine's errors are reported as Kubernetes field errors (see
 * {@link EngineErrors}). What stays here are the checks only the API can make: values the engine's records cannot
 * hold (a missing weight), Kubernetes syntax (cluster names are DNS-1123 labels, label keys and values, toleration
 * keys), Karmada fields the engine does not implement ({@code spreadByLabel}), and API-only rules (a replica limit
 * sets at least one bound, {@code tolerationSeconds} needs NoExecute).
 */
public final class PlacementValidation {

  /** Root the engine is given when it validates a fragment; stripped again from its field paths. */
  private static final String FRAGMENT = "fragment";

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

  /** The API's own checks, then the engine's rules. */
  static void placement(Checks c, Placement p, FieldPath path) {
    if (p == null) {
      return;
    }
    int first = c.errors().size();
    placementSyntax(c, p, path);
    EngineErrors.add(c, first, PlacementPolicyValidator.validate(PlacementMapping.toEngine(p), FRAGMENT), FRAGMENT,
        path, p);
  }

  /**
   * The checks of a placement the engine cannot make; {@link KindValidation} runs them before handing a whole
   * PlacementPreview to the engine.
   */
  static void placementSyntax(Checks c, Placement p, FieldPath path) {
    if (p == null) {
      return;
    }
    affinitySyntax(c, p.getClusterAffinity(), path.child("clusterAffinity"));
    forEach(p.getClusterAffinities(), path.child("clusterAffinities"), (term, tp) -> affinitySyntax(c, term, tp));
    tolerationsSyntax(c, p.getClusterTolerations(), path.child("clusterTolerations"));
    forEach(p.getSpreadConstraints(), path.child("spreadConstraints"), (s, sp) -> {
      if (s.getSpreadByLabel() != null && !s.getSpreadByLabel().isEmpty()) {
        c.add(FieldError.forbidden(sp.child("spreadByLabel"),
            "not supported by the placement engine; use spreadByField cluster, region or zone"));
      }
    });
    ReplicaSchedulingStrategy r = p.getReplicaScheduling();
    if (r == null) {
      return;
    }
    FieldPath rp = path.child("replicaScheduling");
    ClusterPreferences w = r.getWeightPreference();
    if (w != null) {
      FieldPath wp = rp.child("weightPreference");
      weightsSyntax(c, w.getStaticWeightList(), wp.child("staticWeightList"));
      if (w.getHierarchicalWeights() != null) {
        FieldPath hp = wp.child("hierarchicalWeights");
        forEach(w.getHierarchicalWeights().getRegions(), hp.child("regions"), (region, regionPath) -> {
          topologyName(c, region.getName(), regionPath.child("name"));
          c.required(region.getWeight(), regionPath.child("weight"));
          forEach(region.getZones(), regionPath.child("zones"), (zone, zonePath) -> {
            topologyName(c, zone.getName(), zonePath.child("name"));
            c.required(zone.getWeight(), zonePath.child("weight"));
            weightsSyntax(c, zone.getClusters(), zonePath.child("clusters"));
          });
        });
      }
    }
    forEach(r.getClusterReplicaLimits(), rp.child("clusterReplicaLimits"), (l, lp) -> {
      affinitySyntax(c, l.getTargetCluster(), lp.child("targetCluster"));
      if (l.getMinReplicas() == null && l.getMaxReplicas() == null) {
        c.add(FieldError.required(lp.child("minReplicas"), "at least one of minReplicas or maxReplicas"));
      }
    });
  }

  /** Static weight rules: the engine's {@code long} weight cannot be missing, so that is checked here. */
  private static void weightsSyntax(Checks c, List<StaticClusterWeight> weights, FieldPath path) {
    forEach(weights, path, (s, sp) -> {
      affinitySyntax(c, s.getTargetCluster(), sp.child("targetCluster"));
      c.required(s.getWeight(), sp.child("weight"));
    });
  }

  /** Region and zone names are label values (they match the topology labels). */
  private static void topologyName(Checks c, String name, FieldPath path) {
    if (name != null && !name.isEmpty()) {
      for (String msg : NameValidation.isValidLabelValue(name)) {
        c.add(FieldError.invalid(path, name, msg));
      }
    }
  }

  /**
   * Validates a cluster affinity on its own (e.g. an OverridePolicy rule's {@code targetCluster}).
   *
   * @param c where the errors go
   * @param a the affinity, may be null
   * @param path where it lives
   */
  static void clusterAffinity(Checks c, ClusterAffinity a, FieldPath path) {
    if (a == null) {
      return;
    }
    int first = c.errors().size();
    affinitySyntax(c, a, path);
    dev.flotilla.placement.Placement wrapper = new dev.flotilla.placement.Placement(PlacementMapping.toEngine(a),
        null, null, null, null);
    EngineErrors.add(c, first, PlacementPolicyValidator.validate(wrapper, FRAGMENT), FRAGMENT + ".clusterAffinity",
        path, a);
  }

  /** Kubernetes syntax of an affinity: names are cluster names (DNS-1123 labels), the label selector is valid. */
  private static void affinitySyntax(Checks c, ClusterAffinity a, FieldPath path) {
    if (a == null) {
      return;
    }
    names(c, a.getClusterNames(), path.child("clusterNames"));
    names(c, a.getExclude(), path.child("exclude"));
    c.addAll(MetadataValidation.validateLabelSelector(a.getLabelSelector(), path.child("labelSelector")));
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

  /**
   * Validates cluster tolerations: the engine's rules (operator, key, value, effect) plus Kubernetes' syntax of
   * keys and values and {@code tolerationSeconds} only with NoExecute.
   *
   * @param tolerations the tolerations, may be null
   * @param path where they live
   * @return the errors
   */
  public static List<FieldError> validateTolerations(List<Toleration> tolerations, FieldPath path) {
    Checks c = new Checks();
    if (tolerations == null) {
      return c.errors();
    }
    tolerationsSyntax(c, tolerations, path);
    dev.flotilla.placement.Placement wrapper = new dev.flotilla.placement.Placement(null, null,
        tolerations.stream().map(PlacementMapping::toEngine).toList(), null, null);
    EngineErrors.add(c, 0, PlacementPolicyValidator.validate(wrapper, FRAGMENT), FRAGMENT + ".clusterTolerations",
        path, tolerations);
    return c.errors();
  }

  private static void tolerationsSyntax(Checks c, List<Toleration> tolerations, FieldPath path) {
    forEach(tolerations, path, (t, p) -> {
      if (t.getKey() != null && !t.getKey().isEmpty()) {
        c.qualifiedName(t.getKey(), p.child("key"));
      }
      boolean exists = "Exists".equals(t.getOperator());
      if (!exists && t.getValue() != null) {
        for (String msg : NameValidation.isValidLabelValue(t.getValue())) {
          c.add(FieldError.invalid(p.child("value"), t.getValue(), msg));
        }
      }
      String effect = t.getEffect();
      if (t.getTolerationSeconds() != null && !"NoExecute".equals(effect)) {
        c.add(FieldError.invalid(p.child("effect"), effect,
            "effect must be 'NoExecute' when `tolerationSeconds` is set"));
      }
    });
  }

  /** Null items are skipped: the engine reports them ("Required value") with the same index. */
  private static <T> void forEach(List<T> items, FieldPath path, BiConsumer<T, FieldPath> check) {
    if (items == null) {
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) != null) {
        check.accept(items.get(i), path.index(i));
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
