package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a placement treats the current assignment.
 *
 * <p>API fields hold the string form ({@link #value()}) so that an unsupported value reaches validation
 * (and gets a Kubernetes-style "Unsupported value" error) instead of failing JSON parsing.
 */
public enum PlacementMode implements ApiEnum {
  /** Keep current assignments that are still valid and move as few replicas as possible. */
  STEADY("Steady"),
  /** Ignore the current assignment: a full rebalance. */
  FRESH("Fresh");

  private final String value;

  PlacementMode(String value) {
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
  public static PlacementMode fromValue(String value) {
    return ApiEnum.parse(PlacementMode.class, value);
  }
}
