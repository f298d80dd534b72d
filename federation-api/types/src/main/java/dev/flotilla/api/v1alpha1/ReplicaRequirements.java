package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Objects;

/**
 * What one replica of the template requests.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"resourceRequest"})
public class ReplicaRequirements implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("resourceRequest")
  @JsonPropertyDescription("Resources one replica requests (resource name to quantity).")
  private Map<String, Quantity> resourceRequest;

  /** Creates an empty ReplicaRequirements; set fields with the setters. */
  public ReplicaRequirements() {
  }

  /** @return Resources one replica requests (resource name to quantity) */
  public Map<String, Quantity> getResourceRequest() {
    return resourceRequest;
  }

  /** @param resourceRequest Resources one replica requests (resource name to quantity) */
  public void setResourceRequest(Map<String, Quantity> resourceRequest) {
    this.resourceRequest = resourceRequest;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ReplicaRequirements that = (ReplicaRequirements) o;
    return Objects.equals(resourceRequest, that.resourceRequest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(resourceRequest);
  }

  @Override
  public String toString() {
    return "ReplicaRequirements{" + "resourceRequest=" + resourceRequest + "}";
  }
}
