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
 * One region of hierarchical weights (a Flotilla addition): its weight among the listed regions, and how its share
 * is divided among its zones.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "weight", "zones"})
public class RegionWeight implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("name")
  @JsonPropertyDescription("The region, as in the topology.kubernetes.io/region label. Unique among the regions.")
  @Required
  private String name;

  @JsonProperty("weight")
  @JsonPropertyDescription("Relative weight among the listed regions, 0 to 1000000.")
  @Required
  @Min(0)
  @Max(1_000_000)
  private Long weight;

  @JsonProperty("zones")
  @JsonPropertyDescription("Weights of this region's zones. Empty: all its zones weigh the same; otherwise a zone not listed gets no replicas.")
  private List<ZoneWeight> zones;

  /** Creates an empty RegionWeight; set fields with the setters. */
  public RegionWeight() {
  }

  /**
   * Creates a region weight.
   *
   * @param name the region label value
   * @param weight the relative weight
   * @param zones the zones' weights, may be null
   */
  public RegionWeight(String name, Long weight, List<ZoneWeight> zones) {
    this.name = name;
    this.weight = weight;
    this.zones = zones;
  }

  /** @return The region, as in the topology.kubernetes.io/region label */
  public String getName() {
    return name;
  }

  /** @param name The region, as in the topology.kubernetes.io/region label */
  public void setName(String name) {
    this.name = name;
  }

  /** @return Relative weight among the listed regions */
  public Long getWeight() {
    return weight;
  }

  /** @param weight Relative weight among the listed regions */
  public void setWeight(Long weight) {
    this.weight = weight;
  }

  /** @return Weights of this region's zones */
  public List<ZoneWeight> getZones() {
    return zones;
  }

  /** @param zones Weights of this region's zones */
  public void setZones(List<ZoneWeight> zones) {
    this.zones = zones;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    RegionWeight that = (RegionWeight) o;
    return Objects.equals(name, that.name)
        && Objects.equals(weight, that.weight)
        && Objects.equals(zones, that.zones);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, weight, zones);
  }

  @Override
  public String toString() {
    return "RegionWeight{" + "name=" + name + ", weight=" + weight + ", zones=" + zones + "}";
  }
}
