package dev.flotilla.simulator;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A deduplicating work queue drained by exactly one thread, in the manner of controller-runtime's: a key waiting
 * in the queue is queued once however many events name it, one key is reconciled at a time, and later work is
 * scheduled (never slept for). A failing key is retried with exponential backoff; the worker never dies.
 */
final class WorkQueue implements AutoCloseable {

    /** Reconciles one key; returns when to look at it again, or {@code null} when only events should bring it back. */
    @FunctionalInterface
    interface Reconciler {
        Duration reconcile(ObjectKey key);
    }

    private static final System.Logger LOG = System.getLogger(WorkQueue.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(10);

    private final ScheduledExecutorService worker;
    private final Reconciler reconciler;
    private final Set<ObjectKey> waiting = ConcurrentHashMap.newKeySet();
    private final Map<ObjectKey, Integer> failures = new ConcurrentHashMap<>();
    private volatile boolean closed;

    WorkQueue(String threadName, Reconciler reconciler) {
        this.reconciler = reconciler;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues {@code key} unless it is already waiting. Safe from any thread. */
    void add(ObjectKey key) {
        if (closed || !waiting.add(key)) {
            return;
        }
        try {
            worker.execute(() -> process(key));
        } catch (RejectedExecutionException stopped) {
            waiting.remove(key);
        }
    }

    /** Queues {@code key} after {@code delay}. */
    void addAfter(ObjectKey key, Duration delay) {
        if (closed) {
            return;
        }
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        try {
            worker.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // closing: nothing left to do
        }
    }

    /** Runs {@code task} on the worker thread (serialised with reconciles) every {@code period}. */
    void every(Duration period, Runnable task) {
        worker.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "periodic task failed: " + e, e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void process(ObjectKey key) {
        waiting.remove(key);
        if (closed) {
            return;
        }
        try {
            Duration again = reconciler.reconcile(key);
            failures.remove(key);
            if (again != null) {
                addAfter(key, again);
            }
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            int attempt = failures.merge(key, 1, Integer::sum);
            Duration retry = backoff(attempt);
            // 409 (someone wrote first) and 404 (deleted meanwhile) are routine: the retry sees the new state.
            boolean routine = e instanceof KubernetesClientException k && (k.getCode() == 409 || k.getCode() == 404);
            LOG.log(routine ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                    () -> "reconciling " + key + " failed (attempt " + attempt + "), retrying in " + retry.toMillis()
                            + " ms: " + e.getMessage());
            addAfter(key, retry);
        }
    }

    static Duration backoff(int attempt) {
        long millis = FIRST_RETRY.toMillis() << Math.min(attempt - 1, 10);
        return Duration.ofMillis(Math.min(millis, LAST_RETRY.toMillis()));
    }

    @Override
    public void close() {
        closed = true;
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
