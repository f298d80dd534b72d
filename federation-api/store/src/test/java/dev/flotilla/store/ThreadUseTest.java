package dev.flotilla.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes must not start threads: a thread per write once made the acknowledgement path slow under load. */
class ThreadUseTest {

    @TempDir
    Path dir;

    @Test
    void writesReuseTheStoresThreads() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (DurableObjectStore store = StoreFixtures.open(dir)) {
            ExecutorService writers = Executors.newFixedThreadPool(8);
            try {
                // Warm up: let the store and Hazelcast start the threads they keep.
                writeMany(store, writers, "warm", 200);
                long before = threads.getTotalStartedThreadCount();
                writeMany(store, writers, "measured", 2000);
                long started = threads.getTotalStartedThreadCount() - before;
                assertThat(started).as("threads started during 2,000 writes").isLessThan(50);
            } finally {
                writers.shutdownNow();
            }
        }
    }

    private static void writeMany(DurableObjectStore store, ExecutorService writers, String prefix, int count)
            throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectKey key = new ObjectKey("", "configmaps", "default", prefix + "-" + i);
            futures.add(writers.submit(() -> store.create(key, "{\"data\":{}}".getBytes(StandardCharsets.UTF_8))));
        }
        for (Future<?> future : futures) {
            future.get();
        }
    }
}
