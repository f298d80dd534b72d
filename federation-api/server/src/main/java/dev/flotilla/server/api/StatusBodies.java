package dev.flotilla.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders {@code metav1.Status} bodies, the only shape in which this server reports an outcome that is not an object. */
public final class StatusBodies {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private StatusBodies() {
    }

    public static ObjectNode failure(ApiException error) {
        ObjectNode status = envelope();
        status.put("status", "Failure");
        status.put("message", error.getMessage());
        status.put("reason", error.reason());
        ApiException.Details details = error.details();
        if (details != null) {
            ObjectNode node = status.putObject("details");
            if (details.name() != null && !details.name().isEmpty()) {
                node.put("name", details.name());
            }
            if (details.group() != null && !details.group().isEmpty()) {
                node.put("group", details.group());
            }
            if (details.kind() != null && !details.kind().isEmpty()) {
                node.put("kind", details.kind());
            }
            if (!details.causes().isEmpty()) {
                ArrayNode causes = node.putArray("causes");
                for (ApiException.Cause cause : details.causes()) {
                    ObjectNode c = causes.addObject();
                    c.put("reason", cause.reason());
                    c.put("message", cause.message());
                    c.put("field", cause.field());
                }
            }
            if (details.retryAfterSeconds() != null) {
                node.put("retryAfterSeconds", details.retryAfterSeconds());
            }
        }
        status.put("code", error.code());
        return status;
    }

    /** The Status a successful delete returns when the object is gone at once. */
    public static ObjectNode success(String name, String group, String kind, String uid) {
        ObjectNode status = envelope();
        status.put("status", "Success");
        ObjectNode details = status.putObject("details");
        details.put("name", name);
        if (!group.isEmpty()) {
            details.put("group", group);
        }
        details.put("kind", kind);
        if (uid != null) {
            details.put("uid", uid);
        }
        return status;
    }

    private static ObjectNode envelope() {
        ObjectNode status = JSON.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        return status;
    }
}
