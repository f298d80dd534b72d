package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The operation an overrider applies.
 *
 * <p>API fields hold the string form ({@link #value()}) so that an unsupported value reaches validation
 * (and gets a Kubernetes-style "Unsupported value" error) instead of failing JSON parsing.
 */
public enum OverriderOperator implements ApiEnum {
  /** Add the value. */
  ADD("add"),
  /** Remove the value. */
  REMOVE("remove"),
  /** Replace the existing value. */
  REPLACE("replace");

  private final String value;

  OverriderOperator(String value) {
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
  public static OverriderOperator fromValue(String value) {
    return ApiEnum.parse(OverriderOperator.class, value);
  }
}
