package dev.flotilla.simulator;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;

import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * fabric8's CRUD mock API server with its store indexed by object name, so that a create, and a read of one object,
 * cost the same whatever the cluster holds.
 *
 * <p>fabric8's dispatcher answers every request by comparing it with every stored object: a create checks each one
 * for a clash, a read by name looks at each one. A real API server looks objects up by key. With a thousand objects
 * per member that scan took half the CPU of a ten-member benchmark (docs/benchmarks.md, "Propagation"), so the
 * simulated members, not Flotilla, set the pace. This class changes how the mock finds objects, not what it
 * answers: it keeps fabric8's own store (a map from an object's attributes to its JSON) and its request handling,
 * and adds an index from each object's name to the keys that carry that name. Every lookup still applies
 * fabric8's own {@link AttributeSet#matches}, now to the objects of one name only; anything the index cannot narrow
 * (lists, label selectors, a wildcard name) goes to fabric8's full scan as before.
 *
 * <p>The index stays exact because it is the store: the dispatcher's map is replaced, when it is built, by a
 * {@link NameIndexedMap} that updates the index on every put, remove and clear, and whose views cannot be used to
 * change it. fabric8 keeps that map and its read/write lock in private or final fields, which this class reaches by
 * reflection, as it reaches the CRUD dispatcher inside fabric8's mixed one ({@link #mixed}); it fails at
 * construction, loudly, should a fabric8 release rename them.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

    private final NameIndexedMap store;
    private final ReadWriteLock lock;

    IndexedCrudDispatcher() {
        this.store = new NameIndexedMap();
        replaceField(this, CrudDispatcher.class, "map", store);
        this.lock = (ReadWriteLock) readField(this, KubernetesCrudDispatcher.class, "lock");
    }

    /**
     * fabric8's mixed dispatcher (expectations first, such as the {@code /version} answer, then CRUD) with an
     * indexed CRUD dispatcher in place of its own.
     */
    static KubernetesMixedDispatcher mixed(Map<ServerRequest, Queue<ServerResponse>> expectations) {
        KubernetesMixedDispatcher mixed = new KubernetesMixedDispatcher(expectations);
        replaceField(mixed, KubernetesMixedDispatcher.class, "kubernetesCrudDispatcher", new IndexedCrudDispatcher());
        return mixed;
    }

    /** Used by fabric8's create, replace and patch handlers (under the write lock) to find the object concerned. */
    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        String name = indexableName(query);
        if (name == null) {
            return super.findResource(query);
        }
        for (Map.Entry<AttributeSet, String> candidate : store.entriesNamed(name)) {
            if (candidate.getKey().matches(query)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * A read of one object by name (no watch, no list) is answered from the index, as fabric8 would answer it: the
     * object's JSON with 200, or 404. Everything else is fabric8's.
     */
    @Override
    public MockResponse handleGet(String path) {
        AttributeSet query = getKey(path);
        String name = path.contains("watch=") ? null : indexableName(query);
        if (name == null) {
            return super.handleGet(path);
        }
        Lock read = lock.readLock();
        read.lock();
        try {
            for (Map.Entry<AttributeSet, String> candidate : store.entriesNamed(name)) {
                if (candidate.getKey().matches(query)) {
                    return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(candidate.getValue());
                }
            }
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
        } finally {
            read.unlock();
        }
    }

    /**
     * The name a query asks for, when the index can answer it: exactly one plain value that is not fabric8's
     * wildcard ({@code *}, which matches any name); otherwise null.
     */
    private static String indexableName(AttributeSet query) {
        Attribute name = query.getAttribute(KubernetesAttributesExtractor.NAME);
        if (name == null || name.getType() != AttributeType.WITH || name.getValues().size() != 1) {
            return null;
        }
        String value = NameIndexedMap.text(name.getValues().get(0));
        return value == null || value.equals(NameIndexedMap.WILDCARD) ? null : value;
    }

    private static void replaceField(Object target, Class<?> owner, String fieldName, Object value) {
        try {
            field(owner, fieldName).set(target, value);
        } catch (IllegalAccessException e) {
            throw missing(owner, fieldName, e);
        }
    }

    private static Object readField(Object target, Class<?> owner, String fieldName) {
        try {
            return field(owner, fieldName).get(target);
        } catch (IllegalAccessException e) {
            throw missing(owner, fieldName, e);
        }
    }

    /** One of fabric8's private fields, made accessible; fails loudly should a fabric8 release rename it. */
    private static Field field(Class<?> owner, String fieldName) {
        try {
            Field field = owner.getDeclaredField(fieldName);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            throw missing(owner, fieldName, e);
        }
    }

    private static IllegalStateException missing(Class<?> owner, String fieldName, Exception cause) {
        return new IllegalStateException("this fabric8 mock server has no usable field " + owner.getSimpleName()
                + "." + fieldName + " to index: " + cause, cause);
    }

    /**
     * fabric8's store (attributes → JSON, in insertion order, every method synchronized as fabric8's own
     * {@code Collections.synchronizedMap} is) plus an index from the value of each key's {@code name} attribute to
     * the keys with that name. Its views are read-only snapshots, so nothing can change the store past the index.
     */
    static final class NameIndexedMap extends AbstractMap<AttributeSet, String> {

        /** fabric8's wildcard value: a stored object of this name matches a query for any name. */
        static final String WILDCARD = "*";

        private final Map<AttributeSet, String> entries = new LinkedHashMap<>();
        private final Map<String, Set<AttributeSet>> byName = new HashMap<>();

        @Override
        public synchronized String put(AttributeSet key, String value) {
            String previous = entries.put(key, value);
            byName.computeIfAbsent(nameOf(key), n -> new LinkedHashSet<>()).add(key);
            return previous;
        }

        @Override
        public synchronized String remove(Object key) {
            if (!entries.containsKey(key)) {
                return null;
            }
            String previous = entries.remove(key);
            AttributeSet attributes = (AttributeSet) key;
            String name = nameOf(attributes);
            Set<AttributeSet> named = byName.get(name);
            if (named != null) {
                named.remove(attributes);
                if (named.isEmpty()) {
                    byName.remove(name);
                }
            }
            return previous;
        }

        @Override
        public synchronized void clear() {
            entries.clear();
            byName.clear();
        }

        @Override
        public synchronized String get(Object key) {
            return entries.get(key);
        }

        @Override
        public synchronized boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public synchronized int size() {
            return entries.size();
        }

        /**
         * A snapshot, in insertion order, that cannot change the store. A list behind a set: fabric8 only iterates
         * it, and hashing every key into a real set would cost more than the scan it feeds.
         */
        @Override
        public synchronized Set<Map.Entry<AttributeSet, String>> entrySet() {
            List<Map.Entry<AttributeSet, String>> snapshot = new ArrayList<>(entries.size());
            entries.forEach((key, value) -> snapshot.add(Map.entry(key, value)));
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<AttributeSet, String>> iterator() {
                    return Collections.unmodifiableList(snapshot).iterator();
                }

                @Override
                public int size() {
                    return snapshot.size();
                }
            };
        }

        /** The stored entries whose {@code name} is {@code name} or the wildcard, in insertion order. */
        synchronized List<Map.Entry<AttributeSet, String>> entriesNamed(String name) {
            List<Map.Entry<AttributeSet, String>> found = new ArrayList<>(2);
            for (String key : List.of(name, WILDCARD)) {
                for (AttributeSet attributes : byName.getOrDefault(key, Set.of())) {
                    found.add(Map.entry(attributes, entries.get(attributes)));
                }
            }
            return found;
        }

        /** The key's name value; objects without one are indexed under "" and never match a query by name. */
        private static String nameOf(AttributeSet key) {
            Attribute name = key.getAttribute(KubernetesAttributesExtractor.NAME);
            if (name == null || name.getValues().isEmpty()) {
                return "";
            }
            String value = text(name.getValues().get(0));
            return value == null ? "" : value;
        }

        /** A fabric8 attribute value as text; null for a null value (which equals only another null). */
        static String text(Object value) {
            return value == null ? null : value.toString();
        }
    }
}
