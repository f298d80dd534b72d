package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.Objects;

/**
 * The state of the propagated resource in one member cluster (Karmada's {@code AggregatedStatusItem}).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"clusterName", "applied", "appliedMessage", "health", "status"})
public class AggregatedStatusItem implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("clusterName")
  @JsonPropertyDescription("Name of the member cluster.")
  @Required
  private String clusterName;

  @JsonProperty("applied")
  @JsonPropertyDescription("Whether the manifest was applied in the member.")
  private Boolean applied;

  @JsonProperty("appliedMessage")
  @JsonPropertyDescription("Why it was not applied, when applied is false.")
  private String appliedMessage;

  @JsonProperty("health")
  @JsonPropertyDescription("Healthy, Unhealthy or Unknown.")
  @SchemaFrom(type = ResourceHealth.class)
  private String health;

  @JsonProperty("status")
  @JsonPropertyDescription("The resource's status in the member, as reported (e.g. a Deployment's replicas and readyReplicas).")
  @PreserveUnknownFields
  private JsonNode status;

  /** Creates an empty AggregatedStatusItem; set fields with the setters. */
  public AggregatedStatusItem() {
  }

  /** @return Name of the member cluster */
  public String getClusterName() {
    return clusterName;
  }

  /** @param clusterName Name of the member cluster */
  public void setClusterName(String clusterName) {
    this.clusterName = clusterName;
  }

  /** @return Whether the manifest was applied in the member */
  public Boolean getApplied() {
    return applied;
  }

  /** @param applied Whether the manifest was applied in the member */
  public void setApplied(Boolean applied) {
    this.applied = applied;
  }

  /** @return Why it was not applied, when applied is false */
  public String getAppliedMessage() {
    return appliedMessage;
  }

  /** @param appliedMessage Why it was not applied, when applied is false */
  public void setAppliedMessage(String appliedMessage) {
    this.appliedMessage = appliedMessage;
  }

  /** @return Healthy, Unhealthy or Unknown */
  public String getHealth() {
    return health;
  }

  /** @param health Healthy, Unhealthy or Unknown */
  public void setHealth(String health) {
    this.health = health;
  }

  /** @return The resource's status in the member, as reported (e.g */
  public JsonNode getStatus() {
    return status;
  }

  /** @param status The resource's status in the member, as reported (e.g */
  public void setStatus(JsonNode status) {
    this.status = status;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    AggregatedStatusItem that = (AggregatedStatusItem) o;
    return Objects.equals(clusterName, that.clusterName)
        && Objects.equals(applied, that.applied)
        && Objects.equals(appliedMessage, that.appliedMessage)
        && Objects.equals(health, that.health)
        && Objects.equals(status, that.status);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clusterName, applied, appliedMessage, health, status);
  }

  @Override
  public String toString() {
    return "AggregatedStatusItem{" + "clusterName=" + clusterName + ", applied=" + applied + ", appliedMessage=" + appliedMessage + ", health=" + health + ", status=" + status + "}";
  }
}
