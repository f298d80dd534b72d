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
 * What happens to a workload's replicas when a cluster fails (a simplified form of Karmada's failover behaviour).
 * Failover is on by default in Flotilla: replicas leave a cluster that has been not Ready (or tainted NoExecute) for
 * longer than tolerationSeconds.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"enabled", "tolerationSeconds", "gracePeriodSeconds", "purgeMode"})
public class FailoverBehavior implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("enabled")
  @JsonPropertyDescription("Whether replicas move away from a failed cluster. Defaults to true.")
  private Boolean enabled;

  @JsonProperty("tolerationSeconds")
  @JsonPropertyDescription("How long replicas stay on a cluster after it turned not Ready or unreachable (its NoExecute taint) before they move. Defaults to 2.")
  @Min(0)
  private Integer tolerationSeconds;

  @JsonProperty("gracePeriodSeconds")
  @JsonPropertyDescription("With purgeMode Gracefully: the longest wait for the new replicas before the old ones are removed. Defaults to 600.")
  @Min(0)
  private Integer gracePeriodSeconds;

  @JsonProperty("purgeMode")
  @JsonPropertyDescription("How the old copies are removed: Directly, Gracefully (default) or Never.")
  @SchemaFrom(type = PurgeMode.class)
  private String purgeMode;

  /** Creates an empty FailoverBehavior; set fields with the setters. */
  public FailoverBehavior() {
  }

  /** @return Whether replicas move away from a failed cluster */
  public Boolean getEnabled() {
    return enabled;
  }

  /** @param enabled Whether replicas move away from a failed cluster */
  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  /** @return How long a cluster may be not Ready before its replicas move */
  public Integer getTolerationSeconds() {
    return tolerationSeconds;
  }

  /** @param tolerationSeconds How long a cluster may be not Ready before its replicas move */
  public void setTolerationSeconds(Integer tolerationSeconds) {
    this.tolerationSeconds = tolerationSeconds;
  }

  /** @return With purgeMode Gracefully: the longest wait for the new replicas before the old ones are removed */
  public Integer getGracePeriodSeconds() {
    return gracePeriodSeconds;
  }

  /** @param gracePeriodSeconds With purgeMode Gracefully: the longest wait for the new replicas before the old ones are removed */
  public void setGracePeriodSeconds(Integer gracePeriodSeconds) {
    this.gracePeriodSeconds = gracePeriodSeconds;
  }

  /** @return How the old copies are removed: Directly, Gracefully (default) or Never */
  public String getPurgeMode() {
    return purgeMode;
  }

  /** @param purgeMode How the old copies are removed: Directly, Gracefully (default) or Never */
  public void setPurgeMode(String purgeMode) {
    this.purgeMode = purgeMode;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    FailoverBehavior that = (FailoverBehavior) o;
    return Objects.equals(enabled, that.enabled)
        && Objects.equals(tolerationSeconds, that.tolerationSeconds)
        && Objects.equals(gracePeriodSeconds, that.gracePeriodSeconds)
        && Objects.equals(purgeMode, that.purgeMode);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, tolerationSeconds, gracePeriodSeconds, purgeMode);
  }

  @Override
  public String toString() {
    return "FailoverBehavior{" + "enabled=" + enabled + ", tolerationSeconds=" + tolerationSeconds + ", gracePeriodSeconds=" + gracePeriodSeconds + ", purgeMode=" + purgeMode + "}";
  }
}
