package dev.flotilla.placement;

/**
 * A taint on a member cluster (same shape as Kubernetes' {@code corev1.Taint}). A cluster repels workloads
 * that do not tolerate its taints.
 *
 * @param key    taint key, required
 * @param value  taint value, may be null
 * @param effect {@value #NO_SCHEDULE}, {@value #PREFER_NO_SCHEDULE} or {@value #NO_EXECUTE}
 */
public record Taint(String key, String value, String effect) {
  /** New replicas are not placed on the cluster; in Steady mode replicas already there stay. */
  public static final String NO_SCHEDULE = "NoSchedule";
  /** The cluster is ranked last but still usable. */
  public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
  /** Replicas are not placed and replicas already there are moved away. */
  public static final String NO_EXECUTE = "NoExecute";

  /** Renders the taint as {@code key=value:Effect} for reasons. */
  @Override
  public String toString() {
    return key + (value == null || value.isEmpty() ? "" : "=" + value) + ":" + effect;
  }
}
