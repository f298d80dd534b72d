package dev.flotilla.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.flotilla.store.StoreFixtures.configMap;
import static dev.flotilla.store.StoreFixtures.deployment;
import static dev.flotilla.store.StoreFixtures.json;
import static dev.flotilla.store.StoreFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Watches: replay from a revision, ordering under concurrent writers, progress, slow consumers. */
class WatchTest {

    private static final KeyPrefix DEPLOYMENTS = KeyPrefix.of("apps", "deployments");

    @Test
    void watchFromARevisionReplaysExactlyTheMissedEventsThenFollowsLive(@TempDir Path dir) {
        try (DurableObjectStore store = StoreFixtures.open(dir)) {
            StoredObject a = store.create(deployment("ns", "a"), json("{\"v\":1}"));
            long listedAt = store.currentRevision();
            StoredObject a2 = store.update(a.key(), a.modRevision(), json("{\"v\":2}"));
            store.create(configMap("ns", "ignored"), json("{}"));
            StoredObject b = store.create(deployment("other", "b"), json("{}"));
            StoredObject gone = store.delete(a.key(), 0);

            StoreFixtures.Recorder all = new StoreFixtures.Recorder();
            StoreFixtures.Recorder onlyOther = new StoreFixtures.Recorder();
            store.watch(DEPLOYMENTS, listedAt, all);
            store.watch(new KeyPrefix("apps", "deployments", "other"), listedAt, onlyOther);
            StoredObject live = store.create(deployment("ns", "c"), json("{}"));

            await().until(() -> all.events.size() == 4);
            assertThat(all.events).extracting(WatchEvent::type).containsExactly(
                    WatchEvent.Type.MODIFIED, WatchEvent.Type.ADDED, WatchEvent.Type.DELETED, WatchEvent.Type.ADDED);
            assertThat(all.revisions()).containsExactly(a2.modRevision(), b.modRevision(), gone.modRevision(),
                    live.modRevision());
            assertThat(text(all.events.get(2).object())).isEqualTo("{\"v\":2}");
            await().until(() -> onlyOther.events.size() == 1);
            assertThat(onlyOther.revisions()).containsExactly(b.modRevision());
        }
    }

