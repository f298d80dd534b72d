package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The part of a container image reference that an image overrider changes.
 *
 * <p>API fields hold the string form ({@link #value()}) so that an unsupported value reaches validation
 * (and gets a Kubernetes-style "Unsupported value" error) instead of failing JSON parsing.
 */
public enum ImageComponent implements ApiEnum {
  /** The registry host, e.g. {@code docker.io}. */
  REGISTRY("Registry"),
  /** The repository path, e.g. {@code library/nginx}. */
  REPOSITORY("Repository"),
  /** The tag, e.g. {@code 1.27}. */
  TAG("Tag");

  private final String value;

  ImageComponent(String value) {
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
  public static ImageComponent fromValue(String value) {
    return ApiEnum.parse(ImageComponent.class, value);
  }
}
