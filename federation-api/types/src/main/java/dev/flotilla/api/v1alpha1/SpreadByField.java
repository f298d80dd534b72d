package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A cluster property to spread replicas over.
 *
 * <p>API fields hold the string form ({@link #value()}) so that an unsupported value reaches validation
 * (and gets a Kubernetes-style "Unsupported value" error) instead of failing JSON parsing.
 */
public enum SpreadByField implements ApiEnum {
  /** Each cluster is its own group. */
  CLUSTER("cluster"),
  /** Clusters are grouped by the topology.kubernetes.io/region label. */
  REGION("region"),
  /** Clusters are grouped by the topology.kubernetes.io/zone label. */
  ZONE("zone");

  private final String value;

  SpreadByField(String value) {
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
  public static SpreadByField fromValue(String value) {
    return ApiEnum.parse(SpreadByField.class, value);
  }
}
