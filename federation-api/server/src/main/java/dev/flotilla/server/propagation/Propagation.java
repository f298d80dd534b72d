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

    /**
     * How long a binding waits in the status loop before it is looked at: the members' reports on its Works come
     * in bursts (one per member), and one aggregation covers the burst instead of one status write each.
     */
    static final java.time.Duration STATUS_COALESCING = java.time.Duration.ofMillis(200);

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

        // Each loop looks again only when something it reads changed. Above all, status writes (the agents'
        // reports on Works, the controllers' own conditions on bindings, the collector's template status) no
        // longer requeue the loops that read no status: each of them used to cost every loop a full reconcile.
        ViewFilter detectorTemplates = new ViewFilter(Propagation::withoutStatus);
        ViewFilter detectorBindings = new ViewFilter(binding -> view(binding, "/metadata/labels", "/spec"));
        loops.add(new ControllerLoop("propagation-detector", store,
                concat(templates, List.of(prefix(ctx.policies), prefix(ctx.clusterPolicies), bindings,
                        clusterBindings)),
                typed((type, changed) -> detectorKeys(type, changed, detectorTemplates, detectorBindings)),
                new TemplateDetector(ctx), WORKERS));

        ViewFilter placementView = new ViewFilter(Propagation::placementView);
        ViewFilter schedulerBindings = new ViewFilter(binding -> view(binding, "/metadata/annotations", "/spec"));
        loops.add(new ControllerLoop("propagation-scheduler", store, List.of(bindings, clusterBindings, clusters),
                typed((type, changed) -> isCluster(changed.key())
                        ? placementView.changed(type, changed) ? ctx.allBindingKeys(null) : List.of()
                        : schedulerBindings.changed(type, changed) ? List.of(changed.key()) : List.of()),
                PropagationContext.toleratingDeletion(new BindingScheduler(ctx, clock)), WORKERS));

        ViewFilter renderingView = new ViewFilter(cluster -> cluster.path("metadata").path("labels").toString());
        ViewFilter workTemplates = new ViewFilter(Propagation::withoutStatus);
        ViewFilter workBindings = new ViewFilter(binding -> view(binding, "/spec"));
        ViewFilter workWorks = new ViewFilter(work -> view(work, "/metadata/labels", "/metadata/annotations",
                "/spec"));
        loops.add(new ControllerLoop("propagation-works", store,
                concat(templates, List.of(bindings, clusterBindings, works, clusters, prefix(ctx.overrides),
                        prefix(ctx.clusterOverrides))),
                typed((type, changed) -> {
                    ObjectKey key = changed.key();
                    ViewFilter filter = isCluster(key) ? renderingView
                            : ctx.templateKindOf(key).isPresent() ? workTemplates
                            : isBinding(key) ? workBindings
                            : key.resource().equals(ctx.works.plural()) ? workWorks
                            : null; // override policies: every change counts
                    return filter == null || filter.changed(type, changed) ? workKeys(changed) : List.of();
                }),
                new WorkSync(ctx, clock), WORKERS));

        loops.add(new ControllerLoop("propagation-eviction", store, List.of(bindings, clusterBindings, clusters),
                typed((type, changed) -> !isCluster(changed.key()) ? evictionKeys(changed)
                        : type == WatchEvent.Type.DELETED ? ctx.allBindingKeys(null) : List.of()),
                PropagationContext.toleratingDeletion(new EvictionFinisher(ctx, clock)), WORKERS));

        // The collector owns the status it writes (the binding's aggregated status, the template's /status), so
        // those writes do not call it back; a Work's report does, and a burst of them (one per member) is looked
        // at once, after STATUS_COALESCING.
        ViewFilter statusTemplates = new ViewFilter(Propagation::withoutStatus);
        ViewFilter statusBindings = new ViewFilter(binding -> view(binding, "/spec"));
        ViewFilter statusWorks = new ViewFilter(work -> view(work, "/metadata/labels", "/metadata/annotations",
                "/status"));
        loops.add(new ControllerLoop("propagation-status", store,
                concat(templates, List.of(bindings, clusterBindings, works)),
                typed((type, changed) -> {
                    ObjectKey key = changed.key();
                    ViewFilter filter = ctx.templateKindOf(key).isPresent() ? statusTemplates
                            : isBinding(key) ? statusBindings : statusWorks;
                    return filter.changed(type, changed) ? statusKeys(changed) : List.of();
                }),
                PropagationContext.toleratingDeletion(new StatusCollector(ctx, clock)), WORKERS,
                STATUS_COALESCING));
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

    /**
     * The parts of an object a loop reads, as one string: its deletion mark and the values at the given JSON
     * pointers (e.g. {@code /metadata/labels}, {@code /spec}).
     */
    static String view(JsonNode object, String... pointers) {
        StringBuilder view = new StringBuilder();
        view.append(object.at("/metadata/deletionTimestamp"));
        for (String pointer : pointers) {
            view.append('|').append(pointer).append('=').append(object.at(pointer));
        }
        return view.toString();
    }

    /** A template as the spec loops read it: all of it but its status and the server's version fields. */
    static String withoutStatus(JsonNode template) {
        StringBuilder view = new StringBuilder();
        template.fields().forEachRemaining(field -> {
            if (field.getKey().equals("status")) {
                return;
            }
            view.append(field.getKey()).append('=');
            if (field.getKey().equals("metadata")) {
                field.getValue().fields().forEachRemaining(meta -> {
                    if (!meta.getKey().equals("resourceVersion") && !meta.getKey().equals("managedFields")) {
                        view.append(meta.getKey()).append(':').append(meta.getValue()).append(',');
                    }
                });
            } else {
                view.append(field.getValue());
            }
            view.append('|');
        });
        return view.toString();
    }

    /**
     * Remembers, per object, a digest of the part of it one loop reads, and says whether an event changed that
     * part. An object seen for the first time (listed at start, or created) and a deletion always count. Events
     * of one key arrive in order (one watch per prefix, delivered in sequence), so the digest kept is the last.
     */
    static final class ViewFilter {
        private final java.util.function.Function<JsonNode, String> view;
        private final java.util.Map<ObjectKey, String> seen = new java.util.concurrent.ConcurrentHashMap<>();

        ViewFilter(java.util.function.Function<JsonNode, String> view) {
            this.view = view;
        }

        boolean changed(WatchEvent.Type type, StoredObject object) {
            if (type == WatchEvent.Type.DELETED) {
                seen.remove(object.key());
                return true;
            }
            String digest = dev.flotilla.propagation.Names.sha256(view.apply(parse(object)));
            return !digest.equals(seen.put(object.key(), digest));
        }
    }

    private List<ObjectKey> detectorKeys(WatchEvent.Type type, StoredObject changed, ViewFilter templates,
                                         ViewFilter bindings) {
        ObjectKey key = changed.key();
        if (ctx.templateKindOf(key).isPresent()) {
            return templates.changed(type, changed) ? List.of(key) : List.of();
        }
        if (isBinding(key) && !bindings.changed(type, changed)) {
            return List.of();
        }
        return detectorKeys(changed);
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

    private boolean isBinding(ObjectKey key) {
        return key.group().equals(FlotillaApi.GROUP) && (key.resource().equals(ctx.bindings.plural())
                || key.resource().equals(ctx.clusterBindings.plural()));
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
            for (StoredObject template : ctx.objects.listStored(type, namespace, ListOptions.all()).items()) {
                keys.add(template.key());
            }
        }
        return keys;
    }

    /**
     * The object of an event, parsed once for all five loops: each loop has its own watch, but the store hands
     * every watch the same event object, so the last few parses are kept by identity. Read only.
     */
    private static ObjectNode parse(StoredObject stored) {
        int slot = Math.floorMod(System.identityHashCode(stored), RECENTLY_PARSED.length());
        Parsed recent = RECENTLY_PARSED.get(slot);
        if (recent != null && recent.stored() == stored) {
            return recent.object();
        }
        ObjectNode object = Json.parseObject(stored.value());
        RECENTLY_PARSED.set(slot, new Parsed(stored, object));
        return object;
    }

    private record Parsed(StoredObject stored, ObjectNode object) {
    }

    private static final java.util.concurrent.atomic.AtomicReferenceArray<Parsed> RECENTLY_PARSED =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(512);

    private static KeyPrefix prefix(ResourceType type) {
        return KeyPrefix.of(type.group(), type.plural());
    }

    private static List<KeyPrefix> concat(List<KeyPrefix> a, List<KeyPrefix> b) {
        List<KeyPrefix> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
