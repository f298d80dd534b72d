package dev.flotilla.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** Shared helpers for the store tests. */
final class StoreFixtures {

    private StoreFixtures() {
    }

    static DurableObjectStore open(Path dir) {
        return open(dir, b -> b);
    }

    /** Opens a store with test-friendly settings (no periodic compaction, no fsync, slow progress). */
    static DurableObjectStore open(Path dir, UnaryOperator<StoreConfig.Builder> tweak) {
        StoreConfig.Builder builder = StoreConfig.builder(dir)
                .clusterName("store-test")
                .fsyncEachCommit(false)
                .compactionInterval(Duration.ZERO)
                .progressInterval(Duration.ofMinutes(10));
        return ObjectStores.open(tweak.apply(builder).build());
    }

    static ObjectKey deployment(String namespace, String name) {
        return new ObjectKey("apps", "deployments", namespace, name);
    }

    static ObjectKey configMap(String namespace, String name) {
        return new ObjectKey("", "configmaps", namespace, name);
    }

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(StoredObject object) {
        return new String(object.value(), StandardCharsets.UTF_8);
    }

    /** A listener that records what it is told. */
    static class Recorder implements WatchListener {
        final List<WatchEvent> events = new CopyOnWriteArrayList<>();
        final List<Long> progress = new CopyOnWriteArrayList<>();
        final List<Throwable> closes = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(WatchEvent event) {
            events.add(event);
        }

        @Override
        public void onProgress(long revision) {
            progress.add(revision);
        }

        @Override
        public void onClose(Throwable cause) {
            closes.add(cause);
        }

        List<Long> revisions() {
            return events.stream().map(WatchEvent::revision).toList();
        }
    }
}
