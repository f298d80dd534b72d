package dev.flotilla.propagation.failover;

import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.placement.PlacementMapping;
import dev.flotilla.api.v1alpha1.FailoverBehavior;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * When a workload leaves a cluster because of a NoExecute taint, as Kubernetes evicts Pods from a Node. Pure.
 *
 * <p>For each NoExecute taint of a cluster, against one binding:
 * <ul>
 *   <li>tolerated by a toleration without {@code tolerationSeconds}: stays, tolerated (the engine sees it);</li>
 *   <li>tolerated with {@code tolerationSeconds}: stays until {@code timeAdded} plus the smallest of them;</li>
 *   <li>a health taint (unreachable, not-ready) not tolerated explicitly: stays for the binding's
 *       {@code failover.tolerationSeconds} (default {@value #DEFAULT_TOLERATION_SECONDS}), or for ever when
 *       {@code failover.enabled} is false;</li>
 *   <li>anything else (a drain, a user's taint): leaves at once.</li>
 * </ul>
 * While it stays, the engine sees the taint as NoSchedule: Steady placement keeps the replicas there, adds none.
 * Once the time is up the engine sees NoExecute and moves them. Timed tolerations are therefore not passed to the
 * engine ({@link #engineTolerations}); they are applied here, per cluster, with the clock.
 */
public final class Evictions {

  /** Default seconds replicas stay on an unhealthy cluster before they move (Karmada waits 300). */
  public static final int DEFAULT_TOLERATION_SECONDS = 2;
  /** Default longest wait for replacements before the old replicas go. */
  public static final int DEFAULT_GRACE_PERIOD_SECONDS = 600;

  private Evictions() {
  }

  /**
   * The engine's view of one cluster's taints for one binding.
   *
   * @param taints    the taints to hand the engine
   * @param evicting  the first taint that makes the workload leave now, or null
   * @param changesAt when a taint's toleration runs out (the binding must be looked at again), or null
   */
  public record ClusterView(List<Taint> taints, Taint evicting, Instant changesAt) {
    /** Copies the list. */
    public ClusterView {
      taints = List.copyOf(taints);
    }
  }

  /**
   * The tolerations the engine applies itself: those without {@code tolerationSeconds} (validation allows
   * seconds only on NoExecute tolerations, which {@link #view} applies).
   *
   * @param tolerations the placement's tolerations (may be null)
   * @return the untimed ones
   */
  public static List<Toleration> engineTolerations(List<Toleration> tolerations) {
    List<Toleration> untimed = new ArrayList<>();
    if (tolerations != null) {
      for (Toleration toleration : tolerations) {
        if (toleration != null && toleration.getTolerationSeconds() == null) {
          untimed.add(toleration);
        }
      }
    }
    return untimed;
  }

  /**
   * One cluster's taints as the engine should see them for a binding, now.
   *
   * @param taints      the cluster's {@code spec.taints}
   * @param tolerations the binding's placement tolerations (may be null)
   * @param failover    the binding's failover behaviour (may be null: defaults)
   * @param now         the clock
   * @return the view
   */
  public static ClusterView view(List<Taint> taints, List<Toleration> tolerations, FailoverBehavior failover,
                                 Instant now) {
    List<Taint> seen = new ArrayList<>();
    Taint evicting = null;
    Instant changesAt = null;
    for (Taint taint : taints == null ? List.<Taint>of() : taints) {
      if (taint == null || !ClusterHealth.NO_EXECUTE.equals(taint.getEffect())) {
        if (taint != null) {
          seen.add(taint);
        }
        continue;
      }
      Long stay = staySeconds(taint, tolerations, failover);
      if (stay == null) {
        seen.add(taint); // tolerated for ever: explicit untimed toleration, or failover disabled (below)
        continue;
      }
      Instant leaveAt = added(taint, now).plus(Duration.ofSeconds(stay));
      if (now.isBefore(leaveAt)) {
        seen.add(asNoSchedule(taint));
        changesAt = changesAt == null || leaveAt.isBefore(changesAt) ? leaveAt : changesAt;
      } else {
        seen.add(taint);
        if (evicting == null) {
          evicting = taint;
        }
      }
    }
    return new ClusterView(seen, evicting, changesAt);
  }

  /**
   * Why replicas leave a cluster, for the eviction task and the Event: ClusterUnreachable, ClusterNotReady,
   * Drain or TaintNoExecute.
   *
   * @param taint the evicting taint
   * @return the reason
   */
  public static String reason(Taint taint) {
    String key = taint.getKey();
    if (FlotillaApi.TAINT_UNREACHABLE.equals(key)) {
      return "ClusterUnreachable";
    }
    if (FlotillaApi.TAINT_NOT_READY.equals(key)) {
      return "ClusterNotReady";
    }
    if (FlotillaApi.TAINT_DRAINING.equals(key)) {
      return "Drain";
    }
    return "TaintNoExecute";
  }

  /** Seconds to stay, or null for ever. */
  private static Long staySeconds(Taint taint, List<Toleration> tolerations, FailoverBehavior failover) {
    Long timed = null;
    boolean tolerated = false;
    if (tolerations != null) {
      for (Toleration toleration : tolerations) {
        if (toleration == null || !tolerates(toleration, taint)) {
          continue;
        }
        tolerated = true;
        if (toleration.getTolerationSeconds() == null) {
          return null;
        }
        long seconds = Math.max(0, toleration.getTolerationSeconds());
        timed = timed == null ? seconds : Math.min(timed, seconds);
      }
    }
    if (tolerated) {
      return timed;
    }
    if (ClusterHealth.isHealthTaint(taint.getKey())) {
      if (failover != null && Boolean.FALSE.equals(failover.getEnabled())) {
        return null;
      }
      return (long) (failover == null || failover.getTolerationSeconds() == null ? DEFAULT_TOLERATION_SECONDS
          : Math.max(0, failover.getTolerationSeconds()));
    }
    return 0L;
  }

  /** The Kubernetes toleration rule: the engine's own, so there is one. */
  static boolean tolerates(Toleration toleration, Taint taint) {
    return PlacementMapping.toEngine(toleration)
        .tolerates(new dev.flotilla.placement.Taint(taint.getKey(), taint.getValue(), taint.getEffect()));
  }

  private static Instant added(Taint taint, Instant now) {
    if (taint.getTimeAdded() == null || taint.getTimeAdded().isEmpty()) {
      return now; // the health controller stamps every NoExecute taint; until then, count from now
    }
    try {
      return Instant.parse(taint.getTimeAdded());
    } catch (DateTimeParseException e) {
      return now;
    }
  }

  private static Taint asNoSchedule(Taint taint) {
    Taint copy = new Taint();
    copy.setKey(taint.getKey());
    copy.setValue(taint.getValue());
    copy.setEffect(ClusterHealth.NO_SCHEDULE);
    copy.setTimeAdded(taint.getTimeAdded());
    return copy;
  }
}
