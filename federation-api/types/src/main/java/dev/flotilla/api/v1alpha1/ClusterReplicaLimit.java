package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.Objects;

/**
 * Bounds the replicas of the clusters a target matches (a Flotilla addition, after KubeFed's
 * ReplicaSchedulingPreference): each matching cluster gets at least minReplicas and at most maxReplicas.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"targetCluster", "minReplicas", "maxReplicas"})
public class ClusterReplicaLimit implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("targetCluster")
  @JsonPropertyDescription("The clusters these bounds apply to.")
  @Required
  private ClusterAffinity targetCluster;

  @JsonProperty("minReplicas")
  @JsonPropertyDescription("Fewest replicas each matching cluster gets while the total allows.")
  @Min(0)
  private Integer minReplicas;

  @JsonProperty("maxReplicas")
  @JsonPropertyDescription("Most replicas each matching cluster gets.")
  @Min(0)
  private Integer maxReplicas;

  /** Creates an empty ClusterReplicaLimit; set fields with the setters. */
  public ClusterReplicaLimit() {
  }

  /** @return The clusters these bounds apply to */
  public ClusterAffinity getTargetCluster() {
    return targetCluster;
  }

  /** @param targetCluster The clusters these bounds apply to */
  public void setTargetCluster(ClusterAffinity targetCluster) {
    this.targetCluster = targetCluster;
  }

  /** @return Fewest replicas each matching cluster gets while the total allows */
  public Integer getMinReplicas() {
    return minReplicas;
  }

  /** @param minReplicas Fewest replicas each matching cluster gets while the total allows */
  public void setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
  }

  /** @return Most replicas each matching cluster gets */
  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  /** @param maxReplicas Most replicas each matching cluster gets */
  public void setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ClusterReplicaLimit that = (ClusterReplicaLimit) o;
    return Objects.equals(targetCluster, that.targetCluster)
        && Objects.equals(minReplicas, that.minReplicas)
        && Objects.equals(maxReplicas, that.maxReplicas);
  }

  @Override
  public int hashCode() {
    return Objects.hash(targetCluster, minReplicas, maxReplicas);
  }

  @Override
  public String toString() {
    return "ClusterReplicaLimit{" + "targetCluster=" + targetCluster + ", minReplicas=" + minReplicas + ", maxReplicas=" + maxReplicas + "}";
  }
}
