package dev.flotilla.apimachinery.patch;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How strategic merge treats one field, read from the OpenAPI schema tree so that the patch logic and the
 * published schemas can never disagree: the {@code x-kubernetes-patch-strategy} ({@code merge}, {@code
 * retainKeys}, {@code replace}, comma-separated) and {@code x-kubernetes-patch-merge-key} on the property that
 * led here, plus the schema of the value, to walk further down.
 *
 * <p>Navigation follows {@code $ref} (also wrapped as {@code allOf: [{$ref}]}), object {@code properties},
 * map {@code additionalProperties} and array {@code items}. An unknown field yields {@link #NONE}: no
 * strategy, so its lists are replaced, exactly as a JSON merge patch would.
 */
public final class PatchMeta {

    /** No schema knowledge: every list replaces, every map merges. */
    public static final PatchMeta NONE = new PatchMeta(null, ref -> null, List.of(), null);

    private static final String REF_PREFIX = "#/components/schemas/";

    private final JsonNode schema;
    private final Function<String, JsonNode> resolver;
    private final List<String> strategies;
    private final String mergeKey;

    private PatchMeta(JsonNode schema, Function<String, JsonNode> resolver, List<String> strategies, String mergeKey) {
        this.schema = schema;
        this.resolver = resolver;
        this.strategies = strategies;
        this.mergeKey = mergeKey;
    }

    /**
     * The patch metadata of a whole object.
     *
     * @param schema   the object's schema (may itself be a {@code $ref})
     * @param resolver looks up a component schema by its name, e.g. {@code io.k8s.api.core.v1.PodSpec}; returns
     *                 {@code null} for an unknown name
     */
    public static PatchMeta of(JsonNode schema, Function<String, JsonNode> resolver) {
        return new PatchMeta(resolve(schema, resolver), resolver, List.of(), null);
    }

    /** The metadata of a property of this object (or of any value, for a map with additionalProperties). */
    public PatchMeta field(String name) {
        if (schema == null) {
            return NONE;
        }
        JsonNode property = schema.path("properties").get(name);
        if (property == null) {
            JsonNode additional = schema.get("additionalProperties");
            if (additional == null || !additional.isObject()) {
                return NONE;
            }
            property = additional;
        }
        List<String> fieldStrategies = property.has("x-kubernetes-patch-strategy")
                ? Arrays.stream(property.get("x-kubernetes-patch-strategy").asText().split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList()
                : List.of();
        String key = property.has("x-kubernetes-patch-merge-key")
                ? property.get("x-kubernetes-patch-merge-key").asText() : null;
        return new PatchMeta(resolve(property, resolver), resolver, fieldStrategies, key);
    }

    /** The metadata of the elements of this list. Elements carry no strategy of their own. */
    public PatchMeta items() {
        if (schema == null || !schema.has("items")) {
            return NONE;
        }
        return new PatchMeta(resolve(schema.get("items"), resolver), resolver, List.of(), null);
    }

    /** Whether this list merges element-wise (by {@link #mergeKey()}, or as a set for primitives). */
    public boolean mergesList() {
        return strategies.contains("merge");
    }

    /** Whether this map is replaced wholesale rather than merged. */
    public boolean replacesMap() {
        return strategies.contains("replace");
    }

    /** Whether this map honours {@code $retainKeys} (a union type such as a Deployment's strategy). */
    public boolean retainsKeys() {
        return strategies.contains("retainKeys");
    }

    /** The field that identifies list elements, e.g. {@code name} for containers. */
    public Optional<String> mergeKey() {
        return Optional.ofNullable(mergeKey);
    }

    /** The patch strategies of the field that led here, e.g. {@code [merge, retainKeys]}. */
    public List<String> strategies() {
        return strategies;
    }

    private static JsonNode resolve(JsonNode node, Function<String, JsonNode> resolver) {
        JsonNode current = node;
        // Bounded: a cycle of bare $refs would otherwise never end.
        for (int depth = 0; current != null && depth < 16; depth++) {
            if (current.has("$ref")) {
                String ref = current.get("$ref").asText();
                current = ref.startsWith(REF_PREFIX) ? resolver.apply(ref.substring(REF_PREFIX.length())) : null;
            } else if (!current.has("properties") && current.path("allOf").size() == 1) {
                current = current.get("allOf").get(0);
            } else {
                return current;
            }
        }
        return current;
    }
}
