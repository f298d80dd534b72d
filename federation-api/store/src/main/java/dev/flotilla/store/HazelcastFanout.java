package dev.flotilla.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hazelcast's part of the store: the current objects in an {@code IMap} keyed by path, and the event fan-out
 * through a {@code Ringbuffer} of committed event runs that every member's {@link WatchCache} consumes in
 * sequence order.
 *
 * <p>One publisher thread takes committed runs from the writer in commit order, writes the final state of each
 * touched path into the map, then appends the run to the ringbuffer (so the map is never behind the events).
 * One consumer thread per member reads the ringbuffer and applies the runs to the local cache. If Hazelcast
 * fails to take a run, the publisher applies it to the local cache directly, so a local write never waits on a
 * broken fan-out; a consumer that falls off the ringbuffer's tail skips ahead and the cache fills the gap from
 * the SQL log.
 */
final class HazelcastFanout implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HazelcastFanout.class.getName());
    /** Held strongly so the quiet level set on it is not lost when the logger is collected. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
    /** Warns "No join method is enabled" on every standalone start, which is exactly what standalone means. */
    private static final Logger HAZELCAST_NODE_LOG = Logger.getLogger("com.hazelcast.instance.impl.Node");
    private static final int MAX_EVENTS_PER_ITEM = 4096;
    static final int RINGBUFFER_CAPACITY = 10_000;

    private final HazelcastInstance hazelcast;
    private final boolean ownsInstance;
    private final Ringbuffer<byte[]> events;
    private final IMap<String, byte[]> objects;
    private final Consumer<List<WatchEvent>> localSink;
    private final BlockingQueue<List<WatchEvent>> toPublish = new LinkedBlockingQueue<>();
    private final Thread publisher;
    private final Thread consumer;
    private volatile boolean running = true;

    HazelcastFanout(HazelcastInstance hazelcast, boolean ownsInstance, String storeId,
                    Consumer<List<WatchEvent>> localSink) {
        this.hazelcast = hazelcast;
        this.ownsInstance = ownsInstance;
        this.events = hazelcast.getRingbuffer("flotilla-events-" + storeId);
        this.objects = hazelcast.getMap("flotilla-objects-" + storeId);
        this.localSink = localSink;
        this.publisher = new Thread(this::publishLoop, "flotilla-store-publisher");
        this.publisher.setDaemon(true);
        this.consumer = new Thread(this::consumeLoop, "flotilla-store-watch-cache");
        this.consumer.setDaemon(true);
    }

    /** Starts the threads; the consumer begins after the ringbuffer's current tail (state before it is loaded). */
    void start() {
        long startSequence = events.tailSequence() + 1;
        consumerSequence = startSequence;
        publisher.start();
        consumer.start();
    }

    private volatile long consumerSequence;

    /** Starts an embedded Hazelcast member configured for the store. */
    /** Shared by every store in the JVM; daemon threads, so it never keeps a process alive. */
    private static final java.util.concurrent.Executor ASYNC_COMPLETIONS = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "flotilla-hazelcast-async");
        thread.setDaemon(true);
        return thread;
    });

    static HazelcastInstance startMember(StoreConfig config) {
        if (ForkJoinPool.getCommonPoolParallelism() < 2) {
            // Hazelcast completes its futures on the common pool, or, when that has fewer than two threads (as on
            // a 2-core machine), on a new thread per completion: thousands a second under write load. The launcher
            // sets java.util.concurrent.ForkJoinPool.common.parallelism; this covers embedders that do not.
            ConcurrencyUtil.setDefaultAsyncExecutor(ASYNC_COMPLETIONS);
        }
        if (HAZELCAST_LOG.getLevel() == null) {
            HAZELCAST_LOG.setLevel(Level.WARNING);
        }
        if (config.standalone() && HAZELCAST_NODE_LOG.getLevel() == null) {
            HAZELCAST_NODE_LOG.setLevel(Level.SEVERE);
        }
        Config hz = new Config();
        hz.setClusterName(config.clusterName());
        hz.setInstanceName("flotilla-store-" + Long.toHexString(System.nanoTime()));
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.logging.type", "jdk");
        hz.setProperty("hazelcast.shutdownhook.enabled", "false");
        boolean anyInterface = "0.0.0.0".equals(config.bindAddress());
        if (!anyInterface) {
            hz.setProperty("hazelcast.socket.bind.any", "false");
            hz.setProperty("hazelcast.local.localAddress", config.bindAddress());
        }
        hz.setProperty("hazelcast.health.monitoring.level", "OFF");
        hz.getJetConfig().setEnabled(false);

        NetworkConfig network = hz.getNetworkConfig();
        if (!anyInterface) {
            network.getInterfaces().setEnabled(true).addInterface(config.bindAddress());
        }
        if (config.hazelcastPort() == 0) {
            network.setPort(freePort(config.bindAddress()));
            network.setPortAutoIncrement(true).setPortCount(20);
        } else {
            network.setPort(config.hazelcastPort()).setPortAutoIncrement(false);
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(!config.members().isEmpty()).setMembers(new ArrayList<>(config.members()))
                .setConnectionTimeoutSeconds(2);
        if (!config.discoveryDns().isEmpty()) {
            // Hazelcast's Kubernetes discovery in DNS-lookup mode: the addresses of a headless Service's pods.
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-dns", config.discoveryDns())
                    .setProperty("service-port", Integer.toString(config.hazelcastPort()));
        }
        if (!config.standalone()) {
            // Members start one after another: the first must not wait long for peers that are not up yet.
            hz.setProperty("hazelcast.wait.seconds.before.join", "1");
            hz.setProperty("hazelcast.max.join.seconds", "10");
        }

        int backups = config.standalone() ? 0 : 1;
        hz.addRingBufferConfig(new RingbufferConfig("flotilla-events-*")
                .setCapacity(RINGBUFFER_CAPACITY)
                .setBackupCount(backups)
                .setInMemoryFormat(InMemoryFormat.BINARY));
        hz.addMapConfig(new MapConfig("flotilla-objects-*")
                .setBackupCount(backups)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setStatisticsEnabled(false));
        return Hazelcast.newHazelcastInstance(hz);
    }

    private static int freePort(String bindAddress) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StoreException.Unavailable("cannot find a free port on " + bindAddress + " for Hazelcast", e);
        }
    }

    /** Hands a committed run to the publisher (writer thread, in commit order). */
    void publish(List<WatchEvent> committed) {
        toPublish.add(committed);
    }

    /** The object map, for tests and tools: path to {@link #decodeObject} bytes. */
    IMap<String, byte[]> objectMap() {
        return objects;
    }

    private void publishLoop() {
        List<List<WatchEvent>> runs = new ArrayList<>();
        while (running || !toPublish.isEmpty()) {
            try {
                List<WatchEvent> first = toPublish.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                runs.add(first);
                toPublish.drainTo(runs);
                List<WatchEvent> merged = new ArrayList<>();
                for (List<WatchEvent> run : runs) {
                    merged.addAll(run);
                }
                runs.clear();
                publishRun(merged);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void publishRun(List<WatchEvent> merged) {
        try {
            Map<String, byte[]> puts = new HashMap<>();
            Map<String, Boolean> finalDeleted = new LinkedHashMap<>();
            for (WatchEvent event : merged) {
                String path = event.object().key().path();
                if (event.type() == WatchEvent.Type.DELETED) {
                    puts.remove(path);
                    finalDeleted.put(path, Boolean.TRUE);
                } else {
                    puts.put(path, encodeObject(event.object()));
                    finalDeleted.remove(path);
                }
            }
            // Synchronous calls on this publisher thread: converting Hazelcast's async results to
            // CompletableFutures completed them on CompletableFuture's default pool, which on a 2-core machine
            // starts a new thread per task (thousands a second under write load).
            if (!puts.isEmpty()) {
                objects.setAll(puts);
            }
            for (String path : finalDeleted.keySet()) {
                objects.delete(path);
            }
            List<byte[]> items = new ArrayList<>();
            for (int from = 0; from < merged.size(); from += MAX_EVENTS_PER_ITEM) {
                items.add(EventBatchCodec.encode(merged.subList(from, Math.min(merged.size(), from + MAX_EVENTS_PER_ITEM))));
            }
            waitFor(events.addAllAsync(items, OverflowPolicy.OVERWRITE));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            localSink.accept(merged);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.log(Level.WARNING, "Hazelcast did not take events " + merged.get(0).revision() + ".."
                    + merged.get(merged.size() - 1).revision() + "; applying them locally", e);
            localSink.accept(merged);
        }
    }

    private void consumeLoop() {
        Future<ReadResultSet<byte[]>> pending = null;
        while (running) {
            try {
                if (pending == null) {
                    pending = asFuture(events.readManyAsync(consumerSequence, 1, 64, null));
                }
                ReadResultSet<byte[]> result = pending.get(200, TimeUnit.MILLISECONDS);
                pending = null;
                for (byte[] item : result) {
                    localSink.accept(EventBatchCodec.decode(item));
                }
                consumerSequence = result.getNextSequenceToReadFrom();
            } catch (TimeoutException e) {
                // keep waiting on the same read; the loop re-checks whether to stop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | RuntimeException e) {
                pending = null;
                if (!running) {
                    return;
                }
                if (e.getCause() instanceof StaleSequenceException) {
                    // Fell off the tail: skip ahead; the cache sees the gap and reads it from the SQL log.
                    consumerSequence = events.headSequence();
                } else {
                    LOG.log(Level.WARNING, "reading the event ringbuffer failed; retrying", e);
                    sleepQuietly();
                }
            }
        }
    }

    /**
     * Hazelcast's async results are futures already; {@code toCompletableFuture()} would copy them into a
     * CompletableFuture completed on the JDK's default async pool, which on 2 cores starts a thread per task.
     */
    @SuppressWarnings("unchecked")
    private static <T> Future<T> asFuture(java.util.concurrent.CompletionStage<T> stage) {
        return stage instanceof Future<?> future ? (Future<T>) future : stage.toCompletableFuture();
    }

    private static <T> T waitFor(java.util.concurrent.CompletionStage<T> stage)
            throws InterruptedException, ExecutionException, TimeoutException {
        return asFuture(stage).get(30, TimeUnit.SECONDS);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] encodeObject(StoredObject object) {
        return ByteBuffer.allocate(16 + object.value().length)
                .putLong(object.createRevision())
                .putLong(object.modRevision())
                .put(object.value())
                .array();
    }

    static StoredObject decodeObject(String path, byte[] encoded) {
        ByteBuffer buffer = ByteBuffer.wrap(encoded);
        long createRevision = buffer.getLong();
        long modRevision = buffer.getLong();
        byte[] value = new byte[buffer.remaining()];
        buffer.get(value);
        return new StoredObject(Keys.parse(path), createRevision, modRevision, value);
    }

    /** Stops after publishing what the writer handed over; the consumer stops at once. */
    @Override
    public void close() {
        running = false;
        joinQuietly(publisher);
        joinQuietly(consumer);
        if (ownsInstance) {
            hazelcast.shutdown();
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
