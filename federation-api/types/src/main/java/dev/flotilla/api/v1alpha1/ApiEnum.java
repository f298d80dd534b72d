package dev.flotilla.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

/**
 * A closed set of string values of the Flotilla API (e.g. {@code Duplicated|Divided}).
 *
 * <p>The API types keep such fields as strings, as Kubernetes' Go types do; these enums give the allowed values
 * a name in Java, feed the CRD schema's {@code enum}, and let validation list the supported values.
 */
public interface ApiEnum {

  /** @return the value as written in the API */
  String value();

  /**
   * The API form of every constant of an enum, in declaration order.
   *
   * @param type the enum class
   * @param <E> the enum type
   * @return the supported values
   */
  static <E extends Enum<E> & ApiEnum> List<String> values(Class<E> type) {
    List<String> values = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      values.add(constant.value());
    }
    return values;
  }

  /**
   * Whether a string is one of the API values of an enum (exact, case-sensitive match as in Kubernetes).
   *
   * @param type the enum class
   * @param value the candidate
   * @param <E> the enum type
   * @return true if supported
   */
  static <E extends Enum<E> & ApiEnum> boolean supports(Class<E> type, String value) {
    return value != null && values(type).contains(value);
  }

  /**
   * Parses the API form of a constant.
   *
   * @param type the enum class
   * @param value the API string
   * @param <E> the enum type
   * @return the constant
   * @throws IllegalArgumentException naming the supported values when {@code value} is not one of them
   */
  static <E extends Enum<E> & ApiEnum> E parse(Class<E> type, String value) {
    for (E constant : type.getEnumConstants()) {
      if (constant.value().equals(value)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "unsupported " + type.getSimpleName() + " \"" + value + "\": supported values: " + values(type));
  }
}
