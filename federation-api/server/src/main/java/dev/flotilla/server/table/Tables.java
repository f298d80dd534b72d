package dev.flotilla.server.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceType;

import java.time.Instant;
import java.util.List;

/**
 * Builds {@code meta.k8s.io/v1 Table} responses, which is what {@code kubectl get} asks for
 * ({@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}).
 */
public final class Tables {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Tables() {
    }

    /** Whether an Accept header asks for a Table (v1 or v1beta1). */
    public static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table") && accept.contains("g=meta.k8s.io");
    }

    /** The apiVersion of Table the client asked for first. */
    public static String apiVersion(String accept) {
        int v1 = accept.indexOf("v=v1;");
        int v1beta1 = accept.indexOf("v=v1beta1");
        return v1beta1 >= 0 && (v1 < 0 || v1beta1 < v1) ? "meta.k8s.io/v1beta1" : "meta.k8s.io/v1";
    }

    /**
     * A table of objects.
     *
     * @param includeObject {@code None}, {@code Object} or {@code Metadata} (the default), as in the query parameter
     * @param withColumns   false for watch events after the first, whose rows reuse the columns already sent
     */
    public static ObjectNode build(String apiVersion, ResourceType type, List<ObjectNode> objects,
                                   String resourceVersion, String continueToken, String includeObject,
                                   boolean withColumns, Instant now) {
        List<Column> columns = Printers.columnsFor(type);
        ObjectNode table = JSON.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", apiVersion);
        ObjectNode metadata = table.putObject("metadata");
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        if (continueToken != null) {
            metadata.put("continue", continueToken);
        }
        ArrayNode definitions = table.putArray("columnDefinitions");
        if (withColumns) {
            for (Column column : columns) {
                ObjectNode definition = definitions.addObject();
                definition.put("name", column.name());
                definition.put("type", column.type());
                definition.put("format", column.format());
                definition.put("description", column.description());
                definition.put("priority", column.priority());
            }
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Column column : columns) {
                cells.add(cell(column.cell().apply(object, now)));
            }
            if ("Object".equals(includeObject)) {
                row.set("object", object);
            } else if (!"None".equals(includeObject)) {
                row.set("object", partialMetadata(object));
            }
        }
        return table;
    }

    /** The object's metadata as a {@code PartialObjectMetadata}, what a table row carries by default. */
    public static ObjectNode partialMetadata(ObjectNode object) {
        ObjectNode partial = JSON.objectNode();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        JsonNode metadata = object.get("metadata");
        partial.set("metadata", metadata == null ? JSON.objectNode() : metadata.deepCopy());
        return partial;
    }

    private static JsonNode cell(Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (value instanceof Double d) {
            return JSON.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        return JSON.textNode(value.toString());
    }
}
