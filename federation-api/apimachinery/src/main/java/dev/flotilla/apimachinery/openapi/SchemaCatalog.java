package dev.flotilla.apimachinery.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.patch.PatchMeta;
import dev.flotilla.apimachinery.patch.PatchMetaSource;
import dev.flotilla.apimachinery.registry.ResourceType;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every schema the API server knows, keyed by its Kubernetes name: the built-in kinds' schemas (generated once,
 * on first use, from the fabric8 model classes) and the custom kinds' schemas (registered from their CRDs).
 * The one source of the published OpenAPI documents, of strict field validation and of strategic merge
 * metadata. Thread-safe.
 */
public final class SchemaCatalog implements PatchMetaSource {

    /** Schema name of ObjectMeta, referenced by every kind. */
    public static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Published components; a schema appears here only once fully built. */
    private final Map<String, ObjectNode> components = new ConcurrentHashMap<>();
    private final Map<String, String> customNames = new ConcurrentHashMap<>();
    private final Set<String> preparedKinds = ConcurrentHashMap.newKeySet();
    private final AtomicLong generation = new AtomicLong();
    private final Object generatorLock = new Object();

    /** Registers the schema of a custom kind (one CRD version); replaces an earlier one for the same kind. */
    public void register(ResourceType type, JsonNode openApiV3Schema) {
        String name = customSchemaName(type);
        ensureGenerated(ObjectMeta.class);
        ensureGenerated(ListMeta.class);
        ObjectNode schema = openApiV3Schema != null && openApiV3Schema.isObject()
                ? ((ObjectNode) openApiV3Schema).deepCopy() : NODES.objectNode();
        if (!schema.has("properties")) {
            schema.put("x-kubernetes-preserve-unknown-fields", true);
        }
        schema.put("type", "object");
        ObjectNode properties = schema.has("properties") ? (ObjectNode) schema.get("properties") : schema.putObject("properties");
        properties.set("apiVersion", NODES.objectNode().put("type", "string"));
        properties.set("kind", NODES.objectNode().put("type", "string"));
        // As kube-apiserver publishes CRDs: metadata is the real ObjectMeta, whatever the CRD says.
        properties.set("metadata", NODES.objectNode().put("$ref", ModelSchemaGenerator.REF_PREFIX + OBJECT_META));
        sortProperties(schema);
        setGroupVersionKind(schema, type.group(), type.version(), type.kind());

        ObjectNode list = NODES.objectNode().put("type", "object");
        ObjectNode listProperties = list.putObject("properties");
        listProperties.set("apiVersion", NODES.objectNode().put("type", "string"));
        ObjectNode items = listProperties.putObject("items").put("type", "array");
        items.putObject("items").put("$ref", ModelSchemaGenerator.REF_PREFIX + name);
        listProperties.set("kind", NODES.objectNode().put("type", "string"));
        listProperties.set("metadata", NODES.objectNode().put("$ref",
                ModelSchemaGenerator.REF_PREFIX + ModelSchemaGenerator.schemaName(ListMeta.class)));
        setGroupVersionKind(list, type.group(), type.version(), type.kind() + "List");

        components.put(name, schema);
        components.put(name + "List", list);
        customNames.put(key(type), name);
        generation.incrementAndGet();
    }

    /** Forgets a custom kind's schema (its CRD was deleted); unknown kinds are ignored. */
    public void unregister(ResourceType type) {
        String name = customNames.remove(key(type));
        if (name != null) {
            components.remove(name);
            components.remove(name + "List");
            generation.incrementAndGet();
        }
    }

    /** Registers every kind a {@link CrdLoader} found. */
    public void registerAll(Collection<CustomKind> kinds) {
        kinds.forEach(kind -> register(kind.type(), kind.schema()));
    }

    /**
     * The component name of a kind's schema: {@code io.k8s.api.apps.v1.Deployment} for built-in kinds,
     * the reversed group then version and kind for custom ones ({@code dev.flotilla.v1alpha1.Cluster}), as
     * kube-apiserver names CRD schemas.
     */
    public String schemaName(ResourceType type) {
        if (!type.nativeKind()) {
            return customSchemaName(type);
        }
        return ModelSchemaGenerator.modelClass(type.group(), type.version(), type.kind())
                .map(ModelSchemaGenerator::schemaName)
                .orElseGet(() -> "io.k8s.api." + (type.group().isEmpty() ? "core" : type.group().split("\\.", 2)[0])
                        + "." + type.version() + "." + type.kind());
    }

    /** The component name of the kind's list type ({@code ...DeploymentList}). */
    public String listSchemaName(ResourceType type) {
        return schemaName(type) + "List";
    }

    /**
     * The schema of a kind, built on first use. A built-in kind fabric8 has no class for, or a custom kind
     * registered without a schema, gets an object schema that accepts any fields. Shared: do not modify.
     */
    public JsonNode schema(ResourceType type) {
        String name = ensureKind(type);
        return components.get(name);
    }

