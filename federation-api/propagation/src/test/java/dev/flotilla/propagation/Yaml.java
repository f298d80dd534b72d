package dev.flotilla.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test helper: objects written as JSON with single quotes, converted to trees or API classes. */
final class Yaml {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Yaml() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static <T> T as(String text, Class<T> type) {
        return MAPPER.convertValue(json(text), type);
    }

    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
