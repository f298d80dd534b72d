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
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A hypothetical cluster for a PlacementPreview.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "labels", "taints", "ready", "availableReplicas", "provider"})
public class PreviewCluster implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("name")
  @JsonPropertyDescription("Name of the cluster.")
  @Required
  private String name;

  @JsonProperty("labels")
  @JsonPropertyDescription("Labels, including topology.kubernetes.io/region and /zone.")
  private Map<String, String> labels;

  @JsonProperty("taints")
  @JsonPropertyDescription("Taints of the cluster.")
  private List<Taint> taints;

  @JsonProperty("ready")
  @JsonPropertyDescription("Whether the cluster is Ready. Defaults to true. A cluster that is not ready carries the taint cluster.flotilla.dev/not-ready:NoSchedule.")
  private Boolean ready;

  @JsonProperty("availableReplicas")
  @JsonPropertyDescription("How many more replicas fit; unset means no limit is known.")
  @Min(0)
  private Long availableReplicas;

  @JsonProperty("provider")
  @JsonPropertyDescription("Provider, for fieldSelector key provider.")
  private String provider;

  /** Creates an empty PreviewCluster; set fields with the setters. */
  public PreviewCluster() {
  }

  /** @return Name of the cluster */
  public String getName() {
    return name;
  }

  /** @param name Name of the cluster */
  public void setName(String name) {
    this.name = name;
  }

  /** @return Labels, including topology.kubernetes.io/region and /zone */
  public Map<String, String> getLabels() {
    return labels;
  }

  /** @param labels Labels, including topology.kubernetes.io/region and /zone */
  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  /** @return Taints of the cluster */
  public List<Taint> getTaints() {
    return taints;
  }

  /** @param taints Taints of the cluster */
  public void setTaints(List<Taint> taints) {
    this.taints = taints;
  }

  /** @return Whether the cluster is Ready */
  public Boolean getReady() {
    return ready;
  }

  /** @param ready Whether the cluster is Ready */
  public void setReady(Boolean ready) {
    this.ready = ready;
  }

  /** @return How many more replicas fit; unset means no limit is known */
  public Long getAvailableReplicas() {
    return availableReplicas;
  }

  /** @param availableReplicas How many more replicas fit; unset means no limit is known */
  public void setAvailableReplicas(Long availableReplicas) {
    this.availableReplicas = availableReplicas;
  }

  /** @return Provider, for fieldSelector key provider */
  public String getProvider() {
    return provider;
  }

  /** @param provider Provider, for fieldSelector key provider */
  public void setProvider(String provider) {
    this.provider = provider;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    PreviewCluster that = (PreviewCluster) o;
    return Objects.equals(name, that.name)
        && Objects.equals(labels, that.labels)
        && Objects.equals(taints, that.taints)
        && Objects.equals(ready, that.ready)
        && Objects.equals(availableReplicas, that.availableReplicas)
        && Objects.equals(provider, that.provider);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, labels, taints, ready, availableReplicas, provider);
  }

  @Override
  public String toString() {
    return "PreviewCluster{" + "name=" + name + ", labels=" + labels + ", taints=" + taints + ", ready=" + ready + ", availableReplicas=" + availableReplicas + ", provider=" + provider + "}";
  }
}
