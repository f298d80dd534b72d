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
 * Identifies one manifest of a Work (Karmada's {@code ResourceIdentifier}).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"ordinal", "group", "version", "kind", "namespace", "name"})
public class ResourceIdentifier implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("ordinal")
  @JsonPropertyDescription("Index of the manifest in spec.workload.manifests.")
  @Required
  @Min(0)
  private Integer ordinal;

  @JsonProperty("group")
  @JsonPropertyDescription("API group of the manifest; empty for the core group.")
  private String group;

  @JsonProperty("version")
  @JsonPropertyDescription("API version of the manifest.")
  @Required
  private String version;

  @JsonProperty("kind")
  @JsonPropertyDescription("Kind of the manifest.")
  @Required
  private String kind;

  @JsonProperty("namespace")
  @JsonPropertyDescription("Namespace of the manifest; empty for cluster-scoped objects.")
  private String namespace;

  @JsonProperty("name")
  @JsonPropertyDescription("Name of the manifest.")
  @Required
  private String name;

  /** Creates an empty ResourceIdentifier; set fields with the setters. */
  public ResourceIdentifier() {
  }

  /** @return Index of the manifest in spec.workload.manifests */
  public Integer getOrdinal() {
    return ordinal;
  }

  /** @param ordinal Index of the manifest in spec.workload.manifests */
  public void setOrdinal(Integer ordinal) {
    this.ordinal = ordinal;
  }

  /** @return API group of the manifest; empty for the core group */
  public String getGroup() {
    return group;
  }

  /** @param group API group of the manifest; empty for the core group */
  public void setGroup(String group) {
    this.group = group;
  }

  /** @return API version of the manifest */
  public String getVersion() {
    return version;
  }

  /** @param version API version of the manifest */
  public void setVersion(String version) {
    this.version = version;
  }

  /** @return Kind of the manifest */
  public String getKind() {
    return kind;
  }

  /** @param kind Kind of the manifest */
  public void setKind(String kind) {
    this.kind = kind;
  }

  /** @return Namespace of the manifest; empty for cluster-scoped objects */
  public String getNamespace() {
    return namespace;
  }

  /** @param namespace Namespace of the manifest; empty for cluster-scoped objects */
  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  /** @return Name of the manifest */
  public String getName() {
    return name;
  }

  /** @param name Name of the manifest */
  public void setName(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ResourceIdentifier that = (ResourceIdentifier) o;
    return Objects.equals(ordinal, that.ordinal)
        && Objects.equals(group, that.group)
        && Objects.equals(version, that.version)
        && Objects.equals(kind, that.kind)
        && Objects.equals(namespace, that.namespace)
        && Objects.equals(name, that.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ordinal, group, version, kind, namespace, name);
  }

  @Override
  public String toString() {
    return "ResourceIdentifier{" + "ordinal=" + ordinal + ", group=" + group + ", version=" + version + ", kind=" + kind + ", namespace=" + namespace + ", name=" + name + "}";
  }
}
