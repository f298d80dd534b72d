package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The source of dynamic weights.
 *
 * <p>API fields hold the string form ({@link #value()}) so that an unsupported value reaches validation
 * (and gets a Kubernetes-style "Unsupported value" error) instead of failing JSON parsing.
 */
public enum DynamicWeightFactor implements ApiEnum {
  /** Each cluster's weight is the number of replicas it can still hold. */
  AVAILABLE_REPLICAS("AvailableReplicas");

  private final String value;

  DynamicWeightFactor(String value) {
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
  public static DynamicWeightFactor fromValue(String value) {
    return ApiEnum.parse(DynamicWeightFactor.class, value);
  }
}
