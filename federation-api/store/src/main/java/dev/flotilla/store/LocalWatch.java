package dev.flotilla.store;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open watch on one member: a bounded queue of events (and progress marks) drained by a shared executor,
 * one drain at a time, so the listener is called from one thread at a time and in order. When the queue is
 * full the watch ends with {@link WatchOverflowException} instead of growing without bound.
 */
final class LocalWatch implements ObjectStore.Watch {

    private static final Logger LOG = Logger.getLogger(LocalWatch.class.getName());

    private record Progress(long revision) {
    }

    private record Closing(Throwable cause) {
    }

    private final WatchCache cache;
    private final KeyPrefix prefix;
    private final String prefixPath;
    private final long afterRevision;
    private final WatchListener listener;
    private final int capacity;
    private final Executor delivery;

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Set once delivery must stop: closed by the client, or terminated by the store. */
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile long lastQueuedRevision;

    LocalWatch(WatchCache cache, KeyPrefix prefix, long afterRevision, WatchListener listener, int capacity,
               Executor delivery) {
        this.cache = cache;
        this.prefix = prefix;
        this.prefixPath = prefix.path();
        this.afterRevision = afterRevision;
        this.listener = listener;
        this.capacity = capacity;
        this.delivery = delivery;
        this.lastQueuedRevision = afterRevision;
    }

    KeyPrefix prefix() {
        return prefix;
    }

    /** Queues an event if it is under the prefix and after the start revision. Called in revision order. */
    void offerIfMatches(WatchEvent event) {
        if (stopped.get() || event.revision() <= lastQueuedRevision
                || !event.object().key().path().startsWith(prefixPath)) {
            return;
        }
        if (queuedEvents.incrementAndGet() > capacity) {
            terminate(new WatchOverflowException(capacity, lastQueuedRevision));
            return;
        }
        lastQueuedRevision = event.revision();
        queue.add(event);
        schedule();
    }

    /** Queues a progress mark, unless events are still waiting (they carry revisions of their own). */
    void offerProgress(long revision) {
        if (stopped.get() || revision < lastQueuedRevision || revision < afterRevision || !queue.isEmpty()) {
            return;
        }
        queue.add(new Progress(revision));
        schedule();
    }

    /** Ends the watch from the store's side: the listener gets {@code onClose(cause)} after what it has seen. */
    void terminate(Throwable cause) {
        if (stopped.compareAndSet(false, true)) {
            cache.unregister(this);
            queue.add(new Closing(cause));
            schedule();
        }
    }

    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            cache.unregister(this);
            queue.clear();
        }
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            try {
                delivery.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
            }
        }
    }

    private void drain() {
        while (true) {
            Object item;
            while ((item = queue.poll()) != null) {
                if (item instanceof WatchEvent event) {
                    queuedEvents.decrementAndGet();
                    if (!stopped.get()) {
                        deliver(() -> listener.onEvent(event));
                    }
                } else if (item instanceof Progress progress) {
                    if (!stopped.get()) {
                        deliver(() -> listener.onProgress(progress.revision()));
                    }
                } else if (item instanceof Closing closing) {
                    queue.clear();
                    try {
                        listener.onClose(closing.cause());
                    } catch (RuntimeException e) {
                        LOG.log(Level.FINE, "watch listener failed in onClose", e);
                    }
                }
            }
            draining.set(false);
            // An item may have arrived after the last poll but before the flag was cleared.
            if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void deliver(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            // A listener that throws cannot be trusted with the next event: end the watch and say why.
            terminate(e);
        }
    }
}
