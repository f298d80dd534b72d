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
import java.util.Objects;

/**
 * A static weight for the clusters a target matches (Karmada's {@code StaticClusterWeight}). A cluster's weight is
 * the highest among the rules that match it; a cluster no rule matches gets no replicas.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"targetCluster", "weight"})
public class StaticClusterWeight implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("targetCluster")
  @JsonPropertyDescription("The clusters this weight applies to.")
  @Required
  private ClusterAffinity targetCluster;

  @JsonProperty("weight")
  @JsonPropertyDescription("Relative weight, 0 to 1000000.")
  @Required
  @Min(0)
  @Max(1_000_000)
  private Long weight;

  /** Creates an empty StaticClusterWeight; set fields with the setters. */
  public StaticClusterWeight() {
  }

  /**
   * Creates a weight rule.
   *
   * @param targetCluster the clusters it applies to
   * @param weight the relative weight
   */
  public StaticClusterWeight(ClusterAffinity targetCluster, Long weight) {
    this.targetCluster = targetCluster;
    this.weight = weight;
  }

  /** @return The clusters this weight applies to */
  public ClusterAffinity getTargetCluster() {
    return targetCluster;
  }

  /** @param targetCluster The clusters this weight applies to */
  public void setTargetCluster(ClusterAffinity targetCluster) {
    this.targetCluster = targetCluster;
  }

  /** @return Relative weight, 0 to 1000000 */
  public Long getWeight() {
    return weight;
  }

  /** @param weight Relative weight, 0 to 1000000 */
  public void setWeight(Long weight) {
    this.weight = weight;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    StaticClusterWeight that = (StaticClusterWeight) o;
    return Objects.equals(targetCluster, that.targetCluster)
        && Objects.equals(weight, that.weight);
  }

  @Override
  public int hashCode() {
    return Objects.hash(targetCluster, weight);
  }

  @Override
  public String toString() {
    return "StaticClusterWeight{" + "targetCluster=" + targetCluster + ", weight=" + weight + "}";
  }
}
