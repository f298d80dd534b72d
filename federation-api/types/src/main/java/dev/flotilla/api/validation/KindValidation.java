package dev.flotilla.api.validation;

import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.placement.PlacementMapping;
import dev.flotilla.api.v1alpha1.DNSRecord;
import dev.flotilla.api.v1alpha1.DNSRecordSetSpec;
import dev.flotilla.api.v1alpha1.AggregatedStatusItem;
import dev.flotilla.api.v1alpha1.ApiEnum;
import dev.flotilla.api.v1alpha1.ClusterExclusion;
import dev.flotilla.api.v1alpha1.ClusterSpec;
import dev.flotilla.api.v1alpha1.ClusterStatus;
import dev.flotilla.api.v1alpha1.CommandArgsOverrider;
import dev.flotilla.api.v1alpha1.Conditions;
import dev.flotilla.api.v1alpha1.ConflictResolution;
import dev.flotilla.api.v1alpha1.EnvOverrider;
import dev.flotilla.api.v1alpha1.FailoverBehavior;
import dev.flotilla.api.v1alpha1.GracefulEvictionTask;
import dev.flotilla.api.v1alpha1.ImageComponent;
import dev.flotilla.api.v1alpha1.LabelAnnotationOverrider;
import dev.flotilla.api.v1alpha1.ManifestStatus;
import dev.flotilla.api.v1alpha1.OverrideSpec;
import dev.flotilla.api.v1alpha1.OverriderOperator;
import dev.flotilla.api.v1alpha1.Overriders;
import dev.flotilla.api.v1alpha1.PlacementPreviewSpec;
import dev.flotilla.api.v1alpha1.PolicyStatus;
import dev.flotilla.api.v1alpha1.PreemptionPolicy;
import dev.flotilla.api.v1alpha1.PreviewCluster;
import dev.flotilla.api.v1alpha1.PropagationSpec;
import dev.flotilla.api.v1alpha1.PurgeMode;
import dev.flotilla.api.v1alpha1.ReplicaEstimate;
import dev.flotilla.api.v1alpha1.ResourceBindingSpec;
import dev.flotilla.api.v1alpha1.ResourceBindingStatus;
import dev.flotilla.api.v1alpha1.ResourceHealth;
import dev.flotilla.api.v1alpha1.ResourceIdentifier;
import dev.flotilla.api.v1alpha1.ResourceReference;
import dev.flotilla.api.v1alpha1.RuleWithCluster;
import dev.flotilla.api.v1alpha1.SyncMode;
import dev.flotilla.api.v1alpha1.TargetCluster;
import dev.flotilla.api.v1alpha1.WorkSpec;
import dev.flotilla.api.v1alpha1.WorkStatus;
import dev.flotilla.placement.PlacementPolicyValidator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The spec and status rules of each Flotilla kind. Package-private: reached through {@link FlotillaValidation}. */
final class KindValidation {

  private static final FieldPath SPEC = FieldPath.root("spec");
  private static final FieldPath STATUS = FieldPath.root("status");
  private static final Pattern CONDITION_REASON = Pattern.compile("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");
  private static final int MAX_CONDITION_MESSAGE = 32768;
  private static final int MAX_CONDITION_REASON = 1024;
  private static final int MAX_CLUSTER_ID = 256;

  private KindValidation() {
  }

  // ---- Cluster ----

  static void clusterName(Checks c, String name) {
    if (name != null && name.length() > FlotillaApi.MAX_CLUSTER_NAME_LENGTH) {
      c.add(FieldError.invalid(FieldPath.root("metadata").child("name"), name,
          NameValidation.maxLenError(FlotillaApi.MAX_CLUSTER_NAME_LENGTH)
              + " (the execution namespace flotilla-es-<name> must be a valid namespace name)"));
    }
  }

