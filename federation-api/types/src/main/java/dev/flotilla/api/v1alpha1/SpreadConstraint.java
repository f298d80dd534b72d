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
 * Spreads the selected clusters over groups (Karmada's {@code SpreadConstraint}): by a field (cluster, region or
 * zone), with a minimum and maximum number of groups. Karmada's {@code spreadByLabel} is accepted by the schema but
 * rejected by validation: the placement engine does not spread by label.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"spreadByField", "spreadByLabel", "maxGroups", "minGroups"})
public class SpreadConstraint implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("spreadByField")
  @JsonPropertyDescription("Cluster property to group by: cluster, region or zone. At most one constraint per field.")
  @SchemaFrom(type = SpreadByField.class)
  private String spreadByField;

  @JsonProperty("spreadByLabel")
  @JsonPropertyDescription("Karmada's spread by a cluster label key. Not supported by the placement engine: rejected by validation.")
  private String spreadByLabel;

  @JsonProperty("maxGroups")
  @JsonPropertyDescription("Most groups to select, at least 1. Unset means no limit.")
  @Min(1)
  private Integer maxGroups;

  @JsonProperty("minGroups")
  @JsonPropertyDescription("Fewest groups to select, at most maxGroups. Defaults to 1; when fewer groups can be used the placement says so in a warning.")
  @Min(0)
  private Integer minGroups;

  /** Creates an empty SpreadConstraint; set fields with the setters. */
  public SpreadConstraint() {
  }

  /** @return Cluster property to group by: cluster, region or zone */
  public String getSpreadByField() {
    return spreadByField;
  }

  /** @param spreadByField Cluster property to group by: cluster, region or zone */
  public void setSpreadByField(String spreadByField) {
    this.spreadByField = spreadByField;
  }

  /** @return Karmada's spread by a cluster label key (rejected by validation) */
  public String getSpreadByLabel() {
    return spreadByLabel;
  }

  /** @param spreadByLabel Karmada's spread by a cluster label key (rejected by validation) */
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

  /** @return Fewest groups to select, at most maxGroups */
  public Integer getMinGroups() {
    return minGroups;
  }

  /** @param minGroups Fewest groups to select, at most maxGroups */
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
