package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What to do when a resource to be propagated already exists in a member cluster.
 *
 * <p>API fields hold the string form ({@link #value()}) so that an unsupported value reaches validation
 * (and gets a Kubernetes-style "Unsupported value" error) instead of failing JSON parsing.
 */
public enum ConflictResolution implements ApiEnum {
  /** Leave the member's resource alone and report the conflict (the default). */
  ABORT("Abort"),
  /** Take the member's resource over and overwrite it. */
  OVERWRITE("Overwrite");

  private final String value;

  ConflictResolution(String value) {
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
  public static ConflictResolution fromValue(String value) {
    return ApiEnum.parse(ConflictResolution.class, value);
  }
}
