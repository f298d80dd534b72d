package dev.flotilla.server.propagation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.v1alpha1.GracefulEvictionTask;
import dev.flotilla.api.v1alpha1.ResourceBinding;
import dev.flotilla.api.v1alpha1.ResourceBindingSpec;
import dev.flotilla.apimachinery.registry.ResourceType;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keyed by binding: ends its graceful eviction tasks ({@link GracefulEviction#finished}) once every cluster of the
 * binding has its replicas ready, the grace period is over, or the task's cluster is gone. The Work sync then
 * removes (or shrinks) that cluster's Work. Each ending is an Event on the binding.
 */
final class EvictionFinisher implements Reconciler {

    private static final Logger LOG = Logger.getLogger(EvictionFinisher.class);

    private final PropagationContext ctx;
    private final Clock clock;

    EvictionFinisher(PropagationContext ctx, Clock clock) {
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
        List<GracefulEvictionTask> tasks = spec.getGracefulEvictionTasks();
        if (tasks == null || tasks.isEmpty()) {
            return Result.DONE;
        }
        Set<String> registered = new HashSet<>();
        ctx.clusters().forEach(c -> registered.add(c.getMetadata().getName()));
        Instant now = clock.instant();
        Map<String, String> finished = new java.util.LinkedHashMap<>();
        Instant nextDeadline = null;
        for (GracefulEvictionTask task : tasks) {
            Optional<String> why = GracefulEviction.finished(task, spec.getClusters(),
                    binding.getStatus() == null ? null : binding.getStatus().getAggregatedStatus(),
                    registered.contains(task.getFromCluster()), now);
            if (why.isPresent()) {
                finished.put(task.getFromCluster(), why.get());
            } else if (!"Never".equals(task.getPurgeMode())) {
                Instant deadline = GracefulEviction.deadline(task, now);
                nextDeadline = nextDeadline == null || deadline.isBefore(nextDeadline) ? deadline : nextDeadline;
            }
        }
        if (!finished.isEmpty()) {
            ObjectNode written = ctx.objects.mutate(type, BindingScheduler.namespaceOf(key), key.name(), null,
                    ObjectService.Scope.MAIN, WriteOptions.DEFAULT, node -> {
                        ObjectNode specNode = (ObjectNode) node.with("spec");
                        List<GracefulEvictionTask> current = PropagationContext.MAPPER.convertValue(
                                specNode.path("gracefulEvictionTasks"), PropagationContext.MAPPER.getTypeFactory()
                                        .constructCollectionType(List.class, GracefulEvictionTask.class));
                        List<GracefulEvictionTask> left = new ArrayList<>();
                        for (GracefulEvictionTask task : current == null ? List.<GracefulEvictionTask>of() : current) {
                            if (!finished.containsKey(task.getFromCluster())) {
                                left.add(task);
                            }
                        }
                        if (left.isEmpty()) {
                            specNode.remove("gracefulEvictionTasks");
                        } else {
                            specNode.set("gracefulEvictionTasks", PropagationContext.MAPPER.valueToTree(left));
                        }
                        return node;
                    });
            finished.forEach((cluster, why) -> {
                LOG.infof("binding %s: graceful eviction from %s done (%s)", key.path(), cluster, why);
                String message = switch (why) {
                    case "ReplacementsReady" -> "every target cluster has its replicas ready: the old ones on "
                            + cluster + " go now";
                    case "GracePeriodExpired" -> "the replacements were not all ready within the grace period: the "
                            + "old ones on " + cluster + " go now";
                    default -> "cluster " + cluster + " is no longer registered";
                };
                if ("GracePeriodExpired".equals(why)) {
                    ctx.events.warning(written, "EvictionTimedOut", message);
                } else {
                    ctx.events.normal(written, "EvictionDone", message);
                }
            });
        }
        return nextDeadline == null ? Result.DONE
                : Result.after(Duration.between(now, nextDeadline).plusMillis(5));
    }
}
