package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.Objects;

/**
 * Spreads the selected clusters over groups (Karmada's {@code SpreadConstraint}): by a field (cluster, region, zone,
 * provider) or by a cluster label, with a minimum and maximum number of groups.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"spreadByField", "spreadByLabel", "maxGroups", "minGroups"})
public class SpreadConstraint implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("spreadByField")
  @JsonPropertyDescription("Cluster property to group by: cluster, region, zone or provider. Mutually exclusive with spreadByLabel.")
  @SchemaFrom(type = SpreadByField.class)
  private String spreadByField;

  @JsonProperty("spreadByLabel")
  @JsonPropertyDescription("Cluster label key to group by. Mutually exclusive with spreadByField.")
  private String spreadByLabel;

  @JsonProperty("maxGroups")
  @JsonPropertyDescription("Most groups to select. Unset means no limit.")
  @Min(0)
  private Integer maxGroups;

  @JsonProperty("minGroups")
  @JsonPropertyDescription("Fewest groups to select; scheduling fails if fewer are available. Defaults to 1.")
  @Min(0)
  private Integer minGroups;

  /** Creates an empty SpreadConstraint; set fields with the setters. */
  public SpreadConstraint() {
  }

  /** @return Cluster property to group by: cluster, region, zone or provider */
  public String getSpreadByField() {
    return spreadByField;
  }

  /** @param spreadByField Cluster property to group by: cluster, region, zone or provider */
  public void setSpreadByField(String spreadByField) {
    this.spreadByField = spreadByField;
  }

  /** @return Cluster label key to group by */
  public String getSpreadByLabel() {
    return spreadByLabel;
  }

  /** @param spreadByLabel Cluster label key to group by */
  public void setSpreadByLabel(String spreadByLabel) {
    this.spreadByLabel = spreadByLabel;
  }

  /** @return Most groups to select */
  public Integer getMaxGroups() {
    return maxGroups;
  }

  /** @param maxGroups Most groups to select */
  public void setMaxGroups(Integer maxGroups) {
    this.maxGroups = maxGroups;
  }

  /** @return Fewest groups to select; scheduling fails if fewer are available */
  public Integer getMinGroups() {
    return minGroups;
  }

  /** @param minGroups Fewest groups to select; scheduling fails if fewer are available */
  public void setMinGroups(Integer minGroups) {
    this.minGroups = minGroups;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    SpreadConstraint that = (SpreadConstraint) o;
    return Objects.equals(spreadByField, that.spreadByField)
        && Objects.equals(spreadByLabel, that.spreadByLabel)
        && Objects.equals(maxGroups, that.maxGroups)
        && Objects.equals(minGroups, that.minGroups);
  }

  @Override
  public int hashCode() {
    return Objects.hash(spreadByField, spreadByLabel, maxGroups, minGroups);
  }

  @Override
  public String toString() {
    return "SpreadConstraint{" + "spreadByField=" + spreadByField + ", spreadByLabel=" + spreadByLabel + ", maxGroups=" + maxGroups + ", minGroups=" + minGroups + "}";
  }
}
