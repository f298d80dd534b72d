package dev.flotilla.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * One member's in-memory view of the store: the current objects in path order, a bounded history of recent
 * events, and the open watches. It is fed committed events in revision order (from the Hazelcast ringbuffer, or
 * from the SQL log to fill a gap) and is what gets, lists and watches read.
 *
 * <p>Consistency: applying a run of events (objects, history, dispatch to watches, revision) happens under the
 * write lock; lists and watch registrations hold the read lock, so a list sees exactly the state at the revision
 * it reports, and a new watch is registered at one precise revision: events up to it come from the history (or
 * the log), events after it from dispatch, with no gap and no duplicate.
 */
final class WatchCache {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ConcurrentSkipListMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();
    private final WatchEvent[] history;
    private int historyStart;
    private int historyCount;
    private volatile long revision;

    /** Watches indexed by the resource path ({@code /group/resource/}) they cover. */
    private final Map<String, Set<LocalWatch>> watches = new ConcurrentHashMap<>();
    private final Object applyMonitor = new Object();

    private final SqlLog log;
    private final LongSupplier compactedRevision;
    /** The compacted revision as the log has it, asked after a read from the log (may cost a query). */
    private final LongSupplier compactedRevisionAfterLogRead;
    private final LongConsumer onApplied;
    private final ExecutorService delivery;
    private final int watchQueueCapacity;
    private volatile boolean closed;

    WatchCache(SqlLog log, int historySize, int watchQueueCapacity, ExecutorService delivery,
               LongSupplier compactedRevision, LongSupplier compactedRevisionAfterLogRead, LongConsumer onApplied) {
        this.log = log;
        this.history = new WatchEvent[historySize];
        this.watchQueueCapacity = watchQueueCapacity;
        this.delivery = delivery;
        this.compactedRevision = compactedRevision;
        this.compactedRevisionAfterLogRead = compactedRevisionAfterLogRead;
        this.onApplied = onApplied;
    }

    /** Startup: the current state recovered from the log, at the log's revision. */
    void load(Collection<StoredObject> current, long atRevision) {
        lock.writeLock().lock();
        try {
            for (StoredObject object : current) {
                objects.put(object.key().path(), object);
            }
            revision = atRevision;
        } finally {
            lock.writeLock().unlock();
        }
    }

    long revision() {
        return revision;
    }

    int size() {
        return objects.size();
    }

    Optional<StoredObject> get(String path) {
        return Optional.ofNullable(objects.get(path));
    }

    /**
     * Applies committed events, in revision order. Events at or below the current revision are skipped (the same
     * run may arrive twice, e.g. from Hazelcast and from the direct fallback); a gap before any new event is
     * filled from the SQL log, which holds every committed revision.
     */
    void apply(List<WatchEvent> events) {
        synchronized (applyMonitor) {
            long current = revision;
            List<WatchEvent> run = new ArrayList<>(events.size());
            for (WatchEvent event : events) {
                if (event.revision() <= current) {
                    continue;
                }
                if (event.revision() > current + 1) {
                    // A gap, before the run or inside it: with a shared log, one member's runs interleave with
                    // other members' commits. Everything below a committed revision is committed: read it.
                    applyLocked(run);
                    run.clear();
                    applyLocked(log.eventsBetween(null, current, event.revision() - 1));
                }
                run.add(event);
                current = event.revision();
            }
            if (run.isEmpty() && current == revision) {
                return;
            }
            applyLocked(run);
        }
        onApplied.accept(revision);
    }

