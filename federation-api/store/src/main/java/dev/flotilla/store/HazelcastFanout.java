package dev.flotilla.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
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
 * Hazelcast's part of the store: the membership of the control plane and the event fan-out through a
 * {@code Ringbuffer} of committed event runs that every member's {@link WatchCache} consumes in sequence order.
 * (Objects are not mirrored in an {@code IMap}: every member reads its own cache, and a map nobody read cost a
 * third of a member's write throughput in backups; docs/benchmarks.md, "High availability".)
 *
 * <p>One publisher thread takes committed runs from the writer in commit order and appends them to the
 * ringbuffer. One consumer thread per member reads the ringbuffer and applies the runs to the local cache. If Hazelcast
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
                // Members publish their own commits, so runs can reach the ringbuffer a little out of revision
                // order. Sorting what one read brought puts most of them back in order here, instead of the cache
                // reading the "missing" revisions from the log only to skip them when they arrive.
                List<WatchEvent> events = new ArrayList<>();
                for (byte[] item : result) {
                    events.addAll(EventBatchCodec.decode(item));
                }
                events.sort(java.util.Comparator.comparingLong(WatchEvent::revision));
                localSink.accept(events);
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
