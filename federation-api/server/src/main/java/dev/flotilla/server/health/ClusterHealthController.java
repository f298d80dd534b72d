package dev.flotilla.server.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.ClusterStatus;
import dev.flotilla.api.v1alpha1.Conditions;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.propagation.failover.ClusterHealth;
import dev.flotilla.propagation.failover.HealthSettings;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.controller.ControllerLoop;
import dev.flotilla.server.controller.Reconciler;
import dev.flotilla.server.core.Json;
import dev.flotilla.server.core.ListOptions;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import dev.flotilla.server.events.EventRecorder;
import dev.flotilla.store.KeyPrefix;
import dev.flotilla.store.ObjectKey;
import dev.flotilla.store.ObjectStore;
import dev.flotilla.store.StoredObject;
import dev.flotilla.store.WatchEvent;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Taint;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keyed by Cluster: judges its health from its agent's lease (renewals are timed on the control plane's own clock,
 * when the change arrives, so agents' clocks do not matter) and its agent's Ready report, with
 * {@link ClusterHealth}'s hysteresis; writes Ready=Unknown when the lease lapses; keeps the health, cordon and
 * drain taints in {@code spec.taints}; records an Event for every change; and, once a cluster that recovered,
 * joined or was uncordoned has stayed schedulable for the rebalance delay, asks every binding that allows it for
 * one fresh placement ({@code spec.rescheduleTriggeredAt}), so replicas come back.
 *
 * <p>After a control-plane restart every cluster gets the startup grace (15 s by default) to renew its lease, and
 * a full grace period from the moment it is first seen, so a restart never fails a cluster over.
 */
