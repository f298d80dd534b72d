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
 * Identifies the resource template a binding propagates (Karmada's {@code ObjectReference}).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"apiVersion", "kind", "namespace", "name", "uid", "resourceVersion"})
public class ResourceReference implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("apiVersion")
  @JsonPropertyDescription("API version of the template.")
  @Required
  private String apiVersion;

  @JsonProperty("kind")
  @JsonPropertyDescription("Kind of the template.")
  @Required
  private String kind;

  @JsonProperty("namespace")
  @JsonPropertyDescription("Namespace of the template; empty for cluster-scoped templates.")
  private String namespace;

  @JsonProperty("name")
  @JsonPropertyDescription("Name of the template.")
  @Required
  private String name;

  @JsonProperty("uid")
  @JsonPropertyDescription("UID of the template, to tell a re-created template from the old one.")
  private String uid;

  @JsonProperty("resourceVersion")
  @JsonPropertyDescription("resourceVersion of the template last rendered.")
  private String resourceVersion;

  /** Creates an empty ResourceReference; set fields with the setters. */
  public ResourceReference() {
  }

  /** @return API version of the template */
  public String getApiVersion() {
    return apiVersion;
  }

  /** @param apiVersion API version of the template */
  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  /** @return Kind of the template */
  public String getKind() {
    return kind;
  }

  /** @param kind Kind of the template */
  public void setKind(String kind) {
    this.kind = kind;
  }

  /** @return Namespace of the template; empty for cluster-scoped templates */
  public String getNamespace() {
    return namespace;
  }

  /** @param namespace Namespace of the template; empty for cluster-scoped templates */
  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  /** @return Name of the template */
  public String getName() {
    return name;
  }

  /** @param name Name of the template */
  public void setName(String name) {
    this.name = name;
  }

  /** @return UID of the template, to tell a re-created template from the old one */
  public String getUid() {
    return uid;
  }

  /** @param uid UID of the template, to tell a re-created template from the old one */
  public void setUid(String uid) {
    this.uid = uid;
  }

  /** @return resourceVersion of the template last rendered */
  public String getResourceVersion() {
    return resourceVersion;
  }

  /** @param resourceVersion resourceVersion of the template last rendered */
  public void setResourceVersion(String resourceVersion) {
    this.resourceVersion = resourceVersion;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ResourceReference that = (ResourceReference) o;
    return Objects.equals(apiVersion, that.apiVersion)
        && Objects.equals(kind, that.kind)
        && Objects.equals(namespace, that.namespace)
        && Objects.equals(name, that.name)
        && Objects.equals(uid, that.uid)
        && Objects.equals(resourceVersion, that.resourceVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(apiVersion, kind, namespace, name, uid, resourceVersion);
  }

  @Override
  public String toString() {
    return "ResourceReference{" + "apiVersion=" + apiVersion + ", kind=" + kind + ", namespace=" + namespace + ", name=" + name + ", uid=" + uid + ", resourceVersion=" + resourceVersion + "}";
  }
}
