package dev.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.it.support.ApiClient;
import dev.flotilla.demo.local.ControlPlaneProcess;
import dev.flotilla.it.support.Workspace;
import dev.flotilla.store.PostgresServer;
import dev.flotilla.store.StoreConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A highly available control plane as a user runs it: three {@code ./flotilla server} processes sharing one
 * PostgreSQL store and forming one Hazelcast cluster. Under a steady write load from clients that move to another
 * member when theirs stops answering (as behind a load balancer), the member running the controllers is killed
 * with SIGKILL: no acknowledged write may be lost, the survivors must answer within 5 s, the controllers must
 * resume on a survivor, and a watch resumed on a survivor from the last resourceVersion it saw must miss nothing
 * and repeat nothing. Then all three are killed and restarted: every object is back.
 */
class HighAvailabilityIT {

    private static final String NS = "ha";
    private static final Duration LOAD_BEFORE_KILL = Duration.ofSeconds(4);
    private static final Duration LOAD_AFTER_KILL = Duration.ofSeconds(6);

    private static PostgresServer postgres;
    private static Path work;

    @BeforeAll
    static void startPostgres() {
        work = Workspace.newWorkDir("ha");
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
        Workspace.deleteQuietly(work);
    }

    @Test
    void killingTheLeaderUnderLoadLosesNothingAndTheSurvivorsTakeOver() throws Exception {
        StoreConfig.SharedLog store = postgres.newDatabase();
        List<ControlPlaneProcess> started = ControlPlaneProcess.startMembers(3, store.jdbcUrl(), store.user(), work,
                "member", i -> Map.of());
        List<ControlPlaneProcess> members = new ArrayList<>(started);
        try {
            ApiClient first = new ApiClient(members.get(0).baseUri());
            assertThat(first.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + NS + "\"}}").status())
                    .isEqualTo(201);
            ControlPlaneProcess leader = leaderOf(started);
            int leaderIndex = started.indexOf(leader);
            List<URI> all = started.stream().map(ControlPlaneProcess::baseUri).toList();

            // A watch on the member about to die, resumed elsewhere by the client itself.
            long startRevision = first.get("/api/v1/namespaces/" + NS + "/configmaps").json()
                    .path("metadata").path("resourceVersion").asLong();
            ResumingWatch watch = new ResumingWatch(rotateFrom(all, leaderIndex), startRevision);
            watch.start();

            // Writers: one per member, each moving on to the next member when its own stops answering.
            AtomicBoolean writing = new AtomicBoolean(true);
            Map<String, Long> acknowledged = new ConcurrentHashMap<>();
            List<Writer> writers = new ArrayList<>();
            for (int i = 0; i < started.size(); i++) {
                Writer writer = new Writer("w" + i, rotateFrom(all, i), writing, acknowledged);
                writers.add(writer);
                writer.start();
            }
            Thread.sleep(LOAD_BEFORE_KILL.toMillis());
            long killedAt = System.nanoTime();
            leader.kill9();
            List<ControlPlaneProcess> survivors = started.stream().filter(m -> m != leader).toList();

            // Controllers resume on a survivor: it records itself in the lease and propagation runs again.
            ApiClient survivor = new ApiClient(survivors.get(0).baseUri());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> survivors.contains(ControlPlaneProcess.controllersLeader(started)));
            long leaseMovedMillis = (System.nanoTime() - killedAt) / 1_000_000;
            // (In another namespace: propagation records its policy on the template, an update the watch of the
            // test namespace should not see.)
            survivor.create("/api/v1/namespaces/default/configmaps",
                    "{\"metadata\":{\"name\":\"probe\"},\"data\":{\"a\":\"b\"}}");
            survivor.create("/apis/flotilla.dev/v1alpha1/namespaces/default/propagationpolicies",
                    "{\"metadata\":{\"name\":\"probe\"},\"spec\":{\"resourceSelectors\":[{\"apiVersion\":\"v1\","
                            + "\"kind\":\"ConfigMap\",\"name\":\"probe\"}],\"placement\":{}}}");
            await().atMost(Duration.ofSeconds(30)).until(() -> survivor.get(
                    "/apis/flotilla.dev/v1alpha1/namespaces/default/resourcebindings/probe-configmap").status() == 200);

            Thread.sleep(LOAD_AFTER_KILL.toMillis());
            writing.set(false);
            for (Writer writer : writers) {
                writer.join(60_000);
            }
            long gapMillis = writers.get(leaderIndex).longestGapMillis();
            System.out.printf("HA: %d writes acknowledged; killed %s; its writer's longest gap %d ms; "
                            + "lease moved after %d ms; watch resumed %d time(s)%n", acknowledged.size(),
                    leader.url(), gapMillis, leaseMovedMillis, watch.resumes());

