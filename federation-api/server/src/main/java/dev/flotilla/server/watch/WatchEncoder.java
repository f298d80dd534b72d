package dev.flotilla.server.watch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.core.Json;
import dev.flotilla.server.core.ObjectBytes;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.table.Tables;
import dev.flotilla.store.StoredObject;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import java.time.Clock;
import java.util.List;

/**
 * Encodes watch events as kube-apiserver streams them: one JSON {@code {"type":..., "object":...}} per line,
 * the object in full, or as a one-row Table when the client asked for tables ({@code kubectl get -w}).
 */
public final class WatchEncoder {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ResourceType type;
    private final String tableVersion;
    private final String includeObject;
    private final Clock clock;
    private boolean columnsSent;

    /**
     * @param tableVersion {@code null} for full objects, otherwise the Table apiVersion to send
     */
    public WatchEncoder(ResourceType type, String tableVersion, String includeObject, Clock clock) {
        this.type = type;
        this.tableVersion = tableVersion;
        this.includeObject = includeObject;
        this.clock = clock;
    }

    public synchronized byte[] event(String eventType, StoredObject stored) {
        if (tableVersion == null) {
            // Full objects: the stored bytes framed as an event, without parsing them.
            ByteArrayOutputStream out = new ByteArrayOutputStream(stored.value().length + 64);
            byte[] head = ("{\"type\":\"" + eventType + "\",\"object\":").getBytes(StandardCharsets.UTF_8);
            out.write(head, 0, head.length);
            ObjectBytes.write(stored, out);
            out.write('}');
            out.write('\n');
            return out.toByteArray();
        }
        ObjectNode object = ObjectService.toApi(stored);
        ObjectNode event = JSON.objectNode();
        event.put("type", eventType);
        event.set("object", Tables.build(tableVersion, type, List.of(object),
                Long.toString(stored.modRevision()), null, includeObject, !columnsSent, clock.instant()));
        columnsSent = true;
        return line(event);
    }

    /** A BOOKMARK: an object of the watched kind carrying only the resourceVersion the stream has reached. */
    public byte[] bookmark(long revision) {
        ObjectNode event = JSON.objectNode();
        event.put("type", "BOOKMARK");
        ObjectNode object = event.putObject("object");
        object.put("kind", type.kind());
        object.put("apiVersion", type.apiVersion());
        object.putObject("metadata").put("resourceVersion", Long.toString(revision));
        return line(event);
    }

    /** An ERROR event carrying a Status, e.g. 410 Expired when the requested version is compacted. */
    public byte[] error(ObjectNode status) {
        ObjectNode event = JSON.objectNode();
        event.put("type", "ERROR");
        event.set("object", status);
        return line(event);
    }

    private static byte[] line(ObjectNode event) {
        byte[] json = Json.bytes(event);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = (byte) '\n';
        return line;
    }
}
