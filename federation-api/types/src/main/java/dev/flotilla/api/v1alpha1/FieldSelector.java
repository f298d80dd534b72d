package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.List;
import java.util.Objects;

/**
 * Selects clusters by fields (Karmada's {@code FieldSelector}): keys {@code provider}, {@code region} and {@code zone},
 * operators {@code In} and {@code NotIn}. Region and zone come from the cluster's topology labels, provider from
 * {@code spec.provider}.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"matchExpressions"})
public class FieldSelector implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("matchExpressions")
  @JsonPropertyDescription("Requirements on cluster fields, all of which must hold (key provider|region|zone, operator In|NotIn, values).")
  private List<NodeSelectorRequirement> matchExpressions;

  /** Creates an empty FieldSelector; set fields with the setters. */
  public FieldSelector() {
  }

  /** @return Requirements on cluster fields, all of which must hold (key provider|region|zone, operator In|NotIn, values) */
  public List<NodeSelectorRequirement> getMatchExpressions() {
    return matchExpressions;
  }

  /** @param matchExpressions Requirements on cluster fields, all of which must hold (key provider|region|zone, operator In|NotIn, values) */
  public void setMatchExpressions(List<NodeSelectorRequirement> matchExpressions) {
    this.matchExpressions = matchExpressions;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    FieldSelector that = (FieldSelector) o;
    return Objects.equals(matchExpressions, that.matchExpressions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(matchExpressions);
  }

  @Override
  public String toString() {
    return "FieldSelector{" + "matchExpressions=" + matchExpressions + "}";
  }
}
