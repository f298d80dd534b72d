package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small helpers over object metadata shared by the control loops. */
final class Meta {

    private Meta() {
    }

    /** The owner reference marked {@code controller: true}, if any. */
    static Optional<OwnerReference> controllerOf(HasMetadata object) {
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
        if (owners == null) {
            return Optional.empty();
        }
        return owners.stream().filter(owner -> Boolean.TRUE.equals(owner.getController())).findFirst();
    }

    static boolean isControlledBy(HasMetadata object, HasMetadata owner) {
        return controllerOf(object)
                .map(ref -> ref.getUid() != null && ref.getUid().equals(owner.getMetadata().getUid()))
                .orElse(false);
    }

    static boolean isControlledBy(HasMetadata object, String kind, String name) {
        return controllerOf(object).map(ref -> kind.equals(ref.getKind()) && name.equals(ref.getName()))
                .orElse(false);
    }

    static OwnerReference controllerReference(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    static boolean isTerminating(HasMetadata object) {
        return object.getMetadata().getDeletionTimestamp() != null;
    }

    static String namespace(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return namespace == null ? "" : namespace;
    }

    static String key(HasMetadata object) {
        return namespace(object) + "/" + object.getMetadata().getName();
    }

    /** Kubernetes' timestamp format: RFC 3339 in UTC, whole seconds. */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static Instant parseTimestamp(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static long generation(HasMetadata object) {
        Long generation = object.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    /** True when every entry of {@code selector} is among {@code labels}; an empty selector matches nothing. */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        if (selector == null || selector.isEmpty() || labels == null) {
            return false;
        }
        for (Map.Entry<String, String> entry : selector.entrySet()) {
            if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            io.fabric8.kubernetes.client.utils.Serialization.jsonMapper();

    /**
     * True when two API objects (or parts of them) say the same thing, ignoring the difference between a missing
     * field, null and an empty list or map — a status read back from the server and one built here differ in
     * exactly that way, and comparing them naively would rewrite the status forever.
     */
    static boolean sameContent(Object a, Object b) {
        return java.util.Objects.equals(normalise(MAPPER.convertValue(a, Object.class)),
                normalise(MAPPER.convertValue(b, Object.class)));
    }

    private static Object normalise(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new java.util.TreeMap<>();
            map.forEach((k, v) -> {
                Object normal = normalise(v);
                if (normal != null) {
                    out.put(k, normal);
                }
            });
            return out.isEmpty() ? null : out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new java.util.ArrayList<>();
            list.forEach(v -> out.add(normalise(v)));
            return out.isEmpty() ? null : out;
        }
        return value;
    }
}
