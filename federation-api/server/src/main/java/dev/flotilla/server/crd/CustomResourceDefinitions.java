package dev.flotilla.server.crd;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.openapi.CrdLoadException;
import dev.flotilla.apimachinery.openapi.CrdLoader;
import dev.flotilla.apimachinery.openapi.CustomKind;
import dev.flotilla.apimachinery.openapi.SchemaCatalog;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.controller.Reconciler;
import dev.flotilla.server.core.Json;
import dev.flotilla.server.core.ListOptions;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import dev.flotilla.store.ObjectKey;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CustomResourceDefinitions: the generic path by which any other kind is served. A CRD is checked when written
 * (its schema and names must parse, its group may not be one the server already serves natively); the reconciler
 * then registers its kinds, publishes their schemas in OpenAPI and marks it Established, as
 * apiextensions-apiserver does. Deleting a CRD deletes its objects first (finalizer
 * {@code customresourcecleanup.apiextensions.k8s.io}), then its kinds.
 */
public final class CustomResourceDefinitions implements Reconciler {

    public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

    private final java.util.function.BooleanSupplier leading;
    private static final Logger LOG = Logger.getLogger(CustomResourceDefinitions.class);

    private final ObjectService objects;
    private final ResourceRegistry registry;
    private final SchemaCatalog schemas;
    private final ResourceType crds;
    private final Set<String> reservedGroups;
    private final Clock clock;
    /** The kinds each CRD registered, by CRD name, so an update or delete knows what to take back. */
    private final Map<String, List<ResourceType>> registered = new ConcurrentHashMap<>();

    public CustomResourceDefinitions(ObjectService objects, ResourceRegistry registry, SchemaCatalog schemas,
                                     Clock clock) {
        this(objects, registry, schemas, clock, () -> true);
    }

