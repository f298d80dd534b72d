package dev.flotilla.propagation.failover;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.api.v1alpha1.AggregatedStatusItem;
import dev.flotilla.api.v1alpha1.FailoverBehavior;
import dev.flotilla.api.v1alpha1.GracefulEvictionTask;
import dev.flotilla.api.v1alpha1.PurgeMode;
import dev.flotilla.api.v1alpha1.TargetCluster;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moving replicas without a dip: when the scheduler takes replicas away from a cluster (a failover, a drain, a
 * rebalance), a {@link GracefulEvictionTask} keeps that cluster's Work at its old size until every cluster of the
 * binding has its new replicas ready, or until the task's grace period ends. Pure.
 */
public final class GracefulEviction {

  /** The producer named on tasks the scheduler creates. */
  public static final String PRODUCER = "flotilla-scheduler";
  /** The reason of a task created by a rebalance. */
  public static final String REBALANCE = "Rebalance";

  private GracefulEviction() {
  }

  /**
   * The tasks after a scheduling run.
   *
   * <ul>
   *   <li>An existing task stays, unless its cluster is targeted again with at least the replicas it keeps.</li>
   *   <li>A cluster that lost replicas gets a task when it lost them to an eviction ({@code evictions} names the
   *       reason; none with purge mode Directly) or to a rebalance ({@code rebalance}). Other losses (the user
   *       changed the placement, the cluster is gone) get none: they apply at once.</li>
   * </ul>
   *
   * @param before    the assignment before the run
   * @param after     the assignment after it
   * @param evictions clusters whose replicas leave because of a NoExecute taint, with the reason
   * @param messages  a message per evicted cluster (may lack entries)
   * @param rebalance whether this run is a rebalance
   * @param existing  the tasks already on the binding (may be null)
   * @param failover  the binding's failover behaviour (may be null)
   * @param now       the clock
   * @return the tasks, existing first; null when there are none
   */
  public static List<GracefulEvictionTask> afterScheduling(List<TargetCluster> before, List<TargetCluster> after,
                                                           Map<String, String> evictions,
                                                           Map<String, String> messages, boolean rebalance,
                                                           List<GracefulEvictionTask> existing,
                                                           FailoverBehavior failover, Instant now) {
    Map<String, TargetCluster> targeted = byName(after);
    Map<String, GracefulEvictionTask> tasks = new LinkedHashMap<>();
    for (GracefulEvictionTask task : existing == null ? List.<GracefulEvictionTask>of() : existing) {
      if (task == null || task.getFromCluster() == null) {
        continue;
      }
      TargetCluster target = targeted.get(task.getFromCluster());
      if (target == null || replicas(target) < replicas(task)) {
        tasks.put(task.getFromCluster(), task);
      }
    }
    for (TargetCluster old : before == null ? List.<TargetCluster>of() : before) {
      if (old == null || tasks.containsKey(old.getName())) {
        continue;
      }
      TargetCluster target = targeted.get(old.getName());
      boolean lost = target == null || replicas(target) < replicas(old);
      if (!lost) {
        continue;
      }
      String reason = evictions.get(old.getName());
      String purgeMode = PurgeMode.GRACEFULLY.value();
      if (reason != null) {
        String configured = failover == null ? null : failover.getPurgeMode();
        if (PurgeMode.DIRECTLY.value().equals(configured)) {
          continue;
        }
        if (PurgeMode.NEVER.value().equals(configured)) {
          purgeMode = PurgeMode.NEVER.value();
        }
      } else if (rebalance) {
        reason = REBALANCE;
      } else {
        continue;
      }
      GracefulEvictionTask task = new GracefulEvictionTask();
      task.setFromCluster(old.getName());
      task.setReplicas(old.getReplicas());
      task.setReason(reason);
      task.setMessage(messages.getOrDefault(old.getName(), reason.equals(REBALANCE)
          ? "replicas move to honour the placement again; these stay until the new ones are ready"
          : "replicas leave the cluster; these stay until their replacements are ready"));
      task.setProducer(PRODUCER);
      task.setPurgeMode(purgeMode);
      task.setGracePeriodSeconds(failover == null || failover.getGracePeriodSeconds() == null
          ? Evictions.DEFAULT_GRACE_PERIOD_SECONDS : failover.getGracePeriodSeconds());
      task.setCreationTimestamp(ClusterHealth.timestamp(now));
      tasks.put(old.getName(), task);
    }
    return tasks.isEmpty() ? null : new ArrayList<>(tasks.values());
  }

