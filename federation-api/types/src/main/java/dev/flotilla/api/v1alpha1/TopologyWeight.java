package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.Objects;

/**
 * The weight of one region or one zone in hierarchical weights (a Flotilla addition).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "weight"})
public class TopologyWeight implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("name")
  @JsonPropertyDescription("The region or zone name, as in the topology.kubernetes.io/region or /zone label.")
  @Required
  private String name;

  @JsonProperty("weight")
  @JsonPropertyDescription("Relative weight among its siblings, 0 or more.")
  @Required
  @Min(0)
  private Long weight;

  /** Creates an empty TopologyWeight; set fields with the setters. */
  public TopologyWeight() {
  }

  /** @return The region or zone name, as in the topology.kubernetes.io/region or /zone label */
  public String getName() {
    return name;
  }

  /** @param name The region or zone name, as in the topology.kubernetes.io/region or /zone label */
  public void setName(String name) {
    this.name = name;
  }

  /** @return Relative weight among its siblings, 0 or more */
  public Long getWeight() {
    return weight;
  }

  /** @param weight Relative weight among its siblings, 0 or more */
  public void setWeight(Long weight) {
    this.weight = weight;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    TopologyWeight that = (TopologyWeight) o;
    return Objects.equals(name, that.name)
        && Objects.equals(weight, that.weight);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, weight);
  }

  @Override
  public String toString() {
    return "TopologyWeight{" + "name=" + name + ", weight=" + weight + "}";
  }
}
