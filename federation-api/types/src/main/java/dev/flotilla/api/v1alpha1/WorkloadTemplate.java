package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * The manifests a Work applies in its member cluster (Karmada's {@code WorkloadTemplate}).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"manifests"})
public class WorkloadTemplate implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("manifests")
  @JsonPropertyDescription("Complete Kubernetes objects to apply in the member, each with apiVersion, kind and metadata.name.")
  @SchemaFrom(type = ManifestSchema[].class)
  private List<GenericKubernetesResource> manifests;

  /** Creates an empty WorkloadTemplate; set fields with the setters. */
  public WorkloadTemplate() {
  }

  /** @return Complete Kubernetes objects to apply in the member, each with apiVersion, kind and metadata.name */
  public List<GenericKubernetesResource> getManifests() {
    return manifests;
  }

  /** @param manifests Complete Kubernetes objects to apply in the member, each with apiVersion, kind and metadata.name */
  public void setManifests(List<GenericKubernetesResource> manifests) {
    this.manifests = manifests;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    WorkloadTemplate that = (WorkloadTemplate) o;
    return Objects.equals(manifests, that.manifests);
  }

  @Override
  public int hashCode() {
    return Objects.hash(manifests);
  }

  @Override
  public String toString() {
    return "WorkloadTemplate{" + "manifests=" + manifests + "}";
  }
}
