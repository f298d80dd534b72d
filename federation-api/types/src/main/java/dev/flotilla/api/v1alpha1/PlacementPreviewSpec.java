package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * The question a PlacementPreview asks: where would these replicas go under this placement?
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"replicas", "key", "mode", "placement", "clusters", "current"})
public class PlacementPreviewSpec implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("replicas")
  @JsonPropertyDescription("Desired replica count, 0 to 1000000.")
  @Required
  @Min(0)
  private Integer replicas;

  @JsonProperty("key")
  @JsonPropertyDescription("Workload identity used to break ties (e.g. shop/web). Same key, same answer.")
  private String key;

  @JsonProperty("mode")
  @JsonPropertyDescription("Steady (keep current where still valid, the default) or Fresh (full rebalance).")
  @SchemaFrom(type = PlacementMode.class)
  private String mode;

  @JsonProperty("placement")
  @JsonPropertyDescription("Exactly the placement section of a PropagationPolicy. Unset: every cluster, Duplicated.")
  private Placement placement;

  @JsonProperty("clusters")
  @JsonPropertyDescription("Hypothetical clusters. Unset: the registered clusters.")
  private List<PreviewCluster> clusters;

  @JsonProperty("current")
  @JsonPropertyDescription("The current assignment, for Steady mode.")
  private List<TargetCluster> current;

  /** Creates an empty PlacementPreviewSpec; set fields with the setters. */
  public PlacementPreviewSpec() {
  }

  /** @return Desired replica count */
  public Integer getReplicas() {
    return replicas;
  }

  /** @param replicas Desired replica count */
  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  /** @return Workload identity used to break ties (e.g */
  public String getKey() {
    return key;
  }

  /** @param key Workload identity used to break ties (e.g */
  public void setKey(String key) {
    this.key = key;
  }

  /** @return Steady (keep current where still valid, the default) or Fresh (full rebalance) */
  public String getMode() {
    return mode;
  }

  /** @param mode Steady (keep current where still valid, the default) or Fresh (full rebalance) */
  public void setMode(String mode) {
    this.mode = mode;
  }

  /** @return Exactly the placement section of a PropagationPolicy */
  public Placement getPlacement() {
    return placement;
  }

  /** @param placement Exactly the placement section of a PropagationPolicy */
  public void setPlacement(Placement placement) {
    this.placement = placement;
  }

  /** @return Hypothetical clusters */
  public List<PreviewCluster> getClusters() {
    return clusters;
  }

  /** @param clusters Hypothetical clusters */
  public void setClusters(List<PreviewCluster> clusters) {
    this.clusters = clusters;
  }

  /** @return The current assignment, for Steady mode */
  public List<TargetCluster> getCurrent() {
    return current;
  }

  /** @param current The current assignment, for Steady mode */
  public void setCurrent(List<TargetCluster> current) {
    this.current = current;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    PlacementPreviewSpec that = (PlacementPreviewSpec) o;
    return Objects.equals(replicas, that.replicas)
        && Objects.equals(key, that.key)
        && Objects.equals(mode, that.mode)
        && Objects.equals(placement, that.placement)
        && Objects.equals(clusters, that.clusters)
        && Objects.equals(current, that.current);
  }

  @Override
  public int hashCode() {
    return Objects.hash(replicas, key, mode, placement, clusters, current);
  }

  @Override
  public String toString() {
    return "PlacementPreviewSpec{" + "replicas=" + replicas + ", key=" + key + ", mode=" + mode + ", placement=" + placement + ", clusters=" + clusters + ", current=" + current + "}";
  }
}
