package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.Objects;

/**
 * One named group of an ordered list of fallback cluster groups ({@code placement.clusterAffinities}).
 * The scheduler uses the first group that can hold the workload and moves to the next only when it cannot.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"affinityName"})
public class ClusterAffinityTerm extends ClusterAffinity {

  private static final long serialVersionUID = 1L;

  @JsonProperty("affinityName")
  @JsonPropertyDescription("Name of this group, unique within the list.")
  @Required
  private String affinityName;

  /** Creates an empty ClusterAffinityTerm; set fields with the setters. */
  public ClusterAffinityTerm() {
  }

  /** @return Name of this group, unique within the list */
  public String getAffinityName() {
    return affinityName;
  }

  /** @param affinityName Name of this group, unique within the list */
  public void setAffinityName(String affinityName) {
    this.affinityName = affinityName;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    if (!super.equals(o)) {
      return false;
    }
    ClusterAffinityTerm that = (ClusterAffinityTerm) o;
    return Objects.equals(affinityName, that.affinityName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), affinityName);
  }

  @Override
  public String toString() {
    return "ClusterAffinityTerm{" + "affinityName=" + affinityName + ", " + super.toString() + "}";
  }
}
