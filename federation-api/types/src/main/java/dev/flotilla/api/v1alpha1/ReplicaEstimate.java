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
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Objects;

/**
 * The agent's estimate of how many more replicas of a given per-replica request fit in the member cluster, computed
 * node by node (so fragmentation counts, unlike {@link ResourceSummary#estimateReplicas}).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"resourceRequest", "availableReplicas"})
public class ReplicaEstimate implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("resourceRequest")
  @JsonPropertyDescription("Resources requested by one replica (resource name to quantity).")
  @Required
  private Map<String, Quantity> resourceRequest;

  @JsonProperty("availableReplicas")
  @JsonPropertyDescription("How many more such replicas fit.")
  @Required
  @Min(0)
  private Long availableReplicas;

  /** Creates an empty ReplicaEstimate; set fields with the setters. */
  public ReplicaEstimate() {
  }

  /** @return Resources requested by one replica (resource name to quantity) */
  public Map<String, Quantity> getResourceRequest() {
    return resourceRequest;
  }

  /** @param resourceRequest Resources requested by one replica (resource name to quantity) */
  public void setResourceRequest(Map<String, Quantity> resourceRequest) {
    this.resourceRequest = resourceRequest;
  }

  /** @return How many more such replicas fit */
  public Long getAvailableReplicas() {
    return availableReplicas;
  }

  /** @param availableReplicas How many more such replicas fit */
  public void setAvailableReplicas(Long availableReplicas) {
    this.availableReplicas = availableReplicas;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ReplicaEstimate that = (ReplicaEstimate) o;
    return Objects.equals(resourceRequest, that.resourceRequest)
        && Objects.equals(availableReplicas, that.availableReplicas);
  }

  @Override
  public int hashCode() {
    return Objects.hash(resourceRequest, availableReplicas);
  }

  @Override
  public String toString() {
    return "ReplicaEstimate{" + "resourceRequest=" + resourceRequest + ", availableReplicas=" + availableReplicas + "}";
  }
}
