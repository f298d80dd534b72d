package dev.flotilla.apimachinery.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 7386 JSON merge patch: objects merge recursively, {@code null} removes a member, every other value
 * (lists included) replaces. Pure: the inputs are not modified.
 */
public final class JsonMergePatch {

    private JsonMergePatch() {
    }

    /** The target with the patch merged in; a patch that is not an object replaces the target wholesale. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        patch.fields().forEachRemaining(entries::add);
        for (Map.Entry<String, JsonNode> entry : entries) {
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                result.remove(entry.getKey());
            } else {
                result.set(entry.getKey(), apply(result.get(entry.getKey()), value));
            }
        }
        return result;
    }
}
