package dev.flotilla.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import static dev.flotilla.store.StoreFixtures.configMap;
import static dev.flotilla.store.StoreFixtures.deployment;
import static dev.flotilla.store.StoreFixtures.json;
import static dev.flotilla.store.StoreFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Versions, conditional writes, lists and paging, on one store shared by the class (keys never collide). */
class StoreSemanticsTest {

    @TempDir
    static Path dir;
    static DurableObjectStore store;

    @BeforeAll
    static void open() {
        store = StoreFixtures.open(dir);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void revisionsRiseMonotonicallyAcrossKindsAndOperations() {
        long start = store.currentRevision();
        List<Long> revisions = new ArrayList<>();
        StoredObject d = store.create(deployment("rev", "web"), json("{\"a\":1}"));
        revisions.add(d.modRevision());
        revisions.add(store.create(configMap("rev", "settings"), json("{}")).modRevision());
        StoredObject updated = store.update(d.key(), d.modRevision(), json("{\"a\":2}"));
        revisions.add(updated.modRevision());
        revisions.add(store.delete(configMap("rev", "settings"), 0).modRevision());
        revisions.add(store.create(configMap("rev", "other"), json("{}")).modRevision());

        assertThat(revisions).isSorted().doesNotHaveDuplicates();
        assertThat(revisions.get(0)).isGreaterThan(start);
        assertThat(store.currentRevision()).isEqualTo(revisions.get(revisions.size() - 1));
        assertThat(updated.createRevision()).isEqualTo(d.createRevision());
        assertThat(d.createRevision()).isEqualTo(d.modRevision());
    }

    @Test
    void createGetUpdateDeleteFollowEtcdSemantics() {
        ObjectKey key = deployment("crud", "api");
        assertThat(store.get(key)).isEmpty();
        StoredObject created = store.create(key, json("{\"v\":1}"));
        assertThat(store.get(key)).get().satisfies(o -> {
            assertThat(text(o)).isEqualTo("{\"v\":1}");
            assertThat(o.modRevision()).isEqualTo(created.modRevision());
        });
        assertThatThrownBy(() -> store.create(key, json("{}"))).isInstanceOf(StoreException.AlreadyExists.class)
                .hasMessageContaining(key.path());

        StoredObject updated = store.update(key, created.modRevision(), json("{\"v\":2}"));
        assertThat(updated.modRevision()).isGreaterThan(created.modRevision());
        assertThat(text(store.get(key).orElseThrow())).isEqualTo("{\"v\":2}");

        StoredObject unconditional = store.update(key, 0, json("{\"v\":3}"));
        assertThat(unconditional.modRevision()).isGreaterThan(updated.modRevision());

        assertThatThrownBy(() -> store.delete(key, created.modRevision()))
                .isInstanceOf(StoreException.Conflict.class);
        StoredObject deleted = store.delete(key, unconditional.modRevision());
        assertThat(deleted.modRevision()).isEqualTo(store.currentRevision());
        assertThat(text(deleted)).isEqualTo("{\"v\":3}");
        assertThat(deleted.createRevision()).isEqualTo(created.createRevision());
        assertThat(store.get(key)).isEmpty();

        assertThatThrownBy(() -> store.delete(key, 0)).isInstanceOf(StoreException.NotFound.class);
        assertThatThrownBy(() -> store.update(key, 0, json("{}"))).isInstanceOf(StoreException.NotFound.class);

        StoredObject recreated = store.create(key, json("{\"v\":4}"));
        assertThat(recreated.createRevision()).isGreaterThan(deleted.modRevision());
    }

    @Test
    void conflictOnStaleRevisionLeavesTheObjectUnchanged() {
        ObjectKey key = configMap("conflict", "cm");
        StoredObject first = store.create(key, json("{\"v\":1}"));
        StoredObject second = store.update(key, first.modRevision(), json("{\"v\":2}"));
        long revisionBefore = store.currentRevision();

        assertThatThrownBy(() -> store.update(key, first.modRevision(), json("{\"v\":\"stale\"}")))
                .isInstanceOfSatisfying(StoreException.Conflict.class,
                        c -> assertThat(c.actualModRevision()).isEqualTo(second.modRevision()));

        StoredObject now = store.get(key).orElseThrow();
        assertThat(text(now)).isEqualTo("{\"v\":2}");
        assertThat(now.modRevision()).isEqualTo(second.modRevision());
        assertThat(store.currentRevision()).isEqualTo(revisionBefore);
    }

    @Test
    void valuesAreCopiedOnWrite() {
        byte[] value = json("{\"v\":1}");
        ObjectKey key = configMap("copy", "cm");
        store.create(key, value);
        value[1] = 'X';
        assertThat(text(store.get(key).orElseThrow())).isEqualTo("{\"v\":1}");
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        assertThatThrownBy(() -> store.create(null, json("{}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("key");
        assertThatThrownBy(() -> store.create(deployment("ns", "a/b"), json("{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("key.name");
        assertThatThrownBy(() -> store.create(deployment("ns", ""), json("{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("key.name");
        assertThatThrownBy(() -> store.create(deployment("ns", "x"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("value");
        assertThatThrownBy(() -> store.update(deployment("ns", "x"), -1, json("{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("expectedModRevision");
        assertThatThrownBy(() -> store.list(KeyPrefix.of("apps", "deployments"), null, null, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("limit");
        assertThatThrownBy(() -> store.list(KeyPrefix.of("apps", "deployments"), null, null, 0,
                store.currentRevision() + 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("atRevision");
        assertThatThrownBy(() -> store.watch(KeyPrefix.of("apps", "deployments"), -5, new StoreFixtures.Recorder()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("afterRevision");
        assertThatThrownBy(() -> StoreConfig.builder(dir).eventHistorySize(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("eventHistorySize");
    }

    @Test
    void listReturnsThePrefixInPathOrderFilteredAtItsRevision() {
        for (String name : List.of("c", "a", "b")) {
            store.create(new ObjectKey("list.test", "widgets", "ns1", name), json("{\"n\":\"" + name + "\"}"));
        }
        store.create(new ObjectKey("list.test", "widgets", "ns2", "a"), json("{}"));
        store.create(new ObjectKey("list.test", "widgetsx", "ns1", "z"), json("{}"));
        store.create(new ObjectKey("list.test", "widgets", "", "cluster-scoped"), json("{}"));

        ListResult all = store.list(KeyPrefix.of("list.test", "widgets"), null, null, 0, 0);
        assertThat(all.items()).extracting(o -> o.key().path()).containsExactly(
                "/list.test/widgets//cluster-scoped", "/list.test/widgets/ns1/a", "/list.test/widgets/ns1/b",
                "/list.test/widgets/ns1/c", "/list.test/widgets/ns2/a");
        assertThat(all.revision()).isEqualTo(store.currentRevision());
        assertThat(all.hasMore()).isFalse();

        ListResult ns1 = store.list(new KeyPrefix("list.test", "widgets", "ns1"), o -> !o.key().name().equals("b"),
                null, 0, 0);
        assertThat(ns1.items()).extracting(o -> o.key().name()).containsExactly("a", "c");
    }

    @Test
    void pagesAtARevisionShowThatRevisionWhileWritesHappen() {
        KeyPrefix prefix = new KeyPrefix("paging.test", "items", "ns");
        for (int i = 0; i < 50; i++) {
            store.create(new ObjectKey("paging.test", "items", "ns", String.format("item-%03d", i)), json("{\"i\":" + i + "}"));
        }
        ListResult first = store.list(prefix, null, null, 7, 0);
        long snapshot = first.revision();
        TreeMap<String, String> expected = new TreeMap<>();
        store.list(prefix, null, null, 0, 0).items().forEach(o -> expected.put(o.key().path(), text(o)));

        List<StoredObject> seen = new ArrayList<>(first.items());
        String continueAfter = first.continueAfter();
        int writer = 0;
        while (continueAfter != null) {
            // Change the world between pages: updates, deletes ahead of and behind the cursor, new objects.
            ObjectKey ahead = new ObjectKey("paging.test", "items", "ns", String.format("item-%03d", 49 - writer));
            store.get(ahead).ifPresent(o -> store.update(ahead, o.modRevision(), json("{\"changed\":true}")));
            store.delete(new ObjectKey("paging.test", "items", "ns", String.format("item-%03d", writer)), 0);
            store.create(new ObjectKey("paging.test", "items", "ns", String.format("item-%03da", writer)), json("{}"));
            writer++;
            ListResult page = store.list(prefix, null, continueAfter, 7, snapshot);
            assertThat(page.revision()).isEqualTo(snapshot);
            seen.addAll(page.items());
            continueAfter = page.continueAfter();
        }
        assertThat(seen).hasSize(50);
        Set<String> paths = new HashSet<>();
        for (StoredObject o : seen) {
            assertThat(paths.add(o.key().path())).isTrue();
            assertThat(text(o)).isEqualTo(expected.get(o.key().path()));
            assertThat(o.modRevision()).isLessThanOrEqualTo(snapshot);
        }
        assertThat(seen).extracting(o -> o.key().path()).isSorted();
        assertThat(store.list(prefix, null, null, 0, 0).revision()).isGreaterThan(snapshot);
    }

    @Test
    void filteredPagesCountOnlyMatchingItems() {
        KeyPrefix prefix = new KeyPrefix("filter.test", "items", "ns");
        for (int i = 0; i < 20; i++) {
            store.create(new ObjectKey("filter.test", "items", "ns", String.format("i%02d", i)), json("{}"));
        }
        java.util.function.Predicate<StoredObject> even =
                o -> Integer.parseInt(o.key().name().substring(1)) % 2 == 0;
        ListResult page = store.list(prefix, even, null, 4, 0);
        assertThat(page.items()).extracting(o -> o.key().name()).containsExactly("i00", "i02", "i04", "i06");
        ListResult atRevision = store.list(prefix, even, page.continueAfter(), 4, page.revision() - 1);
        assertThat(atRevision.items()).extracting(o -> o.key().name()).containsExactly("i08", "i10", "i12", "i14");
        ListResult last = store.list(prefix, even, "/filter.test/items/ns/i14", 4, page.revision());
        assertThat(last.items()).extracting(o -> o.key().name()).containsExactly("i16", "i18");
        assertThat(last.hasMore()).isFalse();
    }

    @Test
    void writeAllAppliesEachWriteOnItsOwnInOneGroup() {
        ObjectKey kept = configMap("batch", "kept");
        ObjectKey taken = configMap("batch", "taken");
        ObjectKey gone = configMap("batch", "gone");
        StoredObject keptBefore = store.create(kept, json("{\"v\":1}"));
        store.create(taken, json("{\"mine\":true}"));
        StoreFixtures.Recorder recorder = new StoreFixtures.Recorder();
        try (ObjectStore.Watch watch = store.watch(new KeyPrefix("", "configmaps", "batch"), store.currentRevision(),
                recorder)) {
            List<ObjectStore.Outcome> outcomes = store.writeAll(List.of(
                    ObjectStore.Write.create(configMap("batch", "new"), json("{\"n\":1}")),
                    ObjectStore.Write.create(taken, json("{\"mine\":false}")),
                    ObjectStore.Write.update(kept, keptBefore.modRevision(), json("{\"v\":2}")),
                    ObjectStore.Write.update(kept, keptBefore.modRevision(), json("{\"v\":3}")),
                    ObjectStore.Write.delete(gone, 0)));

            assertThat(outcomes).extracting(ObjectStore.Outcome::applied)
                    .containsExactly(true, false, true, false, false);
            assertThat(outcomes.get(1).refusal()).isInstanceOf(StoreException.AlreadyExists.class);
            assertThat(outcomes.get(3).refusal()).isInstanceOf(StoreException.Conflict.class);
            assertThat(outcomes.get(4).refusal()).isInstanceOf(StoreException.NotFound.class);
            long first = outcomes.get(0).stored().modRevision();
            // One group: the accepted writes took consecutive revisions, and the caller reads its own writes.
            assertThat(outcomes.get(2).stored().modRevision()).isEqualTo(first + 1);
            assertThat(store.currentRevision()).isGreaterThanOrEqualTo(first + 1);
            assertThat(text(store.get(kept).orElseThrow())).isEqualTo("{\"v\":2}");
            assertThat(text(store.get(taken).orElseThrow())).isEqualTo("{\"mine\":true}");
            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(recorder.events)
                    .extracting(e -> e.object().key().name(), WatchEvent::type)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("new", WatchEvent.Type.ADDED),
                            org.assertj.core.groups.Tuple.tuple("kept", WatchEvent.Type.MODIFIED)));
        }
        assertThat(store.writeAll(List.of())).isEmpty();
        assertThatThrownBy(() -> store.writeAll(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("writes");
        assertThatThrownBy(() -> store.writeAll(java.util.Arrays.asList(
                ObjectStore.Write.create(configMap("batch", "fine"), json("{}")), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("writes[1]");
        assertThatThrownBy(() -> store.writeAll(List.of(ObjectStore.Write.create(configMap("batch", "x"), null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("value");
        assertThat(store.get(configMap("batch", "fine"))).isEmpty();
    }
}
