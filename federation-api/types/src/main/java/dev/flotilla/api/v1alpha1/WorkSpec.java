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
 * The spec of a Work.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"workload"})
public class WorkSpec implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("workload")
  @JsonPropertyDescription("The manifests to apply.")
  @Required
  private WorkloadTemplate workload;

  /** Creates an empty WorkSpec; set fields with the setters. */
  public WorkSpec() {
  }

  /** @return The manifests to apply */
  public WorkloadTemplate getWorkload() {
    return workload;
  }

  /** @param workload The manifests to apply */
  public void setWorkload(WorkloadTemplate workload) {
    this.workload = workload;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    WorkSpec that = (WorkSpec) o;
    return Objects.equals(workload, that.workload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(workload);
  }

  @Override
  public String toString() {
    return "WorkSpec{" + "workload=" + workload + "}";
  }
}
