package dev.flotilla.apimachinery.openapi;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.Duration;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.runtime.RawExtension;

import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Generates OpenAPI v3 component schemas for the built-in kinds by walking the fabric8 model classes' Jackson
 * bean properties, names them as Kubernetes does ({@code io.k8s.api.apps.v1.Deployment}), and adds the patch
 * and list extensions of {@link ListExtensions}. Output is deterministic: properties are sorted by name.
 *
 * <p>Not thread-safe; {@link SchemaCatalog} serialises access.
 */
final class ModelSchemaGenerator {

    static final String REF_PREFIX = "#/components/schemas/";

    private static final String FABRIC8_MODEL = "io.fabric8.kubernetes.api.model";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The apimachinery meta/v1 types fabric8 keeps in its core package beside the core/v1 types. */
    private static final Set<String> META_V1_TYPES = Set.of("ObjectMeta", "ListMeta", "LabelSelector",
            "LabelSelectorRequirement", "OwnerReference", "ManagedFieldsEntry", "FieldsV1", "Condition", "Status",
            "StatusDetails", "StatusCause", "DeleteOptions", "Preconditions", "APIResource", "APIResourceList",
            "APIGroup", "APIGroupList", "APIVersions", "GroupVersionForDiscovery", "ServerAddressByClientCIDR",
            "WatchEvent", "Time", "MicroTime", "Duration", "TypeMeta", "PartialObjectMetadata",
            "PartialObjectMetadataList", "GroupVersionKind", "GroupKind", "ListOptions", "GetOptions",
            "CreateOptions", "PatchOptions", "UpdateOptions", "RootPaths", "Patch");

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, ObjectNode> components;

    /** @param components where generated schemas go, keyed by Kubernetes schema name */
    ModelSchemaGenerator(Map<String, ObjectNode> components) {
        this.components = components;
    }

    /** The fabric8 class of a built-in kind, if fabric8 has one. */
    static Optional<Class<?>> modelClass(String group, String version, String kind) {
        String firstLabel = group.isEmpty() ? "" : group.split("\\.", 2)[0];
        List<String> candidates = group.isEmpty()
                ? List.of(FABRIC8_MODEL + "." + kind)
                : List.of(FABRIC8_MODEL + "." + firstLabel + "." + version + "." + kind,
                FABRIC8_MODEL + "." + firstLabel + "." + kind);
        for (String candidate : candidates) {
            try {
                Class<?> type = Class.forName(candidate, false, ModelSchemaGenerator.class.getClassLoader());
                if (matchesVersion(type, group, version)) {
                    return Optional.of(type);
                }
            } catch (ClassNotFoundException e) {
                // try the next naming scheme
            }
        }
        return Optional.empty();
    }

    private static boolean matchesVersion(Class<?> type, String group, String version) {
        io.fabric8.kubernetes.model.annotation.Version v = type.getAnnotation(io.fabric8.kubernetes.model.annotation.Version.class);
        io.fabric8.kubernetes.model.annotation.Group g = type.getAnnotation(io.fabric8.kubernetes.model.annotation.Group.class);
        // Classes without the annotations (list kinds, nested types) are accepted by package alone.
        return (v == null || v.value().equals(version)) && (g == null || g.value().equals(group));
    }

    /**
     * The Kubernetes schema name of a fabric8 model class: {@code io.fabric8.kubernetes.api.model.apps.DeploymentSpec}
     * → {@code io.k8s.api.apps.v1.DeploymentSpec}, {@code ...model.ObjectMeta} →
     * {@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}.
     */
    static String schemaName(Class<?> type) {
        String pkg = type.getPackageName();
        String simple = type.getSimpleName();
        if (pkg.equals(FABRIC8_MODEL)) {
            return META_V1_TYPES.contains(simple)
                    ? "io.k8s.apimachinery.pkg.apis.meta.v1." + simple
                    : "io.k8s.api.core.v1." + simple;
        }
        if (pkg.startsWith(FABRIC8_MODEL + ".")) {
            String rest = pkg.substring(FABRIC8_MODEL.length() + 1);
            if (rest.equals("apps")) {
                rest = "apps.v1";
            }
            return "io.k8s.api." + rest + "." + simple;
        }
        return type.getName();
    }

