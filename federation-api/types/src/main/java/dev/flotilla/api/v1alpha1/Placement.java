package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Objects;

/**
 * Where a workload may run and how its replicas are spread (Karmada's {@code Placement} field names). The same type
 * serves PropagationPolicy, ClusterPropagationPolicy, ResourceBinding and PlacementPreview. Semantics:
 * docs/placement.md.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"clusterAffinity", "clusterAffinities", "clusterTolerations", "spreadConstraints", "replicaScheduling"})
public class Placement implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("clusterAffinity")
  @JsonPropertyDescription("The clusters the workload may run in. Excludes clusterAffinities.")
  private ClusterAffinity clusterAffinity;

  @JsonProperty("clusterAffinities")
  @JsonPropertyDescription("Ordered fallback groups of clusters: the next group is used only when the previous cannot hold the workload. Excludes clusterAffinity.")
  private List<ClusterAffinityTerm> clusterAffinities;

  @JsonProperty("clusterTolerations")
  @JsonPropertyDescription("Cluster taints this workload tolerates.")
  private List<Toleration> clusterTolerations;

  @JsonProperty("spreadConstraints")
  @JsonPropertyDescription("How the selected clusters spread over clusters, regions or zones.")
  private List<SpreadConstraint> spreadConstraints;

  @JsonProperty("replicaScheduling")
  @JsonPropertyDescription("How the replicas are scheduled. Unset: Duplicated (every selected cluster runs all replicas), as in Karmada.")
  private ReplicaSchedulingStrategy replicaScheduling;

  /** Creates an empty Placement; set fields with the setters. */
  public Placement() {
  }

  /** @return The clusters the workload may run in */
  public ClusterAffinity getClusterAffinity() {
    return clusterAffinity;
  }

  /** @param clusterAffinity The clusters the workload may run in */
  public void setClusterAffinity(ClusterAffinity clusterAffinity) {
    this.clusterAffinity = clusterAffinity;
  }

  /** @return Ordered fallback groups of clusters: the next group is used only when the previous cannot hold the workload */
  public List<ClusterAffinityTerm> getClusterAffinities() {
    return clusterAffinities;
  }

  /** @param clusterAffinities Ordered fallback groups of clusters: the next group is used only when the previous cannot hold the workload */
  public void setClusterAffinities(List<ClusterAffinityTerm> clusterAffinities) {
    this.clusterAffinities = clusterAffinities;
  }

  /** @return Cluster taints this workload tolerates */
  public List<Toleration> getClusterTolerations() {
    return clusterTolerations;
  }

  /** @param clusterTolerations Cluster taints this workload tolerates */
  public void setClusterTolerations(List<Toleration> clusterTolerations) {
    this.clusterTolerations = clusterTolerations;
  }

  /** @return How the selected clusters spread over clusters, regions or zones */
  public List<SpreadConstraint> getSpreadConstraints() {
    return spreadConstraints;
  }

  /** @param spreadConstraints How the selected clusters spread over clusters, regions or zones */
  public void setSpreadConstraints(List<SpreadConstraint> spreadConstraints) {
    this.spreadConstraints = spreadConstraints;
  }

  /** @return How the replicas are scheduled */
  public ReplicaSchedulingStrategy getReplicaScheduling() {
    return replicaScheduling;
  }

  /** @param replicaScheduling How the replicas are scheduled */
  public void setReplicaScheduling(ReplicaSchedulingStrategy replicaScheduling) {
    this.replicaScheduling = replicaScheduling;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    Placement that = (Placement) o;
    return Objects.equals(clusterAffinity, that.clusterAffinity)
        && Objects.equals(clusterAffinities, that.clusterAffinities)
        && Objects.equals(clusterTolerations, that.clusterTolerations)
        && Objects.equals(spreadConstraints, that.spreadConstraints)
        && Objects.equals(replicaScheduling, that.replicaScheduling);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clusterAffinity, clusterAffinities, clusterTolerations, spreadConstraints, replicaScheduling);
  }

  @Override
  public String toString() {
    return "Placement{" + "clusterAffinity=" + clusterAffinity + ", clusterAffinities=" + clusterAffinities + ", clusterTolerations=" + clusterTolerations + ", spreadConstraints=" + spreadConstraints + ", replicaScheduling=" + replicaScheduling + "}";
  }
}
