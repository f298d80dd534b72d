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
 * A cluster the placement left out or capped, and why ("taint NoSchedule not tolerated", "capacity 3", ...).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "reason"})
public class ClusterExclusion implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("name")
  @JsonPropertyDescription("Name of the cluster.")
  @Required
  private String name;

  @JsonProperty("reason")
  @JsonPropertyDescription("Why the cluster was left out or capped.")
  @Required
  private String reason;

  /** Creates an empty ClusterExclusion; set fields with the setters. */
  public ClusterExclusion() {
  }

  /**
   * Creates an exclusion.
   *
   * @param name the cluster name
   * @param reason why it was left out or capped
   */
  public ClusterExclusion(String name, String reason) {
    this.name = name;
    this.reason = reason;
  }

  /** @return Name of the cluster */
  public String getName() {
    return name;
  }

  /** @param name Name of the cluster */
  public void setName(String name) {
    this.name = name;
  }

  /** @return Why the cluster was left out or capped */
  public String getReason() {
    return reason;
  }

  /** @param reason Why the cluster was left out or capped */
  public void setReason(String reason) {
    this.reason = reason;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ClusterExclusion that = (ClusterExclusion) o;
    return Objects.equals(name, that.name)
        && Objects.equals(reason, that.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, reason);
  }

  @Override
  public String toString() {
    return "ClusterExclusion{" + "name=" + name + ", reason=" + reason + "}";
  }
}