    /** A component schema by name, or {@code null} when unknown. Do not modify the returned tree. */
    public JsonNode component(String name) {
        return components.get(name);
    }

    @Override
    public PatchMeta patchMeta(ResourceType type) {
        return PatchMeta.of(schema(type), this::component);
    }

    /** Incremented on every custom registration; documents built from an older generation are stale. */
    public long generation() {
        return generation.get();
    }

    /**
     * Makes sure the kind's schema, its list schema and everything they reference are built; returns the
     * kind's schema name.
     */
    String ensureKind(ResourceType type) {
        if (!type.nativeKind()) {
            String name = customNames.get(key(type));
            if (name == null) {
                register(type, null);
                name = customNames.get(key(type));
            }
            return name;
        }
        String name = schemaName(type);
        if (preparedKinds.contains(key(type))) {
            return name;
        }
        synchronized (generatorLock) {
            Optional<Class<?>> modelClass = ModelSchemaGenerator.modelClass(type.group(), type.version(), type.kind());
            if (modelClass.isPresent()) {
                ensureGenerated(modelClass.get());
                publishWithKind(name, type.group(), type.version(), type.kind());
                Optional<Class<?>> listClass = ModelSchemaGenerator.modelClass(type.group(), type.version(), type.kind() + "List");
                if (listClass.isPresent()) {
                    ensureGenerated(listClass.get());
                    publishWithKind(ModelSchemaGenerator.schemaName(listClass.get()), type.group(), type.version(),
                            type.kind() + "List");
                }
            } else {
                ensureGenerated(ObjectMeta.class);
                ObjectNode schema = NODES.objectNode().put("type", "object");
                ObjectNode properties = schema.putObject("properties");
                properties.set("apiVersion", NODES.objectNode().put("type", "string"));
                properties.set("kind", NODES.objectNode().put("type", "string"));
                properties.set("metadata", NODES.objectNode().put("$ref", ModelSchemaGenerator.REF_PREFIX + OBJECT_META));
                schema.put("x-kubernetes-preserve-unknown-fields", true);
                setGroupVersionKind(schema, type.group(), type.version(), type.kind());
                components.put(name, schema);
            }
            preparedKinds.add(key(type));
        }
        return name;
    }

    /** The named components plus every component they reference, transitively, sorted by name. */
    Map<String, JsonNode> closure(Collection<String> roots) {
        Map<String, JsonNode> result = new TreeMap<>();
        Deque<String> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (result.containsKey(name)) {
                continue;
            }
            JsonNode schema = components.get(name);
            if (schema == null) {
                continue;
            }
            result.put(name, schema);
            collectRefs(schema, pending);
        }
        return result;
    }

    /** Generates a fabric8 class's schema (and its references) if missing, publishing all at once. */
    void ensureGenerated(Class<?> modelClass) {
        if (components.containsKey(ModelSchemaGenerator.schemaName(modelClass))) {
            return;
        }
        synchronized (generatorLock) {
            Map<String, ObjectNode> staging = new TreeMap<>();
            // Seed with what exists so that the walk stops at published schemas.
            components.forEach((name, schema) -> staging.put(name, schema));
            new ModelSchemaGenerator(staging).generate(modelClass);
            staging.forEach(components::putIfAbsent);
        }
    }

    private void publishWithKind(String name, String group, String version, String kind) {
        ObjectNode existing = components.get(name);
        if (existing == null || existing.has("x-kubernetes-group-version-kind")) {
            return;
        }
        ObjectNode copy = existing.deepCopy();
        setGroupVersionKind(copy, group, version, kind);
        components.put(name, copy);
    }

    private static void collectRefs(JsonNode node, Deque<String> pending) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(ModelSchemaGenerator.REF_PREFIX)) {
                pending.push(ref.asText().substring(ModelSchemaGenerator.REF_PREFIX.length()));
            }
            node.elements().forEachRemaining(child -> collectRefs(child, pending));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, pending));
        }
    }

    private static void setGroupVersionKind(ObjectNode schema, String group, String version, String kind) {
        schema.putArray("x-kubernetes-group-version-kind").addObject()
                .put("group", group).put("kind", kind).put("version", version);
    }

    private static void sortProperties(ObjectNode schema) {
        JsonNode properties = schema.get("properties");
        if (properties instanceof ObjectNode props) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), e.getValue());
            }
            props.removeAll();
            props.setAll(sorted);
        }
    }

    private static String customSchemaName(ResourceType type) {
        String[] labels = type.group().split("\\.");
        StringBuilder reversed = new StringBuilder();
        for (int i = labels.length - 1; i >= 0; i--) {
            if (!labels[i].isEmpty()) {
                reversed.append(labels[i]).append('.');
            }
        }
        return reversed + type.version() + "." + type.kind();
    }

    private static String key(ResourceType type) {
        return type.group() + "/" + type.version() + "/" + type.kind();
    }
}
