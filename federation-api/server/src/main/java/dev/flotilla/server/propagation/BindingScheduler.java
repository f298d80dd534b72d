package dev.flotilla.server.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.placement.PlacementMapping;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.Conditions;
import dev.flotilla.api.v1alpha1.GracefulEvictionTask;
import dev.flotilla.api.v1alpha1.Placement;
import dev.flotilla.api.v1alpha1.ReplicaSchedulingStrategy;
import dev.flotilla.api.v1alpha1.ResourceBinding;
import dev.flotilla.api.v1alpha1.ResourceBindingSpec;
import dev.flotilla.api.v1alpha1.ResourceBindingStatus;
import dev.flotilla.api.v1alpha1.TargetCluster;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.placement.ClusterInfo;
import dev.flotilla.placement.PlacementEngine;
import dev.flotilla.placement.PlacementRequest;
import dev.flotilla.placement.PlacementResult;
import dev.flotilla.placement.PlacementValidationException;
import dev.flotilla.propagation.Names;
import dev.flotilla.propagation.failover.Evictions;
import dev.flotilla.propagation.failover.GracefulEviction;
import dev.flotilla.server.controller.Reconciler;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import dev.flotilla.store.ObjectKey;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Step 3, keyed by binding: fills {@code spec.clusters} with the placement engine over every registered Cluster
 * (a cluster that is not Ready is filtered by the engine, with its reason). Steady by default, from the current
 * assignment, so clusters and capacity coming and going move as few replicas as possible; when the placement
 * itself changed (its hash on the binding differs) or {@code spec.rescheduleTriggeredAt} asks, Fresh, so a user's
 * change applies in full. Kinds without replicas go to every selected cluster (Duplicated). The status gets the
 * Scheduled condition, unschedulable replicas and the reason for every cluster left out.
 */
final class BindingScheduler implements Reconciler {

    private static final Logger LOG = Logger.getLogger(BindingScheduler.class);

    private final PropagationContext ctx;
    private final Clock clock;

    BindingScheduler(PropagationContext ctx, Clock clock) {
        this.ctx = ctx;
        this.clock = clock;
    }

