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
 * The spec of an OverridePolicy or ClusterOverridePolicy (Karmada's {@code OverrideSpec}).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"resourceSelectors", "overrideRules"})
public class OverrideSpec implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("resourceSelectors")
  @JsonPropertyDescription("The resource templates this policy changes. Empty: all templates in scope.")
  private List<ResourceSelector> resourceSelectors;

  @JsonProperty("overrideRules")
  @JsonPropertyDescription("The rules, applied in order.")
  private List<RuleWithCluster> overrideRules;

  /** Creates an empty OverrideSpec; set fields with the setters. */
  public OverrideSpec() {
  }

  /** @return The resource templates this policy changes */
  public List<ResourceSelector> getResourceSelectors() {
    return resourceSelectors;
  }

  /** @param resourceSelectors The resource templates this policy changes */
  public void setResourceSelectors(List<ResourceSelector> resourceSelectors) {
    this.resourceSelectors = resourceSelectors;
  }

  /** @return The rules, applied in order */
  public List<RuleWithCluster> getOverrideRules() {
    return overrideRules;
  }

  /** @param overrideRules The rules, applied in order */
  public void setOverrideRules(List<RuleWithCluster> overrideRules) {
    this.overrideRules = overrideRules;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    OverrideSpec that = (OverrideSpec) o;
    return Objects.equals(resourceSelectors, that.resourceSelectors)
        && Objects.equals(overrideRules, that.overrideRules);
  }

  @Override
  public int hashCode() {
    return Objects.hash(resourceSelectors, overrideRules);
  }

  @Override
  public String toString() {
    return "OverrideSpec{" + "resourceSelectors=" + resourceSelectors + ", overrideRules=" + overrideRules + "}";
  }
}