public final class ClusterHealthController implements Reconciler, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterHealthController.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String LEASE_GROUP = "coordination.k8s.io";

    private final ObjectService objects;
    private final ResourceType clusters;
    private final ResourceType bindings;
    private final ResourceType clusterBindings;
    private final EventRecorder events;
    private final HealthSettings settings;
    private final Clock clock;
    private final Instant started;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Set<String> healthy = ConcurrentHashMap.newKeySet();
    private final ControllerLoop loop;

    /** What this controller remembers of one cluster (rebuilt from nothing after a restart). */
    private static final class State {
        volatile Instant lastRenewal;
        volatile String renewTime;
        volatile int renewalsInARow;
        String lastReady;
        boolean tainted;
        boolean cordoned;
        boolean draining;
        boolean schedulable;
        Instant schedulableSince;
        boolean rebalancePending;
        boolean firstLook = true;

        State(Instant now) {
            this.lastRenewal = now;
        }
    }

    public ClusterHealthController(ObjectStore store, ObjectService objects, ResourceRegistry registry,
                                   EventRecorder events, HealthSettings settings, Clock clock) {
        this.objects = objects;
        this.clusters = registry.byResource(FlotillaApi.GROUP, FlotillaApi.VERSION, "clusters").orElseThrow();
        this.bindings = registry.byResource(FlotillaApi.GROUP, FlotillaApi.VERSION, "resourcebindings").orElseThrow();
        this.clusterBindings = registry.byResource(FlotillaApi.GROUP, FlotillaApi.VERSION, "clusterresourcebindings")
                .orElseThrow();
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.started = clock.instant();
        this.loop = new ControllerLoop("cluster-health", store, List.of(KeyPrefix.of(FlotillaApi.GROUP, "clusters"),
                KeyPrefix.of(LEASE_GROUP, "leases")), new ControllerLoop.KeyMapper() {
                    @Override
                    public List<ObjectKey> keysFor(StoredObject changed) {
                        return keysFor(WatchEvent.Type.MODIFIED, changed);
                    }

                    @Override
                    public List<ObjectKey> keysFor(WatchEvent.Type type, StoredObject changed) {
                        return keys(type, changed);
                    }
                }, this, 2);
    }

    public void start() {
        loop.start();
    }

    @Override
    public void close() {
        loop.close();
    }

    /** A lease renewal is timed here, as it arrives; a Cluster change is its own key. */
    private List<ObjectKey> keys(WatchEvent.Type type, StoredObject changed) {
        ObjectKey key = changed.key();
        if (!key.group().equals(LEASE_GROUP)) {
            return List.of(key);
        }
        String cluster = FlotillaApi.clusterOfExecutionNamespace(key.namespace());
        if (cluster == null || !cluster.equals(key.name()) || type == WatchEvent.Type.DELETED) {
            return List.of();
        }
        String renewTime = Json.parseObject(changed.value()).path("spec").path("renewTime").asText("");
        Instant now = clock.instant();
        State state = states.computeIfAbsent(cluster, name -> new State(firstSight(now)));
        if (!renewTime.equals(state.renewTime)) {
            state.renewTime = renewTime;
            state.lastRenewal = now;
            state.renewalsInARow++;
        }
        return List.of(new ObjectKey(FlotillaApi.GROUP, "clusters", "", cluster));
    }

    @Override
    public Result reconcile(ObjectKey key) {
        Optional<ObjectNode> found = objects.find(clusters, null, key.name());
        if (found.isEmpty()) {
            states.remove(key.name());
            if (healthy.remove(key.name())) {
                requeueOthers(key.name());
            }
            return Result.DONE;
        }
        ObjectNode node = found.get();
        Cluster cluster = MAPPER.convertValue(node, Cluster.class);
        String name = key.name();
        Instant now = clock.instant();
        boolean createdBeforeStart = createdBefore(node, started);
        State state = states.computeIfAbsent(name, n -> new State(firstSight(now)));
        boolean firstLook = state.firstLook;
        Condition reported = cluster.getStatus() == null ? null
                : Conditions.find(cluster.getStatus().getConditions(), Conditions.READY).orElse(null);
        boolean unschedulable = cluster.getSpec() != null && Boolean.TRUE.equals(cluster.getSpec().getUnschedulable());
        boolean drain = cluster.getSpec() != null && Boolean.TRUE.equals(cluster.getSpec().getDrain());
        List<Taint> taints = cluster.getSpec() == null || cluster.getSpec().getTaints() == null ? List.of()
                : cluster.getSpec().getTaints();
        if (firstLook) {
            // Transitions (and their Events) are relative to what is stored, not to this controller's start.
            state.firstLook = false;
            state.lastReady = reported == null ? null : reported.getStatus();
            state.tainted = taints.stream().anyMatch(t -> ClusterHealth.isHealthTaint(t.getKey()));
            state.cordoned = taints.stream().anyMatch(t -> FlotillaApi.TAINT_UNSCHEDULABLE.equals(t.getKey()));
            state.draining = taints.stream().anyMatch(t -> FlotillaApi.TAINT_DRAINING.equals(t.getKey()));
        }
        boolean anyOtherHealthy = healthy.stream().anyMatch(other -> !other.equals(name));
        ClusterHealth.Observation observation = new ClusterHealth.Observation(
                reported == null ? null : reported.getStatus(), reported == null ? null : reported.getReason(),
                reported == null ? null : reported.getMessage(), state.lastRenewal, state.renewalsInARow,
                unschedulable, drain, taints, anyOtherHealthy, now);
        ClusterHealth.Verdict verdict = ClusterHealth.evaluate(observation, settings);
        if (verdict.failing()) {
            state.renewalsInARow = 0;
        }

        if (Conditions.UNKNOWN.equals(verdict.ready()) && (reported == null
                || !Conditions.UNKNOWN.equals(reported.getStatus()))) {
            writeReady(name, verdict, now);
        }
        if (!sameTaints(taints, verdict.taints())) {
            writeTaints(name, observation);
            LOG.infof("cluster %s: taints now %s", name, describe(verdict.taints()));
        }
        recordTransitions(node, state, verdict, reported, unschedulable, drain);

        boolean nowHealthy = verdict.healthy();
        boolean changed = nowHealthy ? healthy.add(name) : healthy.remove(name);
        if (changed) {
            requeueOthers(name); // another cluster's "fully disrupted" judgement may change
        }

        Instant next = verdict.recheckAt();
        Instant rebalanceAt = rebalance(name, node, state, verdict, unschedulable || drain,
                firstLook && createdBeforeStart, now);
        if (rebalanceAt != null && (next == null || rebalanceAt.isBefore(next))) {
            next = rebalanceAt;
        }
        if (next == null) {
            return Result.DONE;
        }
        return Result.after(Duration.between(now, next).plusMillis(5)); // just past the deadline, not before
    }

    /**
     * The renewal time a cluster seen for the first time counts from: now, or — in the control plane's first
     * moments — late enough that every agent has the startup grace to reconnect after the control plane's own
     * outage.
     */
    private Instant firstSight(Instant now) {
        Instant startupDeadline = started.plus(settings.startupGrace()).minus(settings.gracePeriod());
        return startupDeadline.isAfter(now) ? startupDeadline : now;
    }

    private void writeReady(String name, ClusterHealth.Verdict verdict, Instant now) {
        mutate(name, ObjectService.Scope.STATUS, current -> {
            ClusterStatus status = current.has("status") ? MAPPER.convertValue(current.get("status"),
                    ClusterStatus.class) : new ClusterStatus();
            status.setConditions(Conditions.set(status.getConditions(), Conditions.of(Conditions.READY,
                    Conditions.UNKNOWN, verdict.reason(), verdict.message(), now)));
            current.set("status", MAPPER.valueToTree(status));
            return current;
        });
        LOG.warnf("cluster %s: Ready=Unknown: %s", name, verdict.message());
    }

    /** Writes the managed taints, judged again against the taints stored at write time (others' stay theirs). */
    private void writeTaints(String name, ClusterHealth.Observation observation) {
        mutate(name, ObjectService.Scope.MAIN, current -> {
            ObjectNode spec = (ObjectNode) current.with("spec");
            List<Taint> stored = MAPPER.convertValue(spec.path("taints").isArray() ? spec.get("taints")
                    : MAPPER.createArrayNode(), MAPPER.getTypeFactory().constructCollectionType(List.class, Taint.class));
            List<Taint> taints = ClusterHealth.evaluate(observation.withTaints(stored), settings).taints();
            if (taints.isEmpty()) {
                spec.remove("taints");
            } else {
                spec.set("taints", MAPPER.valueToTree(taints));
            }
            return current;
        });
    }

    private void mutate(String name, ObjectService.Scope scope, java.util.function.UnaryOperator<ObjectNode> change) {
        try {
            objects.mutate(clusters, null, name, null, scope, WriteOptions.DEFAULT, change);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private void recordTransitions(JsonNode cluster, State state, ClusterHealth.Verdict verdict, Condition reported,
                                   boolean cordoned, boolean draining) {
        String ready = verdict.ready();
        if (ready != null && !ready.equals(state.lastReady)) {
            if (Conditions.UNKNOWN.equals(ready)) {
                events.warning(cluster, "ClusterUnreachable", "Ready=Unknown: " + verdict.message());
            } else if (Conditions.FALSE.equals(ready)) {
                events.warning(cluster, "ClusterNotReady", "the agent reports the member unhealthy: "
                        + (reported == null ? "" : reported.getReason() + ": " + reported.getMessage()));
            } else if (state.lastReady != null) {
                events.normal(cluster, "ClusterReady", "the agent reports the member healthy again");
            }
            state.lastReady = ready;
        }
        boolean tainted = verdict.tainted();
        if (tainted != state.tainted) {
            if (tainted) {
                events.warning(cluster, "ClusterTainted", "tainted " + describe(verdict.taints().stream()
                        .filter(t -> ClusterHealth.isHealthTaint(t.getKey())).toList())
                        + ": no new replicas; replicas leave after their toleration");
            } else {
                events.normal(cluster, "ClusterRecovered", "healthy for " + settings.successThreshold()
                        + " heartbeats in a row: health taints removed");
            }
            state.tainted = tainted;
        }
        if (cordoned != state.cordoned) {
            events.normal(cluster, cordoned ? "ClusterCordoned" : "ClusterUncordoned", cordoned
                    ? "spec.unschedulable: no new replicas are placed here" : "new replicas may be placed here again");
            state.cordoned = cordoned;
        }
        if (draining != state.draining) {
            events.normal(cluster, draining ? "ClusterDraining" : "ClusterDrainStopped", draining
                    ? "spec.drain: every replica moves to other clusters, gracefully"
                    : "spec.drain is off: replicas may come back");
            state.draining = draining;
        }
    }

    /**
     * Tracks when the cluster became schedulable; once it has been for the rebalance delay, asks the bindings for
     * one fresh placement. A cluster that was already schedulable when this controller started triggers nothing.
     *
     * @return when to look again for the rebalance, or null
     */
    private Instant rebalance(String name, JsonNode cluster, State state, ClusterHealth.Verdict verdict,
                              boolean cordoned, boolean alreadyThere, Instant now) {
        boolean schedulable = verdict.healthy() && !verdict.tainted() && !cordoned;
        if (!schedulable) {
            state.schedulable = false;
            state.rebalancePending = false;
            return null;
        }
        if (!state.schedulable) {
            state.schedulable = true;
            state.schedulableSince = now;
            state.rebalancePending = !alreadyThere;
        }
        if (!state.rebalancePending) {
            return null;
        }
        Instant due = state.schedulableSince.plus(settings.rebalanceDelay());
        if (now.isBefore(due)) {
            return due;
        }
        state.rebalancePending = false;
        int triggered = triggerRebalance(now);
        events.normal(cluster, "Rebalancing", "schedulable for " + settings.rebalanceDelay().toSeconds()
                + "s: " + triggered + " bindings asked for a fresh placement");
        LOG.infof("cluster %s schedulable since %s: rebalancing %d bindings", name, state.schedulableSince, triggered);
        return null;
    }

    /** Stamps {@code spec.rescheduleTriggeredAt} on every binding that does not opt out (autoRebalance: false). */
    private int triggerRebalance(Instant now) {
        String stamp = now.truncatedTo(ChronoUnit.MILLIS).toString();
        int count = 0;
        for (ResourceType type : List.of(bindings, clusterBindings)) {
            for (ObjectNode binding : objects.list(type, null, ListOptions.all()).items()) {
                if (binding.path("spec").path("autoRebalance").asBoolean(true) == false
                        || binding.path("metadata").hasNonNull("deletionTimestamp")) {
                    continue;
                }
                String namespace = binding.path("metadata").path("namespace").asText("");
                try {
                    objects.mutate(type, namespace.isEmpty() ? null : namespace,
                            binding.path("metadata").path("name").asText(), null, ObjectService.Scope.MAIN,
                            WriteOptions.DEFAULT, current -> {
                                ((ObjectNode) current.with("spec")).put("rescheduleTriggeredAt", stamp);
                                return current;
                            });
                    count++;
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        throw e;
                    }
                }
            }
        }
        return count;
    }

    private void requeueOthers(String name) {
        for (String other : states.keySet()) {
            if (!other.equals(name)) {
                loop.enqueue(new ObjectKey(FlotillaApi.GROUP, "clusters", "", other));
            }
        }
    }

    private static boolean createdBefore(JsonNode cluster, Instant instant) {
        String created = cluster.path("metadata").path("creationTimestamp").asText("");
        try {
            return !created.isEmpty() && Instant.parse(created).isBefore(instant.minusSeconds(1));
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static boolean sameTaints(List<Taint> a, List<Taint> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Taint x = a.get(i);
            Taint y = b.get(i);
            if (!Objects.equals(x.getKey(), y.getKey()) || !Objects.equals(x.getValue(), y.getValue())
                    || !Objects.equals(x.getEffect(), y.getEffect())
                    || !Objects.equals(x.getTimeAdded(), y.getTimeAdded())) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<Taint> taints) {
        List<String> parts = new ArrayList<>();
        taints.forEach(t -> parts.add(t.getKey() + ":" + t.getEffect()));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
