package dev.flotilla.server.watch;

import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.api.StatusBodies;
import dev.flotilla.server.core.ListOptions;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.store.KeyPrefix;
import dev.flotilla.store.ListResult;
import dev.flotilla.store.ObjectKey;
import dev.flotilla.store.ObjectStore;
import dev.flotilla.store.StoreException;
import dev.flotilla.store.StoredObject;
import dev.flotilla.store.WatchEvent;
import dev.flotilla.store.WatchListener;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Watches with kube-apiserver's semantics: from no resourceVersion (or "0") the current objects first arrive
 * as synthetic ADDED events, then every change; from a given version, every change after it, in order; a
 * version older than the retained history ends the stream with a 410 Expired ERROR event. Bookmarks are sent
 * when asked for, no more often than the configured interval.
 */
public final class WatchService {

    private static final Logger LOG = Logger.getLogger(WatchService.class);

    private final ObjectService objects;
    private final ObjectStore store;
    private final Duration bookmarkInterval;
    private final AtomicInteger open = new AtomicInteger();

    public WatchService(ObjectService objects, Duration bookmarkInterval) {
        this.objects = objects;
        this.store = objects.store();
        this.bookmarkInterval = bookmarkInterval;
    }

    /** How many watches are open now (a metric). */
    public int openWatches() {
        return open.get();
    }

    /**
     * Starts a watch. Validation errors of the request are thrown before anything is written; once it returns,
     * events flow to the sink until either side closes it.
     */
    public void start(ResourceType type, String namespace, ListOptions options, boolean bookmarks,
                      WatchEncoder encoder, WatchSink sink) {
        KeyPrefix prefix = new KeyPrefix(type.group(), type.plural(), type.namespaced() ? namespace : "");
        String version = options.resourceVersion();
        Predicate<StoredObject> filter = ObjectService.objectFilter(options);
        boolean selective = !options.labels().isEmpty() || !options.fields().isEmpty();
        Set<ObjectKey> visible = selective ? new HashSet<>() : null;
        long after;
        try {
            if (version == null || version.isEmpty() || version.equals("0")) {
                ListResult page = store.list(prefix, filter, null, 0, 0);
                for (StoredObject object : page.items()) {
                    sink.send(encoder.event("ADDED", object));
                    if (selective) {
                        visible.add(object.key());
                    }
                }
                after = page.revision();
            } else {
                after = Long.parseLong(version);
                if (selective) {
                    // Which objects matched at the start version decides whether a change is an entry into the
                    // selection (ADDED), a move within it (MODIFIED) or an exit (DELETED).
                    store.list(prefix, filter, null, 0, Math.min(after, store.currentRevision()))
                            .items().forEach(object -> visible.add(object.key()));
                }
            }
        } catch (StoreException.Compacted e) {
            sink.send(encoder.error(StatusBodies.failure(ApiException.gone(
                    "too old resource version: " + version + " (" + e.oldestAvailable() + ")"))));
            sink.close();
            return;
        }
        Listener listener = new Listener(filter, visible, encoder, sink, bookmarks);
        try {
            listener.attach(store.watch(prefix, after, listener));
            sink.onClientClose(listener::stop);
        } catch (StoreException.Compacted e) {
            sink.send(encoder.error(StatusBodies.failure(ApiException.gone(
                    "too old resource version: " + after + " (" + e.oldestAvailable() + ")"))));
            sink.close();
        }
    }

    private final class Listener implements WatchListener {
        private final Predicate<StoredObject> filter;
        private final Set<ObjectKey> visible;
        private final WatchEncoder encoder;
        private final WatchSink sink;
        private final boolean bookmarks;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private ObjectStore.Watch watch;
        private volatile long lastBookmarkNanos = System.nanoTime();

        Listener(Predicate<StoredObject> filter, Set<ObjectKey> visible, WatchEncoder encoder, WatchSink sink,
                 boolean bookmarks) {
            this.filter = filter;
            this.visible = visible;
            this.encoder = encoder;
            this.sink = sink;
            this.bookmarks = bookmarks;
        }

        synchronized void attach(ObjectStore.Watch watch) {
            if (stopped.get()) {
                watch.close();
                return;
            }
            this.watch = watch;
            open.incrementAndGet();
        }

        @Override
        public void onEvent(WatchEvent event) {
            if (stopped.get()) {
                return;
            }
            String type = visible == null ? (filter.test(event.object()) ? event.type().name() : null) : transition(event);
            if (type == null) {
                return;
            }
            if (!sink.send(encoder.event(type, event.object()))) {
                LOG.debugf("watch client too slow at revision %d; closing its stream", event.revision());
                stop();
            }
        }

        /** The event type this watcher sees, given whether the object was and is in its selection. */
        private String transition(WatchEvent event) {
            ObjectKey key = event.object().key();
            boolean was = visible.contains(key);
            boolean is = event.type() != WatchEvent.Type.DELETED && filter.test(event.object());
            if (is) {
                visible.add(key);
                return was ? "MODIFIED" : "ADDED";
            }
            if (was) {
                visible.remove(key);
                return "DELETED";
            }
            return null;
        }

        @Override
        public void onProgress(long revision) {
            if (!bookmarks || stopped.get()) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastBookmarkNanos >= bookmarkInterval.toNanos()) {
                lastBookmarkNanos = now;
                if (!sink.send(encoder.bookmark(revision))) {
                    stop();
                }
            }
        }

        @Override
        public void onClose(Throwable cause) {
            stop();
        }

        synchronized void stop() {
            if (stopped.compareAndSet(false, true)) {
                if (watch != null) {
                    watch.close();
                    open.decrementAndGet();
                }
                sink.close();
            }
        }
    }
}
