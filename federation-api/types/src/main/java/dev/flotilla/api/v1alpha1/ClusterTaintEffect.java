package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The effect of a taint on a member cluster.
 *
 * <p>API fields hold the string form ({@link #value()}) so that an unsupported value reaches validation
 * (and gets a Kubernetes-style "Unsupported value" error) instead of failing JSON parsing.
 */
public enum ClusterTaintEffect implements ApiEnum {
  /** No new replicas are placed on the cluster unless the policy tolerates the taint. */
  NO_SCHEDULE("NoSchedule"),
  /** Replicas already there are moved away too, unless tolerated (failover). */
  NO_EXECUTE("NoExecute");

  private final String value;

  ClusterTaintEffect(String value) {
    this.value = value;
  }

  /** @return the value as written in the API */
  @Override
  @JsonValue
  public String value() {
    return value;
  }

  /**
   * Parses the API form of this enum.
   *
   * @param value the string as written in the API
   * @return the constant
   * @throws IllegalArgumentException if the value is not supported
   */
  @JsonCreator
  public static ClusterTaintEffect fromValue(String value) {
    return ApiEnum.parse(ClusterTaintEffect.class, value);
  }
}
