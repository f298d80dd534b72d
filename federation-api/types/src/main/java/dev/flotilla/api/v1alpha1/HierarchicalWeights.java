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
import java.util.List;
import java.util.Objects;

/**
 * Weights given region, then zone, then cluster (a Flotilla addition, see docs/placement.md), nested as
 * {@code regions[{name, weight, zones[{name, weight, clusters[{targetCluster, weight}]}]}]}. A cluster's share is
 * {@code region/Σregions × zone/Σzones of its region × cluster/Σclusters of its zone}, each sum taken over the groups
 * that still have eligible clusters, so a failed zone's share stays inside its region. A region not listed gets no
 * replicas; an empty {@code zones} (or {@code clusters}) list means all zones of the region (or clusters of the zone)
 * weigh the same, and once a list is given whatever it does not name gets no replicas.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"regions"})
public class HierarchicalWeights implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("regions")
  @JsonPropertyDescription("Weights of regions, each with its zones and their clusters. At least one; a region not listed gets no replicas.")
  @Required
  private List<RegionWeight> regions;

  /** Creates an empty HierarchicalWeights; set fields with the setters. */
  public HierarchicalWeights() {
  }

  /**
   * Creates hierarchical weights.
   *
   * @param regions the regions' weights
   */
  public HierarchicalWeights(List<RegionWeight> regions) {
    this.regions = regions;
  }

  /** @return Weights of regions, each with its zones and their clusters */
  public List<RegionWeight> getRegions() {
    return regions;
  }

  /** @param regions Weights of regions, each with its zones and their clusters */
  public void setRegions(List<RegionWeight> regions) {
    this.regions = regions;
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
    return Objects.equals(regions, that.regions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(regions);
  }

  @Override
  public String toString() {
    return "HierarchicalWeights{" + "regions=" + regions + "}";
  }
}
