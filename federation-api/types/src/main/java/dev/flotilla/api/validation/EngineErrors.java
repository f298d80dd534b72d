package dev.flotilla.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the placement engine's {@code (field, message)} errors into Kubernetes-style {@link FieldError}s: the
 * engine's path is re-rooted at the API path, the offending value is read back from the API object (the engine's
 * paths mirror the YAML), and the error type is chosen from the message's wording. Package-private plumbing of
 * {@link PlacementValidation}.
 *
 * <p>An engine error on a field the API's own checks already flagged is dropped, so that one mistake gives one
 * message (e.g. a missing taint key is "Required value" once, not twice).
 */
final class EngineErrors {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** {@code unsupported value "X": must be A, B or C}. */
  private static final Pattern UNSUPPORTED = Pattern.compile("^unsupported value .*: must be (.+)$");
  /** The engine appends the value it got; the Kubernetes form shows the value before the detail instead. */
  private static final Pattern GOT_SUFFIX = Pattern.compile(", got [^,]*$");
  private static final Pattern TOKEN = Pattern.compile("\\.([^.\\[]+)|\\[([^\\]]*)\\]");

  private EngineErrors() {
  }

  /**
   * Adds the engine's errors to {@code c}.
   *
   * @param c where the errors go
   * @param firstOwnError index in {@code c.errors()} of the first error the API's own checks added for this
   *     object; engine errors on the same fields as those are dropped
   * @param errors the engine's errors
   * @param enginePrefix the path the engine was told the object lives at (stripped from its fields)
   * @param apiPath where the object lives in the API object
   * @param apiValue the API object the engine validated (its mapping), to read bad values from
   */
  static void add(Checks c, int firstOwnError, List<dev.flotilla.placement.FieldError> errors, String enginePrefix,
      FieldPath apiPath, Object apiValue) {
    if (errors.isEmpty()) {
      return;
    }
    Set<String> flagged = new HashSet<>();
    for (FieldError own : c.errors().subList(firstOwnError, c.errors().size())) {
      flagged.add(own.field());
    }
    JsonNode tree = tree(apiValue);
    for (dev.flotilla.placement.FieldError error : errors) {
      String relative = relative(error.field(), enginePrefix);
      String field = apiPath + relative;
      if (flagged.contains(field)) {
        continue;
      }
      c.add(translate(field, error.message(), lookup(tree, relative)));
    }
  }

  private static JsonNode tree(Object apiValue) {
    try {
      return apiValue == null ? MissingNode.getInstance() : JSON.valueToTree(apiValue);
    } catch (IllegalArgumentException e) {
      // Bad values are a courtesy: without them the errors still name the field.
      return MissingNode.getInstance();
    }
  }

  /** The engine's field below {@code prefix}, starting with '.' or '[' (or empty for the object itself). */
  private static String relative(String field, String prefix) {
    String rest = field.startsWith(prefix) ? field.substring(prefix.length()) : field;
    if (rest.isEmpty() || rest.startsWith(".") || rest.startsWith("[")) {
      return rest;
    }
    return "." + rest;
  }

  /** The value at a relative path such as {@code .spreadConstraints[0].minGroups}, or null when absent. */
  static Object lookup(JsonNode tree, String relative) {
    JsonNode node = tree;
    Matcher m = TOKEN.matcher(relative);
    int at = 0;
    while (node != null && m.find() && m.start() == at) {
      at = m.end();
      if (m.group(1) != null) {
        node = node.get(m.group(1));
      } else if (node.isArray()) {
        node = index(node, m.group(2));
      } else {
        node = node.get(m.group(2));
      }
    }
    if (node == null || at != relative.length() || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node;
  }

  private static JsonNode index(JsonNode array, String index) {
    try {
      return array.get(Integer.parseInt(index));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Chooses the Kubernetes error type from the engine's wording; anything unrecognised is an Invalid value. */
  static FieldError translate(String field, String message, Object badValue) {
    if (message.equals("must not be null")) {
      return new FieldError(field, FieldError.Type.REQUIRED, null, "");
    }
    if (message.startsWith("is required")) {
      String rest = message.substring("is required".length()).trim();
      return new FieldError(field, FieldError.Type.REQUIRED, null, rest.isEmpty() ? "" : "required " + rest);
    }
    if (message.startsWith("must list at least one") || message.startsWith("must not be empty")) {
      return new FieldError(field, FieldError.Type.REQUIRED, null, message);
    }
    Matcher unsupported = UNSUPPORTED.matcher(message);
    if (unsupported.matches()) {
      String supported = "supported values: " + splitAlternatives(unsupported.group(1)).stream()
          .map(FieldError::quote).collect(Collectors.joining(", "));
      return badValue == null || "".equals(badValue)
          ? new FieldError(field, FieldError.Type.REQUIRED, null, supported)
          : new FieldError(field, FieldError.Type.NOT_SUPPORTED, badValue, supported);
    }
    if (message.startsWith("duplicate ")) {
      return new FieldError(field, FieldError.Type.DUPLICATE, badValue, "");
    }
    if (message.startsWith("must not be set together with") || message.startsWith("applies only to")
        || message.startsWith("set exactly one of")) {
      return new FieldError(field, FieldError.Type.FORBIDDEN, null, message);
    }
    return new FieldError(field, FieldError.Type.INVALID, badValue, GOT_SUFFIX.matcher(message).replaceFirst(""));
  }

  /** {@code "A, B or C"} → [A, B, C]. */
  private static List<String> splitAlternatives(String text) {
    List<String> values = new ArrayList<>();
    for (String part : text.split(", | or ")) {
      if (!part.isBlank()) {
        values.add(part.trim());
      }
    }
    return values;
  }
}
