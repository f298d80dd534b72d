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
 * The state of one manifest of a Work in the member cluster (Karmada's {@code ManifestStatus}).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"identifier", "status", "health"})
public class ManifestStatus implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("identifier")
  @JsonPropertyDescription("Which manifest.")
  @Required
  private ResourceIdentifier identifier;

  @JsonProperty("status")
  @JsonPropertyDescription("The object's status in the member, as the agent reads it.")
  @PreserveUnknownFields
  private JsonNode status;

  @JsonProperty("health")
  @JsonPropertyDescription("Healthy, Unhealthy or Unknown.")
  @SchemaFrom(type = ResourceHealth.class)
  private String health;

  /** Creates an empty ManifestStatus; set fields with the setters. */
  public ManifestStatus() {
  }

  /** @return Which manifest */
  public ResourceIdentifier getIdentifier() {
    return identifier;
  }

  /** @param identifier Which manifest */
  public void setIdentifier(ResourceIdentifier identifier) {
    this.identifier = identifier;
  }

  /** @return The object's status in the member, as the agent reads it */
  public JsonNode getStatus() {
    return status;
  }

  /** @param status The object's status in the member, as the agent reads it */
  public void setStatus(JsonNode status) {
    this.status = status;
  }

  /** @return Healthy, Unhealthy or Unknown */
  public String getHealth() {
    return health;
  }

  /** @param health Healthy, Unhealthy or Unknown */
  public void setHealth(String health) {
    this.health = health;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ManifestStatus that = (ManifestStatus) o;
    return Objects.equals(identifier, that.identifier)
        && Objects.equals(status, that.status)
        && Objects.equals(health, that.health);
  }

  @Override
  public int hashCode() {
    return Objects.hash(identifier, status, health);
  }

  @Override
  public String toString() {
    return "ManifestStatus{" + "identifier=" + identifier + ", status=" + status + ", health=" + health + "}";
  }
}
