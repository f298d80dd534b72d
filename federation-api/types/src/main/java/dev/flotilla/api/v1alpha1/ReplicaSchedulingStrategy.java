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
 * How replicas are scheduled over the selected clusters (Karmada's {@code ReplicaSchedulingStrategy}, plus
 * per-cluster replica limits).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"replicaSchedulingType", "replicaDivisionPreference", "weightPreference", "clusterReplicaLimits"})
public class ReplicaSchedulingStrategy implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("replicaSchedulingType")
  @JsonPropertyDescription("Duplicated (every cluster runs all replicas) or Divided. Defaults to Divided.")
  @SchemaFrom(type = ReplicaSchedulingType.class)
  private String replicaSchedulingType;

  @JsonProperty("replicaDivisionPreference")
  @JsonPropertyDescription("With Divided: Aggregated (as few clusters as possible) or Weighted.")
  @SchemaFrom(type = ReplicaDivisionPreference.class)
  private String replicaDivisionPreference;

  @JsonProperty("weightPreference")
  @JsonPropertyDescription("With Divided and Weighted only: exactly one of staticWeightList, dynamicWeight or hierarchicalWeights. Unset means equal weights.")
  private ClusterPreferences weightPreference;

  @JsonProperty("clusterReplicaLimits")
  @JsonPropertyDescription("Flotilla addition: per-cluster minimum and maximum replicas; the first matching rule applies. Divided only.")
  private List<ClusterReplicaLimit> clusterReplicaLimits;

  /** Creates an empty ReplicaSchedulingStrategy; set fields with the setters. */
  public ReplicaSchedulingStrategy() {
  }

  /** @return Duplicated (every cluster runs all replicas) or Divided */
  public String getReplicaSchedulingType() {
    return replicaSchedulingType;
  }

  /** @param replicaSchedulingType Duplicated (every cluster runs all replicas) or Divided */
  public void setReplicaSchedulingType(String replicaSchedulingType) {
    this.replicaSchedulingType = replicaSchedulingType;
  }

  /** @return With Divided: Aggregated (as few clusters as possible) or Weighted */
  public String getReplicaDivisionPreference() {
    return replicaDivisionPreference;
  }

  /** @param replicaDivisionPreference With Divided: Aggregated (as few clusters as possible) or Weighted */
  public void setReplicaDivisionPreference(String replicaDivisionPreference) {
    this.replicaDivisionPreference = replicaDivisionPreference;
  }

  /** @return With Divided and Weighted: the weights */
  public ClusterPreferences getWeightPreference() {
    return weightPreference;
  }

  /** @param weightPreference With Divided and Weighted: the weights */
  public void setWeightPreference(ClusterPreferences weightPreference) {
    this.weightPreference = weightPreference;
  }

  /** @return Flotilla addition: per-cluster minimum and maximum replicas */
  public List<ClusterReplicaLimit> getClusterReplicaLimits() {
    return clusterReplicaLimits;
  }

  /** @param clusterReplicaLimits Flotilla addition: per-cluster minimum and maximum replicas */
  public void setClusterReplicaLimits(List<ClusterReplicaLimit> clusterReplicaLimits) {
    this.clusterReplicaLimits = clusterReplicaLimits;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ReplicaSchedulingStrategy that = (ReplicaSchedulingStrategy) o;
    return Objects.equals(replicaSchedulingType, that.replicaSchedulingType)
        && Objects.equals(replicaDivisionPreference, that.replicaDivisionPreference)
        && Objects.equals(weightPreference, that.weightPreference)
        && Objects.equals(clusterReplicaLimits, that.clusterReplicaLimits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(replicaSchedulingType, replicaDivisionPreference, weightPreference, clusterReplicaLimits);
  }

  @Override
  public String toString() {
    return "ReplicaSchedulingStrategy{" + "replicaSchedulingType=" + replicaSchedulingType + ", replicaDivisionPreference=" + replicaDivisionPreference + ", weightPreference=" + weightPreference + ", clusterReplicaLimits=" + clusterReplicaLimits + "}";
  }
}
