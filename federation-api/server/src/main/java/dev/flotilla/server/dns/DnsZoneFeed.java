package dev.flotilla.server.dns;

import dev.flotilla.dns.records.DnsSettings;
import dev.flotilla.dns.replica.RecordSetIndex;
import dev.flotilla.dns.server.DnsServer;
import dev.flotilla.dns.server.ZoneSnapshot;
import dev.flotilla.server.core.Json;
import dev.flotilla.store.KeyPrefix;
import dev.flotilla.store.ObjectStore;
import dev.flotilla.store.StoreException;
import dev.flotilla.store.StoredObject;
import dev.flotilla.store.WatchEvent;
import dev.flotilla.store.WatchListener;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Feeds the DNS server from the DNSRecordSet objects: lists them, watches from the list's revision, and after each
 * change publishes a new {@link ZoneSnapshot}. Rebuilds run on one thread and coalesce (a burst of events makes one
 * rebuild), so queries never wait and the newest state is always published last. The SOA serial is the store
 * revision of the last change seen (mod 2^32), the same on every replica.
 */
public final class DnsZoneFeed implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DnsZoneFeed.class);

    private final ObjectStore store;
    private final KeyPrefix prefix;
    private final DnsSettings settings;
    private final DnsServer server;
    private final RecordSetIndex records = new RecordSetIndex();
    private final AtomicBoolean rebuildQueued = new AtomicBoolean();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dns-zone-feed");
        t.setDaemon(true);
        return t;
    });
    private volatile long revision;
    private volatile boolean closed;
    private ObjectStore.Watch watch;

    public DnsZoneFeed(ObjectStore store, KeyPrefix prefix, DnsSettings settings, DnsServer server) {
        this.store = store;
        this.prefix = prefix;
        this.settings = settings;
        this.server = server;
    }

    /** Lists, publishes the first snapshot and starts watching. */
    public void start() {
        executor.execute(this::relistAndWatch);
    }

    private void relistAndWatch() {
        if (closed) {
            return;
        }
        var page = store.list(prefix, o -> true, null, 0, 0);
        Map<String, com.fasterxml.jackson.databind.JsonNode> objects = new HashMap<>();
        for (StoredObject o : page.items()) {
            objects.put(o.key().path(), Json.parseObject(o.value()));
        }
        records.replaceAll(objects);
        revision = page.revision();
        rebuild();
        try {
            watch = store.watch(prefix, page.revision(), new WatchListener() {
                @Override
                public void onEvent(WatchEvent event) {
                    if (event.type() == WatchEvent.Type.DELETED) {
                        records.remove(event.object().key().path());
                    } else {
                        put(event.object());
                    }
                    revision = Math.max(revision, event.revision());
                    requestRebuild();
                }

                @Override
                public void onClose(Throwable cause) {
                    // Missed events are recovered by relisting the whole (small) set.
                    if (!closed) {
                        executor.schedule(DnsZoneFeed.this::relistAndWatch, 1, TimeUnit.SECONDS);
                    }
                }
            });
        } catch (StoreException.Compacted e) {
            executor.execute(this::relistAndWatch);
        }
    }

    private void put(StoredObject object) {
        try {
            records.put(object.key().path(), Json.parseObject(object.value()));
        } catch (RuntimeException e) {
            LOG.warnf("dns: DNSRecordSet %s unreadable, not served: %s", object.key().path(), e.getMessage());
            records.remove(object.key().path());
        }
    }

    private void requestRebuild() {
        if (rebuildQueued.compareAndSet(false, true) && !closed) {
            executor.execute(() -> {
                rebuildQueued.set(false);
                rebuild();
            });
        }
    }

    private void rebuild() {
        long serial = Math.max(1, revision & 0xFFFF_FFFFL);
        ZoneSnapshot snapshot = records.snapshot(settings, serial);
        server.update(snapshot);
        if (!snapshot.problems().isEmpty()) {
            LOG.debugf("dns: zone %s serial %d: %s", settings.domain(), serial, snapshot.problems());
        }
    }

    @Override
    public void close() {
        closed = true;
        if (watch != null) {
            watch.close();
        }
        executor.shutdownNow();
    }
}