    /**
     * @param leading whether this control-plane member runs the controllers. Every member serves the kinds of
     *                every CRD (its own registry), but only the leader writes: the Established condition, and the
     *                clean-up of a deleted CRD's objects and finalizer.
     */
    public CustomResourceDefinitions(ObjectService objects, ResourceRegistry registry, SchemaCatalog schemas,
                                     Clock clock, java.util.function.BooleanSupplier leading) {
        this.leading = leading;
        this.objects = objects;
        this.registry = registry;
        this.schemas = schemas;
        this.crds = registry.byResource("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElseThrow();
        Set<String> groups = new java.util.HashSet<>();
        registry.all().forEach(type -> groups.add(type.group()));
        this.reservedGroups = Set.copyOf(groups);
        this.clock = clock;
    }

    /** The field errors of a CRD about to be stored (empty when it is acceptable). */
    public List<ApiException.Cause> validate(ObjectNode crd) {
        List<ApiException.Cause> causes = new ArrayList<>();
        String name = crd.path("metadata").path("name").asText("");
        String group = crd.path("spec").path("group").asText("");
        String plural = crd.path("spec").path("names").path("plural").asText("");
        if (group.isEmpty()) {
            causes.add(new ApiException.Cause("FieldValueRequired", "spec.group", "Required value"));
        } else if (reservedGroups.contains(group)) {
            causes.add(new ApiException.Cause("FieldValueInvalid", "spec.group", "Invalid value: \"" + group
                    + "\": the group is served by the API server itself and cannot be defined by a CRD"));
        }
        if (!name.equals(plural + "." + group)) {
            causes.add(new ApiException.Cause("FieldValueInvalid", "metadata.name", "Invalid value: \"" + name
                    + "\": must be spec.names.plural+\".\"+spec.group"));
        }
        if (!causes.isEmpty()) {
            return causes;
        }
        try {
            List<CustomKind> kinds = CrdLoader.parse(Json.text(withoutStatus(crd)), name);
            for (CustomKind kind : kinds) {
                Optional<ResourceType> existing = registry.byResource(kind.type().group(), kind.type().version(),
                        kind.type().plural());
                boolean ours = registered.getOrDefault(name, List.of()).stream()
                        .anyMatch(type -> type.plural().equals(kind.type().plural()));
                if (existing.isPresent() && !ours) {
                    causes.add(new ApiException.Cause("FieldValueInvalid", "spec.names.plural",
                            "Invalid value: \"" + plural + "\": already served by another definition"));
                }
            }
        } catch (CrdLoadException e) {
            causes.add(new ApiException.Cause("FieldValueInvalid", "spec", "Invalid value: " + e.getMessage()));
        }
        return causes;
    }

    /** Registers the kinds of every stored CRD; run once at start-up, before requests are served. */
    public void loadAll() {
        for (ObjectNode crd : objects.list(crds, null, ListOptions.all()).items()) {
            if (!crd.path("metadata").hasNonNull("deletionTimestamp")) {
                register(crd);
            }
        }
    }

    @Override
    public Result reconcile(ObjectKey key) {
        String name = key.name();
        Optional<ObjectNode> found = objects.find(crds, null, name);
        boolean writing = leading.getAsBoolean();
        if (found.isEmpty()) {
            if (writing) {
                deleteObjectsOf(registered.getOrDefault(name, List.of()));
            }
            unregister(name);
            return Result.DONE;
        }
        ObjectNode crd = found.get();
        if (!writing) {
            // Serve its kinds while it exists; the leader establishes it and cleans up after a deletion.
            if (!crd.path("metadata").hasNonNull("deletionTimestamp")) {
                register(crd);
            }
            return Result.DONE;
        }
        if (crd.path("metadata").hasNonNull("deletionTimestamp")) {
            List<ResourceType> types = registered.getOrDefault(name, List.of());
            if (deleteObjectsOf(types) > 0) {
                return Result.after(Duration.ofSeconds(1));
            }
            unregister(name);
            removeFinalizer(name);
            return Result.DONE;
        }
        register(crd);
        establish(name);
        return Result.DONE;
    }

    private void register(ObjectNode crd) {
        String name = crd.path("metadata").path("name").asText();
        List<CustomKind> kinds;
        try {
            kinds = CrdLoader.parse(Json.text(withoutStatus(crd)), name);
        } catch (CrdLoadException e) {
            LOG.warnf("CRD %s cannot be served: %s", name, e.getMessage());
            return;
        }
        unregister(name);
        List<ResourceType> types = new ArrayList<>();
        for (CustomKind kind : kinds) {
            registry.register(kind.type());
            schemas.register(kind.type(), kind.schema());
            types.add(kind.type());
        }
        registered.put(name, List.copyOf(types));
    }

    private void unregister(String name) {
        List<ResourceType> types = registered.remove(name);
        if (types == null) {
            return;
        }
        for (ResourceType type : types) {
            registry.unregister(type.group(), type.version(), type.plural());
            schemas.unregister(type);
        }
    }

    /** Deletes the objects of the given kinds; returns how many were still there. */
    private int deleteObjectsOf(List<ResourceType> types) {
        int remaining = 0;
        for (ResourceType type : types) {
            remaining += objects.deleteAll(type, null);
        }
        return remaining;
    }

    private void establish(String name) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        objects.mutate(crds, null, name, null, ObjectService.Scope.MAIN, WriteOptions.DEFAULT, crd -> {
            ArrayNode finalizers = crd.with("metadata").withArray("finalizers");
            boolean present = false;
            for (var finalizer : finalizers) {
                present |= finalizer.asText().equals(CLEANUP_FINALIZER);
            }
            if (!present) {
                finalizers.add(CLEANUP_FINALIZER);
            }
            return crd;
        });
        objects.mutate(crds, null, name, null, ObjectService.Scope.STATUS, WriteOptions.DEFAULT, crd -> {
            ObjectNode status = crd.with("status");
            ObjectNode names = crd.path("spec").path("names").deepCopy();
            if (!names.has("singular")) {
                names.put("singular", names.path("kind").asText().toLowerCase());
            }
            if (!names.has("listKind")) {
                names.put("listKind", names.path("kind").asText() + "List");
            }
            status.set("acceptedNames", names);
            ArrayNode stored = status.putArray("storedVersions");
            for (var version : crd.path("spec").path("versions")) {
                if (version.path("storage").asBoolean(false)) {
                    stored.add(version.path("name").asText());
                }
            }
            ArrayNode conditions = status.putArray("conditions");
            for (String type : List.of("NamesAccepted", "Established")) {
                ObjectNode condition = conditions.addObject();
                condition.put("type", type);
                condition.put("status", "True");
                condition.put("reason", type.equals("Established") ? "InitialNamesAccepted" : "NoConflicts");
                condition.put("message", type.equals("Established") ? "the initial names have been accepted"
                        : "no conflicts found");
                condition.put("lastTransitionTime", keepTime(crd, type, now));
            }
            return crd;
        });
    }

    private static String keepTime(ObjectNode crd, String type, String now) {
        for (var condition : crd.path("status").path("conditions")) {
            if (condition.path("type").asText().equals(type) && condition.path("status").asText().equals("True")) {
                return condition.path("lastTransitionTime").asText(now);
            }
        }
        return now;
    }

    private void removeFinalizer(String name) {
        try {
            objects.mutate(crds, null, name, null, ObjectService.Scope.MAIN, WriteOptions.DEFAULT, crd -> {
                ArrayNode finalizers = crd.with("metadata").withArray("finalizers");
                for (int i = finalizers.size() - 1; i >= 0; i--) {
                    if (finalizers.get(i).asText().equals(CLEANUP_FINALIZER)) {
                        finalizers.remove(i);
                    }
                }
                return crd;
            });
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private static ObjectNode withoutStatus(ObjectNode crd) {
        ObjectNode copy = crd.deepCopy();
        copy.remove("status");
        return copy;
    }
}
