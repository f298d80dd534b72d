package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * The answer to a PlacementPreview.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"clusters", "unschedulable", "excluded", "capped", "affinityName", "warnings"})
public class PlacementPreviewStatus implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("clusters")
  @JsonPropertyDescription("Clusters and their replicas.")
  private List<TargetCluster> clusters;

  @JsonProperty("unschedulable")
  @JsonPropertyDescription("Replicas that fit nowhere.")
  @Min(0)
  private Integer unschedulable;

  @JsonProperty("excluded")
  @JsonPropertyDescription("Every candidate cluster that got no replicas, with the reason.")
  private List<ClusterExclusion> excluded;

  @JsonProperty("capped")
  @JsonPropertyDescription("Clusters that got replicas but fewer than they would have without a bound (capacity, maxReplicas, a NoSchedule taint) or fewer than their minReplicas, with the reason.")
  private List<ClusterExclusion> capped;

  @JsonProperty("affinityName")
  @JsonPropertyDescription("The clusterAffinities group used; unset when the placement has no clusterAffinities.")
  private String affinityName;

  @JsonProperty("warnings")
  @JsonPropertyDescription("Constraints that could not be fully met, e.g. a spread minGroups.")
  private List<String> warnings;

  /** Creates an empty PlacementPreviewStatus; set fields with the setters. */
  public PlacementPreviewStatus() {
  }

  /** @return Clusters and their replicas */
  public List<TargetCluster> getClusters() {
    return clusters;
  }

  /** @param clusters Clusters and their replicas */
  public void setClusters(List<TargetCluster> clusters) {
    this.clusters = clusters;
  }

  /** @return Replicas that fit nowhere */
  public Integer getUnschedulable() {
    return unschedulable;
  }

  /** @param unschedulable Replicas that fit nowhere */
  public void setUnschedulable(Integer unschedulable) {
    this.unschedulable = unschedulable;
  }

  /** @return Every candidate cluster that got no replicas, with the reason */
  public List<ClusterExclusion> getExcluded() {
    return excluded;
  }

  /** @param excluded Every candidate cluster that got no replicas, with the reason */
  public void setExcluded(List<ClusterExclusion> excluded) {
    this.excluded = excluded;
  }

  /** @return Clusters that got fewer replicas than they would have without a bound, with the reason */
  public List<ClusterExclusion> getCapped() {
    return capped;
  }

  /** @param capped Clusters that got fewer replicas than they would have without a bound, with the reason */
  public void setCapped(List<ClusterExclusion> capped) {
    this.capped = capped;
  }

  /** @return The clusterAffinities group used, or null */
  public String getAffinityName() {
    return affinityName;
  }

  /** @param affinityName The clusterAffinities group used, or null */
  public void setAffinityName(String affinityName) {
    this.affinityName = affinityName;
  }

  /** @return Constraints that could not be fully met */
  public List<String> getWarnings() {
    return warnings;
  }

  /** @param warnings Constraints that could not be fully met */
  public void setWarnings(List<String> warnings) {
    this.warnings = warnings;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    PlacementPreviewStatus that = (PlacementPreviewStatus) o;
    return Objects.equals(clusters, that.clusters)
        && Objects.equals(unschedulable, that.unschedulable)
        && Objects.equals(excluded, that.excluded)
        && Objects.equals(capped, that.capped)
        && Objects.equals(affinityName, that.affinityName)
        && Objects.equals(warnings, that.warnings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clusters, unschedulable, excluded, capped, affinityName, warnings);
  }

  @Override
  public String toString() {
    return "PlacementPreviewStatus{" + "clusters=" + clusters + ", unschedulable=" + unschedulable + ", excluded=" + excluded + ", capped=" + capped
        + ", affinityName=" + affinityName + ", warnings=" + warnings + "}";
  }
}
