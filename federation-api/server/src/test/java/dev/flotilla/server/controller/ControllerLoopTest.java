package dev.flotilla.server.controller;

import dev.flotilla.store.DurableObjectStore;
import dev.flotilla.store.KeyPrefix;
import dev.flotilla.store.ObjectKey;
import dev.flotilla.store.ObjectStores;
import dev.flotilla.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The loop's queue: a key queued many times while it waits is reconciled once. */
class ControllerLoopTest {

    @TempDir
    Path dataDir;

    @Test
    void aBurstForOneKeyWithinTheCoalescingDelayIsOneReconcile() {
        List<String> reconciled = new CopyOnWriteArrayList<>();
        try (DurableObjectStore store = ObjectStores.open(StoreConfig.builder(dataDir).build());
             ControllerLoop loop = new ControllerLoop("test", store, List.of(KeyPrefix.of("example.dev", "things")),
                     changed -> List.of(changed.key()), key -> {
                         reconciled.add(key.name());
                         return Reconciler.Result.DONE;
                     }, 1, Duration.ofSeconds(1))) {
            loop.start();
            for (int i = 0; i < 5; i++) {
                loop.enqueue(key("a"));
            }
            loop.enqueue(key("b"));
            loop.enqueue(key("b"));
            await().until(() -> reconciled.size() >= 2);
            // One worker, one queue in order: once a key queued after them is done, nothing else was pending.
            loop.enqueue(key("last"));
            await().until(() -> reconciled.contains("last"));
            assertThat(reconciled).containsExactly("a", "b", "last");
        }
    }

    @Test
    void aNegativeCoalescingDelayIsRefused() {
        assertThatThrownBy(() -> new ControllerLoop("test", null, List.of(), changed -> List.of(),
                key -> Reconciler.Result.DONE, 1, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("coalescing");
    }

    private static ObjectKey key(String name) {
        return new ObjectKey("example.dev", "things", "ns", name);
    }
}
