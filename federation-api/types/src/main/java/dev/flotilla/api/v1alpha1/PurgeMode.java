package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the old copy of a workload is removed from a failed cluster after failover.
 *
 * <p>API fields hold the string form ({@link #value()}) so that an unsupported value reaches validation
 * (and gets a Kubernetes-style "Unsupported value" error) instead of failing JSON parsing.
 */
public enum PurgeMode implements ApiEnum {
  /** Removed at once, before the new replicas are ready elsewhere. */
  DIRECTLY("Directly"),
  /** Removed once the new replicas are healthy elsewhere, or after the grace period. */
  GRACEFULLY("Gracefully"),
  /** Left in place; a person removes it. */
  NEVER("Never");

  private final String value;

  PurgeMode(String value) {
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
  public static PurgeMode fromValue(String value) {
    return ApiEnum.parse(PurgeMode.class, value);
  }
}