    private void applyLocked(List<WatchEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        lock.writeLock().lock();
        try {
            for (WatchEvent event : events) {
                StoredObject object = event.object();
                String path = object.key().path();
                if (event.type() == WatchEvent.Type.DELETED) {
                    objects.remove(path);
                } else {
                    objects.put(path, object);
                }
                appendHistory(event);
                Set<LocalWatch> interested = watches.get(Keys.resourcePath(object.key().group(), object.key().resource()));
                if (interested != null) {
                    for (LocalWatch watch : interested) {
                        watch.offerIfMatches(event);
                    }
                }
            }
            revision = events.get(events.size() - 1).revision();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void appendHistory(WatchEvent event) {
        if (historyCount < history.length) {
            history[(historyStart + historyCount) % history.length] = event;
            historyCount++;
        } else {
            history[historyStart] = event;
            historyStart = (historyStart + 1) % history.length;
        }
    }

    /** The oldest revision in the history, or revision + 1 when it is empty. Under the lock. */
    private long oldestHistoryRevision() {
        return historyCount == 0 ? revision + 1 : history[historyStart].revision();
    }

    /** The page of a list at the current revision; {@code limit + 1} items at most, so the caller sees more. */
    ListResult list(String prefixPath, Predicate<StoredObject> filter, String startAfter, int limit) {
        lock.readLock().lock();
        try {
            String upper = Keys.upperBound(prefixPath);
            Map<String, StoredObject> range = startAfter != null && startAfter.compareTo(prefixPath) >= 0
                    ? (startAfter.compareTo(upper) >= 0 ? Map.of() : objects.subMap(startAfter, false, upper, false))
                    : objects.subMap(prefixPath, true, upper, false);
            List<StoredObject> items = new ArrayList<>();
            for (StoredObject object : range.values()) {
                if (filter.test(object)) {
                    items.add(object);
                    if (limit > 0 && items.size() > limit) {
                        break;
                    }
                }
            }
            return new ListResult(items, revision, null);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Opens a watch; see {@link ObjectStore#watch}. */
    LocalWatch watch(KeyPrefix prefix, long afterRevision, WatchListener listener) {
        LocalWatch watch = new LocalWatch(this, prefix, afterRevision, listener, watchQueueCapacity, delivery);
        long from = afterRevision;
        while (true) {
            long upTo;
            lock.readLock().lock();
            try {
                if (closed) {
                    throw new StoreException.Unavailable("the object store is closed", null);
                }
                long compacted = compactedRevision.getAsLong();
                if (afterRevision < compacted) {
                    throw new StoreException.Compacted(afterRevision, compacted);
                }
                if (from >= revision || from >= oldestHistoryRevision() - 1) {
                    for (int i = 0; i < historyCount; i++) {
                        WatchEvent event = history[(historyStart + i) % history.length];
                        if (event.revision() > from) {
                            watch.offerIfMatches(event);
                        }
                    }
                    watches.computeIfAbsent(Keys.resourcePath(prefix.group(), prefix.resource()),
                            k -> ConcurrentHashMap.newKeySet()).add(watch);
                    return watch;
                }
                upTo = revision;
            } finally {
                lock.readLock().unlock();
            }
            // Older than the memory history but not compacted: replay from the log outside the lock, then come
            // back for the (short) rest from the history.
            List<WatchEvent> fromLog = log.eventsBetween(prefix.path(), from, upTo);
            long compacted = compactedRevisionAfterLogRead.getAsLong();
            if (afterRevision < compacted) {
                throw new StoreException.Compacted(afterRevision, compacted);
            }
            for (WatchEvent event : fromLog) {
                watch.offerIfMatches(event);
            }
            from = upTo;
        }
    }

    void unregister(LocalWatch watch) {
        Set<LocalWatch> set = watches.get(Keys.resourcePath(watch.prefix().group(), watch.prefix().resource()));
        if (set != null) {
            set.remove(watch);
        }
    }

    /** Sends progress to every open watch, at a revision all of whose events are already queued to it. */
    void sendProgress() {
        lock.readLock().lock();
        try {
            long current = revision;
            for (Set<LocalWatch> set : watches.values()) {
                for (LocalWatch watch : set) {
                    watch.offerProgress(current);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    int openWatches() {
        int count = 0;
        for (Set<LocalWatch> set : watches.values()) {
            count += set.size();
        }
        return count;
    }

    /** Closes every watch from the store's side. */
    void closeAll(Throwable cause) {
        lock.writeLock().lock();
        try {
            closed = true;
            for (Set<LocalWatch> set : watches.values()) {
                for (LocalWatch watch : set) {
                    watch.terminate(cause);
                }
            }
            watches.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
