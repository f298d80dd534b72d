package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The health of a propagated resource in one member cluster, as its agent judges it.
 *
 * <p>API fields hold the string form ({@link #value()}) so that an unsupported value reaches validation
 * (and gets a Kubernetes-style "Unsupported value" error) instead of failing JSON parsing.
 */
public enum ResourceHealth implements ApiEnum {
  /** The resource is serving as intended. */
  HEALTHY("Healthy"),
  /** The resource exists but is not serving as intended. */
  UNHEALTHY("Unhealthy"),
  /** The agent cannot tell. */
  UNKNOWN("Unknown");

  private final String value;

  ResourceHealth(String value) {
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
  public static ResourceHealth fromValue(String value) {
    return ApiEnum.parse(ResourceHealth.class, value);
  }
}
