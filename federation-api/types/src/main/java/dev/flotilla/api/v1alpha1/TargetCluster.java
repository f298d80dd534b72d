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
 * A cluster and the number of replicas it gets.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "replicas"})
public class TargetCluster implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("name")
  @JsonPropertyDescription("Name of the cluster.")
  @Required
  private String name;

  @JsonProperty("replicas")
  @JsonPropertyDescription("Replicas assigned to the cluster (for Duplicated: the full count; 0 or unset for kinds without replicas).")
  @Min(0)
  private Integer replicas;

  /** Creates an empty TargetCluster; set fields with the setters. */
  public TargetCluster() {
  }

  /**
   * Creates a target cluster.
   *
   * @param name the cluster name
   * @param replicas the replicas it gets
   */
  public TargetCluster(String name, Integer replicas) {
    this.name = name;
    this.replicas = replicas;
  }

  /** @return Name of the cluster */
  public String getName() {
    return name;
  }

  /** @param name Name of the cluster */
  public void setName(String name) {
    this.name = name;
  }

  /** @return Replicas assigned to the cluster (for Duplicated: the full count; 0 or unset for kinds without replicas) */
  public Integer getReplicas() {
    return replicas;
  }

  /** @param replicas Replicas assigned to the cluster (for Duplicated: the full count; 0 or unset for kinds without replicas) */
  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    TargetCluster that = (TargetCluster) o;
    return Objects.equals(name, that.name)
        && Objects.equals(replicas, that.replicas);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, replicas);
  }

  @Override
  public String toString() {
    return "TargetCluster{" + "name=" + name + ", replicas=" + replicas + "}";
  }
}
