package dev.flotilla.api.validation;

import dev.flotilla.api.v1alpha1.ApiEnum;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small shared checks that append Kubernetes-style errors to a list. Package-private plumbing. */
final class Checks {

  static final String NON_NEGATIVE = "must be greater than or equal to 0";

  private final List<FieldError> errors = new ArrayList<>();

  List<FieldError> errors() {
    return errors;
  }

  void add(FieldError error) {
    errors.add(error);
  }

  void addAll(List<FieldError> more) {
    errors.addAll(more);
  }

  /** Required non-empty string; returns whether present. */
  boolean required(String value, FieldPath path) {
    if (value == null || value.isEmpty()) {
      errors.add(FieldError.required(path, ""));
      return false;
    }
    return true;
  }

  /** Required object; returns whether present. */
  boolean required(Object value, FieldPath path) {
    if (value == null) {
      errors.add(FieldError.required(path, ""));
      return false;
    }
    return true;
  }

  void nonNegative(Number value, FieldPath path) {
    if (value != null && value.longValue() < 0) {
      errors.add(FieldError.invalid(path, value, NON_NEGATIVE));
    }
  }

  /** Optional enum value: when set it must be one of the enum's API values. */
  <E extends Enum<E> & ApiEnum> void oneOf(String value, Class<E> type, FieldPath path) {
    if (value != null && !ApiEnum.supports(type, value)) {
      errors.add(FieldError.notSupported(path, value, ApiEnum.values(type)));
    }
  }

  /** Required enum value. */
  <E extends Enum<E> & ApiEnum> void requiredOneOf(String value, Class<E> type, FieldPath path) {
    if (value == null || value.isEmpty()) {
      errors.add(FieldError.required(path, ""));
    } else {
      oneOf(value, type, path);
    }
  }

  void dns1123Label(String value, FieldPath path) {
    if (value != null) {
      for (String msg : NameValidation.isDns1123Label(value)) {
        errors.add(FieldError.invalid(path, value, msg));
      }
    }
  }

  void qualifiedName(String value, FieldPath path) {
    if (value != null) {
      for (String msg : NameValidation.isQualifiedName(value)) {
        errors.add(FieldError.invalid(path, value, msg));
      }
    }
  }

  /** Optional RFC 3339 timestamp. */
  void timestamp(String value, FieldPath path) {
    if (value == null) {
      return;
    }
    try {
      OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      errors.add(FieldError.invalid(path, value, "must be an RFC 3339 date-time, e.g. 2026-01-02T15:04:05Z"));
    }
  }

  /** A map of resource name to quantity: names are qualified names, quantities valid and not negative. */
  void resourceList(Map<String, Quantity> resources, FieldPath path) {
    if (resources == null) {
      return;
    }
    for (Map.Entry<String, Quantity> entry : new TreeMap<>(resources).entrySet()) {
      qualifiedName(entry.getKey(), path);
      FieldPath p = path.key(entry.getKey());
      Quantity q = entry.getValue();
      if (q == null || q.getAmount() == null || q.getAmount().isEmpty()) {
        errors.add(FieldError.required(p, ""));
        continue;
      }
      BigDecimal amount;
      try {
        amount = Quantity.getAmountInBytes(q);
      } catch (RuntimeException e) {
        errors.add(FieldError.invalid(p, q.toString(),
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
        continue;
      }
      if (amount.signum() < 0) {
        errors.add(FieldError.invalid(p, q.toString(), NON_NEGATIVE));
      }
    }
  }

  static <T> int size(List<T> list) {
    return list == null ? 0 : list.size();
  }
}
