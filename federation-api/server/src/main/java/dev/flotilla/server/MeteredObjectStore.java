package dev.flotilla.server;

import dev.flotilla.store.KeyPrefix;
import dev.flotilla.store.ListResult;
import dev.flotilla.store.ObjectKey;
import dev.flotilla.store.ObjectStore;
import dev.flotilla.store.StoreException;
import dev.flotilla.store.StoredObject;
import dev.flotilla.store.WatchListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The object store with Prometheus metrics: {@code flotilla_store_operation_seconds} by operation and outcome
 * ({@code ok}, or the refusal: {@code conflict}, {@code not_found}, {@code exists}, {@code compacted},
 * {@code unavailable}). Everything else is the store's own behaviour, unchanged.
 */
final class MeteredObjectStore implements ObjectStore {

    private final ObjectStore store;
    private final MeterRegistry registry;
    /** Keyed by operation and outcome as a pair: reads are hot, and a concatenated key cost a string per call. */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private record TimerKey(String operation, String outcome) {
    }

    MeteredObjectStore(ObjectStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    @Override
    public long currentRevision() {
        return store.currentRevision();
    }

    @Override
    public long compactedRevision() {
        return store.compactedRevision();
    }

    @Override
    public Optional<StoredObject> get(ObjectKey key) {
        return timed("get", () -> store.get(key));
    }

    @Override
    public ListResult list(KeyPrefix prefix, Predicate<StoredObject> filter, String startAfter, int limit,
                           long atRevision) {
        return timed(atRevision == 0 ? "list" : "list_at_revision",
                () -> store.list(prefix, filter, startAfter, limit, atRevision));
    }

    @Override
    public StoredObject create(ObjectKey key, byte[] value) {
        return timed("create", () -> store.create(key, value));
    }

    @Override
    public StoredObject update(ObjectKey key, long expectedModRevision, byte[] value) {
        return timed("update", () -> store.update(key, expectedModRevision, value));
    }

    @Override
    public StoredObject delete(ObjectKey key, long expectedModRevision) {
        return timed("delete", () -> store.delete(key, expectedModRevision));
    }

    @Override
    public List<Outcome> writeAll(List<Write> writes) {
        return timed("write_all", () -> store.writeAll(writes));
    }

    @Override
    public Watch watch(KeyPrefix prefix, long afterRevision, WatchListener listener) {
        return timed("watch", () -> store.watch(prefix, afterRevision, listener));
    }

    @Override
    public void close() {
        store.close();
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long started = System.nanoTime();
        String outcome = "ok";
        try {
            return call.get();
        } catch (StoreException e) {
            outcome = outcomeOf(e);
            throw e;
        } finally {
            String result = outcome;
            timers.computeIfAbsent(new TimerKey(operation, result), k -> Timer.builder("flotilla_store_operation")
                            .description("Object store operations by kind and outcome")
                            .tags("operation", operation, "outcome", result)
                            .register(registry))
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private static String outcomeOf(StoreException e) {
        if (e instanceof StoreException.Conflict) {
            return "conflict";
        }
        if (e instanceof StoreException.NotFound) {
            return "not_found";
        }
        if (e instanceof StoreException.AlreadyExists) {
            return "exists";
        }
        if (e instanceof StoreException.Compacted) {
            return "compacted";
        }
        return "unavailable";
    }
}
