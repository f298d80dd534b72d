package dev.flotilla.placement;

/**
 * A toleration of cluster taints, Karmada's {@code clusterTolerations} entry (Kubernetes' {@code corev1.Toleration}).
 *
 * <p>Matching follows Kubernetes: operator {@code Exists} matches any value (and, with an empty key, any taint);
 * operator {@code Equal} (the default when null or empty) needs key and value to match; an empty effect matches
 * every effect. {@code tolerationSeconds} is carried for fidelity but ignored by the engine, which has no clock:
 * eviction timing belongs to the failover controller.
 *
 * @param key               taint key to tolerate; empty with {@code Exists} tolerates every taint
 * @param operator          {@value #EXISTS} or {@value #EQUAL}; null means Equal
 * @param value             value to match for Equal
 * @param effect            effect to match; null or empty matches all effects
 * @param tolerationSeconds carried, not interpreted here
 */
public record Toleration(String key, String operator, String value, String effect, Long tolerationSeconds) {
  public static final String EXISTS = "Exists";
  public static final String EQUAL = "Equal";

  /** Whether this toleration tolerates the given taint. */
  public boolean tolerates(Taint taint) {
    if (effect != null && !effect.isEmpty() && !effect.equals(taint.effect())) {
      return false;
    }
    if (EXISTS.equals(operator)) {
      return key == null || key.isEmpty() || key.equals(taint.key());
    }
    String taintValue = taint.value() == null ? "" : taint.value();
    String ownValue = value == null ? "" : value;
    return key != null && key.equals(taint.key()) && ownValue.equals(taintValue);
  }
}
