package dev.flotilla.api;

import java.util.List;

/**
 * Names of the Flotilla API: its group and version, the kinds it serves, and the label keys and namespaces
 * the components agree on.
 */
public final class FlotillaApi {

  /** The API group of every Flotilla kind. */
  public static final String GROUP = "flotilla.dev";
  /** The one served version. */
  public static final String VERSION = "v1alpha1";
  /** {@code flotilla.dev/v1alpha1}, as written in an object's apiVersion. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Kind names. */
  public static final String KIND_CLUSTER = "Cluster";
  /** Kind name of the namespaced propagation policy. */
  public static final String KIND_PROPAGATION_POLICY = "PropagationPolicy";
  /** Kind name of the cluster-scoped propagation policy. */
  public static final String KIND_CLUSTER_PROPAGATION_POLICY = "ClusterPropagationPolicy";
  /** Kind name of the namespaced override policy. */
  public static final String KIND_OVERRIDE_POLICY = "OverridePolicy";
  /** Kind name of the cluster-scoped override policy. */
  public static final String KIND_CLUSTER_OVERRIDE_POLICY = "ClusterOverridePolicy";
  /** Kind name of the binding of a namespaced template. */
  public static final String KIND_RESOURCE_BINDING = "ResourceBinding";
  /** Kind name of the binding of a cluster-scoped template. */
  public static final String KIND_CLUSTER_RESOURCE_BINDING = "ClusterResourceBinding";
  /** Kind name of the per-(template, cluster) manifests. */
  public static final String KIND_WORK = "Work";
  /** Kind name of the review-style placement question. */
  public static final String KIND_PLACEMENT_PREVIEW = "PlacementPreview";
  /** Kind name of a Service's federated DNS records. */
  public static final String KIND_DNS_RECORD_SET = "DNSRecordSet";

  /** Every Flotilla kind, in a stable order. */
  public static final List<String> KINDS = List.of(KIND_CLUSTER, KIND_PROPAGATION_POLICY,
      KIND_CLUSTER_PROPAGATION_POLICY, KIND_OVERRIDE_POLICY, KIND_CLUSTER_OVERRIDE_POLICY, KIND_RESOURCE_BINDING,
      KIND_CLUSTER_RESOURCE_BINDING, KIND_WORK, KIND_PLACEMENT_PREVIEW, KIND_DNS_RECORD_SET);

  /** The well-known region label, on Cluster objects (and on member Nodes). */
  public static final String LABEL_REGION = "topology.kubernetes.io/region";
  /** The well-known zone label, on Cluster objects (and on member Nodes). */
  public static final String LABEL_ZONE = "topology.kubernetes.io/zone";

  /**
   * Key of the NoSchedule taint a cluster that is not Ready carries for placement (the placement engine's
   * {@code ClusterInfo.NOT_READY_TAINT_KEY}); tolerate it to place there anyway.
   */
  public static final String TAINT_NOT_READY = dev.flotilla.placement.ClusterInfo.NOT_READY_TAINT_KEY;
  /** Key of the NoSchedule taint a cordoned Cluster ({@code spec.unschedulable: true}) carries for placement. */
  public static final String TAINT_UNSCHEDULABLE = "cluster." + GROUP + "/unschedulable";
  /**
   * Key of the taints (NoSchedule and NoExecute) the control plane puts on a Cluster whose agent stopped renewing
   * its lease: Ready is Unknown.
   */
  public static final String TAINT_UNREACHABLE = "cluster." + GROUP + "/unreachable";
  /** Key of the NoExecute taint on a Cluster being drained ({@code spec.drain: true}): every replica moves away. */
  public static final String TAINT_DRAINING = "cluster." + GROUP + "/draining";

  /** On a Work and on what an agent applies: the member cluster's name. */
  public static final String LABEL_CLUSTER = GROUP + "/cluster";
  /** On what an agent applies in a member: marks it as Flotilla's, value {@link #MANAGED_BY_VALUE}. */
  public static final String LABEL_MANAGED_BY = GROUP + "/managed-by";
  /** The value of {@link #LABEL_MANAGED_BY}. */
  public static final String MANAGED_BY_VALUE = "flotilla";
  /** On what an agent applies in a member: the namespace of the Work it came from. */
  public static final String LABEL_WORK_NAMESPACE = GROUP + "/work-namespace";
  /** On what an agent applies in a member: the name of the Work it came from. */
  public static final String LABEL_WORK_NAME = GROUP + "/work-name";
  /** On a Work: the name of the ResourceBinding (or ClusterResourceBinding) it renders. */
  public static final String LABEL_BINDING_NAME = GROUP + "/binding-name";
  /** On a Work: the namespace of the ResourceBinding it renders (absent for a ClusterResourceBinding). */
  public static final String LABEL_BINDING_NAMESPACE = GROUP + "/binding-namespace";
  /** On a resource template: the name of the PropagationPolicy chosen for it. */
  public static final String LABEL_PROPAGATION_POLICY_NAME = GROUP + "/propagation-policy-name";
  /** On a resource template: the namespace of the PropagationPolicy chosen for it. */
  public static final String LABEL_PROPAGATION_POLICY_NAMESPACE = GROUP + "/propagation-policy-namespace";
  /** On a resource template: the name of the ClusterPropagationPolicy chosen for it. */
  public static final String LABEL_CLUSTER_PROPAGATION_POLICY_NAME = GROUP + "/cluster-propagation-policy-name";

  /** Prefix of a member cluster's execution namespace on the control plane, where its Works live. */
  public static final String EXECUTION_NAMESPACE_PREFIX = "flotilla-es-";
  /**
   * Longest Cluster name: the execution namespace {@code flotilla-es-<cluster>} must still be a DNS-1123 label
   * of at most 63 characters.
   */
  public static final int MAX_CLUSTER_NAME_LENGTH = 63 - EXECUTION_NAMESPACE_PREFIX.length();

  private FlotillaApi() {
  }

  /**
   * The execution namespace of a member cluster.
   *
   * @param clusterName the Cluster's name
   * @return {@code flotilla-es-<clusterName>}
   */
  public static String executionNamespace(String clusterName) {
    return EXECUTION_NAMESPACE_PREFIX + clusterName;
  }

  /**
   * The cluster an execution namespace belongs to.
   *
   * @param namespace a namespace name
   * @return the cluster name, or null when the namespace is not an execution namespace
   */
  public static String clusterOfExecutionNamespace(String namespace) {
    if (namespace == null || !namespace.startsWith(EXECUTION_NAMESPACE_PREFIX)
        || namespace.length() == EXECUTION_NAMESPACE_PREFIX.length()) {
      return null;
    }
    return namespace.substring(EXECUTION_NAMESPACE_PREFIX.length());
  }
}
