package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * Weights given region, then zone, then cluster (a Flotilla addition, see docs/placement.md): the replicas are
 * divided among regions by region weight, a region's share among its zones by zone weight, and a zone's share among
 * its clusters by {@code staticWeightList} (equally when no static weight matches any of them). When a list is
 * empty every region (or every zone within a region) weighs the same; when it is not, a region or zone it does not
 * name gets no replicas.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"regions", "zones"})
public class HierarchicalWeights implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("regions")
  @JsonPropertyDescription("Weights of regions. Empty: all regions weigh the same.")
  private List<TopologyWeight> regions;

  @JsonProperty("zones")
  @JsonPropertyDescription("Weights of zones within their region. Empty: all zones of a region weigh the same.")
  private List<TopologyWeight> zones;

  /** Creates an empty HierarchicalWeights; set fields with the setters. */
  public HierarchicalWeights() {
  }

  /** @return Weights of regions */
  public List<TopologyWeight> getRegions() {
    return regions;
  }

  /** @param regions Weights of regions */
  public void setRegions(List<TopologyWeight> regions) {
    this.regions = regions;
  }

  /** @return Weights of zones within their region */
  public List<TopologyWeight> getZones() {
    return zones;
  }

  /** @param zones Weights of zones within their region */
  public void setZones(List<TopologyWeight> zones) {
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
    HierarchicalWeights that = (HierarchicalWeights) o;
    return Objects.equals(regions, that.regions)
        && Objects.equals(zones, that.zones);
  }

  @Override
  public int hashCode() {
    return Objects.hash(regions, zones);
  }

  @Override
  public String toString() {
    return "HierarchicalWeights{" + "regions=" + regions + ", zones=" + zones + "}";
  }
}
