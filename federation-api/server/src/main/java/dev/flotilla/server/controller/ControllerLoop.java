package dev.flotilla.server.controller;

import dev.flotilla.store.KeyPrefix;
import dev.flotilla.store.ObjectStore;
import dev.flotilla.store.StoreException;
import dev.flotilla.store.StoredObject;
import dev.flotilla.store.WatchEvent;
import dev.flotilla.store.WatchListener;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.flotilla.store.ObjectKey;

/**
 * Runs one {@link Reconciler}: watches the prefixes it cares about, queues the keys of changed objects (each key
 * at most once, however many events arrive), and reconciles them on its own workers, never one key on two
 * workers at once. Failures are
 * retried with exponential backoff; a requeue waits without blocking the worker. On start every existing object
 * is queued once, so state that changed while the controller was down is reconciled too.
 */
public final class ControllerLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ControllerLoop.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String name;
    private final ObjectStore store;
    private final Reconciler reconciler;
    private final List<KeyPrefix> prefixes;
    private final KeyMapper mapper;
    private final ScheduledExecutorService executor;
    /** How long a newly queued key waits before a worker takes it (zero: at once). */
    private final Duration coalescing;
    private final Set<ObjectKey> queued = new LinkedHashSet<>();
    /** Keys a worker is reconciling now, and those of them changed meanwhile (guarded by {@code queued}). */
    private final Set<ObjectKey> processing = new java.util.HashSet<>();
    private final Set<ObjectKey> dirty = new java.util.HashSet<>();
    private final java.util.Map<ObjectKey, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<ObjectStore.Watch> watches = new java.util.ArrayList<>();
    private boolean running;
    private volatile boolean closed;

    /** Maps a changed object to the keys to reconcile (by default, its own key). */
    @FunctionalInterface
    public interface KeyMapper {
        List<ObjectKey> keysFor(StoredObject changed);

        /**
         * The keys for one event; objects listed at start arrive as ADDED. Override to tell a deletion (whose
         * object is the last stored state) from a change.
         */
        default List<ObjectKey> keysFor(WatchEvent.Type type, StoredObject changed) {
            return keysFor(changed);
        }
    }

    public ControllerLoop(String name, ObjectStore store, List<KeyPrefix> prefixes, KeyMapper mapper,
                          Reconciler reconciler) {
        this(name, store, prefixes, mapper, reconciler, 1);
    }

    /**
     * @param workers how many keys may be reconciled at once; never two workers on one key. Writes of parallel
     *                reconciles share the store's group commits, which is where a busy loop gains.
     */
    public ControllerLoop(String name, ObjectStore store, List<KeyPrefix> prefixes, KeyMapper mapper,
                          Reconciler reconciler, int workers) {
        this(name, store, prefixes, mapper, reconciler, workers, Duration.ZERO);
    }

    /**
     * @param coalescing how long a newly queued key waits before it is reconciled: the changes that arrive
     *                   meanwhile (a burst of events for one key) are looked at in one reconcile instead of one
     *                   each. Zero: at once.
     */
    public ControllerLoop(String name, ObjectStore store, List<KeyPrefix> prefixes, KeyMapper mapper,
                          Reconciler reconciler, int workers, Duration coalescing) {
        if (coalescing == null || coalescing.isNegative()) {
            throw new IllegalArgumentException("coalescing: must be zero or positive, was " + coalescing);
        }
        this.coalescing = coalescing;
        this.name = name;
        this.store = store;
        this.prefixes = List.copyOf(prefixes);
        this.mapper = mapper;
        this.reconciler = reconciler;
        java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(workers, r -> {
            Thread thread = new Thread(r, "controller-" + name + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Lists what exists, queues it, and watches for changes from the list's revision on. */
    public void start() {
        for (KeyPrefix prefix : prefixes) {
            startWatch(prefix);
        }
    }

    private void startWatch(KeyPrefix prefix) {
        if (closed) {
            return;
        }
        var page = store.list(prefix, o -> true, null, 0, 0);
        page.items().forEach(object -> enqueueFor(WatchEvent.Type.ADDED, object));
        try {
            ObjectStore.Watch watch = store.watch(prefix, page.revision(), new WatchListener() {
                @Override
                public void onEvent(WatchEvent event) {
                    enqueueFor(event.type(), event.object());
                }

                @Override
                public void onClose(Throwable cause) {
                    // Missed events are recovered by relisting: level-triggered reconciles make that safe.
                    executor.schedule(() -> startWatch(prefix), 1, TimeUnit.SECONDS);
                }
            });
            synchronized (watches) {
                watches.add(watch);
            }
        } catch (StoreException.Compacted e) {
            executor.execute(() -> startWatch(prefix));
        }
    }

    private void enqueueFor(WatchEvent.Type type, StoredObject object) {
        for (ObjectKey key : mapper.keysFor(type, object)) {
            enqueue(key);
        }
    }

    /** Queues a key; a key already waiting is not queued twice. */
    public void enqueue(ObjectKey key) {
        synchronized (queued) {
            if (closed) {
                return;
            }
            if (processing.contains(key)) {
                // Being reconciled now: look again once that finishes, never in parallel with it.
                dirty.add(key);
                return;
            }
            if (!queued.add(key)) {
                return;
            }
        }
        // One drain per queued key, each taking the oldest key: with a delay, every key waits about that long.
        if (coalescing.isZero()) {
            executor.execute(this::drainOne);
        } else {
            executor.schedule(this::drainOne, coalescing.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void drainOne() {
        ObjectKey key;
        synchronized (queued) {
            if (queued.isEmpty()) {
                return;
            }
            key = queued.iterator().next();
            queued.remove(key);
            processing.add(key);
        }
        try {
            reconcileOne(key);
        } finally {
            boolean again;
            synchronized (queued) {
                processing.remove(key);
                again = dirty.remove(key);
            }
            if (again) {
                enqueue(key);
            }
        }
    }

    private void reconcileOne(ObjectKey key) {
        try {
            Reconciler.Result result = reconciler.reconcile(key);
            failures.remove(key);
            if (result.requeueAfter() != null) {
                executor.schedule(() -> enqueue(key), result.requeueAfter().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            int attempt = failures.merge(key, 1, Integer::sum);
            long delay = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(attempt, 12));
            LOG.warnf("%s: reconciling %s failed (attempt %d), retrying in %d ms: %s", name, key.path(), attempt,
                    delay, e.toString());
            executor.schedule(() -> enqueue(key), delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (watches) {
            watches.forEach(ObjectStore.Watch::close);
            watches.clear();
        }
        executor.shutdownNow();
    }
}