  static void clusterSpec(Checks c, ClusterSpec spec) {
    if (spec == null) {
      return;
    }
    c.oneOf(spec.getSyncMode(), SyncMode.class, SPEC.child("syncMode"));
    if (spec.getId() != null && spec.getId().length() > MAX_CLUSTER_ID) {
      c.add(FieldError.tooLong(SPEC.child("id"), spec.getId(), MAX_CLUSTER_ID));
    }
    if (spec.getApiEndpoint() != null && !spec.getApiEndpoint().isEmpty()) {
      url(c, spec.getApiEndpoint(), SPEC.child("apiEndpoint"));
    } else if (SyncMode.PUSH.value().equals(spec.getSyncMode())) {
      c.add(FieldError.required(SPEC.child("apiEndpoint"), "required when syncMode is Push"));
    }
    if (spec.getSecretRef() != null) {
      c.required(spec.getSecretRef().getName(), SPEC.child("secretRef").child("name"));
      c.dns1123Label(spec.getSecretRef().getNamespace(), SPEC.child("secretRef").child("namespace"));
    }
    PlacementValidation.taints(c, spec.getTaints(), SPEC.child("taints"));
  }

  private static void url(Checks c, String value, FieldPath path) {
    try {
      URI uri = new URI(value);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
        c.add(FieldError.invalid(path, value, "must be an absolute http or https URL"));
      }
    } catch (URISyntaxException e) {
      c.add(FieldError.invalid(path, value, "must be an absolute http or https URL"));
    }
  }

  static void clusterStatus(Checks c, ClusterStatus status) {
    if (status == null) {
      return;
    }
    conditions(c, status.getConditions(), STATUS.child("conditions"));
    c.timestamp(status.getLastHeartbeatTime(), STATUS.child("lastHeartbeatTime"));
    if (status.getNodeSummary() != null) {
      FieldPath p = STATUS.child("nodeSummary");
      Integer total = status.getNodeSummary().getTotalNum();
      Integer ready = status.getNodeSummary().getReadyNum();
      c.nonNegative(total, p.child("totalNum"));
      c.nonNegative(ready, p.child("readyNum"));
      if (total != null && ready != null && total >= 0 && ready > total) {
        c.add(FieldError.invalid(p.child("readyNum"), ready,
            "must be less than or equal to totalNum (" + total + ")"));
      }
    }
    if (status.getResourceSummary() != null) {
      FieldPath p = STATUS.child("resourceSummary");
      c.resourceList(status.getResourceSummary().getAllocatable(), p.child("allocatable"));
      c.resourceList(status.getResourceSummary().getAllocated(), p.child("allocated"));
      c.resourceList(status.getResourceSummary().getAllocating(), p.child("allocating"));
    }
    if (status.getReplicaEstimates() != null) {
      for (int i = 0; i < status.getReplicaEstimates().size(); i++) {
        ReplicaEstimate e = status.getReplicaEstimates().get(i);
        FieldPath p = STATUS.child("replicaEstimates").index(i);
        if (!c.required(e, p)) {
          continue;
        }
        if (c.required(e.getResourceRequest(), p.child("resourceRequest"))) {
          c.resourceList(e.getResourceRequest(), p.child("resourceRequest"));
        }
        if (c.required(e.getAvailableReplicas(), p.child("availableReplicas"))) {
          c.nonNegative(e.getAvailableReplicas(), p.child("availableReplicas"));
        }
      }
    }
  }

  // ---- Conditions ----

  static void conditions(Checks c, List<Condition> conditions, FieldPath path) {
    if (conditions == null) {
      return;
    }
    Set<String> types = new HashSet<>();
    for (int i = 0; i < conditions.size(); i++) {
      Condition cond = conditions.get(i);
      FieldPath p = path.index(i);
      if (!c.required(cond, p)) {
        continue;
      }
      if (c.required(cond.getType(), p.child("type"))) {
        c.qualifiedName(cond.getType(), p.child("type"));
        if (!types.add(cond.getType())) {
          c.add(FieldError.duplicate(p.child("type"), cond.getType()));
        }
      }
      if (cond.getStatus() == null || cond.getStatus().isEmpty()) {
        c.add(FieldError.required(p.child("status"), ""));
      } else if (!Conditions.STATUSES.contains(cond.getStatus())) {
        c.add(FieldError.notSupported(p.child("status"), cond.getStatus(), Conditions.STATUSES));
      }
      if (cond.getReason() != null && !cond.getReason().isEmpty()) {
        if (cond.getReason().length() > MAX_CONDITION_REASON) {
          c.add(FieldError.tooLong(p.child("reason"), cond.getReason(), MAX_CONDITION_REASON));
        } else if (!CONDITION_REASON.matcher(cond.getReason()).matches()) {
          c.add(FieldError.invalid(p.child("reason"), cond.getReason(), NameValidation.regexError(
              "a condition reason must start with alphabetic character, optionally followed by a string of "
                  + "alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'",
              "[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?", "my_name", "MY_NAME", "MyName", "ReasonA,ReasonB",
              "ReasonA:ReasonB")));
        }
      }
      if (cond.getMessage() != null && cond.getMessage().length() > MAX_CONDITION_MESSAGE) {
        c.add(FieldError.tooLong(p.child("message"), cond.getMessage(), MAX_CONDITION_MESSAGE));
      }
      c.nonNegative(cond.getObservedGeneration(), p.child("observedGeneration"));
      c.timestamp(cond.getLastTransitionTime(), p.child("lastTransitionTime"));
    }
  }

  // ---- Propagation policies ----

  static void propagationSpec(Checks c, PropagationSpec spec, String policyNamespace) {
    if (!c.required(spec, SPEC)) {
      return;
    }
    PlacementValidation.resourceSelectors(c, spec.getResourceSelectors(), SPEC.child("resourceSelectors"), true,
        policyNamespace);
    PlacementValidation.placement(c, spec.getPlacement(), SPEC.child("placement"));
    c.oneOf(spec.getPreemption(), PreemptionPolicy.class, SPEC.child("preemption"));
    c.oneOf(spec.getConflictResolution(), ConflictResolution.class, SPEC.child("conflictResolution"));
    failover(c, spec.getFailover(), SPEC.child("failover"));
  }

  private static void failover(Checks c, FailoverBehavior f, FieldPath path) {
    if (f == null) {
      return;
    }
    c.nonNegative(f.getTolerationSeconds(), path.child("tolerationSeconds"));
    c.nonNegative(f.getGracePeriodSeconds(), path.child("gracePeriodSeconds"));
    c.oneOf(f.getPurgeMode(), PurgeMode.class, path.child("purgeMode"));
  }

  static void policyStatus(Checks c, PolicyStatus status) {
    if (status == null) {
      return;
    }
    c.nonNegative(status.getObservedGeneration(), STATUS.child("observedGeneration"));
    conditions(c, status.getConditions(), STATUS.child("conditions"));
  }

  // ---- Override policies ----

  static void overrideSpec(Checks c, OverrideSpec spec, String policyNamespace) {
    if (!c.required(spec, SPEC)) {
      return;
    }
    PlacementValidation.resourceSelectors(c, spec.getResourceSelectors(), SPEC.child("resourceSelectors"), false,
        policyNamespace);
    if (spec.getOverrideRules() == null) {
      return;
    }
    for (int i = 0; i < spec.getOverrideRules().size(); i++) {
      RuleWithCluster rule = spec.getOverrideRules().get(i);
      FieldPath p = SPEC.child("overrideRules").index(i);
      if (!c.required(rule, p)) {
        continue;
      }
      PlacementValidation.clusterAffinity(c, rule.getTargetCluster(), p.child("targetCluster"));
      if (c.required(rule.getOverriders(), p.child("overriders"))) {
        overriders(c, rule.getOverriders(), p.child("overriders"));
      }
    }
  }

  private static void overriders(Checks c, Overriders o, FieldPath path) {
    int count = Checks.size(o.getPlaintext()) + Checks.size(o.getImageOverrider())
        + Checks.size(o.getCommandOverrider()) + Checks.size(o.getArgsOverrider())
        + Checks.size(o.getEnvOverrider()) + Checks.size(o.getLabelsOverrider())
        + Checks.size(o.getAnnotationsOverrider());
    if (count == 0) {
      c.add(FieldError.required(path, "at least one overrider is required"));
    }
    forEach(c, o.getImageOverrider(), path.child("imageOverrider"), (img, p) -> {
      c.requiredOneOf(img.getComponent(), ImageComponent.class, p.child("component"));
      operatorAndValue(c, img.getOperator(), img.getValue(), p);
      if (img.getPredicate() != null) {
        jsonPointer(c, img.getPredicate().getPath(), p.child("predicate").child("path"));
      }
    });
    forEach(c, o.getCommandOverrider(), path.child("commandOverrider"), (co, p) -> commandArgs(c, co, p));
    forEach(c, o.getArgsOverrider(), path.child("argsOverrider"), (co, p) -> commandArgs(c, co, p));
    forEach(c, o.getEnvOverrider(), path.child("envOverrider"), (env, p) -> envOverrider(c, env, p));
    forEach(c, o.getLabelsOverrider(), path.child("labelsOverrider"), (lo, p) -> {
      c.requiredOneOf(lo.getOperator(), OverriderOperator.class, p.child("operator"));
      labelValues(c, lo, p.child("value"), true);
    });
    forEach(c, o.getAnnotationsOverrider(), path.child("annotationsOverrider"), (ao, p) -> {
      c.requiredOneOf(ao.getOperator(), OverriderOperator.class, p.child("operator"));
      labelValues(c, ao, p.child("value"), false);
    });
    forEach(c, o.getPlaintext(), path.child("plaintext"), (pt, p) -> {
      jsonPointer(c, pt.getPath(), p.child("path"));
      c.requiredOneOf(pt.getOperator(), OverriderOperator.class, p.child("operator"));
      if (pt.getValue() == null && pt.getOperator() != null && !OverriderOperator.REMOVE.value()
          .equals(pt.getOperator())) {
        c.add(FieldError.required(p.child("value"), "required when operator is " + pt.getOperator()));
      }
    });
  }

  private static void operatorAndValue(Checks c, String operator, String value, FieldPath p) {
    c.requiredOneOf(operator, OverriderOperator.class, p.child("operator"));
    if ((value == null || value.isEmpty()) && operator != null && !OverriderOperator.REMOVE.value().equals(operator)
        && ApiEnum.supports(OverriderOperator.class, operator)) {
      c.add(FieldError.required(p.child("value"), "required when operator is " + operator));
    }
  }

  private static void commandArgs(Checks c, CommandArgsOverrider co, FieldPath p) {
    if (c.required(co.getContainerName(), p.child("containerName"))) {
      c.dns1123Label(co.getContainerName(), p.child("containerName"));
    }
    List<String> supported = List.of(OverriderOperator.ADD.value(), OverriderOperator.REMOVE.value());
    if (co.getOperator() == null || co.getOperator().isEmpty()) {
      c.add(FieldError.required(p.child("operator"), ""));
    } else if (!supported.contains(co.getOperator())) {
      c.add(FieldError.notSupported(p.child("operator"), co.getOperator(), supported));
    }
  }

  private static void envOverrider(Checks c, EnvOverrider env, FieldPath p) {
    if (c.required(env.getContainerName(), p.child("containerName"))) {
      c.dns1123Label(env.getContainerName(), p.child("containerName"));
    }
    c.requiredOneOf(env.getOperator(), OverriderOperator.class, p.child("operator"));
    if (env.getValue() == null) {
      return;
    }
    for (int i = 0; i < env.getValue().size(); i++) {
      EnvVar var = env.getValue().get(i);
      FieldPath vp = p.child("value").index(i);
      if (!c.required(var, vp)) {
        continue;
      }
      if (c.required(var.getName(), vp.child("name")) && var.getName().contains("=")) {
        c.add(FieldError.invalid(vp.child("name"), var.getName(), "a valid environment variable name must "
            + "consist only of printable ASCII characters other than '='"));
      }
    }
  }

  private static void labelValues(Checks c, LabelAnnotationOverrider o, FieldPath path, boolean labels) {
    if (o.getValue() == null || o.getValue().isEmpty()) {
      c.add(FieldError.required(path, ""));
      return;
    }
    boolean remove = OverriderOperator.REMOVE.value().equals(o.getOperator());
    if (labels && !remove) {
      c.addAll(MetadataValidation.validateLabels(o.getValue(), path));
    } else if (labels) {
      for (String key : new java.util.TreeSet<>(o.getValue().keySet())) {
        c.qualifiedName(key, path);
      }
    } else {
      c.addAll(MetadataValidation.validateAnnotations(o.getValue(), path));
    }
  }

  private static void jsonPointer(Checks c, String pointer, FieldPath path) {
    if (c.required(pointer, path) && !pointer.startsWith("/")) {
      c.add(FieldError.invalid(path, pointer, "must be a JSON pointer starting with '/'"));
    }
  }

  // ---- Bindings ----

  static void bindingSpec(Checks c, ResourceBindingSpec spec, String bindingNamespace, boolean clusterScoped) {
    if (!c.required(spec, SPEC)) {
      return;
    }
    ResourceReference r = spec.getResource();
    FieldPath rp = SPEC.child("resource");
    if (c.required(r, rp)) {
      c.required(r.getApiVersion(), rp.child("apiVersion"));
      c.required(r.getKind(), rp.child("kind"));
      c.required(r.getName(), rp.child("name"));
      boolean hasNamespace = r.getNamespace() != null && !r.getNamespace().isEmpty();
      if (clusterScoped && hasNamespace) {
        c.add(FieldError.forbidden(rp.child("namespace"),
            "a ClusterResourceBinding binds cluster-scoped resources only"));
      } else if (!clusterScoped && hasNamespace && bindingNamespace != null
          && !bindingNamespace.equals(r.getNamespace())) {
        c.add(FieldError.invalid(rp.child("namespace"), r.getNamespace(),
            "must be the binding's own namespace (" + bindingNamespace + ")"));
      }
    }
    c.nonNegative(spec.getReplicas(), SPEC.child("replicas"));
    if (spec.getReplicaRequirements() != null) {
      c.resourceList(spec.getReplicaRequirements().getResourceRequest(),
          SPEC.child("replicaRequirements").child("resourceRequest"));
    }
    targetClusters(c, spec.getClusters(), SPEC.child("clusters"));
    evictionTasks(c, spec.getGracefulEvictionTasks(), SPEC.child("gracefulEvictionTasks"));
    PlacementValidation.placement(c, spec.getPlacement(), SPEC.child("placement"));
    failover(c, spec.getFailover(), SPEC.child("failover"));
    c.oneOf(spec.getConflictResolution(), ConflictResolution.class, SPEC.child("conflictResolution"));
    c.timestamp(spec.getRescheduleTriggeredAt(), SPEC.child("rescheduleTriggeredAt"));
  }

  static void targetClusters(Checks c, List<TargetCluster> clusters, FieldPath path) {
    if (clusters == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < clusters.size(); i++) {
      TargetCluster t = clusters.get(i);
      FieldPath p = path.index(i);
      if (!c.required(t, p)) {
        continue;
      }
      if (c.required(t.getName(), p.child("name"))) {
        c.dns1123Label(t.getName(), p.child("name"));
        if (!names.add(t.getName())) {
          c.add(FieldError.duplicate(p.child("name"), t.getName()));
        }
      }
      c.nonNegative(t.getReplicas(), p.child("replicas"));
    }
  }

  static void evictionTasks(Checks c, List<GracefulEvictionTask> tasks, FieldPath path) {
    if (tasks == null) {
      return;
    }
    Set<String> clusters = new HashSet<>();
    for (int i = 0; i < tasks.size(); i++) {
      GracefulEvictionTask t = tasks.get(i);
      FieldPath p = path.index(i);
      if (!c.required(t, p)) {
        continue;
      }
      if (c.required(t.getFromCluster(), p.child("fromCluster"))) {
        c.dns1123Label(t.getFromCluster(), p.child("fromCluster"));
        if (!clusters.add(t.getFromCluster())) {
          c.add(FieldError.duplicate(p.child("fromCluster"), t.getFromCluster()));
        }
      }
      c.nonNegative(t.getReplicas(), p.child("replicas"));
      c.nonNegative(t.getGracePeriodSeconds(), p.child("gracePeriodSeconds"));
      c.oneOf(t.getPurgeMode(), PurgeMode.class, p.child("purgeMode"));
      c.timestamp(t.getCreationTimestamp(), p.child("creationTimestamp"));
    }
  }

  static void bindingStatus(Checks c, ResourceBindingStatus status) {
    if (status == null) {
      return;
    }
    c.nonNegative(status.getSchedulerObservedGeneration(), STATUS.child("schedulerObservedGeneration"));
    c.timestamp(status.getLastScheduledTime(), STATUS.child("lastScheduledTime"));
    conditions(c, status.getConditions(), STATUS.child("conditions"));
    c.nonNegative(status.getUnschedulableReplicas(), STATUS.child("unschedulableReplicas"));
    exclusions(c, status.getExcluded(), STATUS.child("excluded"));
    forEach(c, status.getAggregatedStatus(), STATUS.child("aggregatedStatus"), (AggregatedStatusItem a, FieldPath p) -> {
      c.required(a.getClusterName(), p.child("clusterName"));
      c.oneOf(a.getHealth(), ResourceHealth.class, p.child("health"));
    });
  }

  static void exclusions(Checks c, List<ClusterExclusion> excluded, FieldPath path) {
    forEach(c, excluded, path, (ClusterExclusion e, FieldPath p) -> {
      c.required(e.getName(), p.child("name"));
      c.required(e.getReason(), p.child("reason"));
    });
  }

  // ---- DNSRecordSet ----

  static void dnsRecordSetSpec(Checks c, DNSRecordSetSpec spec) {
    if (!c.required(spec, SPEC)) {
      return;
    }
    c.required(spec.getService(), SPEC.child("service"));
    forEach(c, spec.getEndpoints(), SPEC.child("endpoints"), (DNSRecord r, FieldPath p) -> {
      c.required(r.getDnsName(), p.child("dnsName"));
      if (c.required(r.getRecordType(), p.child("recordType"))
          && !DNSRecord.RECORD_TYPES.contains(r.getRecordType())) {
        c.add(FieldError.notSupported(p.child("recordType"), r.getRecordType(), DNSRecord.RECORD_TYPES));
      }
      if (c.required(r.getTargets(), p.child("targets")) && r.getTargets().isEmpty()) {
        c.add(FieldError.required(p.child("targets"), "at least one target"));
      }
      if (r.getRecordTTL() != null && r.getRecordTTL() < 0) {
        c.add(FieldError.invalid(p.child("recordTTL"), r.getRecordTTL(), Checks.NON_NEGATIVE));
      }
    });
  }

  // ---- Work ----

  static void workNamespace(Checks c, String namespace) {
    if (namespace != null && !namespace.isEmpty() && FlotillaApi.clusterOfExecutionNamespace(namespace) == null) {
      c.add(FieldError.invalid(FieldPath.root("metadata").child("namespace"), namespace,
          "a Work must live in an execution namespace, " + FlotillaApi.EXECUTION_NAMESPACE_PREFIX + "<cluster>"));
    }
  }

  static void workSpec(Checks c, WorkSpec spec) {
    if (!c.required(spec, SPEC)) {
      return;
    }
    FieldPath wp = SPEC.child("workload");
    if (!c.required(spec.getWorkload(), wp) || spec.getWorkload().getManifests() == null) {
      return;
    }
    List<GenericKubernetesResource> manifests = spec.getWorkload().getManifests();
    for (int i = 0; i < manifests.size(); i++) {
      GenericKubernetesResource m = manifests.get(i);
      FieldPath p = wp.child("manifests").index(i);
      if (!c.required(m, p)) {
        continue;
      }
      c.required(m.getApiVersion(), p.child("apiVersion"));
      c.required(m.getKind(), p.child("kind"));
      if (c.required(m.getMetadata(), p.child("metadata"))) {
        if (c.required(m.getMetadata().getName(), p.child("metadata").child("name"))) {
          for (String msg : NameValidation.isValidPathSegmentName(m.getMetadata().getName())) {
            c.add(FieldError.invalid(p.child("metadata").child("name"), m.getMetadata().getName(), msg));
          }
        }
        c.addAll(MetadataValidation.validateLabels(m.getMetadata().getLabels(),
            p.child("metadata").child("labels")));
      }
    }
  }

  static void workStatus(Checks c, WorkStatus status) {
    if (status == null) {
      return;
    }
    conditions(c, status.getConditions(), STATUS.child("conditions"));
    forEach(c, status.getManifestStatuses(), STATUS.child("manifestStatuses"), (ManifestStatus m, FieldPath p) -> {
      ResourceIdentifier id = m.getIdentifier();
      FieldPath ip = p.child("identifier");
      if (c.required(id, ip)) {
        if (c.required(id.getOrdinal(), ip.child("ordinal"))) {
          c.nonNegative(id.getOrdinal(), ip.child("ordinal"));
        }
        c.required(id.getVersion(), ip.child("version"));
        c.required(id.getKind(), ip.child("kind"));
        c.required(id.getName(), ip.child("name"));
      }
      c.oneOf(m.getHealth(), ResourceHealth.class, p.child("health"));
    });
  }

  // ---- PlacementPreview ----

  /**
   * The API's own checks of a preview (a missing replica count, cluster names as DNS-1123 labels, label and taint
   * syntax as for a Cluster, the current assignment as for a binding), then the engine's checks of the whole
   * request it maps to: replicas and mode, the placement, the clusters and the current assignment.
   */
  static void previewSpec(Checks c, PlacementPreviewSpec spec) {
    if (!c.required(spec, SPEC)) {
      return;
    }
    int first = c.errors().size();
    // The engine's replica count is an int: a missing one can only be seen here.
    c.required(spec.getReplicas(), SPEC.child("replicas"));
    PlacementValidation.placementSyntax(c, spec.getPlacement(), SPEC.child("placement"));
    forEach(c, spec.getClusters(), SPEC.child("clusters"), (PreviewCluster pc, FieldPath p) -> {
      if (pc.getName() != null && !pc.getName().isEmpty()) {
        c.dns1123Label(pc.getName(), p.child("name"));
      }
      c.addAll(MetadataValidation.validateLabels(pc.getLabels(), p.child("labels")));
      PlacementValidation.taints(c, pc.getTaints(), p.child("taints"));
    });
    targetClusters(c, spec.getCurrent(), SPEC.child("current"));
    EngineErrors.add(c, first, PlacementPolicyValidator.validateRequest(PlacementMapping.toRequest(spec)), "", SPEC,
        spec);
  }

  // ---- helpers ----

  interface ItemCheck<T> {
    void check(T item, FieldPath path);
  }

  static <T> void forEach(Checks c, List<T> items, FieldPath path, ItemCheck<T> check) {
    if (items == null) {
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      T item = items.get(i);
      if (c.required(item, path.index(i))) {
        check.check(item, path.index(i));
      }
    }
  }
}
