package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.Objects;

/**
 * Old replicas kept on a cluster while their replacements start elsewhere: the cluster's Work stays (at
 * {@code replicas}) until every cluster of the binding has its replicas ready, or until the grace period ends.
 * Created by the scheduler when it moves replicas away from a cluster (failover, drain, rebalance).
 */
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"fromCluster", "replicas", "reason", "message", "producer", "purgeMode", "gracePeriodSeconds",
    "creationTimestamp"})
public class GracefulEvictionTask implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("fromCluster")
  @JsonPropertyDescription("The cluster the replicas move away from.")
  @Required
  private String fromCluster;

  @JsonProperty("replicas")
  @JsonPropertyDescription("Replicas kept there meanwhile (unset for kinds without replicas).")
  @Min(0)
  private Integer replicas;

  @JsonProperty("reason")
  @JsonPropertyDescription("Why, in CamelCase: ClusterUnreachable, ClusterNotReady, TaintNoExecute, Drain, Rebalance.")
  private String reason;

  @JsonProperty("message")
  @JsonPropertyDescription("Why, for people.")
  private String message;

  @JsonProperty("producer")
  @JsonPropertyDescription("The controller that created the task.")
  private String producer;

  @JsonProperty("purgeMode")
  @JsonPropertyDescription("Gracefully (wait for the replacements, at most gracePeriodSeconds) or Never (keep until the cluster is targeted again or removed).")
  private String purgeMode;

  @JsonProperty("gracePeriodSeconds")
  @JsonPropertyDescription("The longest wait for the replacements, from creationTimestamp.")
  @Min(0)
  private Integer gracePeriodSeconds;

  @JsonProperty("creationTimestamp")
  @JsonPropertyDescription("When the task was created (RFC 3339).")
  private String creationTimestamp;

  /** Creates an empty task; set fields with the setters. */
  public GracefulEvictionTask() {
  }

  /** @return the cluster the replicas move away from */
  public String getFromCluster() {
    return fromCluster;
  }

  /** @param fromCluster the cluster the replicas move away from */
  public void setFromCluster(String fromCluster) {
    this.fromCluster = fromCluster;
  }

  /** @return replicas kept there meanwhile */
  public Integer getReplicas() {
    return replicas;
  }

  /** @param replicas replicas kept there meanwhile */
  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  /** @return why, in CamelCase */
  public String getReason() {
    return reason;
  }

  /** @param reason why, in CamelCase */
  public void setReason(String reason) {
    this.reason = reason;
  }

  /** @return why, for people */
  public String getMessage() {
    return message;
  }

  /** @param message why, for people */
  public void setMessage(String message) {
    this.message = message;
  }

  /** @return the controller that created the task */
  public String getProducer() {
    return producer;
  }

  /** @param producer the controller that created the task */
  public void setProducer(String producer) {
    this.producer = producer;
  }

  /** @return Gracefully or Never */
  public String getPurgeMode() {
    return purgeMode;
  }

  /** @param purgeMode Gracefully or Never */
  public void setPurgeMode(String purgeMode) {
    this.purgeMode = purgeMode;
  }

  /** @return the longest wait for the replacements */
  public Integer getGracePeriodSeconds() {
    return gracePeriodSeconds;
  }

  /** @param gracePeriodSeconds the longest wait for the replacements */
  public void setGracePeriodSeconds(Integer gracePeriodSeconds) {
    this.gracePeriodSeconds = gracePeriodSeconds;
  }

  /** @return when the task was created (RFC 3339) */
  public String getCreationTimestamp() {
    return creationTimestamp;
  }

  /** @param creationTimestamp when the task was created (RFC 3339) */
  public void setCreationTimestamp(String creationTimestamp) {
    this.creationTimestamp = creationTimestamp;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    GracefulEvictionTask that = (GracefulEvictionTask) o;
    return Objects.equals(fromCluster, that.fromCluster) && Objects.equals(replicas, that.replicas)
        && Objects.equals(reason, that.reason) && Objects.equals(message, that.message)
        && Objects.equals(producer, that.producer) && Objects.equals(purgeMode, that.purgeMode)
        && Objects.equals(gracePeriodSeconds, that.gracePeriodSeconds)
        && Objects.equals(creationTimestamp, that.creationTimestamp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fromCluster, replicas, reason, message, producer, purgeMode, gracePeriodSeconds,
        creationTimestamp);
  }

  @Override
  public String toString() {
    return "GracefulEvictionTask{fromCluster=" + fromCluster + ", replicas=" + replicas + ", reason=" + reason
        + ", message=" + message + ", producer=" + producer + ", purgeMode=" + purgeMode + ", gracePeriodSeconds="
        + gracePeriodSeconds + ", creationTimestamp=" + creationTimestamp + "}";
  }
}
