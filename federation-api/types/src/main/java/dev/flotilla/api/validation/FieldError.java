package dev.flotilla.api.validation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One validation error on one field, modelled on Kubernetes' {@code field.Error}
 * (k8s.io/apimachinery/pkg/util/validation/field): the field path, the kind of error, the offending value and a
 * detail. {@link #message()} renders it exactly as Kubernetes does, e.g.
 * {@code spec.replicas: Invalid value: -2: must be greater than or equal to 0}; the server puts
 * {@link Type#reason()}, {@link #field()} and {@link #errorBody()} into the causes of a 422 {@code Status}.
 *
 * @param field the field path, e.g. {@code spec.placement.spreadConstraints[0].minGroups}
 * @param type the kind of error
 * @param badValue the offending value (may be null; not shown for Required, Forbidden and TooLong)
 * @param detail more about the error, may be empty
 */
public record FieldError(String field, Type type, Object badValue, String detail) {

  /** The kinds of field error, with Kubernetes' cause reason and message words. */
  public enum Type {
    /** A required value is missing. */
    REQUIRED("FieldValueRequired", "Required value"),
    /** The value is malformed or out of range. */
    INVALID("FieldValueInvalid", "Invalid value"),
    /** The value is not one of a closed set. */
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
    /** The value repeats one that must be unique. */
    DUPLICATE("FieldValueDuplicate", "Duplicate value"),
    /** The value is too long. */
    TOO_LONG("FieldValueTooLong", "Too long"),
    /** The list has too many items. */
    TOO_MANY("FieldValueTooMany", "Too many"),
    /** The field may not be set (here, or to this value). */
    FORBIDDEN("FieldValueForbidden", "Forbidden"),
    /** A referenced thing does not exist. */
    NOT_FOUND("FieldValueNotFound", "Not found");

    private final String reason;
    private final String text;

    Type(String reason, String text) {
      this.reason = reason;
      this.text = text;
    }

    /** @return the {@code metav1.CauseType}, e.g. {@code FieldValueInvalid} */
    public String reason() {
      return reason;
    }

    /** @return the words Kubernetes starts the error body with, e.g. {@code Invalid value} */
    public String text() {
      return text;
    }
  }

  /** Canonical constructor; a null detail becomes empty. */
  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(type, "type");
    detail = detail == null ? "" : detail;
  }

  /**
   * A missing value.
   *
   * @param field the field
   * @param detail more, may be empty
   * @return the error
   */
  public static FieldError required(FieldPath field, String detail) {
    return new FieldError(field.toString(), Type.REQUIRED, null, detail);
  }

  /**
   * A malformed or out-of-range value.
   *
   * @param field the field
   * @param value the offending value
   * @param detail what is wrong
   * @return the error
   */
  public static FieldError invalid(FieldPath field, Object value, String detail) {
    return new FieldError(field.toString(), Type.INVALID, value, detail);
  }

  /**
   * A value outside a closed set.
   *
   * @param field the field
   * @param value the offending value
   * @param supported the allowed values
   * @return the error, detail {@code supported values: "A", "B"}
   */
  public static FieldError notSupported(FieldPath field, Object value, List<String> supported) {
    String detail = supported == null || supported.isEmpty() ? ""
        : "supported values: " + supported.stream().map(FieldError::quote).collect(Collectors.joining(", "));
    return new FieldError(field.toString(), Type.NOT_SUPPORTED, value, detail);
  }

  /**
   * A value that repeats one that must be unique.
   *
   * @param field the field
   * @param value the repeated value
   * @return the error
   */
  public static FieldError duplicate(FieldPath field, Object value) {
    return new FieldError(field.toString(), Type.DUPLICATE, value, "");
  }

  /**
   * A value that is too long.
   *
   * @param field the field
   * @param value the value (not shown in the message)
   * @param maxLength the limit in bytes
   * @return the error, detail {@code may not be more than N bytes}
   */
  public static FieldError tooLong(FieldPath field, Object value, int maxLength) {
    return new FieldError(field.toString(), Type.TOO_LONG, value,
        "may not be more than " + maxLength + (maxLength == 1 ? " byte" : " bytes"));
  }

  /**
   * A list with too many items.
   *
   * @param field the field
   * @param actual how many there are
   * @param max the limit
   * @return the error, detail {@code must have at most N items}
   */
  public static FieldError tooMany(FieldPath field, int actual, int max) {
    return new FieldError(field.toString(), Type.TOO_MANY, actual,
        "must have at most " + max + (max == 1 ? " item" : " items"));
  }

  /**
   * A field that may not be set here.
   *
   * @param field the field
   * @param detail why
   * @return the error
   */
  public static FieldError forbidden(FieldPath field, String detail) {
    return new FieldError(field.toString(), Type.FORBIDDEN, null, detail);
  }

  /**
   * A reference to something that does not exist.
   *
   * @param field the field
   * @param value the reference
   * @return the error
   */
  public static FieldError notFound(FieldPath field, Object value) {
    return new FieldError(field.toString(), Type.NOT_FOUND, value, "");
  }

  /**
   * The error without its field, as in a Kubernetes {@code StatusCause.message}: e.g.
   * {@code Invalid value: -2: must be greater than or equal to 0}, {@code Required value},
   * {@code Unsupported value: "X": supported values: "A", "B"}.
   *
   * @return the body
   */
  public String errorBody() {
    String body;
    if (type == Type.REQUIRED || type == Type.FORBIDDEN || type == Type.TOO_LONG) {
      body = type.text();
    } else {
      body = type.text() + ": " + render(badValue);
    }
    return detail.isEmpty() ? body : body + ": " + detail;
  }

  /**
   * The whole error as Kubernetes prints it: {@code <field>: <body>}.
   *
   * @return the message
   */
  public String message() {
    return field + ": " + errorBody();
  }

  @Override
  public String toString() {
    return message();
  }

  /**
   * The message of a 422 Invalid status, as Kubernetes words it:
   * {@code Cluster.flotilla.dev "a" is invalid: spec.x: Required value} for one error, and the errors in
   * brackets, comma-separated, for several.
   *
   * @param kind the kind, e.g. {@code Cluster}
   * @param group the API group; empty for the core group
   * @param name the object's name
   * @param errors the errors, at least one
   * @return the message
   */
  public static String invalidMessage(String kind, String group, String name, List<FieldError> errors) {
    String qualifiedKind = group == null || group.isEmpty() ? kind : kind + "." + group;
    Set<String> messages = new LinkedHashSet<>();
    for (FieldError error : errors) {
      messages.add(error.message());
    }
    String aggregate = messages.size() == 1 ? messages.iterator().next()
        : "[" + String.join(", ", new ArrayList<>(messages)) + "]";
    return qualifiedKind + " " + quote(name == null ? "" : name) + " is invalid: " + aggregate;
  }

  /** Renders a bad value the way Go's fmt does for field errors: strings quoted, numbers and booleans plain. */
  static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof com.fasterxml.jackson.databind.JsonNode node) {
      return node.isTextual() ? quote(node.textValue()) : node.toString();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(FieldError::render).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream().map(e -> render(String.valueOf(e.getKey())) + ":" + render(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    return value.toString();
  }

  /** Quotes a string as Go's {@code %q} does for printable text. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
