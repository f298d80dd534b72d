package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * Scheduling result details and the federation-wide state of the resource.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"schedulerObservedGeneration", "lastScheduledTime", "conditions", "unschedulableReplicas", "excluded", "aggregatedStatus"})
public class ResourceBindingStatus implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("schedulerObservedGeneration")
  @JsonPropertyDescription("The metadata.generation the scheduler last acted on.")
  private Long schedulerObservedGeneration;

  @JsonProperty("lastScheduledTime")
  @JsonPropertyDescription("When the binding was last scheduled (RFC 3339).")
  private String lastScheduledTime;

  @JsonProperty("conditions")
  @JsonPropertyDescription("Conditions: Scheduled, FullyApplied.")
  private List<Condition> conditions;

  @JsonProperty("unschedulableReplicas")
  @JsonPropertyDescription("Replicas that fit in no cluster.")
  @Min(0)
  private Integer unschedulableReplicas;

  @JsonProperty("excluded")
  @JsonPropertyDescription("Clusters left out or capped, with the reason.")
  private List<ClusterExclusion> excluded;

  @JsonProperty("aggregatedStatus")
  @JsonPropertyDescription("The resource's state in each target cluster.")
  private List<AggregatedStatusItem> aggregatedStatus;

  /** Creates an empty ResourceBindingStatus; set fields with the setters. */
  public ResourceBindingStatus() {
  }

  /** @return The metadata.generation the scheduler last acted on */
  public Long getSchedulerObservedGeneration() {
    return schedulerObservedGeneration;
  }

  /** @param schedulerObservedGeneration The metadata.generation the scheduler last acted on */
  public void setSchedulerObservedGeneration(Long schedulerObservedGeneration) {
    this.schedulerObservedGeneration = schedulerObservedGeneration;
  }

  /** @return When the binding was last scheduled (RFC 3339) */
  public String getLastScheduledTime() {
    return lastScheduledTime;
  }

  /** @param lastScheduledTime When the binding was last scheduled (RFC 3339) */
  public void setLastScheduledTime(String lastScheduledTime) {
    this.lastScheduledTime = lastScheduledTime;
  }

  /** @return Conditions: Scheduled, FullyApplied */
  public List<Condition> getConditions() {
    return conditions;
  }

  /** @param conditions Conditions: Scheduled, FullyApplied */
  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /** @return Replicas that fit in no cluster */
  public Integer getUnschedulableReplicas() {
    return unschedulableReplicas;
  }

  /** @param unschedulableReplicas Replicas that fit in no cluster */
  public void setUnschedulableReplicas(Integer unschedulableReplicas) {
    this.unschedulableReplicas = unschedulableReplicas;
  }

  /** @return Clusters left out or capped, with the reason */
  public List<ClusterExclusion> getExcluded() {
    return excluded;
  }

  /** @param excluded Clusters left out or capped, with the reason */
  public void setExcluded(List<ClusterExclusion> excluded) {
    this.excluded = excluded;
  }

  /** @return The resource's state in each target cluster */
  public List<AggregatedStatusItem> getAggregatedStatus() {
    return aggregatedStatus;
  }

  /** @param aggregatedStatus The resource's state in each target cluster */
  public void setAggregatedStatus(List<AggregatedStatusItem> aggregatedStatus) {
    this.aggregatedStatus = aggregatedStatus;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ResourceBindingStatus that = (ResourceBindingStatus) o;
    return Objects.equals(schedulerObservedGeneration, that.schedulerObservedGeneration)
        && Objects.equals(lastScheduledTime, that.lastScheduledTime)
        && Objects.equals(conditions, that.conditions)
        && Objects.equals(unschedulableReplicas, that.unschedulableReplicas)
        && Objects.equals(excluded, that.excluded)
        && Objects.equals(aggregatedStatus, that.aggregatedStatus);
  }

  @Override
  public int hashCode() {
    return Objects.hash(schedulerObservedGeneration, lastScheduledTime, conditions, unschedulableReplicas, excluded, aggregatedStatus);
  }

  @Override
  public String toString() {
    return "ResourceBindingStatus{" + "schedulerObservedGeneration=" + schedulerObservedGeneration + ", lastScheduledTime=" + lastScheduledTime + ", conditions=" + conditions + ", unschedulableReplicas=" + unschedulableReplicas + ", excluded=" + excluded + ", aggregatedStatus=" + aggregatedStatus + "}";
  }
}
