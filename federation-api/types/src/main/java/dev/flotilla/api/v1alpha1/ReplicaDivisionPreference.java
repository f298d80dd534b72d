package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How replicas are divided when scheduling type is Divided.
 *
 * <p>API fields hold the string form ({@link #value()}) so that an unsupported value reaches validation
 * (and gets a Kubernetes-style "Unsupported value" error) instead of failing JSON parsing.
 */
public enum ReplicaDivisionPreference implements ApiEnum {
  /** As few clusters as can hold the replicas, by available capacity. */
  AGGREGATED("Aggregated"),
  /** By weights: static, dynamic (available replicas) or hierarchical. */
  WEIGHTED("Weighted");

  private final String value;

  ReplicaDivisionPreference(String value) {
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
  public static ReplicaDivisionPreference fromValue(String value) {
    return ApiEnum.parse(ReplicaDivisionPreference.class, value);
  }
}
