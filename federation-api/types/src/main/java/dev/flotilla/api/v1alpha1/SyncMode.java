package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the control plane reaches a member cluster.
 *
 * <p>API fields hold the string form ({@link #value()}) so that an unsupported value reaches validation
 * (and gets a Kubernetes-style "Unsupported value" error) instead of failing JSON parsing.
 */
public enum SyncMode implements ApiEnum {
  /** The control plane connects to the member's API server itself (needs {@code spec.apiEndpoint}). */
  PUSH("Push"),
  /** An agent in the member cluster connects out to the control plane (the default). */
  PULL("Pull");

  private final String value;

  SyncMode(String value) {
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
  public static SyncMode fromValue(String value) {
    return ApiEnum.parse(SyncMode.class, value);
  }
}
