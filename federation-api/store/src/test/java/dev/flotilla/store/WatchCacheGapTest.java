package dev.flotilla.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.flotilla.store.StoreFixtures.configMap;
import static dev.flotilla.store.StoreFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cache fills gaps from the log wherever they are. With a shared log, one member's runs reach the others with
 * other members' revisions missing in between (its publisher merges its own runs), so a gap can sit inside a run,
 * not only before it.
 */
class WatchCacheGapTest {

    @TempDir
    Path dir;

    @Test
    void aGapInsideARunIsReadFromTheLog() throws Exception {
        ExecutorService delivery = Executors.newFixedThreadPool(2);
        try (SqlLog log = SqlLog.embedded(dir, false)) {
            List<WatchEvent> committed = new ArrayList<>();
            for (int n = 1; n <= 4; n++) {
                ObjectKey key = configMap("ns", "cm-" + n);
                long revision = n;
                SqlLog.Plan plan = log.append(List.of(key.path()), (head, heads) -> new SqlLog.Plan(
                        List.of(new WatchEvent(WatchEvent.Type.ADDED,
                                new StoredObject(key, revision, revision, json("{}")))), List.of(0L), head));
                committed.addAll(plan.events());
            }
            WatchCache cache = new WatchCache(log, 100, 100, delivery, () -> 0, () -> 0, applied -> { });
            StoreFixtures.Recorder watcher = new StoreFixtures.Recorder();
            cache.watch(KeyPrefix.of("", "configmaps"), 0, watcher);

            // Revisions 1 and 4 arrive together (one member's merged runs); 2 and 3 were another member's.
            cache.apply(List.of(committed.get(0), committed.get(3)));

            assertThat(cache.revision()).isEqualTo(4);
            assertThat(cache.size()).isEqualTo(4);
            await().atMost(Duration.ofSeconds(5)).until(() -> watcher.events.size() == 4);
            assertThat(watcher.revisions()).containsExactly(1L, 2L, 3L, 4L);
        } finally {
            delivery.shutdownNow();
        }
    }
}
