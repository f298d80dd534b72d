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
import java.util.Objects;

/**
 * One override rule: the changes and the clusters they apply to (Karmada's {@code RuleWithCluster}).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"targetCluster", "overriders"})
public class RuleWithCluster implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("targetCluster")
  @JsonPropertyDescription("The clusters this rule applies to. Unset: all clusters.")
  private ClusterAffinity targetCluster;

  @JsonProperty("overriders")
  @JsonPropertyDescription("The changes.")
  @Required
  private Overriders overriders;

  /** Creates an empty RuleWithCluster; set fields with the setters. */
  public RuleWithCluster() {
  }

  /** @return The clusters this rule applies to */
  public ClusterAffinity getTargetCluster() {
    return targetCluster;
  }

  /** @param targetCluster The clusters this rule applies to */
  public void setTargetCluster(ClusterAffinity targetCluster) {
    this.targetCluster = targetCluster;
  }

  /** @return The changes */
  public Overriders getOverriders() {
    return overriders;
  }

  /** @param overriders The changes */
  public void setOverriders(Overriders overriders) {
    this.overriders = overriders;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    RuleWithCluster that = (RuleWithCluster) o;
    return Objects.equals(targetCluster, that.targetCluster)
        && Objects.equals(overriders, that.overriders);
  }

  @Override
  public int hashCode() {
    return Objects.hash(targetCluster, overriders);
  }

  @Override
  public String toString() {
    return "RuleWithCluster{" + "targetCluster=" + targetCluster + ", overriders=" + overriders + "}";
  }
}
