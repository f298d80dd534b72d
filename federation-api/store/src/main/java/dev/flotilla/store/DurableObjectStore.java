package dev.flotilla.store;

import com.hazelcast.core.HazelcastInstance;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link ObjectStore}: an append-only SQL log (the kine pattern; SQLite for one member, PostgreSQL shared by
 * several) as the durable truth, Hazelcast as the membership and event fan-out, and a local {@link WatchCache}
 * that serves gets, lists and watches.
 *
 * <p>Writes: callers queue operations; one writer thread takes a batch, checks each operation against the
 * committed state (a refused operation fails alone), appends the accepted ones as log rows in one transaction,
 * commits, applies the run of events to this member's cache itself and hands it to Hazelcast for the other
 * members (the run comes back from the ringbuffer and is skipped as already applied). Each caller returns once
 * the commit is durable and the local cache has applied its revision (read-your-writes on this instance); the
 * local cache never waits for a round trip through Hazelcast. {@link #writeAll} queues several operations as
 * one group, so they share one commit.
 *
 * <p>An update or delete with {@code expectedModRevision == 0} is unconditional.
 */
public final class DurableObjectStore implements ObjectStore {

    private static final Logger LOG = Logger.getLogger(DurableObjectStore.class.getName());
    private static final long COMPACTION_CHUNK = 5_000;
    private static final long WRITE_OUTCOME_TIMEOUT_SECONDS = 60;

    private final StoreConfig config;
    private final SqlLog log;
    private final WatchCache cache;
    private final HazelcastFanout fanout;
    private final Leadership leadership;
    private final ExecutorService delivery;
    private final ScheduledExecutorService timer;
    private final Thread writer;

    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final ReentrantReadWriteLock submitLock = new ReentrantReadWriteLock();
    private boolean closed;
    private volatile boolean writerStopping;

    /** The highest revision this member knows to be committed (its own commits, or the log's head it read). */
    private volatile long committedRevision;
    private volatile long compactedRevision;
    /** Up to where compaction has deleted rows (writer thread only). */
    private long compactionProgress;

    /** Batches committed but not yet applied to the local cache, in revision order. */
    private final ArrayDeque<PendingBatch> waiting = new ArrayDeque<>();

    private sealed interface Task permits WriteOp, WriteGroup, CompactStep {
    }

    private enum Kind { CREATE, UPDATE, DELETE }

    private static final class WriteOp implements Task {
        final Kind kind;
        final ObjectKey key;
        final String path;
        final long expected;
        final byte[] value;
        final CompletableFuture<StoredObject> future = new CompletableFuture<>();
        StoredObject result;
        StoreException refusal;

        WriteOp(Kind kind, ObjectKey key, long expected, byte[] value) {
            this.kind = kind;
            this.key = key;
            this.path = key.path();
            this.expected = expected;
            this.value = value;
        }

        void complete() {
            if (refusal != null) {
                future.completeExceptionally(refusal);
            } else {
                future.complete(result);
            }
        }
    }

    /** Writes queued together by {@link #writeAll}: the writer commits them in one transaction. */
    private record WriteGroup(List<WriteOp> ops) implements Task {
    }

    private record CompactStep(long target, long from, CompletableFuture<Long> future) implements Task {
    }

    private record PendingBatch(long revision, List<WriteOp> ops) {
    }

    private DurableObjectStore(StoreConfig config) {
        this.config = config;
        long started = System.nanoTime();
        this.log = config.shared() ? SqlLog.shared(config.sharedLog())
                : SqlLog.embedded(config.dataDir(), config.fsyncEachCommit());
        boolean ready = false;
        HazelcastInstance hazelcast = null;
        this.delivery = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemonThreads("flotilla-store-delivery"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("flotilla-store-timer"));
        try {
            this.cache = new WatchCache(log, config.eventHistorySize(), config.watchQueueCapacity(), delivery,
                    () -> compactedRevision, this::compactedAfterLogRead, this::completeUpTo);

            // Recovery: the latest row of every path that is not a tombstone, at the log's head revision.
            this.compactedRevision = log.compactedRevision();
            this.compactionProgress = log.compactionProgress();
            SqlLog.Snapshot snapshot = log.snapshot();
            List<StoredObject> current = snapshot.objects();
            long revision = snapshot.revision();
            this.committedRevision = revision;
            cache.load(current, revision);

            hazelcast = HazelcastFanout.startMember(config);
            this.fanout = new HazelcastFanout(hazelcast, true, log.storeId(), cache::apply);
            fanout.start();

            this.leadership = config.shared()
                    ? Leadership.advisoryLock(config.sharedLog(), log.storeId(), config.electionInterval())
                    : Leadership.alone();
            this.writer = new Thread(this::writeLoop, "flotilla-store-writer");
            this.writer.start();
            schedule(config.progressInterval(), cache::sendProgress);
            schedule(config.compactionInterval(), this::compactPeriodically);
            if (config.shared()) {
                schedule(config.catchUpInterval(), this::catchUp);
            }
            ready = true;
            LOG.info(() -> String.format("object store open in %s: %d objects at revision %d (compacted %d), %d ms",
                    config.shared() ? config.sharedLog() : config.dataDir(), current.size(), revision, compactedRevision,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
        } finally {
            if (!ready) {
                timer.shutdownNow();
                delivery.shutdownNow();
                if (hazelcast != null) {
                    hazelcast.shutdown();
                }
                log.close();
            }
        }
    }

    /** Opens (or creates) the store in {@code config.dataDir()}, recovering its state from the log. */
    public static DurableObjectStore open(StoreConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config: must not be null");
        }
        return new DurableObjectStore(config);
    }

    public StoreConfig config() {
        return config;
    }

    /** Whether this member runs the controllers; see {@link Leadership}. */
    public Leadership leadership() {
        return leadership;
    }

    private void schedule(Duration interval, Runnable task) {
        if (interval.isZero()) {
            return;
        }
        long millis = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "object store background task failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---------------------------------------------------------------- reads

    @Override
    public long currentRevision() {
        return cache.revision();
    }

    @Override
    public long compactedRevision() {
        return compactedRevision;
    }

    @Override
    public Optional<StoredObject> get(ObjectKey key) {
        Keys.validate(key);
        return cache.get(key.path());
    }

    /** {@inheritDoc} A {@code null} filter matches every object. */
    @Override
    public ListResult list(KeyPrefix prefix, Predicate<StoredObject> filter, String startAfter, int limit,
                           long atRevision) {
        Keys.validate(prefix);
        if (limit < 0) {
            throw new IllegalArgumentException("limit: must not be negative, was " + limit);
        }
        if (atRevision < 0) {
            throw new IllegalArgumentException("atRevision: must not be negative, was " + atRevision);
        }
        Predicate<StoredObject> matching = filter == null ? object -> true : filter;
        String prefixPath = prefix.path();
        if (atRevision == 0 || atRevision == cache.revision()) {
            ListResult current = cache.list(prefixPath, matching, startAfter, limit);
            if (atRevision == 0 || current.revision() == atRevision) {
                return page(current.items(), current.revision(), limit);
            }
        }
        long committed = knownHead(atRevision);
        if (atRevision > committed) {
            throw new IllegalArgumentException("atRevision: " + atRevision + " is newer than the current revision "
                    + committed);
        }
        if (atRevision < compactedRevision) {
            throw new StoreException.Compacted(atRevision, compactedRevision);
        }
        List<StoredObject> items = log.listAt(prefixPath, startAfter, atRevision, limit, matching);
        // Compaction may have started while we read: the rows we saw might already have been thinned.
        long compacted = compactedAfterLogRead();
        if (atRevision < compacted) {
            throw new StoreException.Compacted(atRevision, compacted);
        }
        return page(items, atRevision, limit);
    }

    private static ListResult page(List<StoredObject> items, long revision, int limit) {
        if (limit > 0 && items.size() > limit) {
            List<StoredObject> pageItems = List.copyOf(items.subList(0, limit));
            return new ListResult(pageItems, revision, pageItems.get(limit - 1).key().path());
        }
        return new ListResult(List.copyOf(items), revision, null);
    }

    @Override
    public Watch watch(KeyPrefix prefix, long afterRevision, WatchListener listener) {
        Keys.validate(prefix);
        if (afterRevision < 0) {
            throw new IllegalArgumentException("afterRevision: must not be negative, was " + afterRevision);
        }
        if (listener == null) {
            throw new IllegalArgumentException("listener: must not be null");
        }
        return cache.watch(prefix, afterRevision, listener);
    }

    /** How many watches are open on this member (for metrics). */
    public int openWatches() {
        return cache.openWatches();
    }

    /** How many objects the store holds (for metrics). */
    public int objectCount() {
        return cache.size();
    }

    // ---------------------------------------------------------------- writes

    @Override
    public StoredObject create(ObjectKey key, byte[] value) {
        Keys.validate(key);
        requireValue(value);
        return submit(new WriteOp(Kind.CREATE, key, 0, value.clone()));
    }

    /** {@inheritDoc} An {@code expectedModRevision} of 0 replaces whatever is stored. */
    @Override
    public StoredObject update(ObjectKey key, long expectedModRevision, byte[] value) {
        Keys.validate(key);
        requireValue(value);
        requireRevision(expectedModRevision);
        return submit(new WriteOp(Kind.UPDATE, key, expectedModRevision, value.clone()));
    }

    @Override
    public StoredObject delete(ObjectKey key, long expectedModRevision) {
        Keys.validate(key);
        requireRevision(expectedModRevision);
        return submit(new WriteOp(Kind.DELETE, key, expectedModRevision, null));
    }

    /**
     * {@inheritDoc} The writes are queued as one group, so the writer commits them in a single transaction (one
     * fsync) and the caller waits once; each is still checked on its own, in list order.
     */
    @Override
    public List<Outcome> writeAll(List<Write> writes) {
        if (writes == null) {
            throw new IllegalArgumentException("writes: must not be null");
        }
        if (writes.isEmpty()) {
            return List.of();
        }
        List<WriteOp> ops = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            Write write = writes.get(i);
            if (write == null) {
                throw new IllegalArgumentException("writes[" + i + "]: must not be null");
            }
            Keys.validate(write.key());
            switch (write.kind()) {
                case CREATE -> {
                    requireValue(write.value());
                    ops.add(new WriteOp(Kind.CREATE, write.key(), 0, write.value().clone()));
                }
                case UPDATE -> {
                    requireValue(write.value());
                    requireRevision(write.expectedModRevision());
                    ops.add(new WriteOp(Kind.UPDATE, write.key(), write.expectedModRevision(), write.value().clone()));
                }
                case DELETE -> {
                    requireRevision(write.expectedModRevision());
                    ops.add(new WriteOp(Kind.DELETE, write.key(), write.expectedModRevision(), null));
                }
                default -> throw new IllegalArgumentException("writes[" + i + "].kind: unknown " + write.kind());
            }
        }
        enqueue(new WriteGroup(List.copyOf(ops)));
        List<Outcome> outcomes = new ArrayList<>(ops.size());
        for (WriteOp op : ops) {
            try {
                outcomes.add(Outcome.stored(await(op.future, "write of " + op.path)));
            } catch (StoreException.Unavailable e) {
                throw e;
            } catch (StoreException e) {
                outcomes.add(Outcome.refused(e));
            }
        }
        return outcomes;
    }

    private static void requireValue(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("value: must not be null");
        }
    }

    private static void requireRevision(long expectedModRevision) {
        if (expectedModRevision < 0) {
            throw new IllegalArgumentException("expectedModRevision: must not be negative, was " + expectedModRevision);
        }
    }

    private StoredObject submit(WriteOp op) {
        enqueue(op);
        return await(op.future, "write of " + op.path);
    }

    private void enqueue(Task task) {
        submitLock.readLock().lock();
        try {
            if (closed) {
                throw new StoreException.Unavailable("the object store is closed", null);
            }
            queue.add(task);
        } finally {
            submitLock.readLock().unlock();
        }
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(WRITE_OUTCOME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException storeException) {
                throw storeException;
            }
            throw new StoreException.Unavailable(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException.Unavailable(what + " interrupted; it may or may not have been applied", e);
        } catch (TimeoutException e) {
            throw new StoreException.Unavailable(what + " timed out; it may or may not have been applied", e);
        }
    }

    private void writeLoop() {
        List<Task> batch = new ArrayList<>();
        List<WriteOp> writes = new ArrayList<>();
        while (true) {
            Task first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                if (writerStopping && queue.isEmpty()) {
                    break;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, config.maxBatchSize() - 1);
            for (Task task : batch) {
                if (task instanceof WriteOp op) {
                    writes.add(op);
                } else if (task instanceof WriteGroup group) {
                    writes.addAll(group.ops());
                } else if (task instanceof CompactStep step) {
                    commitWrites(writes);
                    writes.clear();
                    runCompactStep(step);
                }
            }
            commitWrites(writes);
            writes.clear();
            batch.clear();
        }
    }

    /**
     * Checks, appends and commits one group of writes (writer thread). The checks run inside the log's
     * transaction, against the heads the log holds under its revision lock, so they are right even when other
     * members write to the same (shared) log.
     */
    private void commitWrites(List<WriteOp> ops) {
        if (ops.isEmpty()) {
            return;
        }
        List<String> paths = new ArrayList<>(ops.size());
        for (WriteOp op : ops) {
            paths.add(op.path);
        }
        SqlLog.Plan committed;
        try {
            committed = log.append(paths, (head, heads) -> plan(ops, head, heads));
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.SEVERE, "object store commit failed; " + ops.size() + " writes refused", e);
            StoreException.Unavailable failure =
                    new StoreException.Unavailable("the object store could not commit: " + e.getMessage(), e);
            for (WriteOp op : ops) {
                op.result = null;
                op.refusal = failure;
            }
            for (WriteOp op : ops) {
                op.complete();
            }
            return;
        }
        List<WatchEvent> events = committed.events();
        long revision = events.isEmpty() ? committed.checkedAt() : events.get(events.size() - 1).revision();
        committedRevision = Math.max(committedRevision, revision);
        if (!events.isEmpty()) {
            // This member's cache takes the run at once (filling from the log any revisions other members
            // committed before it): a write is acknowledged without waiting for the run to travel through
            // Hazelcast and back. The run returns from the ringbuffer later and is skipped as already applied.
            cache.apply(events);
            fanout.publish(events);
        } else {
            catchUpTo(revision);
        }
        // Refusals too wait for the cache to reach the revision they were checked at, so that a caller who was
        // told "conflict" reads at least the state that caused it.
        synchronized (waiting) {
            waiting.add(new PendingBatch(revision, List.copyOf(ops)));
        }
        completeUpTo(cache.revision());
    }

    /**
     * Decides a group of writes against the heads the log holds: refusals are set on their operations, accepted
     * ones get the next revisions from {@code head} on, in order. Called inside the log's transaction; it may run
     * again if the transaction is retried, so it resets every operation's outcome first.
     */
    private static SqlLog.Plan plan(List<WriteOp> ops, long head, Map<String, StoredObject> committedHeads) {
        Map<String, StoredObject> heads = new HashMap<>(committedHeads);
        long revision = head;
        List<WatchEvent> events = new ArrayList<>(ops.size());
        List<Long> prevRevisions = new ArrayList<>(ops.size());
        for (WriteOp op : ops) {
            op.result = null;
            op.refusal = null;
            StoredObject current = heads.get(op.path);
            StoredObject result;
            WatchEvent.Type type;
            switch (op.kind) {
                case CREATE -> {
                    if (current != null) {
                        op.refusal = new StoreException.AlreadyExists(op.key);
                        continue;
                    }
                    revision++;
                    result = new StoredObject(op.key, revision, revision, op.value);
                    type = WatchEvent.Type.ADDED;
                }
                case UPDATE, DELETE -> {
                    if (current == null) {
                        op.refusal = new StoreException.NotFound(op.key);
                        continue;
                    }
                    if (op.expected != 0 && op.expected != current.modRevision()) {
                        op.refusal = new StoreException.Conflict(op.key, op.expected, current.modRevision());
                        continue;
                    }
                    revision++;
                    boolean delete = op.kind == Kind.DELETE;
                    result = new StoredObject(op.key, current.createRevision(), revision,
                            delete ? current.value() : op.value);
                    type = delete ? WatchEvent.Type.DELETED : WatchEvent.Type.MODIFIED;
                }
                default -> throw new IllegalStateException("unknown write kind " + op.kind);
            }
            if (type == WatchEvent.Type.DELETED) {
                heads.remove(op.path);
            } else {
                heads.put(op.path, result);
            }
            op.result = result;
            events.add(new WatchEvent(type, result));
            prevRevisions.add(current == null ? 0L : current.modRevision());
        }
        return new SqlLog.Plan(events, prevRevisions, head);
    }

    /** Completes the callers whose revisions the local cache has applied. */
    private void completeUpTo(long appliedRevision) {
        List<PendingBatch> done = new ArrayList<>();
        synchronized (waiting) {
            while (!waiting.isEmpty() && waiting.peek().revision() <= appliedRevision) {
                done.add(waiting.poll());
            }
        }
        for (PendingBatch batch : done) {
            for (WriteOp op : batch.ops()) {
                op.complete();
            }
        }
    }

    // ---------------------------------------------------------------- catching up with a shared log

    /**
     * Reads from the log whatever this member's cache has not applied yet, up to the log's head (timer thread, a
     * shared log only). Hazelcast brings other members' commits within milliseconds; this covers a member that
     * died between its commit and its publish, and a run Hazelcast lost, within {@code catchUpInterval}. It also
     * picks up compaction done by another member.
     */
    private void catchUp() {
        long head = log.headRevision();
        committedRevision = Math.max(committedRevision, head);
        catchUpTo(head);
        compactedAfterLogRead();
    }

    /**
     * The compacted revision to check a read from the log against: with a shared log another member may have
     * compacted since this one last looked, so it asks the log.
     */
    private long compactedAfterLogRead() {
        if (config.shared()) {
            long compacted = log.compactedRevision();
            if (compacted > compactedRevision) {
                compactedRevision = compacted;
            }
        }
        return compactedRevision;
    }

    /** Applies the log's events up to {@code revision} to the cache, if it is behind. */
    private void catchUpTo(long revision) {
        long applied = cache.revision();
        if (applied < revision) {
            cache.apply(log.eventsBetween(null, applied, revision));
        }
    }

    /**
     * The newest revision a caller may ask about: what this member knows, or, with a shared log and a revision
     * beyond that (a client that read it from another member), the log's head.
     */
    private long knownHead(long asked) {
        long known = Math.max(committedRevision, cache.revision());
        if (asked > known && config.shared()) {
            known = Math.max(known, log.headRevision());
            committedRevision = Math.max(committedRevision, known);
        }
        return known;
    }

    // ---------------------------------------------------------------- compaction

    /**
     * Compacts the log up to {@code revision}: rows superseded at or before it, and tombstones at or before
     * it, are deleted; watches and paged lists from older revisions get {@link StoreException.Compacted}.
     * Returns the compacted revision (unchanged if it was already at or past {@code revision}).
     */
    public long compact(long revision) {
        if (revision < 0 || revision > committedRevision) {
            throw new IllegalArgumentException("revision: must be between 0 and the current revision "
                    + committedRevision + ", was " + revision);
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        enqueue(new CompactStep(revision, -1, done));
        return await(done, "compaction to revision " + revision);
    }

    /** Compacts to the current revision minus the configured retention; returns the compacted revision. */
    public long compact() {
        long target = Math.max(0, cache.revision() - config.compactionRetention());
        return target > compactedRevision ? compact(target) : compactedRevision;
    }

    private void compactPeriodically() {
        if (config.compactionRetention() > 0) {
            long target = cache.revision() - config.compactionRetention();
            if (target > compactedRevision) {
                enqueue(new CompactStep(target, -1, new CompletableFuture<>()));
            }
        }
    }

    /**
     * One step of a compaction (writer thread). The first step records the new compacted revision before any
     * row goes, so readers refuse old revisions from then on; later steps delete rows a chunk of revisions at a
     * time and requeue themselves, letting writes in between.
     */
    private void runCompactStep(CompactStep step) {
        try {
            long from = step.from();
            if (from < 0) {
                if (step.target() <= compactedRevision) {
                    step.future().complete(compactedRevision);
                    return;
                }
                from = compactionProgress;
                compactedRevision = log.markCompacted(step.target());
            }
            long to = Math.min(step.target(), from + COMPACTION_CHUNK);
            log.compactChunk(from, to);
            compactionProgress = to;
            if (to < step.target()) {
                queue.add(new CompactStep(step.target(), to, step.future()));
            } else {
                step.future().complete(step.target());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "compaction to revision " + step.target() + " failed", e);
            step.future().completeExceptionally(
                    new StoreException.Unavailable("compaction failed: " + e.getMessage(), e));
        }
    }

    /** How many rows the log holds (for tests and metrics). */
    long logRowCount() {
        return log.rowCount();
    }

    HazelcastFanout fanout() {
        return fanout;
    }

    // ---------------------------------------------------------------- close

    /**
     * Stops taking writes, commits what was queued, lets the cache catch up, ends every watch with
     * {@code onClose(Unavailable)} and shuts Hazelcast and SQLite down.
     */
    @Override
    public void close() {
        submitLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            submitLock.writeLock().unlock();
        }
        leadership.close();
        timer.shutdownNow();
        writerStopping = true;
        try {
            writer.join(30_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (cache.revision() < committedRevision && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fanout.close();
        StoreException.Unavailable closing = new StoreException.Unavailable("the object store is closed", null);
        cache.closeAll(closing);
        List<PendingBatch> stranded;
        synchronized (waiting) {
            stranded = new ArrayList<>(waiting);
            waiting.clear();
        }
        // Committed (durable) but not yet seen by the cache: the callers get their real outcome.
        for (PendingBatch batch : stranded) {
            for (WriteOp op : batch.ops()) {
                op.complete();
            }
        }
        for (Task task : queue) {
            if (task instanceof WriteOp op) {
                op.future.completeExceptionally(closing);
            } else if (task instanceof WriteGroup group) {
                group.ops().forEach(op -> op.future.completeExceptionally(closing));
            } else if (task instanceof CompactStep step) {
                step.future().completeExceptionally(closing);
            }
        }
        delivery.shutdown();
        try {
            delivery.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
    }
}
