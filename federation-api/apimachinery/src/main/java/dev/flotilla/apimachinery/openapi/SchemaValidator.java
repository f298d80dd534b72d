package dev.flotilla.apimachinery.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.apimachinery.registry.ResourceType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a request body against its kind's schema for {@code fieldValidation=Strict} (and {@code Warn}): the
 * fields the schema does not know, and values of the wrong JSON type.
 *
 * <p>A field is unknown when its object schema neither declares it in {@code properties} nor allows it through
 * {@code additionalProperties} or {@code x-kubernetes-preserve-unknown-fields: true}. Nulls are never
 * reported (the API treats an explicit null like an absent field). Paths are dotted, with list indexes in
 * brackets, as kube-apiserver prints them: {@code spec.template.spec.containers[0].foo}.
 */
public final class SchemaValidator {

    /** A value of the wrong JSON type. */
    public record TypeMismatch(String field, String expected, String actual) {

        /** kube's wording for CRDs: {@code spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"}. */
        public String message() {
            return field + ": Invalid value: \"" + actual + "\": " + field + " in body must be of type " + expected
                    + ": \"" + actual + "\"";
        }
    }

    /** Everything found wrong with one object. */
    public record Result(List<String> unknownFields, List<TypeMismatch> typeMismatches) {

        public boolean valid() {
            return unknownFields.isEmpty() && typeMismatches.isEmpty();
        }
    }

    private static final int MAX_DEPTH = 64;

    private final SchemaCatalog catalog;

    public SchemaValidator(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    /** The dotted paths of the fields of {@code object} its kind's schema does not know, in document order. */
    public List<String> unknownFields(JsonNode object, ResourceType type) {
        return validate(object, type).unknownFields();
    }

    /** Unknown fields and type mismatches together. */
    public Result validate(JsonNode object, ResourceType type) {
        List<String> unknown = new ArrayList<>();
        List<TypeMismatch> mismatches = new ArrayList<>();
        walk(object, catalog.schema(type), "", unknown, mismatches, 0);
        return new Result(List.copyOf(unknown), List.copyOf(mismatches));
    }

    /**
     * kube-apiserver's message for a strict-validation failure:
     * {@code strict decoding error: unknown field "spec.foo", unknown field "spec.bar"}.
     */
    public static String strictDecodingError(List<String> unknownFields) {
        return "strict decoding error: " + unknownFields.stream()
                .map(field -> "unknown field \"" + field + "\"")
                .collect(Collectors.joining(", "));
    }

    private void walk(JsonNode value, JsonNode schemaNode, String path, List<String> unknown,
                      List<TypeMismatch> mismatches, int depth) {
        JsonNode schema = resolve(schemaNode);
        if (schema == null || value == null || value.isNull() || depth > MAX_DEPTH) {
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                mismatches.add(new TypeMismatch(path, "integer or string", typeName(value)));
            }
            return;
        }
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !matches(type, value)) {
            mismatches.add(new TypeMismatch(path, type, typeName(value)));
            return;
        }
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (value.isObject()) {
            JsonNode properties = schema.get("properties");
            JsonNode additional = schema.get("additionalProperties");
            if (preserve && properties == null) {
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode propertySchema = properties == null ? null : properties.get(field.getKey());
                if (propertySchema != null) {
                    walk(field.getValue(), propertySchema, childPath, unknown, mismatches, depth + 1);
                } else if (additional != null && additional.isObject()) {
                    walk(field.getValue(), additional, childPath, unknown, mismatches, depth + 1);
                } else if (!preserve && !(additional != null && additional.asBoolean(false))) {
                    unknown.add(childPath);
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                walk(value.get(i), schema.get("items"), path + "[" + i + "]", unknown, mismatches, depth + 1);
            }
        }
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; current != null && depth < 16; depth++) {
            if (current.has("$ref")) {
                String ref = current.get("$ref").asText();
                current = ref.startsWith(ModelSchemaGenerator.REF_PREFIX)
                        ? catalog.component(ref.substring(ModelSchemaGenerator.REF_PREFIX.length())) : null;
            } else if (!current.has("properties") && !current.has("type") && current.path("allOf").size() == 1) {
                current = current.get("allOf").get(0);
            } else {
                return current;
            }
        }
        return current;
    }

    private static boolean matches(String type, JsonNode value) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber()
                    || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            default -> true;
        };
    }

    private static String typeName(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
            case BOOLEAN -> "boolean";
            case OBJECT -> "object";
            case ARRAY -> "array";
            default -> value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