            // The survivors answered within 5 s for the writer whose member died.
            assertThat(gapMillis).isLessThanOrEqualTo(5_000);
            assertThat(writers.get(leaderIndex).writesAfter(killedAt)).isPositive();
            // No acknowledged write is lost, on either survivor.
            for (ControlPlaneProcess member : survivors) {
                ApiClient api = new ApiClient(member.baseUri());
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(namesIn(api)).containsAll(acknowledged.keySet()));
            }
            // The watch, resumed on a survivor, saw every object created exactly once, in revision order.
            Map<String, Long> stored = objectsIn(survivor);
            await().atMost(Duration.ofSeconds(20)).until(() -> watch.added().keySet().containsAll(stored.keySet()));
            watch.stopWatching();
            assertThat(watch.resumes()).isPositive();
            assertThat(watch.revisions()).isSorted().doesNotHaveDuplicates();
            assertThat(watch.added()).containsAllEntriesOf(stored);

            // Every member killed, then all restarted: every object is back.
            for (ControlPlaneProcess member : survivors) {
                member.kill9();
            }
            List<ControlPlaneProcess> restarted = new ArrayList<>();
            for (ControlPlaneProcess member : started) {
                restarted.add(member.restart());
            }
            members.clear();
            members.addAll(restarted);
            for (ControlPlaneProcess member : restarted) {
                assertThat(objectsIn(new ApiClient(member.baseUri()))).containsAllEntriesOf(stored);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ControlPlaneProcess.controllersLeader(restarted) != null);
        } finally {
            members.forEach(ControlPlaneProcess::close);
        }
    }

    /** The member whose process holds the controllers' lease ({@code holderIdentity} ends in its pid). */
    private static ControlPlaneProcess leaderOf(List<ControlPlaneProcess> members) {
        await().atMost(Duration.ofSeconds(30)).until(() -> ControlPlaneProcess.controllersLeader(members) != null);
        return ControlPlaneProcess.controllersLeader(members);
    }

    private static List<URI> rotateFrom(List<URI> all, int start) {
        List<URI> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(all.get((start + i) % all.size()));
        }
        return order;
    }

    private static Set<String> namesIn(ApiClient api) {
        return objectsIn(api).keySet();
    }

    /** The ConfigMaps of the test namespace: name to resourceVersion of its creation (none is ever updated). */
    private static Map<String, Long> objectsIn(ApiClient api) {
        Map<String, Long> out = new java.util.HashMap<>();
        for (JsonNode item : api.get("/api/v1/namespaces/" + NS + "/configmaps").json().path("items")) {
            out.put(item.path("metadata").path("name").asText(), item.path("metadata").path("resourceVersion").asLong());
        }
        return out;
    }

    /** Creates ConfigMaps one after another; on a transport error it moves to the next member and a new name. */
    private static final class Writer extends Thread {
        private final List<ApiClient> members;
        private final AtomicBoolean writing;
        private final Map<String, Long> acknowledged;
        private final List<Long> successes = new CopyOnWriteArrayList<>();
        private int current;

        Writer(String name, List<URI> members, AtomicBoolean writing, Map<String, Long> acknowledged) {
            super("writer-" + name);
            this.members = members.stream().map(ApiClient::new).toList();
            this.writing = writing;
            this.acknowledged = acknowledged;
        }

        @Override
        public void run() {
            int n = 0;
            while (writing.get()) {
                String name = getName().substring("writer-".length()) + "-" + n++;
                try {
                    ApiClient.Response response = members.get(current).post("/api/v1/namespaces/" + NS + "/configmaps",
                            "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"n\":\"" + n + "\"}}");
                    if (response.status() == 201) {
                        acknowledged.put(name, response.json().path("metadata").path("resourceVersion").asLong());
                        successes.add(System.nanoTime());
                    } else if (response.status() >= 500) {
                        current = (current + 1) % members.size();
                    }
                } catch (UncheckedIOException e) {
                    // Unanswered: not acknowledged (it may or may not have been applied). Try the next member.
                    current = (current + 1) % members.size();
                }
            }
        }

        long longestGapMillis() {
            long longest = 0;
            for (int i = 1; i < successes.size(); i++) {
                longest = Math.max(longest, successes.get(i) - successes.get(i - 1));
            }
            return longest / 1_000_000;
        }

        long writesAfter(long nanos) {
            return successes.stream().filter(t -> t > nanos).count();
        }
    }

    /**
     * A watch as client-go's reflector keeps one: from a resourceVersion, remembering the last one seen (events
     * and bookmarks), and on a broken connection reconnecting to the next member from there.
     */
    private static final class ResumingWatch extends Thread {
        private final List<URI> members;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final AtomicLong lastRevision;
        private final Map<String, Long> added = new ConcurrentHashMap<>();
        private final List<Long> revisions = new CopyOnWriteArrayList<>();
        private final AtomicLong resumes = new AtomicLong(-1);
        private volatile boolean running = true;
        private volatile Stream<String> open;

        ResumingWatch(List<URI> members, long fromRevision) {
            super("resuming-watch");
            setDaemon(true);
            this.members = members;
            this.lastRevision = new AtomicLong(fromRevision);
        }

        @Override
        public void run() {
            int member = 0;
            while (running) {
                URI uri = members.get(member).resolve("/api/v1/namespaces/" + NS + "/configmaps?watch=1"
                        + "&allowWatchBookmarks=true&resourceVersion=" + lastRevision.get());
                try {
                    HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                            HttpResponse.BodyHandlers.ofLines());
                    if (response.statusCode() == 200) {
                        resumes.incrementAndGet();
                        open = response.body();
                        open.forEach(this::onLine);
                    }
                } catch (IOException | UncheckedIOException e) {
                    // the member went away: resume on the next one from the last revision seen
                } catch (InterruptedException e) {
                    return;
                }
                if (running) {
                    member = (member + 1) % members.size();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        private void onLine(String line) {
            if (line.isBlank()) {
                return;
            }
            try {
                JsonNode event = ApiClient.JSON.readTree(line);
                JsonNode metadata = event.path("object").path("metadata");
                long revision = metadata.path("resourceVersion").asLong();
                String type = event.path("type").asText();
                if (!type.equals("BOOKMARK")) {
                    revisions.add(revision);
                    if (type.equals("ADDED")) {
                        added.put(metadata.path("name").asText(), revision);
                    }
                }
                lastRevision.set(revision);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Map<String, Long> added() {
            return Map.copyOf(added);
        }

        List<Long> revisions() {
            return List.copyOf(revisions);
        }

        long resumes() {
            return resumes.get();
        }

        void stopWatching() {
            running = false;
            Stream<String> stream = open;
            if (stream != null) {
                stream.close();
            }
            interrupt();
        }
    }
}
