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
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Objects;

/**
 * Selects resource templates a policy applies to (Karmada's {@code ResourceSelector}).
 * A template matches when apiVersion and kind match and, if given, namespace and name; when no name is given,
 * the label selector (if any) must match the template's labels.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"apiVersion", "kind", "namespace", "name", "labelSelector"})
public class ResourceSelector implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("apiVersion")
  @JsonPropertyDescription("API version of the target resources, e.g. apps/v1.")
  @Required
  private String apiVersion;

  @JsonProperty("kind")
  @JsonPropertyDescription("Kind of the target resources, e.g. Deployment.")
  @Required
  private String kind;

  @JsonProperty("namespace")
  @JsonPropertyDescription("Namespace of the target resources. Empty means all namespaces (ClusterPropagationPolicy) or the policy's own namespace (namespaced policies).")
  private String namespace;

  @JsonProperty("name")
  @JsonPropertyDescription("Name of the target resource. Empty means all resources of the kind that match labelSelector.")
  private String name;

  @JsonProperty("labelSelector")
  @JsonPropertyDescription("Label query over the target resources; ignored when name is set.")
  private LabelSelector labelSelector;

  /** Creates an empty ResourceSelector; set fields with the setters. */
  public ResourceSelector() {
  }

  /** @return API version of the target resources, e.g */
  public String getApiVersion() {
    return apiVersion;
  }

  /** @param apiVersion API version of the target resources, e.g */
  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  /** @return Kind of the target resources, e.g */
  public String getKind() {
    return kind;
  }

  /** @param kind Kind of the target resources, e.g */
  public void setKind(String kind) {
    this.kind = kind;
  }

  /** @return Namespace of the target resources */
  public String getNamespace() {
    return namespace;
  }

  /** @param namespace Namespace of the target resources */
  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  /** @return Name of the target resource */
  public String getName() {
    return name;
  }

  /** @param name Name of the target resource */
  public void setName(String name) {
    this.name = name;
  }

  /** @return Label query over the target resources; ignored when name is set */
  public LabelSelector getLabelSelector() {
    return labelSelector;
  }

  /** @param labelSelector Label query over the target resources; ignored when name is set */
  public void setLabelSelector(LabelSelector labelSelector) {
    this.labelSelector = labelSelector;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ResourceSelector that = (ResourceSelector) o;
    return Objects.equals(apiVersion, that.apiVersion)
        && Objects.equals(kind, that.kind)
        && Objects.equals(namespace, that.namespace)
        && Objects.equals(name, that.name)
        && Objects.equals(labelSelector, that.labelSelector);
  }

  @Override
  public int hashCode() {
    return Objects.hash(apiVersion, kind, namespace, name, labelSelector);
  }

  @Override
  public String toString() {
    return "ResourceSelector{" + "apiVersion=" + apiVersion + ", kind=" + kind + ", namespace=" + namespace + ", name=" + name + ", labelSelector=" + labelSelector + "}";
  }
}
