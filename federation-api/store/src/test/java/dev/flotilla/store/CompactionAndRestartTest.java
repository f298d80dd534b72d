package dev.flotilla.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.flotilla.store.StoreFixtures.configMap;
import static dev.flotilla.store.StoreFixtures.deployment;
import static dev.flotilla.store.StoreFixtures.json;
import static dev.flotilla.store.StoreFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Compaction (410 Gone for old revisions) and recovery from the log after a clean restart. */
class CompactionAndRestartTest {

    private static final KeyPrefix DEPLOYMENTS = KeyPrefix.of("apps", "deployments");

    @Test
    void compactionRefusesOlderRevisionsAndKeepsTheCurrentState(@TempDir Path dir) {
        try (DurableObjectStore store = StoreFixtures.open(dir)) {
            for (int i = 0; i < 10; i++) {
                store.create(deployment("ns", "d" + i), json("{\"v\":0}"));
            }
            long early = store.currentRevision();
            for (int round = 1; round <= 3; round++) {
                for (int i = 0; i < 10; i++) {
                    store.update(deployment("ns", "d" + i), 0, json("{\"v\":" + round + "}"));
                }
            }
            store.delete(deployment("ns", "d9"), 0);
            long rowsBefore = store.logRowCount();
            ListResult firstPage = store.list(DEPLOYMENTS, null, null, 3, 0);
            long compactTo = store.currentRevision() - 2;

            assertThat(store.compact(compactTo)).isEqualTo(compactTo);

            assertThat(store.compactedRevision()).isEqualTo(compactTo);
            assertThat(store.logRowCount()).isLessThan(rowsBefore);
            assertThatThrownBy(() -> store.watch(DEPLOYMENTS, early, new StoreFixtures.Recorder()))
                    .isInstanceOfSatisfying(StoreException.Compacted.class, c -> {
                        assertThat(c.requested()).isEqualTo(early);
                        assertThat(c.oldestAvailable()).isEqualTo(compactTo);
                    });
            assertThatThrownBy(() -> store.list(DEPLOYMENTS, null, null, 3, early))
                    .isInstanceOf(StoreException.Compacted.class);
            // The page taken before compaction is at a revision still retained: its next page is served.
            assertThat(firstPage.revision()).isGreaterThan(compactTo);
            assertThat(store.list(DEPLOYMENTS, null, firstPage.continueAfter(), 3, firstPage.revision()).items())
                    .hasSize(3);
            // Reading at exactly the compacted revision still gives the full state of that revision.
            // (d9's last update and its deletion come after compactTo.)
            ListResult atCompacted = store.list(DEPLOYMENTS, null, null, 0, compactTo);
            assertThat(atCompacted.items()).hasSize(10)
                    .allSatisfy(o -> assertThat(o.modRevision()).isLessThanOrEqualTo(compactTo));
            assertThat(text(atCompacted.items().get(9))).isEqualTo("{\"v\":2}");
            assertThat(store.list(DEPLOYMENTS, null, null, 0, 0).items()).hasSize(9)
                    .allSatisfy(o -> assertThat(text(o)).isEqualTo("{\"v\":3}"));

            StoreFixtures.Recorder fromCompacted = new StoreFixtures.Recorder();
            store.watch(DEPLOYMENTS, compactTo, fromCompacted);
            await().until(() -> fromCompacted.events.size() == 2);
            assertThat(fromCompacted.events.get(1).type()).isEqualTo(WatchEvent.Type.DELETED);
        }
    }

    @Test
    void periodicCompactionKeepsTheConfiguredRetention(@TempDir Path dir) {
        try (DurableObjectStore store = StoreFixtures.open(dir,
                b -> b.compactionRetention(5).compactionInterval(Duration.ofMillis(100)))) {
            store.create(deployment("ns", "one"), json("{}"));
            for (int i = 0; i < 30; i++) {
                store.update(deployment("ns", "one"), 0, json("{\"i\":" + i + "}"));
            }
            long current = store.currentRevision();
            await().until(() -> store.compactedRevision() >= current - 5);
            await().until(() -> store.logRowCount() <= 6);
            assertThat(text(store.get(deployment("ns", "one")).orElseThrow())).isEqualTo("{\"i\":29}");
        }
    }

    @Test
    void restartBringsBackEveryObjectAndRevisionsKeepRising(@TempDir Path dir) {
        Map<String, String> expected = new TreeMap<>();
        long lastRevision;
        long compacted;
        try (DurableObjectStore store = StoreFixtures.open(dir)) {
            for (int i = 0; i < 40; i++) {
                store.create(deployment("ns", "d" + i), json("{\"i\":" + i + "}"));
                store.create(configMap("ns", "c" + i), json("{\"c\":" + i + "}"));
            }
            for (int i = 0; i < 40; i += 3) {
                store.update(deployment("ns", "d" + i), 0, json("{\"i\":\"updated\"}"));
            }
            for (int i = 0; i < 40; i += 4) {
                store.delete(configMap("ns", "c" + i), 0);
            }
            compacted = store.compact(store.currentRevision() - 30);
            // The newest rows are tombstones: after compaction past them the highest id is gone from the table,
            // yet the next revision must still be higher.
            store.delete(configMap("ns", "c1"), 0);
            store.delete(configMap("ns", "c2"), 0);
            store.compact(store.currentRevision());
            compacted = store.compactedRevision();
            for (StoredObject o : store.list(DEPLOYMENTS, null, null, 0, 0).items()) {
                expected.put(o.key().path(), text(o) + "@" + o.modRevision() + "/" + o.createRevision());
            }
            for (StoredObject o : store.list(KeyPrefix.of("", "configmaps"), null, null, 0, 0).items()) {
                expected.put(o.key().path(), text(o) + "@" + o.modRevision() + "/" + o.createRevision());
            }
            lastRevision = store.currentRevision();
        }
        try (DurableObjectStore store = StoreFixtures.open(dir)) {
            assertThat(store.currentRevision()).isEqualTo(lastRevision);
            assertThat(store.compactedRevision()).isEqualTo(compacted);
            Map<String, String> recovered = new TreeMap<>();
            for (KeyPrefix prefix : List.of(DEPLOYMENTS, KeyPrefix.of("", "configmaps"))) {
                for (StoredObject o : store.list(prefix, null, null, 0, 0).items()) {
                    recovered.put(o.key().path(), text(o) + "@" + o.modRevision() + "/" + o.createRevision());
                }
            }
            assertThat(recovered).isEqualTo(expected);
            StoredObject next = store.create(deployment("ns", "after-restart"), json("{}"));
            assertThat(next.modRevision()).isEqualTo(lastRevision + 1);
        }
    }

    @Test
    void aWatchFromBeforeARestartIsReplayedFromTheLog(@TempDir Path dir) {
        long before;
        List<Long> expected;
        try (DurableObjectStore store = StoreFixtures.open(dir)) {
            store.create(deployment("ns", "a"), json("{}"));
            before = store.currentRevision();
            expected = List.of(store.create(deployment("ns", "b"), json("{}")).modRevision(),
                    store.delete(deployment("ns", "a"), 0).modRevision());
        }
        try (DurableObjectStore store = StoreFixtures.open(dir)) {
            StoreFixtures.Recorder recorder = new StoreFixtures.Recorder();
            store.watch(DEPLOYMENTS, before, recorder);
            await().until(() -> recorder.events.size() == 2);
            assertThat(recorder.revisions()).isEqualTo(expected);
            assertThat(recorder.events).extracting(WatchEvent::type)
                    .containsExactly(WatchEvent.Type.ADDED, WatchEvent.Type.DELETED);
        }
    }
}
