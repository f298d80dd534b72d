package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * What is propagated, how many replicas, where, and by which placement.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"resource", "replicas", "replicaRequirements", "clusters", "placement", "failover", "autoRebalance", "conflictResolution", "rescheduleTriggeredAt", "gracefulEvictionTasks"})
public class ResourceBindingSpec implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("resource")
  @JsonPropertyDescription("The resource template.")
  @Required
  private ResourceReference resource;

  @JsonProperty("replicas")
  @JsonPropertyDescription("Total desired replicas; unset for kinds without replicas.")
  @Min(0)
  private Integer replicas;

  @JsonProperty("replicaRequirements")
  @JsonPropertyDescription("What one replica requests, for capacity-aware placement.")
  private ReplicaRequirements replicaRequirements;

  @JsonProperty("clusters")
  @JsonPropertyDescription("The scheduling result: target clusters and their replicas.")
  private List<TargetCluster> clusters;

  @JsonProperty("placement")
  @JsonPropertyDescription("The placement, copied from the matched policy.")
  private Placement placement;

  @JsonProperty("failover")
  @JsonPropertyDescription("Failover behaviour, copied from the matched policy.")
  private FailoverBehavior failover;

  @JsonProperty("autoRebalance")
  @JsonPropertyDescription("autoRebalance, copied from the matched policy.")
  private Boolean autoRebalance;

  @JsonProperty("conflictResolution")
  @JsonPropertyDescription("Abort or Overwrite, copied from the matched policy.")
  @SchemaFrom(type = ConflictResolution.class)
  private String conflictResolution;

  @JsonProperty("rescheduleTriggeredAt")
  @JsonPropertyDescription("Set (RFC 3339) to ask for a fresh, full reschedule; honoured when later than status.lastScheduledTime.")
  private String rescheduleTriggeredAt;

  @JsonProperty("gracefulEvictionTasks")
  @JsonPropertyDescription("Clusters whose old replicas are kept while their replacements start elsewhere (after a failover, a drain or a rebalance); each entry goes once the binding's clusters are ready, or after its grace period. Written by the control plane.")
  private List<GracefulEvictionTask> gracefulEvictionTasks;

  /** Creates an empty ResourceBindingSpec; set fields with the setters. */
  public ResourceBindingSpec() {
  }

  /** @return The resource template */
  public ResourceReference getResource() {
    return resource;
  }

  /** @param resource The resource template */
  public void setResource(ResourceReference resource) {
    this.resource = resource;
  }

  /** @return Total desired replicas; unset for kinds without replicas */
  public Integer getReplicas() {
    return replicas;
  }

  /** @param replicas Total desired replicas; unset for kinds without replicas */
  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  /** @return What one replica requests, for capacity-aware placement */
  public ReplicaRequirements getReplicaRequirements() {
    return replicaRequirements;
  }

  /** @param replicaRequirements What one replica requests, for capacity-aware placement */
  public void setReplicaRequirements(ReplicaRequirements replicaRequirements) {
    this.replicaRequirements = replicaRequirements;
  }

  /** @return The scheduling result: target clusters and their replicas */
  public List<TargetCluster> getClusters() {
    return clusters;
  }

  /** @param clusters The scheduling result: target clusters and their replicas */
  public void setClusters(List<TargetCluster> clusters) {
    this.clusters = clusters;
  }

  /** @return The placement, copied from the matched policy */
  public Placement getPlacement() {
    return placement;
  }

  /** @param placement The placement, copied from the matched policy */
  public void setPlacement(Placement placement) {
    this.placement = placement;
  }

  /** @return Failover behaviour, copied from the matched policy */
  public FailoverBehavior getFailover() {
    return failover;
  }

  /** @param failover Failover behaviour, copied from the matched policy */
  public void setFailover(FailoverBehavior failover) {
    this.failover = failover;
  }

  /** @return autoRebalance, copied from the matched policy */
  public Boolean getAutoRebalance() {
    return autoRebalance;
  }

  /** @param autoRebalance autoRebalance, copied from the matched policy */
  public void setAutoRebalance(Boolean autoRebalance) {
    this.autoRebalance = autoRebalance;
  }

  /** @return Abort or Overwrite, copied from the matched policy */
  public String getConflictResolution() {
    return conflictResolution;
  }

  /** @param conflictResolution Abort or Overwrite, copied from the matched policy */
  public void setConflictResolution(String conflictResolution) {
    this.conflictResolution = conflictResolution;
  }

  /** @return Set (RFC 3339) to ask for a fresh, full reschedule; honoured when later than status.lastScheduledTime */
  public String getRescheduleTriggeredAt() {
    return rescheduleTriggeredAt;
  }

  /** @param rescheduleTriggeredAt Set (RFC 3339) to ask for a fresh, full reschedule; honoured when later than status.lastScheduledTime */
  public void setRescheduleTriggeredAt(String rescheduleTriggeredAt) {
    this.rescheduleTriggeredAt = rescheduleTriggeredAt;
  }

  /** @return the graceful eviction tasks in progress */
  public List<GracefulEvictionTask> getGracefulEvictionTasks() {
    return gracefulEvictionTasks;
  }

  /** @param gracefulEvictionTasks the graceful eviction tasks in progress */
  public void setGracefulEvictionTasks(List<GracefulEvictionTask> gracefulEvictionTasks) {
    this.gracefulEvictionTasks = gracefulEvictionTasks;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ResourceBindingSpec that = (ResourceBindingSpec) o;
    return Objects.equals(resource, that.resource)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(replicaRequirements, that.replicaRequirements)
        && Objects.equals(clusters, that.clusters)
        && Objects.equals(placement, that.placement)
        && Objects.equals(failover, that.failover)
        && Objects.equals(autoRebalance, that.autoRebalance)
        && Objects.equals(conflictResolution, that.conflictResolution)
        && Objects.equals(rescheduleTriggeredAt, that.rescheduleTriggeredAt)
        && Objects.equals(gracefulEvictionTasks, that.gracefulEvictionTasks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(resource, replicas, replicaRequirements, clusters, placement, failover, autoRebalance, conflictResolution, rescheduleTriggeredAt, gracefulEvictionTasks);
  }

  @Override
  public String toString() {
    return "ResourceBindingSpec{" + "resource=" + resource + ", replicas=" + replicas + ", replicaRequirements=" + replicaRequirements + ", clusters=" + clusters + ", placement=" + placement + ", failover=" + failover + ", autoRebalance=" + autoRebalance + ", conflictResolution=" + conflictResolution + ", rescheduleTriggeredAt=" + rescheduleTriggeredAt + ", gracefulEvictionTasks=" + gracefulEvictionTasks + "}";
  }
}
