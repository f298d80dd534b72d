package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * How replicas are weighted across clusters (Karmada's {@code ClusterPreferences}, plus hierarchical weights):
 * exactly one of {@code staticWeightList}, {@code dynamicWeight} or {@code hierarchicalWeights}.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"staticWeightList", "dynamicWeight", "hierarchicalWeights"})
public class ClusterPreferences implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("staticWeightList")
  @JsonPropertyDescription("Static weights per set of clusters. Excludes dynamicWeight and hierarchicalWeights.")
  private List<StaticClusterWeight> staticWeightList;

  @JsonProperty("dynamicWeight")
  @JsonPropertyDescription("Weights computed at scheduling time; AvailableReplicas weighs each cluster by the replicas it can still hold. Excludes staticWeightList and hierarchicalWeights.")
  @SchemaFrom(type = DynamicWeightFactor.class)
  private String dynamicWeight;

  @JsonProperty("hierarchicalWeights")
  @JsonPropertyDescription("Flotilla addition: weights by region, then zone, then cluster, nested as regions[].zones[].clusters[]. Excludes staticWeightList and dynamicWeight.")
  private HierarchicalWeights hierarchicalWeights;

  /** Creates an empty ClusterPreferences; set fields with the setters. */
  public ClusterPreferences() {
  }

  /** @return Static weights per set of clusters */
  public List<StaticClusterWeight> getStaticWeightList() {
    return staticWeightList;
  }

  /** @param staticWeightList Static weights per set of clusters */
  public void setStaticWeightList(List<StaticClusterWeight> staticWeightList) {
    this.staticWeightList = staticWeightList;
  }

  /** @return Weights computed at scheduling time; AvailableReplicas weighs each cluster by the replicas it can still hold */
  public String getDynamicWeight() {
    return dynamicWeight;
  }

  /** @param dynamicWeight Weights computed at scheduling time; AvailableReplicas weighs each cluster by the replicas it can still hold */
  public void setDynamicWeight(String dynamicWeight) {
    this.dynamicWeight = dynamicWeight;
  }

  /** @return Flotilla addition: weights by region, then zone, then cluster, nested as regions[].zones[].clusters[] */
  public HierarchicalWeights getHierarchicalWeights() {
    return hierarchicalWeights;
  }

  /** @param hierarchicalWeights Flotilla addition: weights by region, then zone, then cluster, nested as regions[].zones[].clusters[] */
  public void setHierarchicalWeights(HierarchicalWeights hierarchicalWeights) {
    this.hierarchicalWeights = hierarchicalWeights;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ClusterPreferences that = (ClusterPreferences) o;
    return Objects.equals(staticWeightList, that.staticWeightList)
        && Objects.equals(dynamicWeight, that.dynamicWeight)
        && Objects.equals(hierarchicalWeights, that.hierarchicalWeights);
  }

  @Override
  public int hashCode() {
    return Objects.hash(staticWeightList, dynamicWeight, hierarchicalWeights);
  }

  @Override
  public String toString() {
    return "ClusterPreferences{" + "staticWeightList=" + staticWeightList + ", dynamicWeight=" + dynamicWeight + ", hierarchicalWeights=" + hierarchicalWeights + "}";
  }
}
