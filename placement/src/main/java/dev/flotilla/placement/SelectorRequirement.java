package dev.flotilla.placement;

import java.util.List;

/**
 * One requirement of a label selector or field selector ({@code matchExpressions[]}), same shape as
 * Kubernetes' {@code LabelSelectorRequirement} / {@code NodeSelectorRequirement}.
 *
 * @param key      label key, or for a field selector one of {@code provider}, {@code region}, {@code zone}
 * @param operator {@code In}, {@code NotIn}, {@code Exists} or {@code DoesNotExist} (field selectors: In, NotIn)
 * @param values   values for In/NotIn; must be empty for Exists/DoesNotExist
 */
public record SelectorRequirement(String key, String operator, List<String> values) {
  public static final String IN = "In";
  public static final String NOT_IN = "NotIn";
  public static final String EXISTS = "Exists";
  public static final String DOES_NOT_EXIST = "DoesNotExist";

  public SelectorRequirement {
    values = Copies.list(values);
  }

  /** Whether a label (or field) value satisfies the requirement; {@code actual} null means absent. */
  boolean matches(String actual) {
    return switch (operator) {
      case IN -> actual != null && values.contains(actual);
      case NOT_IN -> actual == null || !values.contains(actual);
      case EXISTS -> actual != null;
      case DOES_NOT_EXIST -> actual == null;
      default -> false;
    };
  }
}
