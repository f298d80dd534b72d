package dev.flotilla.server.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.propagation.TemplateKinds;
import dev.flotilla.server.controller.ControllerLoop;
import dev.flotilla.server.core.Json;
import dev.flotilla.server.core.ListOptions;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.events.EventRecorder;
import dev.flotilla.store.KeyPrefix;
import dev.flotilla.store.ObjectKey;
import dev.flotilla.store.ObjectStore;
import dev.flotilla.store.StoredObject;
import dev.flotilla.store.WatchEvent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The propagation pipeline's five controllers, each a {@link ControllerLoop} with the key mapping that turns a
 * related change into the keys to look at again:
 * <ul>
 *   <li>detector (templates): a template is its own key; a (Cluster)PropagationPolicy requeues every template it
 *       may concern (of its namespace, or of all namespaces); a binding requeues its template;</li>
 *   <li>scheduler (bindings): a binding is its own key; any Cluster change requeues every binding;</li>
 *   <li>works (bindings): a binding, its template, its Works, override policies, Clusters, and ConfigMaps/Secrets
 *       (which may be dependencies) requeue the bindings concerned;</li>
 *   <li>eviction (bindings): a binding with graceful eviction tasks is its own key; a Cluster's deletion requeues
 *       every binding;</li>
 *   <li>status (bindings): a Work's status change requeues its binding, a template change its binding.</li>
 * </ul>
 */
public final class Propagation implements AutoCloseable {

    /**
     * Workers per loop. Each reconcile mostly waits for durable writes; parallel ones share the store's group
     * commits (a loop with one worker wrote one fsynced commit at a time, the propagation benchmark's bottleneck).
     */
    static final int WORKERS = 4;

    private final PropagationContext ctx;
    private final List<ControllerLoop> loops = new ArrayList<>();

    public Propagation(ObjectStore store, ObjectService objects, ResourceRegistry registry, EventRecorder events,
                       Clock clock) {
        this.ctx = new PropagationContext(objects, registry, events);
        List<KeyPrefix> templates = TemplateKinds.PROPAGATABLE.stream()
                .map(k -> KeyPrefix.of(k.group(), k.plural())).toList();
        KeyPrefix bindings = prefix(ctx.bindings);
        KeyPrefix clusterBindings = prefix(ctx.clusterBindings);
        KeyPrefix works = prefix(ctx.works);
        KeyPrefix clusters = prefix(ctx.clusters);

        loops.add(new ControllerLoop("propagation-detector", store,
                concat(templates, List.of(prefix(ctx.policies), prefix(ctx.clusterPolicies), bindings,
                        clusterBindings)),
                this::detectorKeys, new TemplateDetector(ctx), WORKERS));
        ClusterFilter placementView = new ClusterFilter(Propagation::placementView);
        loops.add(new ControllerLoop("propagation-scheduler", store, List.of(bindings, clusterBindings, clusters),
                typed((type, changed) -> !isCluster(changed.key()) ? List.of(changed.key())
                        : placementView.changed(type, changed) ? ctx.allBindingKeys(null) : List.of()),
                PropagationContext.toleratingDeletion(new BindingScheduler(ctx, clock)), WORKERS));
        ClusterFilter renderingView = new ClusterFilter(cluster -> cluster.path("metadata").path("labels").toString());
        loops.add(new ControllerLoop("propagation-works", store,
                concat(templates, List.of(bindings, clusterBindings, works, clusters, prefix(ctx.overrides),
                        prefix(ctx.clusterOverrides))),
                typed((type, changed) -> isCluster(changed.key()) && !renderingView.changed(type, changed)
                        ? List.of() : workKeys(changed)),
                new WorkSync(ctx, clock), WORKERS));
        loops.add(new ControllerLoop("propagation-eviction", store, List.of(bindings, clusterBindings, clusters),
                typed((type, changed) -> !isCluster(changed.key()) ? evictionKeys(changed)
                        : type == WatchEvent.Type.DELETED ? ctx.allBindingKeys(null) : List.of()),
                PropagationContext.toleratingDeletion(new EvictionFinisher(ctx, clock)), WORKERS));
        loops.add(new ControllerLoop("propagation-status", store,
                concat(templates, List.of(bindings, clusterBindings, works)),
                this::statusKeys, PropagationContext.toleratingDeletion(new StatusCollector(ctx, clock)), WORKERS));
    }

    public void start() {
        loops.forEach(ControllerLoop::start);
    }

    @Override
    public void close() {
        loops.forEach(ControllerLoop::close);
    }

    // ---------------------------------------------------------------- key mapping

    /** A key mapper that sees the event type (a deletion's object is the last stored state, not a change). */
    private static ControllerLoop.KeyMapper typed(
            java.util.function.BiFunction<WatchEvent.Type, StoredObject, List<ObjectKey>> keys) {
        return new ControllerLoop.KeyMapper() {
            @Override
            public List<ObjectKey> keysFor(StoredObject changed) {
                return keys.apply(WatchEvent.Type.MODIFIED, changed);
            }

            @Override
            public List<ObjectKey> keysFor(WatchEvent.Type type, StoredObject changed) {
                return keys.apply(type, changed);
            }
        };
    }

