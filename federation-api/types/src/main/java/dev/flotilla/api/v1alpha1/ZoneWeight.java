package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * One zone of a region in hierarchical weights (a Flotilla addition): its weight among the region's listed zones,
 * and how its share is divided among its clusters.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "weight", "clusters"})
public class ZoneWeight implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("name")
  @JsonPropertyDescription("The zone, as in the topology.kubernetes.io/zone label. Unique within its region.")
  @Required
  private String name;

  @JsonProperty("weight")
  @JsonPropertyDescription("Relative weight among the region's listed zones, 0 to 1000000.")
  @Required
  @Min(0)
  @Max(1_000_000)
  private Long weight;

  @JsonProperty("clusters")
  @JsonPropertyDescription("Weights of this zone's clusters, as staticWeightList rules (a cluster takes the highest matching weight). Empty: all its clusters weigh the same; otherwise a cluster no rule matches gets no replicas.")
  private List<StaticClusterWeight> clusters;

  /** Creates an empty ZoneWeight; set fields with the setters. */
  public ZoneWeight() {
  }

  /**
   * Creates a zone weight.
   *
   * @param name the zone label value
   * @param weight the relative weight
   * @param clusters the clusters' weights, may be null
   */
  public ZoneWeight(String name, Long weight, List<StaticClusterWeight> clusters) {
    this.name = name;
    this.weight = weight;
    this.clusters = clusters;
  }

  /** @return The zone, as in the topology.kubernetes.io/zone label */
  public String getName() {
    return name;
  }

  /** @param name The zone, as in the topology.kubernetes.io/zone label */
  public void setName(String name) {
    this.name = name;
  }

  /** @return Relative weight among the region's listed zones */
  public Long getWeight() {
    return weight;
  }

  /** @param weight Relative weight among the region's listed zones */
  public void setWeight(Long weight) {
    this.weight = weight;
  }

  /** @return Weights of this zone's clusters, as staticWeightList rules */
  public List<StaticClusterWeight> getClusters() {
    return clusters;
  }

  /** @param clusters Weights of this zone's clusters, as staticWeightList rules */
  public void setClusters(List<StaticClusterWeight> clusters) {
    this.clusters = clusters;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ZoneWeight that = (ZoneWeight) o;
    return Objects.equals(name, that.name)
        && Objects.equals(weight, that.weight)
        && Objects.equals(clusters, that.clusters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, weight, clusters);
  }

  @Override
  public String toString() {
    return "ZoneWeight{" + "name=" + name + ", weight=" + weight + ", clusters=" + clusters + "}";
  }
}