  /**
   * Whether a task is finished, and why: the cluster is gone ({@code ClusterRemoved}), every target cluster has
   * its replicas ready ({@code ReplacementsReady}), or the grace period ended ({@code GracePeriodExpired}). A task
   * with purge mode Never only finishes when its cluster is gone.
   *
   * @param task          the task
   * @param targets       the binding's clusters
   * @param status        the binding's aggregated status (per target cluster)
   * @param clusterExists whether the task's cluster is still registered
   * @param now           the clock
   * @return the reason it is finished, or empty
   */
  public static Optional<String> finished(GracefulEvictionTask task, List<TargetCluster> targets,
                                          List<AggregatedStatusItem> status, boolean clusterExists, Instant now) {
    if (!clusterExists) {
      return Optional.of("ClusterRemoved");
    }
    if (PurgeMode.NEVER.value().equals(task.getPurgeMode())) {
      return Optional.empty();
    }
    if (!now.isBefore(deadline(task, now))) {
      return Optional.of("GracePeriodExpired");
    }
    return allReady(targets, status) ? Optional.of("ReplacementsReady") : Optional.empty();
  }

  /**
   * When a task's grace period ends.
   *
   * @param task the task
   * @param now  used when the task has no valid creation time
   * @return the deadline
   */
  public static Instant deadline(GracefulEvictionTask task, Instant now) {
    Instant created;
    try {
      created = task.getCreationTimestamp() == null ? now : Instant.parse(task.getCreationTimestamp());
    } catch (DateTimeParseException e) {
      created = now;
    }
    int grace = task.getGracePeriodSeconds() == null ? Evictions.DEFAULT_GRACE_PERIOD_SECONDS
        : task.getGracePeriodSeconds();
    return created.plusSeconds(grace);
  }

  /**
   * Whether every target cluster has what it was assigned ready: for replica kinds, the member's
   * {@code readyReplicas} at least the cluster's replicas; otherwise applied and not unhealthy.
   *
   * @param targets the binding's clusters
   * @param status  the aggregated status
   * @return true when all are ready (also when there are no targets)
   */
  public static boolean allReady(List<TargetCluster> targets, List<AggregatedStatusItem> status) {
    Map<String, AggregatedStatusItem> items = new HashMap<>();
    for (AggregatedStatusItem item : status == null ? List.<AggregatedStatusItem>of() : status) {
      if (item != null && item.getClusterName() != null) {
        items.put(item.getClusterName(), item);
      }
    }
    for (TargetCluster target : targets == null ? List.<TargetCluster>of() : targets) {
      AggregatedStatusItem item = items.get(target.getName());
      if (target.getReplicas() != null) {
        if (target.getReplicas() == 0) {
          continue;
        }
        JsonNode memberStatus = item == null ? null : item.getStatus();
        int ready = memberStatus == null ? 0 : memberStatus.path("readyReplicas").asInt(0);
        if (ready < target.getReplicas()) {
          return false;
        }
      } else if (item == null || !Boolean.TRUE.equals(item.getApplied()) || "Unhealthy".equals(item.getHealth())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The clusters a binding's Works go to, and the replicas each renders: the targets, and the clusters of tasks
   * at their kept size when that is larger. Kinds without replicas keep null.
   *
   * @param targets the binding's clusters
   * @param tasks   its tasks (may be null)
   * @return the clusters to render, targets first
   */
  public static List<TargetCluster> workTargets(List<TargetCluster> targets, List<GracefulEvictionTask> tasks) {
    Map<String, TargetCluster> result = new LinkedHashMap<>();
    for (TargetCluster target : targets == null ? List.<TargetCluster>of() : targets) {
      result.put(target.getName(), new TargetCluster(target.getName(), target.getReplicas()));
    }
    for (GracefulEvictionTask task : tasks == null ? List.<GracefulEvictionTask>of() : tasks) {
      TargetCluster current = result.get(task.getFromCluster());
      if (current == null) {
        result.put(task.getFromCluster(), new TargetCluster(task.getFromCluster(), task.getReplicas()));
      } else if (task.getReplicas() != null && replicas(current) < task.getReplicas()) {
        current.setReplicas(task.getReplicas());
      }
    }
    return new ArrayList<>(result.values());
  }

  private static Map<String, TargetCluster> byName(List<TargetCluster> clusters) {
    Map<String, TargetCluster> map = new HashMap<>();
    for (TargetCluster cluster : clusters == null ? List.<TargetCluster>of() : clusters) {
      if (cluster != null) {
        map.put(cluster.getName(), cluster);
      }
    }
    return map;
  }

  private static int replicas(TargetCluster target) {
    return target.getReplicas() == null ? 1 : target.getReplicas();
  }

  private static int replicas(GracefulEvictionTask task) {
    return task.getReplicas() == null ? 1 : task.getReplicas();
  }
}