    /**
     * What placement reads of a Cluster: labels, taints, cordon and readiness. A heartbeat (every agent writes its
     * Cluster's status every 2 s) changes none of it, so it requeues nothing; capacity changes alone do not
     * reschedule placed bindings either (Steady placement would keep them where they are).
     */
    static String placementView(JsonNode cluster) {
        StringBuilder view = new StringBuilder();
        view.append(cluster.path("metadata").path("labels")).append('|');
        view.append(cluster.path("spec").path("taints")).append('|');
        view.append(cluster.path("spec").path("unschedulable").asBoolean(false)).append('|');
        for (JsonNode condition : cluster.path("status").path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                view.append(condition.path("status").asText());
            }
        }
        return view.toString();
    }

    /** Remembers each Cluster's view and says whether an event changed it (a deletion always does). */
    private static final class ClusterFilter {
        private final java.util.function.Function<JsonNode, String> view;
        private final java.util.Map<String, String> seen = new java.util.concurrent.ConcurrentHashMap<>();

        ClusterFilter(java.util.function.Function<JsonNode, String> view) {
            this.view = view;
        }

        boolean changed(WatchEvent.Type type, StoredObject cluster) {
            String name = cluster.key().name();
            if (type == WatchEvent.Type.DELETED) {
                seen.remove(name);
                return true;
            }
            String current = view.apply(parse(cluster));
            return !current.equals(seen.put(name, current));
        }
    }

    private List<ObjectKey> detectorKeys(StoredObject changed) {
        ObjectKey key = changed.key();
        if (ctx.templateKindOf(key).isPresent()) {
            return List.of(key);
        }
        if (key.resource().equals(ctx.policies.plural())) {
            return templatesIn(key.namespace());
        }
        if (key.resource().equals(ctx.clusterPolicies.plural())) {
            return templatesIn(null);
        }
        return templateOfBinding(changed).map(List::of).orElse(List.of());
    }

    private List<ObjectKey> workKeys(StoredObject changed) {
        ObjectKey key = changed.key();
        Optional<TemplateKinds.Kind> kind = ctx.templateKindOf(key);
        if (kind.isPresent()) {
            List<ObjectKey> keys = new ArrayList<>();
            keys.add(ctx.bindingKey(kind.get(), key.namespace(), key.name()));
            if (kind.get().kind().equals("ConfigMap") || kind.get().kind().equals("Secret")) {
                keys.addAll(ctx.dependentsOf(key)); // the workloads that carry it as a dependency
            }
            return keys;
        }
        if (key.resource().equals(ctx.works.plural())) {
            return ctx.bindingOfWork(parse(changed)).map(List::of).orElse(List.of());
        }
        if (key.resource().equals(ctx.overrides.plural())) {
            return ctx.allBindingKeys(key.namespace());
        }
        if (isCluster(key) || key.resource().equals(ctx.clusterOverrides.plural())) {
            return ctx.allBindingKeys(null);
        }
        return List.of(key);
    }

    /** A binding with graceful eviction tasks: its status (the replacements' readiness) may finish one. */
    private static List<ObjectKey> evictionKeys(StoredObject binding) {
        return parse(binding).path("spec").path("gracefulEvictionTasks").isEmpty() ? List.of()
                : List.of(binding.key());
    }

    private List<ObjectKey> statusKeys(StoredObject changed) {
        ObjectKey key = changed.key();
        Optional<TemplateKinds.Kind> kind = ctx.templateKindOf(key);
        if (kind.isPresent()) {
            return List.of(ctx.bindingKey(kind.get(), key.namespace(), key.name()));
        }
        if (key.resource().equals(ctx.works.plural())) {
            return ctx.bindingOfWork(parse(changed)).map(List::of).orElse(List.of());
        }
        return List.of(key);
    }

    private boolean isCluster(ObjectKey key) {
        return key.group().equals(FlotillaApi.GROUP) && key.resource().equals(ctx.clusters.plural());
    }

    private Optional<ObjectKey> templateOfBinding(StoredObject binding) {
        JsonNode resource = parse(binding).path("spec").path("resource");
        return TemplateKinds.find(resource.path("apiVersion").asText(), resource.path("kind").asText())
                .map(kind -> new ObjectKey(kind.group(), kind.plural(), resource.path("namespace").asText(""),
                        resource.path("name").asText()));
    }

    /** Every template key of a namespace (null: of all namespaces, and the cluster-scoped ones). */
    private List<ObjectKey> templatesIn(String namespace) {
        List<ObjectKey> keys = new ArrayList<>();
        for (TemplateKinds.Kind kind : TemplateKinds.PROPAGATABLE) {
            if (!kind.namespaced() && namespace != null) {
                continue;
            }
            ResourceType type = ctx.templateType(kind);
            for (ObjectNode node : ctx.objects.list(type, namespace, ListOptions.all()).items()) {
                keys.add(ObjectService.key(type, node.path("metadata").path("namespace").asText(""),
                        node.path("metadata").path("name").asText()));
            }
        }
        return keys;
    }

    private static ObjectNode parse(StoredObject stored) {
        return Json.parseObject(stored.value());
    }

    private static KeyPrefix prefix(ResourceType type) {
        return KeyPrefix.of(type.group(), type.plural());
    }

    private static List<KeyPrefix> concat(List<KeyPrefix> a, List<KeyPrefix> b) {
        List<KeyPrefix> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
