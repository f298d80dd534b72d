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
 * The status of a policy kind: which generation the controllers have seen and their conditions.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"observedGeneration", "conditions"})
public class PolicyStatus implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("observedGeneration")
  @JsonPropertyDescription("The metadata.generation the controllers last acted on.")
  private Long observedGeneration;

  @JsonProperty("conditions")
  @JsonPropertyDescription("Conditions of the policy, Kubernetes-style.")
  private List<Condition> conditions;

  /** Creates an empty PolicyStatus; set fields with the setters. */
  public PolicyStatus() {
  }

  /** @return The metadata.generation the controllers last acted on */
  public Long getObservedGeneration() {
    return observedGeneration;
  }

  /** @param observedGeneration The metadata.generation the controllers last acted on */
  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  /** @return Conditions of the policy, Kubernetes-style */
  public List<Condition> getConditions() {
    return conditions;
  }

  /** @param conditions Conditions of the policy, Kubernetes-style */
  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    PolicyStatus that = (PolicyStatus) o;
    return Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions);
  }

  @Override
  public String toString() {
    return "PolicyStatus{" + "observedGeneration=" + observedGeneration + ", conditions=" + conditions + "}";
  }
}
