package dev.flotilla.api.validation;

import java.util.Objects;

/**
 * A path to a field of an object, rendered as Kubernetes renders field paths in errors:
 * {@code spec.placement.spreadConstraints[0].minGroups}, {@code metadata.labels[app]}. Immutable.
 */
public final class FieldPath {

  private final FieldPath parent;
  private final String segment;

  private FieldPath(FieldPath parent, String segment) {
    this.parent = parent;
    this.segment = segment;
  }

  /**
   * Starts a path at a top-level field.
   *
   * @param name the field name, e.g. {@code spec}
   * @return the path
   */
  public static FieldPath root(String name) {
    return new FieldPath(null, Objects.requireNonNull(name, "name"));
  }

  /**
   * A child field.
   *
   * @param name the field name
   * @return {@code this.name}
   */
  public FieldPath child(String name) {
    return new FieldPath(this, "." + name);
  }

  /**
   * An element of a list.
   *
   * @param index position in the list
   * @return {@code this[index]}
   */
  public FieldPath index(int index) {
    return new FieldPath(this, "[" + index + "]");
  }

  /**
   * An entry of a map.
   *
   * @param key the map key
   * @return {@code this[key]}
   */
  public FieldPath key(String key) {
    return new FieldPath(this, "[" + key + "]");
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    append(sb);
    return sb.toString();
  }

  private void append(StringBuilder sb) {
    if (parent != null) {
      parent.append(sb);
    }
    sb.append(segment);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldPath && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
