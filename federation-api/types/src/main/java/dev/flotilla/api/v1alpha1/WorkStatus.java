package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * The status of a Work, reported by the member's agent.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"conditions", "manifestStatuses"})
public class WorkStatus implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("conditions")
  @JsonPropertyDescription("Conditions; Applied is True when every manifest was applied, False with the member's error otherwise.")
  private List<Condition> conditions;

  @JsonProperty("manifestStatuses")
  @JsonPropertyDescription("Each manifest's state in the member.")
  private List<ManifestStatus> manifestStatuses;

  /** Creates an empty WorkStatus; set fields with the setters. */
  public WorkStatus() {
  }

  /** @return Conditions; Applied is True when every manifest was applied, False with the member's error otherwise */
  public List<Condition> getConditions() {
    return conditions;
  }

  /** @param conditions Conditions; Applied is True when every manifest was applied, False with the member's error otherwise */
  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /** @return Each manifest's state in the member */
  public List<ManifestStatus> getManifestStatuses() {
    return manifestStatuses;
  }

  /** @param manifestStatuses Each manifest's state in the member */
  public void setManifestStatuses(List<ManifestStatus> manifestStatuses) {
    this.manifestStatuses = manifestStatuses;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    WorkStatus that = (WorkStatus) o;
    return Objects.equals(conditions, that.conditions)
        && Objects.equals(manifestStatuses, that.manifestStatuses);
  }

  @Override
  public int hashCode() {
    return Objects.hash(conditions, manifestStatuses);
  }

  @Override
  public String toString() {
    return "WorkStatus{" + "conditions=" + conditions + ", manifestStatuses=" + manifestStatuses + "}";
  }
}
