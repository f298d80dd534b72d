package dev.flotilla.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.flotilla.store.StoreFixtures.configMap;
import static dev.flotilla.store.StoreFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Several members on one shared PostgreSQL log (the HA store): one global revision sequence written from every
 * member, conditional writes checked against the shared log, every member converging on the same state and
 * events, watches resumed on another member, and a restart of them all.
 */
class SharedLogTest {

    private static PostgresServer postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    /** Opens members that share {@code log} and form one Hazelcast cluster ({@code peers} false: none). */
    private List<DurableObjectStore> members(StoreConfig.SharedLog log, int count, boolean peers) throws IOException {
        List<Integer> ports = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int port = freePort();
            ports.add(port);
            addresses.add("127.0.0.1:" + port);
        }
        List<DurableObjectStore> stores = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int port = ports.get(i);
            Path memberDir = dir.resolve("member-" + i);
            stores.add(StoreFixtures.open(memberDir, b -> b.sharedLog(log)
                    .members(peers ? addresses : List.of())
                    .hazelcastPort(peers ? port : 0)
                    .catchUpInterval(Duration.ofMillis(200))));
        }
        return stores;
    }

    private static void closeAll(List<DurableObjectStore> stores) {
        stores.forEach(DurableObjectStore::close);
    }

    @Test
    void writesFromEveryMemberShareOneGaplessRevisionSequenceAndEveryMemberSeesThemAll() throws Exception {
        StoreConfig.SharedLog log = postgres.newDatabase();
        // Three: a member's runs reach the third one with the other's revisions missing in between.
        List<DurableObjectStore> stores = members(log, 3, true);
        try {
            StoreFixtures.Recorder[] watchers = {new StoreFixtures.Recorder(), new StoreFixtures.Recorder(),
                    new StoreFixtures.Recorder()};
            for (int i = 0; i < 3; i++) {
                stores.get(i).watch(KeyPrefix.of("", "configmaps"), stores.get(i).currentRevision(), watchers[i]);
            }
            long start = stores.get(0).currentRevision();
            Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
            ExecutorService writers = Executors.newFixedThreadPool(6);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                DurableObjectStore store = stores.get(t % 3);
                int thread = t;
                done.add(writers.submit(() -> {
                    for (int n = 0; n < 60; n++) {
                        acknowledged.add(store.create(configMap("ns", "cm-" + thread + "-" + n),
                                json("{\"n\":" + n + "}")).modRevision());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            writers.shutdown();

            // One sequence, no gaps, no revision used twice, whichever member wrote.
            assertThat(acknowledged).hasSize(360);
            long end = start + 360;
            assertThat(acknowledged).allMatch(r -> r > start && r <= end);
            for (DurableObjectStore store : stores) {
                await().atMost(Duration.ofSeconds(20)).until(() -> store.currentRevision() == end);
                assertThat(store.list(KeyPrefix.of("", "configmaps"), null, null, 0, 0).items()).hasSize(360);
            }
            // Every member's watch saw every event once, in revision order.
            for (StoreFixtures.Recorder watcher : watchers) {
                await().atMost(Duration.ofSeconds(20)).until(() -> watcher.events.size() == 360);
                assertThat(watcher.revisions()).isSorted().doesNotHaveDuplicates();
                assertThat(Set.copyOf(watcher.revisions())).isEqualTo(acknowledged);
            }
            try (Connection c = postgres.connect(databaseOf(log)); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*), MIN(id), MAX(id) FROM log WHERE path LIKE '%/cm-%'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(360);
                assertThat(rs.getLong(3) - rs.getLong(2) + 1).isEqualTo(360);
            }
        } finally {
            closeAll(stores);
        }
    }

    @Test
    void conditionalWritesAreCheckedAgainstTheSharedLogNotAMembersCache() throws Exception {
        StoreConfig.SharedLog log = postgres.newDatabase();
        // No Hazelcast between them: B learns of A's writes only from the log.
        List<DurableObjectStore> stores = members(log, 2, false);
        try {
            DurableObjectStore a = stores.get(0);
            DurableObjectStore b = stores.get(1);
            ObjectKey key = configMap("ns", "shared");
            StoredObject created = a.create(key, json("{\"v\":1}"));
            // B may not have heard of it yet, but the log has: a second create is refused.
            assertThatThrownBy(() -> b.create(key, json("{\"v\":9}"))).isInstanceOf(StoreException.AlreadyExists.class);
            StoredObject updated = a.update(key, created.modRevision(), json("{\"v\":2}"));
            assertThatThrownBy(() -> b.update(key, created.modRevision(), json("{\"v\":3}")))
                    .isInstanceOf(StoreException.Conflict.class);
            StoredObject fromB = b.update(key, updated.modRevision(), json("{\"v\":4}"));
            assertThat(fromB.modRevision()).isEqualTo(updated.modRevision() + 1);
            // A catches up from the log (catch-up interval) without Hazelcast.
            await().atMost(Duration.ofSeconds(10)).until(() -> a.get(key).map(o -> o.modRevision()).orElse(0L)
                    == fromB.modRevision());
            assertThat(StoreFixtures.text(a.get(key).orElseThrow())).isEqualTo("{\"v\":4}");
        } finally {
            closeAll(stores);
        }
    }

    @Test
    void aWatchResumedOnAnotherMemberFromTheLastRevisionSeenMissesNothing() throws Exception {
        StoreConfig.SharedLog log = postgres.newDatabase();
        List<DurableObjectStore> stores = members(log, 2, true);
        DurableObjectStore a = stores.get(0);
        DurableObjectStore b = stores.get(1);
        try {
            StoreFixtures.Recorder first = new StoreFixtures.Recorder();
            ObjectStore.Watch watch = a.watch(KeyPrefix.of("", "configmaps"), a.currentRevision(), first);
            List<Long> written = new ArrayList<>();
            for (int n = 0; n < 40; n++) {
                written.add((n % 2 == 0 ? a : b).create(configMap("ns", "w-" + n), json("{}")).modRevision());
            }
            await().until(() -> first.events.size() >= 20);
            watch.close();
            a.close();
            List<Long> seen = new ArrayList<>(first.revisions());
            long resumeFrom = seen.get(seen.size() - 1);
            StoreFixtures.Recorder second = new StoreFixtures.Recorder();
            b.watch(KeyPrefix.of("", "configmaps"), resumeFrom, second);
            for (int n = 40; n < 60; n++) {
                written.add(b.create(configMap("ns", "w-" + n), json("{}")).modRevision());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() + second.events.size() >= 60);
            List<Long> all = new ArrayList<>(seen);
            all.addAll(second.revisions());
            assertThat(all).isSorted().doesNotHaveDuplicates().containsExactlyElementsOf(written.stream().sorted().toList());
        } finally {
            b.close();
        }
    }

    @Test
    void everyObjectIsBackAfterAllMembersRestart() throws Exception {
        StoreConfig.SharedLog log = postgres.newDatabase();
        List<DurableObjectStore> stores = members(log, 2, true);
        long revision;
        try {
            for (int n = 0; n < 50; n++) {
                stores.get(n % 2).create(configMap("ns", "keep-" + n), json("{\"n\":" + n + "}"));
            }
            stores.get(0).delete(configMap("ns", "keep-0"), 0);
            revision = stores.get(1).create(configMap("ns", "last"), json("{}")).modRevision();
        } finally {
            closeAll(stores);
        }
        List<DurableObjectStore> again = members(log, 2, true);
        try {
            for (DurableObjectStore store : again) {
                assertThat(store.currentRevision()).isEqualTo(revision);
                assertThat(store.list(KeyPrefix.of("", "configmaps"), null, null, 0, 0).items()).hasSize(50);
                assertThat(store.get(configMap("ns", "keep-0"))).isEmpty();
            }
            // Revisions keep rising after the restart.
            assertThat(again.get(0).create(configMap("ns", "after"), json("{}")).modRevision()).isEqualTo(revision + 1);
        } finally {
            closeAll(again);
        }
    }

    @Test
    void exactlyOneMemberLeadsAndASurvivorTakesOverWhenItGoes() throws Exception {
        StoreConfig.SharedLog log = postgres.newDatabase();
        List<DurableObjectStore> stores = members(log, 3, false);
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> stores.stream().filter(s -> s.leadership().isLeader()).count() == 1);
            DurableObjectStore leader = stores.stream().filter(s -> s.leadership().isLeader()).findFirst().orElseThrow();
            List<Boolean> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
            leader.leadership().onChange(changes::add);
            assertThat(changes).containsExactly(true);
            leader.close();
            assertThat(changes).containsExactly(true, false);
            List<DurableObjectStore> survivors = stores.stream().filter(s -> s != leader).toList();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> survivors.stream().filter(s -> s.leadership().isLeader()).count() == 1);
            // Stays one: the others keep trying and keep failing.
            Thread.sleep(1_500);
            assertThat(survivors.stream().filter(s -> s.leadership().isLeader()).count()).isEqualTo(1);
        } finally {
            stores.forEach(DurableObjectStore::close);
        }
    }

    @Test
    void compactionByOneMemberIsHonouredByTheOthers() throws Exception {
        StoreConfig.SharedLog log = postgres.newDatabase();
        List<DurableObjectStore> stores = members(log, 2, false);
        try {
            DurableObjectStore a = stores.get(0);
            DurableObjectStore b = stores.get(1);
            ObjectKey key = configMap("ns", "churn");
            long first = a.create(key, json("{\"v\":0}")).modRevision();
            for (int v = 1; v <= 20; v++) {
                a.update(key, 0, json("{\"v\":" + v + "}"));
            }
            long compacted = a.compact(a.currentRevision() - 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> b.compactedRevision() == compacted);
            assertThatThrownBy(() -> b.watch(KeyPrefix.of("", "configmaps"), first, new StoreFixtures.Recorder()))
                    .isInstanceOf(StoreException.Compacted.class);
            assertThatThrownBy(() -> b.list(KeyPrefix.of("", "configmaps"), null, null, 1, first))
                    .isInstanceOf(StoreException.Compacted.class);
            // The current state is whole on both.
            assertThat(StoreFixtures.text(b.get(key).orElseThrow())).isEqualTo("{\"v\":20}");
        } finally {
            closeAll(stores);
        }
    }

    @Test
    void membersFoundByDnsNameStartAndServe() throws Exception {
        // Hazelcast's Kubernetes discovery in DNS-lookup mode, as deploy/'s HA overlay runs it (--peer-dns with a
        // headless Service); here the name is localhost, so the one member finds only itself.
        StoreConfig.SharedLog log = postgres.newDatabase();
        int port = freePort();
        try (DurableObjectStore store = StoreFixtures.open(dir.resolve("dns"), b -> b.sharedLog(log)
                .discoveryDns("localhost").hazelcastPort(port))) {
            assertThat(store.config().standalone()).isFalse();
            StoredObject created = store.create(configMap("ns", "found-by-dns"), json("{}"));
            assertThat(store.get(created.key())).isPresent();
            await().atMost(Duration.ofSeconds(10)).until(() -> store.leadership().isLeader());
        }
    }

    @Test
    void aMemberAloneOnItsEmbeddedLogAlwaysLeads() {
        try (DurableObjectStore store = StoreFixtures.open(dir.resolve("alone"))) {
            assertThat(store.leadership().isLeader()).isTrue();
        }
    }

    @Test
    void aSharedLogWithoutTheEmbeddedFileRefusesPeersOnTheEmbeddedLog() {
        assertThatThrownBy(() -> StoreConfig.builder(dir).members(List.of("127.0.0.1:5701")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shared log");
        assertThatThrownBy(() -> new StoreConfig.SharedLog("jdbc:sqlite:x", "u", ""))
                .hasMessageContaining("sharedLog.jdbcUrl");
    }

    private static String databaseOf(StoreConfig.SharedLog log) {
        return log.jdbcUrl().substring(log.jdbcUrl().lastIndexOf('/') + 1);
    }
}