    /** Generates (once) the schema of a model class and everything it references; returns its name. */
    String generate(Class<?> type) {
        String name = schemaName(type);
        if (components.containsKey(name)) {
            return name;
        }
        ObjectNode schema = NODES.objectNode();
        // Registered before walking the properties so that recursive types end in a $ref.
        components.put(name, schema);
        schema.put("type", "object");
        ObjectNode properties = NODES.objectNode();
        BeanDescription bean = mapper.getSerializationConfig().introspect(mapper.constructType(type));
        List<BeanPropertyDefinition> definitions = bean.findProperties().stream()
                .filter(p -> p.couldSerialize() && !p.getName().equals("additionalProperties"))
                .sorted(Comparator.comparing(BeanPropertyDefinition::getName))
                .toList();
        for (BeanPropertyDefinition definition : definitions) {
            ObjectNode property = schemaOf(definition.getPrimaryType(), definition.getName());
            Optional<ListExtensions.Entry> extensions = ListExtensions.lookup(name, definition.getName());
            if (extensions.isPresent()) {
                if (property.has("$ref")) {
                    // OpenAPI 3.0 ignores siblings of $ref; Kubernetes wraps such references in allOf.
                    ObjectNode wrapped = NODES.objectNode();
                    wrapped.putArray("allOf").add(property);
                    property = wrapped;
                }
                extensions.get().applyTo(property);
            }
            properties.set(definition.getName(), property);
        }
        if (!properties.isEmpty()) {
            schema.set("properties", properties);
        } else {
            schema.put("x-kubernetes-preserve-unknown-fields", true);
        }
        return name;
    }

    private ObjectNode schemaOf(JavaType type, String fieldName) {
        Class<?> raw = type.getRawClass();
        ObjectNode schema = NODES.objectNode();
        if (raw == String.class || raw == Character.class || raw == char.class) {
            schema.put("type", "string");
            if (fieldName.endsWith("Time") || fieldName.endsWith("Timestamp") || fieldName.equals("time")) {
                schema.put("format", "date-time");
            }
        } else if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class) {
            schema.put("type", "integer").put("format", "int32");
        } else if (raw == Long.class || raw == long.class) {
            schema.put("type", "integer").put("format", "int64");
        } else if (raw == Boolean.class || raw == boolean.class) {
            schema.put("type", "boolean");
        } else if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class
                || Number.class.isAssignableFrom(raw)) {
            schema.put("type", "number").put("format", "double");
        } else if (raw == IntOrString.class || raw == Quantity.class) {
            schema.put("x-kubernetes-int-or-string", true);
        } else if (raw == MicroTime.class) {
            schema.put("type", "string").put("format", "date-time");
        } else if (raw == Duration.class) {
            schema.put("type", "string");
        } else if (raw == byte[].class) {
            schema.put("type", "string").put("format", "byte");
        } else if (raw.isEnum()) {
            schema.put("type", "string");
        } else if (raw == FieldsV1.class || raw == RawExtension.class) {
            schema.put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
        } else if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            schema.put("type", "array");
            JavaType element = type.getContentType();
            schema.set("items", element == null ? freeForm() : schemaOf(element, ""));
        } else if (Map.class.isAssignableFrom(raw)) {
            schema.put("type", "object");
            JavaType value = type.getContentType();
            if (value == null || value.getRawClass() == Object.class) {
                schema.put("x-kubernetes-preserve-unknown-fields", true);
            } else {
                schema.set("additionalProperties", schemaOf(value, ""));
            }
        } else if (isFreeForm(raw)) {
            schema.put("x-kubernetes-preserve-unknown-fields", true);
        } else {
            schema.put("$ref", REF_PREFIX + generate(raw));
        }
        return schema;
    }

    private static boolean isFreeForm(Class<?> raw) {
        return raw == Object.class || JsonNode.class.isAssignableFrom(raw) || raw == AnyType.class
                || raw.isInterface() || Modifier.isAbstract(raw.getModifiers()) || raw.isPrimitive()
                || raw == KubernetesResource.class || raw.getName().startsWith("java.");
    }

    private static ObjectNode freeForm() {
        return NODES.objectNode().put("x-kubernetes-preserve-unknown-fields", true);
    }
}
