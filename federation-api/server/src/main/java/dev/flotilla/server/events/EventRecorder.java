package dev.flotilla.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.propagation.Names;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Records what the controllers did as Kubernetes {@code Event}s (core/v1) on the control plane, the way a
 * kube-controller-manager does: {@code kubectl describe} of the object and {@code kubectl get events} show them.
 * A repeat of the same (object, type, reason, message) updates one Event ({@code count}, {@code lastTimestamp})
 * instead of adding another. Events of cluster-scoped objects live in {@code default}, as a Node's do. Recording
 * never fails the caller: a lost Event is logged, not thrown.
 */
public final class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    /** The {@code source.component} and {@code reportingComponent} of Flotilla's controllers. */
    public static final String COMPONENT = "flotilla-controller-manager";
    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    private final ObjectService objects;
    private final ResourceType events;
    private final Clock clock;
    private final String instance;

    public EventRecorder(ObjectService objects, ResourceRegistry registry, Clock clock) {
        this.objects = objects;
        this.events = registry.byResource("", "v1", "events").orElseThrow();
        this.clock = clock;
        this.instance = hostName();
    }

    /** Records a Normal event about an object (its apiVersion, kind and metadata are read). */
    public void normal(JsonNode involved, String reason, String message) {
        record(involved, NORMAL, reason, message);
    }

    /** Records a Warning event about an object. */
    public void warning(JsonNode involved, String reason, String message) {
        record(involved, WARNING, reason, message);
    }

    /**
     * Records an event.
     *
     * @param involved the object it is about
     * @param type     Normal or Warning
     * @param reason   CamelCase, short (e.g. ClusterUnreachable)
     * @param message  for people
     */
    public void record(JsonNode involved, String type, String reason, String message) {
        JsonNode metadata = involved.path("metadata");
        String name = metadata.path("name").asText();
        String objectNamespace = metadata.path("namespace").asText("");
        String namespace = objectNamespace.isEmpty() ? "default" : objectNamespace;
        String kind = involved.path("kind").asText();
        String uid = metadata.path("uid").asText("");
        String eventName = name + "." + Names.sha256(String.join("\u0000", kind, objectNamespace, name, uid, type,
                reason, message)).substring(0, 16);
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            if (objects.find(events, namespace, eventName).isPresent()) {
                objects.mutate(events, namespace, eventName, null, ObjectService.Scope.MAIN, WriteOptions.DEFAULT,
                        event -> {
                            event.put("count", event.path("count").asInt(1) + 1);
                            event.put("lastTimestamp", now);
                            return event;
                        });
                return;
            }
            ObjectNode event = JsonNodeFactory.instance.objectNode();
            event.put("apiVersion", "v1");
            event.put("kind", "Event");
            ObjectNode meta = event.putObject("metadata");
            meta.put("name", eventName);
            meta.put("namespace", namespace);
            ObjectNode ref = event.putObject("involvedObject");
            ref.put("apiVersion", involved.path("apiVersion").asText());
            ref.put("kind", kind);
            ref.put("name", name);
            if (!objectNamespace.isEmpty()) {
                ref.put("namespace", objectNamespace);
            }
            if (!uid.isEmpty()) {
                ref.put("uid", uid);
            }
            if (metadata.hasNonNull("resourceVersion")) {
                ref.put("resourceVersion", metadata.path("resourceVersion").asText());
            }
            event.put("reason", reason);
            event.put("message", message);
            event.put("type", type);
            event.putObject("source").put("component", COMPONENT);
            event.put("reportingComponent", COMPONENT);
            event.put("reportingInstance", instance);
            event.put("firstTimestamp", now);
            event.put("lastTimestamp", now);
            event.put("count", 1);
            objects.create(events, namespace, event, WriteOptions.DEFAULT);
        } catch (ApiException | IllegalStateException e) {
            LOG.warnf("event %s %s about %s %s not recorded: %s", type, reason, kind, name, e.getMessage());
        }
    }

    /**
     * Deletes the Events last seen longer ago than {@code ttl}, as kube-apiserver lets them expire (one hour by
     * default there and here), so a long-lived control plane does not collect them for ever.
     *
     * @return how many were deleted
     */
    public int expire(java.time.Duration ttl) {
        java.time.Instant cutoff = clock.instant().minus(ttl);
        int deleted = 0;
        for (ObjectNode event : objects.list(events, null, dev.flotilla.server.core.ListOptions.all()).items()) {
            String last = event.path("lastTimestamp").asText(event.path("eventTime").asText(""));
            try {
                if (last.isEmpty() || !java.time.Instant.parse(last).isBefore(cutoff)) {
                    continue;
                }
                objects.delete(events, event.path("metadata").path("namespace").asText(),
                        event.path("metadata").path("name").asText(), dev.flotilla.server.core.DeleteOptions.DEFAULT);
                deleted++;
            } catch (java.time.format.DateTimeParseException | ApiException e) {
                // an unreadable time is kept; one already gone is fine
            }
        }
        return deleted;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