    @Test
    void watchOlderThanTheMemoryHistoryIsServedFromTheLog(@TempDir Path dir) {
        try (DurableObjectStore store = StoreFixtures.open(dir, b -> b.eventHistorySize(3))) {
            long start = store.currentRevision();
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add(store.create(deployment("ns", "d" + i), json("{}")).modRevision());
                store.create(configMap("ns", "c" + i), json("{}"));
            }
            StoreFixtures.Recorder recorder = new StoreFixtures.Recorder();
            store.watch(DEPLOYMENTS, start, recorder);
            expected.add(store.update(deployment("ns", "d0"), 0, json("{\"v\":2}")).modRevision());
            await().until(() -> recorder.events.size() == expected.size());
            assertThat(recorder.revisions()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void concurrentWritersAndAWatcherSeeEveryEventExactlyOnceInOrder(@TempDir Path dir) throws Exception {
        try (DurableObjectStore store = StoreFixtures.open(dir, b -> b.fsyncEachCommit(true))) {
            StoreFixtures.Recorder fromStart = new StoreFixtures.Recorder();
            store.watch(DEPLOYMENTS, 0, fromStart);
            int writers = 32;
            int opsPerWriter = 150;
            ConcurrentLinkedQueue<StoredObject> acknowledged = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<StoredObject> acknowledgedDeletes = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            StoreFixtures.Recorder midway = new StoreFixtures.Recorder();
            for (int w = 0; w < writers; w++) {
                long seed = 7919L * w;
                futures.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    go.await();
                    for (int i = 0; i < opsPerWriter; i++) {
                        // Few keys shared by all writers, so creates, updates and deletes collide for real.
                        ObjectKey key = random.nextInt(4) == 0 ? configMap("race", "k" + random.nextInt(20))
                                : deployment("race", "k" + random.nextInt(20));
                        try {
                            switch (random.nextInt(3)) {
                                case 0 -> acknowledged.add(store.create(key, json("{\"w\":" + seed + "}")));
                                case 1 -> {
                                    long seen = store.get(key).map(StoredObject::modRevision).orElse(1L);
                                    acknowledged.add(store.update(key, seen, json("{\"i\":" + i + "}")));
                                }
                                default -> acknowledgedDeletes.add(store.delete(key, 0));
                            }
                        } catch (StoreException.AlreadyExists | StoreException.NotFound | StoreException.Conflict e) {
                            // expected under contention
                        }
                    }
                    return null;
                }));
            }
            long started = System.nanoTime();
            go.countDown();
            Thread.sleep(50);
            store.watch(DEPLOYMENTS, store.currentRevision(), midway);
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            int attempted = writers * opsPerWriter;
            System.out.printf("store: %d write calls (%d accepted) from %d threads in %.2f s: %.0f calls/s%n",
                    attempted, acknowledged.size() + acknowledgedDeletes.size(), writers, seconds, attempted / seconds);

            List<Long> expected = new ArrayList<>();
            acknowledged.stream().filter(o -> o.key().resource().equals("deployments"))
                    .forEach(o -> expected.add(o.modRevision()));
            acknowledgedDeletes.stream().filter(o -> o.key().resource().equals("deployments"))
                    .forEach(o -> expected.add(o.modRevision()));
            Collections.sort(expected);
            await().atMost(Duration.ofSeconds(20)).until(() -> fromStart.events.size() >= expected.size());
            assertThat(fromStart.revisions()).containsExactlyElementsOf(expected);

            long midStart = expected.isEmpty() ? 0 : midway.events.isEmpty() ? Long.MAX_VALUE : midway.revisions().get(0);
            List<Long> expectedMid = expected.stream().filter(r -> r >= midStart).toList();
            await().until(() -> midway.events.size() >= expectedMid.size());
            assertThat(midway.revisions()).containsExactlyElementsOf(expectedMid);

            // Replaying the events gives exactly the final state.
            Map<String, StoredObject> replayed = new HashMap<>();
            for (WatchEvent event : fromStart.events) {
                if (event.type() == WatchEvent.Type.DELETED) {
                    assertThat(replayed.remove(event.object().key().path())).isNotNull();
                } else {
                    replayed.put(event.object().key().path(), event.object());
                }
            }
            List<StoredObject> listed = store.list(DEPLOYMENTS, null, null, 0, 0).items();
            assertThat(listed).hasSameSizeAs(replayed.values());
            for (StoredObject object : listed) {
                assertThat(replayed.get(object.key().path()).modRevision()).isEqualTo(object.modRevision());
            }
        }
    }

    @Test
    void progressIsSentPeriodicallyAtARevisionCoveringDeliveredEvents(@TempDir Path dir) {
        try (DurableObjectStore store = StoreFixtures.open(dir, b -> b.progressInterval(Duration.ofMillis(50)))) {
            StoreFixtures.Recorder recorder = new StoreFixtures.Recorder();
            store.watch(DEPLOYMENTS, 0, recorder);
            store.create(deployment("ns", "p"), json("{}"));
            StoredObject unrelated = store.create(configMap("ns", "elsewhere"), json("{}"));
            await().until(() -> recorder.progress.stream().anyMatch(p -> p >= unrelated.modRevision()));
            assertThat(recorder.events).hasSize(1);
            assertThat(recorder.progress).isSorted();
        }
    }

    @Test
    void aListenerThatFallsTooFarBehindIsClosedWithAnOverflow(@TempDir Path dir) throws Exception {
        try (DurableObjectStore store = StoreFixtures.open(dir, b -> b.watchQueueCapacity(5))) {
            CountDownLatch release = new CountDownLatch(1);
            StoreFixtures.Recorder blocked = new StoreFixtures.Recorder() {
                @Override
                public void onEvent(WatchEvent event) {
                    super.onEvent(event);
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            StoreFixtures.Recorder healthy = new StoreFixtures.Recorder();
            store.watch(DEPLOYMENTS, 0, blocked);
            store.watch(DEPLOYMENTS, 0, healthy);
            // The blocked listener holds one delivery thread until released; the healthy one must not wait for it
            // (were it starved, it would see its events only after the 60 s release timeout, not within 30 s).
            // Each create waits for the healthy listener, whose queue holds 5 events too: a writer faster than
            // its delivery on a busy machine would otherwise overflow it as well.
            for (int i = 0; i < 20; i++) {
                store.create(deployment("ns", "o" + i), json("{}"));
                int delivered = i + 1;
                await().atMost(Duration.ofSeconds(30)).until(() -> healthy.events.size() == delivered);
            }
            release.countDown();
            await().until(() -> blocked.closes.size() == 1);
            assertThat(blocked.closes.get(0)).isInstanceOf(WatchOverflowException.class);
            assertThat(blocked.events.size()).isLessThan(20);
            assertThat(blocked.revisions()).isSorted();
            assertThat(healthy.closes).isEmpty();
            assertThat(store.openWatches()).isEqualTo(1);
        }
    }

    @Test
    void closingAWatchStopsDeliveryAndClosingTheStoreEndsTheOthers(@TempDir Path dir) {
        StoreFixtures.Recorder closedByClient = new StoreFixtures.Recorder();
        StoreFixtures.Recorder open = new StoreFixtures.Recorder();
        DurableObjectStore store = StoreFixtures.open(dir);
        try (store) {
            ObjectStore.Watch watch = store.watch(DEPLOYMENTS, 0, closedByClient);
            store.watch(DEPLOYMENTS, 0, open);
            store.create(deployment("ns", "x"), json("{}"));
            await().until(() -> closedByClient.events.size() == 1 && open.events.size() == 1);
            watch.close();
            store.create(deployment("ns", "y"), json("{}"));
            await().until(() -> open.events.size() == 2);
            assertThat(closedByClient.events).hasSize(1);
        }
        await().until(() -> open.closes.size() == 1);
        assertThat(open.closes.get(0)).isInstanceOf(StoreException.Unavailable.class);
        assertThat(closedByClient.closes).isEmpty();
        assertThatThrownBy(() -> store.create(deployment("ns", "z"), json("{}")))
                .isInstanceOf(StoreException.Unavailable.class);
    }
}
