package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * The status of a member Cluster, reported by its agent (pull) or the control plane (push).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"conditions", "kubernetesVersion", "lastHeartbeatTime", "nodeSummary", "resourceSummary", "replicaEstimates"})
public class ClusterStatus implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("conditions")
  @JsonPropertyDescription("Conditions; type Ready with status True, False or Unknown says whether the cluster is healthy.")
  private List<Condition> conditions;

  @JsonProperty("kubernetesVersion")
  @JsonPropertyDescription("The member's Kubernetes version, e.g. v1.31.2.")
  private String kubernetesVersion;

  @JsonProperty("lastHeartbeatTime")
  @JsonPropertyDescription("When the agent last reported (RFC 3339).")
  private String lastHeartbeatTime;

  @JsonProperty("nodeSummary")
  @JsonPropertyDescription("Node counts.")
  private NodeSummary nodeSummary;

  @JsonProperty("resourceSummary")
  @JsonPropertyDescription("Allocatable, allocated and allocating resources summed over nodes.")
  private ResourceSummary resourceSummary;

  @JsonProperty("replicaEstimates")
  @JsonPropertyDescription("Per-request estimates of how many more replicas fit, for the requests of the workloads the agent knows.")
  private List<ReplicaEstimate> replicaEstimates;

  /** Creates an empty ClusterStatus; set fields with the setters. */
  public ClusterStatus() {
  }

  /** @return Conditions; type Ready with status True, False or Unknown says whether the cluster is healthy */
  public List<Condition> getConditions() {
    return conditions;
  }

  /** @param conditions Conditions; type Ready with status True, False or Unknown says whether the cluster is healthy */
  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /** @return The member's Kubernetes version, e.g */
  public String getKubernetesVersion() {
    return kubernetesVersion;
  }

  /** @param kubernetesVersion The member's Kubernetes version, e.g */
  public void setKubernetesVersion(String kubernetesVersion) {
    this.kubernetesVersion = kubernetesVersion;
  }

  /** @return When the agent last reported (RFC 3339) */
  public String getLastHeartbeatTime() {
    return lastHeartbeatTime;
  }

  /** @param lastHeartbeatTime When the agent last reported (RFC 3339) */
  public void setLastHeartbeatTime(String lastHeartbeatTime) {
    this.lastHeartbeatTime = lastHeartbeatTime;
  }

  /** @return Node counts */
  public NodeSummary getNodeSummary() {
    return nodeSummary;
  }

  /** @param nodeSummary Node counts */
  public void setNodeSummary(NodeSummary nodeSummary) {
    this.nodeSummary = nodeSummary;
  }

  /** @return Allocatable, allocated and allocating resources summed over nodes */
  public ResourceSummary getResourceSummary() {
    return resourceSummary;
  }

  /** @param resourceSummary Allocatable, allocated and allocating resources summed over nodes */
  public void setResourceSummary(ResourceSummary resourceSummary) {
    this.resourceSummary = resourceSummary;
  }

  /** @return Per-request estimates of how many more replicas fit, for the requests of the workloads the agent knows */
  public List<ReplicaEstimate> getReplicaEstimates() {
    return replicaEstimates;
  }

  /** @param replicaEstimates Per-request estimates of how many more replicas fit, for the requests of the workloads the agent knows */
  public void setReplicaEstimates(List<ReplicaEstimate> replicaEstimates) {
    this.replicaEstimates = replicaEstimates;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ClusterStatus that = (ClusterStatus) o;
    return Objects.equals(conditions, that.conditions)
        && Objects.equals(kubernetesVersion, that.kubernetesVersion)
        && Objects.equals(lastHeartbeatTime, that.lastHeartbeatTime)
        && Objects.equals(nodeSummary, that.nodeSummary)
        && Objects.equals(resourceSummary, that.resourceSummary)
        && Objects.equals(replicaEstimates, that.replicaEstimates);
  }

  @Override
  public int hashCode() {
    return Objects.hash(conditions, kubernetesVersion, lastHeartbeatTime, nodeSummary, resourceSummary, replicaEstimates);
  }

  @Override
  public String toString() {
    return "ClusterStatus{" + "conditions=" + conditions + ", kubernetesVersion=" + kubernetesVersion + ", lastHeartbeatTime=" + lastHeartbeatTime + ", nodeSummary=" + nodeSummary + ", resourceSummary=" + resourceSummary + ", replicaEstimates=" + replicaEstimates + "}";
  }
}
