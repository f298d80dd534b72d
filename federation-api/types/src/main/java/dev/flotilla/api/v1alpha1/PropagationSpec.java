package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * The spec of a PropagationPolicy or ClusterPropagationPolicy (Karmada's {@code PropagationSpec} field names, plus
 * Flotilla's additions).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"resourceSelectors", "placement", "priority", "preemption", "failover", "autoRebalance", "conflictResolution"})
public class PropagationSpec implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("resourceSelectors")
  @JsonPropertyDescription("The resource templates this policy propagates. At least one.")
  @Required
  private List<ResourceSelector> resourceSelectors;

  @JsonProperty("placement")
  @JsonPropertyDescription("Where and how the selected resources are placed.")
  private Placement placement;

  @JsonProperty("priority")
  @JsonPropertyDescription("When several policies match a template, the highest priority wins (then a name match over a label match, then name order). Defaults to 0.")
  private Integer priority;

  @JsonProperty("preemption")
  @JsonPropertyDescription("Always or Never (default): whether this policy takes templates over from lower-priority policies.")
  @SchemaFrom(type = PreemptionPolicy.class)
  private String preemption;

  @JsonProperty("failover")
  @JsonPropertyDescription("Failover behaviour; on with defaults when unset.")
  private FailoverBehavior failover;

  @JsonProperty("autoRebalance")
  @JsonPropertyDescription("Flotilla addition. When true (default), replicas that failover moved away return once their cluster is Ready again; when false they stay until the policy or replica count changes.")
  private Boolean autoRebalance;

  @JsonProperty("conflictResolution")
  @JsonPropertyDescription("Abort (default) or Overwrite: what to do when the resource already exists in a member and was not made by Flotilla.")
  @SchemaFrom(type = ConflictResolution.class)
  private String conflictResolution;

  /** Creates an empty PropagationSpec; set fields with the setters. */
  public PropagationSpec() {
  }

  /** @return The resource templates this policy propagates */
  public List<ResourceSelector> getResourceSelectors() {
    return resourceSelectors;
  }

  /** @param resourceSelectors The resource templates this policy propagates */
  public void setResourceSelectors(List<ResourceSelector> resourceSelectors) {
    this.resourceSelectors = resourceSelectors;
  }

  /** @return Where and how the selected resources are placed */
  public Placement getPlacement() {
    return placement;
  }

  /** @param placement Where and how the selected resources are placed */
  public void setPlacement(Placement placement) {
    this.placement = placement;
  }

  /** @return When several policies match a template, the highest priority wins (then a name match over a label match, then name order) */
  public Integer getPriority() {
    return priority;
  }

  /** @param priority When several policies match a template, the highest priority wins (then a name match over a label match, then name order) */
  public void setPriority(Integer priority) {
    this.priority = priority;
  }

  /** @return Always or Never (default): whether this policy takes templates over from lower-priority policies */
  public String getPreemption() {
    return preemption;
  }

  /** @param preemption Always or Never (default): whether this policy takes templates over from lower-priority policies */
  public void setPreemption(String preemption) {
    this.preemption = preemption;
  }

  /** @return Failover behaviour; on with defaults when unset */
  public FailoverBehavior getFailover() {
    return failover;
  }

  /** @param failover Failover behaviour; on with defaults when unset */
  public void setFailover(FailoverBehavior failover) {
    this.failover = failover;
  }

  /** @return Flotilla addition */
  public Boolean getAutoRebalance() {
    return autoRebalance;
  }

  /** @param autoRebalance Flotilla addition */
  public void setAutoRebalance(Boolean autoRebalance) {
    this.autoRebalance = autoRebalance;
  }

  /** @return Abort (default) or Overwrite: what to do when the resource already exists in a member and was not made by Flotilla */
  public String getConflictResolution() {
    return conflictResolution;
  }

  /** @param conflictResolution Abort (default) or Overwrite: what to do when the resource already exists in a member and was not made by Flotilla */
  public void setConflictResolution(String conflictResolution) {
    this.conflictResolution = conflictResolution;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    PropagationSpec that = (PropagationSpec) o;
    return Objects.equals(resourceSelectors, that.resourceSelectors)
        && Objects.equals(placement, that.placement)
        && Objects.equals(priority, that.priority)
        && Objects.equals(preemption, that.preemption)
        && Objects.equals(failover, that.failover)
        && Objects.equals(autoRebalance, that.autoRebalance)
        && Objects.equals(conflictResolution, that.conflictResolution);
  }

  @Override
  public int hashCode() {
    return Objects.hash(resourceSelectors, placement, priority, preemption, failover, autoRebalance, conflictResolution);
  }

  @Override
  public String toString() {
    return "PropagationSpec{" + "resourceSelectors=" + resourceSelectors + ", placement=" + placement + ", priority=" + priority + ", preemption=" + preemption + ", failover=" + failover + ", autoRebalance=" + autoRebalance + ", conflictResolution=" + conflictResolution + "}";
  }
}
