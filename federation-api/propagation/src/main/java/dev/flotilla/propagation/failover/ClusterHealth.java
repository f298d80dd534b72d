package dev.flotilla.propagation.failover;

import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Conditions;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Cluster's health, decided by the control plane from what it observed, with hysteresis: the Ready verdict and
 * the taints that follow from it and from the cluster's cordon/drain switches. Pure: the caller supplies the
 * observations and the clock.
 *
 * <ul>
 *   <li>Lease not renewed for the grace period: Ready=Unknown, taints {@value FlotillaApi#TAINT_UNREACHABLE}
 *       NoSchedule and NoExecute.</li>
 *   <li>Lease fresh and the agent reports Ready=False: taints {@code cluster.flotilla.dev/not-ready} NoSchedule and
 *       NoExecute.</li>
 *   <li>Healthy again: the health taints go only after {@code successThreshold} renewals in a row.</li>
 *   <li>Fully disrupted (no cluster at all is healthy): no NoExecute health taint is added, since there is nowhere
 *       to move to and the likelier cause is the control plane's own network.</li>
 *   <li>{@code spec.unschedulable} or {@code spec.drain}: {@value FlotillaApi#TAINT_UNSCHEDULABLE}:NoSchedule;
 *       {@code spec.drain}: {@value FlotillaApi#TAINT_DRAINING}:NoExecute.</li>
 * </ul>
 * A NoExecute taint someone else added without {@code timeAdded} gets it now, so tolerations can count from it.
 * The taints of others are kept as they are, in their order.
 */
public final class ClusterHealth {

  /** The taint keys this controller owns. */
  public static final Set<String> MANAGED_KEYS = Set.of(FlotillaApi.TAINT_UNREACHABLE, FlotillaApi.TAINT_NOT_READY,
      FlotillaApi.TAINT_UNSCHEDULABLE, FlotillaApi.TAINT_DRAINING);
  /** Effect names as Kubernetes spells them. */
  public static final String NO_SCHEDULE = "NoSchedule";
  /** Effect names as Kubernetes spells them. */
  public static final String NO_EXECUTE = "NoExecute";

  private ClusterHealth() {
  }

  /**
   * What the control plane knows about one cluster right now.
   *
   * @param reportedReady    the Ready status the agent last wrote (True, False, Unknown), or null if none yet
   * @param reportedReason   its reason
   * @param reportedMessage  its message
   * @param lastRenewal      when the control plane last saw the lease renewed (its own clock), or when it first
   *                         saw the cluster
   * @param renewalsInARow   renewals seen since the cluster was last judged unhealthy
   * @param unschedulable    {@code spec.unschedulable}
   * @param drain            {@code spec.drain}
   * @param taints           {@code spec.taints} now
   * @param anyOtherHealthy  whether some other cluster is healthy (false: the federation is fully disrupted)
   * @param now              the control plane's clock
   */
  public record Observation(String reportedReady, String reportedReason, String reportedMessage, Instant lastRenewal,
                            int renewalsInARow, boolean unschedulable, boolean drain, List<Taint> taints,
                            boolean anyOtherHealthy, Instant now) {
    /** Copies the taint list. */
    public Observation {
      taints = taints == null ? List.of() : List.copyOf(taints);
    }

    /** @return the same observation with other current taints (re-read before a write) */
    public Observation withTaints(List<Taint> current) {
      return new Observation(reportedReady, reportedReason, reportedMessage, lastRenewal, renewalsInARow,
          unschedulable, drain, current, anyOtherHealthy, now);
    }
  }

  /**
   * The verdict.
   *
   * @param ready     the Ready status to show: Unknown when the lease expired, otherwise what the agent reported
   *                  (null when it reported nothing yet)
   * @param reason    the reason for an Unknown verdict (null otherwise: the agent's condition stands)
   * @param message   the message for an Unknown verdict
   * @param healthy   Ready=True with a fresh lease
   * @param failing   the lease expired or the agent reports the member unhealthy: good renewals start over
   * @param taints    what {@code spec.taints} should be
   * @param recheckAt when the verdict changes by time alone (the lease expiring), or null
   */
  public record Verdict(String ready, String reason, String message, boolean healthy, boolean failing,
                        List<Taint> taints, Instant recheckAt) {
    /** Copies the taint list. */
    public Verdict {
      taints = List.copyOf(taints);
    }

    /** @return whether a health taint (unreachable or not-ready) is among the taints */
    public boolean tainted() {
      return taints.stream().anyMatch(t -> isHealthTaint(t.getKey()));
    }
  }

  /**
   * Judges one cluster.
   *
   * @param o        the observation
   * @param settings the thresholds
   * @return the verdict
   */
  public static Verdict evaluate(Observation o, HealthSettings settings) {
    Instant expiry = o.lastRenewal().plus(settings.gracePeriod());
    boolean expired = o.now().isAfter(expiry);
    String ready = expired ? Conditions.UNKNOWN : o.reportedReady();
    String reason = null;
    String message = null;
    if (expired) {
      reason = "ClusterStatusUnknown";
      message = "the agent has not renewed its lease for " + seconds(Duration.between(o.lastRenewal(), o.now()))
          + " (grace period " + seconds(settings.gracePeriod()) + ")";
    }
    boolean healthy = Conditions.TRUE.equals(ready);

    String healthKey = null;
    if (expired) {
      healthKey = FlotillaApi.TAINT_UNREACHABLE;
    } else if (Conditions.FALSE.equals(ready)) {
      healthKey = FlotillaApi.TAINT_NOT_READY;
    } else if (!healthy || o.renewalsInARow() < settings.successThreshold()) {
      // Recovering (renewing again, but not yet for long enough, or its agent has not reported since the lease
      // came back): keep what it has.
      healthKey = currentHealthKey(o.taints());
    }

    List<Taint> next = new ArrayList<>();
    for (Taint taint : o.taints()) {
      if (taint == null || MANAGED_KEYS.contains(taint.getKey())) {
        continue;
      }
      Taint copy = copy(taint);
      if (NO_EXECUTE.equals(copy.getEffect()) && blank(copy.getTimeAdded())) {
        copy.setTimeAdded(timestamp(o.now()));
      }
      next.add(copy);
    }
    if (healthKey != null) {
      next.add(managed(o, healthKey, NO_SCHEDULE));
      boolean keepsNoExecute = has(o.taints(), healthKey, NO_EXECUTE) || carriedNoExecute(o.taints()) != null;
      if (o.anyOtherHealthy() || keepsNoExecute) {
        next.add(managed(o, healthKey, NO_EXECUTE));
      }
    }
    if (o.unschedulable() || o.drain()) {
      next.add(managed(o, FlotillaApi.TAINT_UNSCHEDULABLE, NO_SCHEDULE));
    }
    if (o.drain()) {
      next.add(managed(o, FlotillaApi.TAINT_DRAINING, NO_EXECUTE));
    }
    boolean failing = expired || Conditions.FALSE.equals(ready);
    return new Verdict(ready, reason, message, healthy, failing, next, expired ? null : expiry);
  }

  /** @return whether a taint key is one of the two health taints */
  public static boolean isHealthTaint(String key) {
    return FlotillaApi.TAINT_UNREACHABLE.equals(key) || FlotillaApi.TAINT_NOT_READY.equals(key);
  }

  private static String currentHealthKey(List<Taint> taints) {
    for (Taint taint : taints) {
      if (taint != null && isHealthTaint(taint.getKey())) {
        return taint.getKey();
      }
    }
    return null;
  }

  /**
   * A managed taint, keeping {@code timeAdded} of the same taint if present. A health NoExecute taint that replaces
   * the other health key (unreachable → not-ready) keeps the older time: the cluster has been unhealthy all along.
   */
  private static Taint managed(Observation o, String key, String effect) {
    Taint existing = find(o.taints(), key, effect);
    String added = existing == null ? null : existing.getTimeAdded();
    if (added == null && isHealthTaint(key) && NO_EXECUTE.equals(effect)) {
      Taint other = carriedNoExecute(o.taints());
      added = other == null ? null : other.getTimeAdded();
    }
    Taint taint = new Taint();
    taint.setKey(key);
    taint.setEffect(effect);
    taint.setTimeAdded(added == null ? timestamp(o.now()) : added);
    return taint;
  }

  private static Taint carriedNoExecute(List<Taint> taints) {
    for (Taint taint : taints) {
      if (taint != null && isHealthTaint(taint.getKey()) && NO_EXECUTE.equals(taint.getEffect())) {
        return taint;
      }
    }
    return null;
  }

  private static boolean has(List<Taint> taints, String key, String effect) {
    return find(taints, key, effect) != null;
  }

  private static Taint find(List<Taint> taints, String key, String effect) {
    for (Taint taint : taints) {
      if (taint != null && Objects.equals(key, taint.getKey()) && Objects.equals(effect, taint.getEffect())) {
        return taint;
      }
    }
    return null;
  }

  private static Taint copy(Taint taint) {
    Taint copy = new Taint();
    copy.setKey(taint.getKey());
    copy.setValue(taint.getValue());
    copy.setEffect(taint.getEffect());
    copy.setTimeAdded(taint.getTimeAdded());
    return copy;
  }

  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private static boolean blank(String s) {
    return s == null || s.isEmpty();
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