    @Override
    public Result reconcile(ObjectKey key) {
        ResourceType type = ctx.bindingType(key);
        Optional<ObjectNode> found = ctx.find(type, key);
        if (found.isEmpty() || found.get().path("metadata").hasNonNull("deletionTimestamp")) {
            return Result.DONE;
        }
        ResourceBinding binding = PropagationContext.MAPPER.convertValue(found.get(), ResourceBinding.class);
        ResourceBindingSpec spec = binding.getSpec();
        boolean replicaKind = spec.getReplicas() != null;
        Placement placement = spec.getPlacement() == null ? new Placement() : spec.getPlacement();
        String placementHash = Names.sha256(PropagationContext.MAPPER.valueToTree(placement).toString());
        Map<String, String> annotations = binding.getMetadata().getAnnotations();
        String scheduledHash = annotations == null ? null : annotations.get(PropagationContext.PLACEMENT_HASH);
        ResourceBindingStatus oldStatus = binding.getStatus() == null ? new ResourceBindingStatus()
                : binding.getStatus();
        boolean placementChanged = placementChanged(scheduledHash, placementHash);
        boolean requested = requestedReschedule(spec.getRescheduleTriggeredAt(), oldStatus.getLastScheduledTime());

        Placement effective = placement;
        if (!replicaKind) {
            // Without replicas there is nothing to divide: every selected cluster gets the whole object.
            effective = PropagationContext.MAPPER.convertValue(placement, Placement.class);
            ReplicaSchedulingStrategy duplicated = new ReplicaSchedulingStrategy();
            duplicated.setReplicaSchedulingType("Duplicated");
            effective.setReplicaScheduling(duplicated);
        }
        Map<String, io.fabric8.kubernetes.api.model.Quantity> request = spec.getReplicaRequirements() == null
                ? null : spec.getReplicaRequirements().getResourceRequest();
        Instant now = clock.instant();
        // NoExecute taints: each cluster as this binding sees it now (still tolerated, or time to leave).
        List<ClusterInfo> infos = new ArrayList<>();
        Map<String, String> evictions = new HashMap<>();
        Map<String, String> evictionMessages = new HashMap<>();
        Instant recheckAt = null;
        for (Cluster cluster : ctx.clusters()) {
            Evictions.ClusterView view = Evictions.view(cluster.getSpec() == null ? null : cluster.getSpec().getTaints(),
                    placement.getClusterTolerations(), spec.getFailover(), now);
            if (view.evicting() != null) {
                evictions.put(cluster.getMetadata().getName(), Evictions.reason(view.evicting()));
                evictionMessages.put(cluster.getMetadata().getName(), "taint " + view.evicting().getKey() + ":"
                        + view.evicting().getEffect() + " since " + view.evicting().getTimeAdded()
                        + ": replicas move; these stay until their replacements are ready");
            }
            if (view.changesAt() != null && (recheckAt == null || view.changesAt().isBefore(recheckAt))) {
                recheckAt = view.changesAt();
            }
            infos.add(PlacementMapping.toClusterInfo(withTaints(cluster, view.taints()), request));
        }
        // A requested rebalance waits while some cluster is inside a toleration window: a fresh placement would
        // treat that cluster as gone before its time. It runs once the window closes (recheckAt requeues).
        boolean deferRebalance = requested && !placementChanged && recheckAt != null;
        boolean rebalance = requested && !deferRebalance;
        boolean fresh = placementChanged || rebalance;
        effective = PropagationContext.MAPPER.convertValue(effective, Placement.class);
        effective.setClusterTolerations(Evictions.engineTolerations(placement.getClusterTolerations()));
        String workloadKey = spec.getResource().getNamespace() == null ? spec.getResource().getName()
                : spec.getResource().getNamespace() + "/" + spec.getResource().getName();
        PlacementRequest placementRequest = new PlacementRequest(workloadKey, replicaKind ? spec.getReplicas() : 1,
                fresh ? PlacementRequest.FRESH : PlacementRequest.STEADY, PlacementMapping.toEngine(effective),
                infos, PlacementMapping.toAssignments(currentAssignment(spec.getClusters(), replicaKind)));
        PlacementResult result;
        try {
            result = PlacementEngine.place(placementRequest);
        } catch (PlacementValidationException e) {
            writeStatus(type, key, status -> {
                status.setConditions(Conditions.set(status.getConditions(), Conditions.of(Conditions.SCHEDULED,
                        Conditions.FALSE, "InvalidPlacement", "spec.placement: " + e.getMessage(), now)));
                return status;
            });
            LOG.warnf("binding %s: invalid placement: %s", key.path(), e.getMessage());
            return Result.DONE;
        }
        List<TargetCluster> targets = new ArrayList<>();
        result.clusters().forEach(a -> targets.add(new TargetCluster(a.name(), replicaKind ? a.replicas() : null)));
        List<TargetCluster> desired = targets.isEmpty() ? null : targets;
        List<GracefulEvictionTask> tasks = GracefulEviction.afterScheduling(spec.getClusters(), desired, evictions,
                evictionMessages, rebalance && !placementChanged,
                spec.getGracefulEvictionTasks(), spec.getFailover(), now);
        boolean changed = !Objects.equals(desired, spec.getClusters()) || !placementHash.equals(scheduledHash)
                || !Objects.equals(tasks, spec.getGracefulEvictionTasks());
        long generation = found.get().path("metadata").path("generation").asLong();
        if (changed) {
            ObjectNode written = ctx.objects.mutate(type, namespaceOf(key), key.name(), null, ObjectService.Scope.MAIN,
                    WriteOptions.DEFAULT, node -> {
                        ObjectNode specNode = (ObjectNode) node.with("spec");
                        if (desired == null) {
                            specNode.remove("clusters");
                        } else {
                            specNode.set("clusters", PropagationContext.MAPPER.valueToTree(desired));
                        }
                        if (tasks == null) {
                            specNode.remove("gracefulEvictionTasks");
                        } else {
                            specNode.set("gracefulEvictionTasks", PropagationContext.MAPPER.valueToTree(tasks));
                        }
                        ((ObjectNode) ObjectService.metadataOf(node).with("annotations"))
                                .put(PropagationContext.PLACEMENT_HASH, placementHash);
                        return node;
                    });
            generation = written.path("metadata").path("generation").asLong();
            LOG.infof("binding %s scheduled (%s): %s", key.path(), fresh ? "fresh" : "steady", desired);
            recordEvents(written, spec, desired, tasks, rebalance);
        }
        long observed = generation;
        boolean scheduled = !result.clusters().isEmpty();
        String message = (scheduled ? (result.unschedulable() > 0 ? result.unschedulable()
                + " replicas fit in no cluster" : "placed on " + result.clusters().size() + " clusters")
                : "no cluster fits: " + reasons(result)) + evictionSummary(tasks);
        writeStatus(type, key, status -> {
            status.setConditions(Conditions.set(status.getConditions(), Conditions.of(Conditions.SCHEDULED,
                    scheduled ? Conditions.TRUE : Conditions.FALSE, scheduled ? "Scheduled" : "NoClusterFit",
                    message, now)));
            status.setUnschedulableReplicas(replicaKind && result.unschedulable() > 0 ? result.unschedulable() : null);
            List<dev.flotilla.api.v1alpha1.ClusterExclusion> excluded = new ArrayList<>();
            if (PlacementMapping.toExclusions(result.excluded()) != null) {
                excluded.addAll(PlacementMapping.toExclusions(result.excluded()));
            }
            if (PlacementMapping.toExclusions(result.capped()) != null) {
                excluded.addAll(PlacementMapping.toExclusions(result.capped()));
            }
            status.setExcluded(excluded.isEmpty() ? null : excluded);
            status.setSchedulerObservedGeneration(observed);
            if ((changed && !deferRebalance) || fresh || status.getLastScheduledTime() == null) {
                // Millisecond precision: a reschedule request stamped within the same second must count as seen.
                // A deferred rebalance leaves it, so the request stays pending.
                status.setLastScheduledTime(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
            }
            return status;
        });
        return recheckAt == null ? Result.DONE : Result.after(Duration.between(now, recheckAt).plusMillis(5));
    }

    /**
     * The assignment Steady placement starts from. A kind without replicas is placed as one Duplicated replica, so
     * each of its clusters counts one: a cluster that turns not Ready then keeps its Service or ConfigMap (NoSchedule
     * keeps what is there) instead of losing it at once.
     */
    private static List<TargetCluster> currentAssignment(List<TargetCluster> clusters, boolean replicaKind) {
        if (replicaKind || clusters == null) {
            return clusters;
        }
        return clusters.stream().map(c -> new TargetCluster(c.getName(), 1)).toList();
    }

    private static boolean placementChanged(String scheduledHash, String placementHash) {
        return scheduledHash != null && !scheduledHash.equals(placementHash);
    }

    /** A copy of the Cluster with the taints the binding sees. */
    private static Cluster withTaints(Cluster cluster, List<io.fabric8.kubernetes.api.model.Taint> taints) {
        List<io.fabric8.kubernetes.api.model.Taint> own = cluster.getSpec() == null ? null
                : cluster.getSpec().getTaints();
        // No taints and an empty list are the same to the engine: no copy (most clusters, on every reconcile).
        if (cluster.getSpec() == null || Objects.equals(own, taints)
                || ((own == null || own.isEmpty()) && taints.isEmpty())) {
            return cluster;
        }
        Cluster copy = PropagationContext.MAPPER.convertValue(cluster, Cluster.class);
        copy.getSpec().setTaints(taints);
        return copy;
    }

    /** Events on the binding: replicas leaving a cluster (a new eviction task), and a rebalance that moved some. */
    private void recordEvents(JsonNode binding, ResourceBindingSpec before, List<TargetCluster> desired,
                              List<GracefulEvictionTask> tasks, boolean rebalance) {
        Set<String> existing = new HashSet<>();
        if (before.getGracefulEvictionTasks() != null) {
            before.getGracefulEvictionTasks().forEach(t -> existing.add(t.getFromCluster()));
        }
        if (tasks != null) {
            for (GracefulEvictionTask task : tasks) {
                if (existing.contains(task.getFromCluster())) {
                    continue;
                }
                String what = task.getReplicas() == null ? "the workload" : task.getReplicas() + " replicas";
                if (GracefulEviction.REBALANCE.equals(task.getReason())) {
                    continue; // told once below
                }
                ctx.events.warning(binding, "EvictingFromCluster", "moving " + what + " away from cluster "
                        + task.getFromCluster() + " (" + task.getReason() + "); they stay until the replacements "
                        + "are ready, at most " + task.getGracePeriodSeconds() + "s (purge mode "
                        + task.getPurgeMode() + ")");
            }
        }
        if (rebalance && !Objects.equals(before.getClusters(), desired)) {
            ctx.events.normal(binding, "Rebalanced", "fresh placement: " + describe(before.getClusters()) + " -> "
                    + describe(desired));
        }
    }

    /** The graceful evictions in progress, for the Scheduled condition's message. */
    private static String evictionSummary(List<GracefulEvictionTask> tasks) {
        if (tasks == null || tasks.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        tasks.forEach(t -> parts.add(t.getFromCluster() + " (" + t.getReason() + ")"));
        return "; leaving " + String.join(", ", parts) + ": kept until the replacements are ready";
    }

    private static String describe(List<TargetCluster> clusters) {
        if (clusters == null || clusters.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        clusters.forEach(c -> parts.add(c.getReplicas() == null ? c.getName() : c.getName() + "=" + c.getReplicas()));
        return String.join(", ", parts);
    }

    private static String reasons(PlacementResult result) {
        List<String> reasons = new ArrayList<>();
        result.excluded().forEach(r -> reasons.add(r.name() + ": " + r.reason()));
        return reasons.isEmpty() ? "no clusters are registered" : String.join("; ", reasons);
    }

    private static boolean requestedReschedule(String triggeredAt, String lastScheduled) {
        if (triggeredAt == null || triggeredAt.isEmpty()) {
            return false;
        }
        try {
            return lastScheduled == null || Instant.parse(triggeredAt).isAfter(Instant.parse(lastScheduled));
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private void writeStatus(ResourceType type, ObjectKey key,
                             java.util.function.UnaryOperator<ResourceBindingStatus> change) {
        ctx.objects.mutate(type, namespaceOf(key), key.name(), null, ObjectService.Scope.STATUS,
                WriteOptions.DEFAULT, node -> {
                    ResourceBindingStatus status = node.has("status")
                            ? PropagationContext.MAPPER.convertValue(node.get("status"), ResourceBindingStatus.class)
                            : new ResourceBindingStatus();
                    JsonNode next = PropagationContext.MAPPER.valueToTree(change.apply(status));
                    node.set("status", next);
                    return node;
                });
    }

    static String namespaceOf(ObjectKey key) {
        return key.namespace().isEmpty() ? null : key.namespace();
    }
}
