package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether every selected cluster runs all replicas or the replicas are divided among them.
 *
 * <p>API fields hold the string form ({@link #value()}) so that an unsupported value reaches validation
 * (and gets a Kubernetes-style "Unsupported value" error) instead of failing JSON parsing.
 */
public enum ReplicaSchedulingType implements ApiEnum {
  /** Every selected cluster runs the full replica count. */
  DUPLICATED("Duplicated"),
  /** The replica count is divided among the selected clusters. */
  DIVIDED("Divided");

  private final String value;

  ReplicaSchedulingType(String value) {
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
  public static ReplicaSchedulingType fromValue(String value) {
    return ApiEnum.parse(ReplicaSchedulingType.class, value);
  }
}
