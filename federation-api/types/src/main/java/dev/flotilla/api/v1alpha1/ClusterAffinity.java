package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Objects;

/**
 * A set of clusters, described by names, exclusions, labels and fields (Karmada's {@code ClusterAffinity}).
 * All terms that are given must hold; an empty affinity matches every cluster. Also used as
 * {@code targetCluster} wherever a rule applies to some clusters only.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"labelSelector", "fieldSelector", "clusterNames", "exclude"})
public class ClusterAffinity implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("labelSelector")
  @JsonPropertyDescription("Label query over clusters. Empty matches all clusters.")
  private LabelSelector labelSelector;

  @JsonProperty("fieldSelector")
  @JsonPropertyDescription("Query over cluster fields (provider, region, zone).")
  private FieldSelector fieldSelector;

  @JsonProperty("clusterNames")
  @JsonPropertyDescription("Names of the clusters to select. Empty places no restriction by name.")
  private List<String> clusterNames;

  @JsonProperty("exclude")
  @JsonPropertyDescription("Names of clusters that never match, whatever the other terms say.")
  private List<String> exclude;

  /** Creates an empty ClusterAffinity; set fields with the setters. */
  public ClusterAffinity() {
  }

  /** @return Label query over clusters */
  public LabelSelector getLabelSelector() {
    return labelSelector;
  }

  /** @param labelSelector Label query over clusters */
  public void setLabelSelector(LabelSelector labelSelector) {
    this.labelSelector = labelSelector;
  }

  /** @return Query over cluster fields (provider, region, zone) */
  public FieldSelector getFieldSelector() {
    return fieldSelector;
  }

  /** @param fieldSelector Query over cluster fields (provider, region, zone) */
  public void setFieldSelector(FieldSelector fieldSelector) {
    this.fieldSelector = fieldSelector;
  }

  /** @return Names of the clusters to select */
  public List<String> getClusterNames() {
    return clusterNames;
  }

  /** @param clusterNames Names of the clusters to select */
  public void setClusterNames(List<String> clusterNames) {
    this.clusterNames = clusterNames;
  }

  /** @return Names of clusters that never match, whatever the other terms say */
  public List<String> getExclude() {
    return exclude;
  }

  /** @param exclude Names of clusters that never match, whatever the other terms say */
  public void setExclude(List<String> exclude) {
    this.exclude = exclude;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ClusterAffinity that = (ClusterAffinity) o;
    return Objects.equals(labelSelector, that.labelSelector)
        && Objects.equals(fieldSelector, that.fieldSelector)
        && Objects.equals(clusterNames, that.clusterNames)
        && Objects.equals(exclude, that.exclude);
  }

  @Override
  public int hashCode() {
    return Objects.hash(labelSelector, fieldSelector, clusterNames, exclude);
  }

  @Override
  public String toString() {
    return "ClusterAffinity{" + "labelSelector=" + labelSelector + ", fieldSelector=" + fieldSelector + ", clusterNames=" + clusterNames + ", exclude=" + exclude + "}";
  }
}
