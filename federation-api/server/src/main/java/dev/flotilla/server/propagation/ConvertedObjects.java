package dev.flotilla.server.propagation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.core.ListOptions;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.store.ObjectKey;
import dev.flotilla.store.StoredObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The objects of one kind, each converted to its Java form once per stored version. A list reads the store's
 * in-memory state (no parsing) and converts only the objects whose mod revision changed since they were last
 * converted, so a controller that needs every Cluster or policy on each reconcile no longer parses and converts
 * them all each time. Always as current as the store: nothing is served that the store no longer holds.
 *
 * <p>Callers share the converted instances and must not change them.
 *
 * @param <T> the converted form
 */
final class ConvertedObjects<T> {

    private record Entry<T>(long modRevision, T value) {
    }

    private final ObjectService objects;
    private final ResourceType type;
    private final Function<ObjectNode, T> convert;
    private final Map<ObjectKey, Entry<T>> converted = new ConcurrentHashMap<>();

    ConvertedObjects(ObjectService objects, ResourceType type, Function<ObjectNode, T> convert) {
        this.objects = objects;
        this.type = type;
        this.convert = convert;
    }

    /** The objects of a namespace ({@code null}: of all namespaces, or the cluster-scoped ones), in key order. */
    List<T> list(String namespaceOrNull) {
        List<StoredObject> stored = objects.listStored(type, namespaceOrNull, ListOptions.all()).items();
        List<T> result = new ArrayList<>(stored.size());
        for (StoredObject object : stored) {
            Entry<T> entry = converted.get(object.key());
            if (entry == null || entry.modRevision() != object.modRevision()) {
                entry = new Entry<>(object.modRevision(), convert.apply(ObjectService.toApi(object)));
                converted.put(object.key(), entry);
            }
            result.add(entry.value());
        }
        if (converted.size() > stored.size()) {
            forgetDeleted(namespaceOrNull, stored);
        }
        return result;
    }

    /** Drops the conversions of objects of the listed scope that the store no longer has. */
    private void forgetDeleted(String namespaceOrNull, List<StoredObject> stored) {
        Set<ObjectKey> live = new HashSet<>(stored.size() * 2);
        stored.forEach(object -> live.add(object.key()));
        converted.keySet().removeIf(key -> !live.contains(key)
                && (namespaceOrNull == null || !type.namespaced() || key.namespace().equals(namespaceOrNull)));
    }
}
