package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether a policy may take over resources already claimed by a policy of lower priority.
 *
 * <p>API fields hold the string form ({@link #value()}) so that an unsupported value reaches validation
 * (and gets a Kubernetes-style "Unsupported value" error) instead of failing JSON parsing.
 */
public enum PreemptionPolicy implements ApiEnum {
  /** Preempt lower-priority policies. */
  ALWAYS("Always"),
  /** Never preempt (the default). */
  NEVER("Never");

  private final String value;

  PreemptionPolicy(String value) {
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
  public static PreemptionPolicy fromValue(String value) {
    return ApiEnum.parse(PreemptionPolicy.class, value);
  }
}
