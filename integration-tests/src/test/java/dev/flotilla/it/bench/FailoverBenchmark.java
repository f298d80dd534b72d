package dev.flotilla.it.bench;

import dev.flotilla.demo.local.FlotillaRoot;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.it.support.ApiClient;
import dev.flotilla.simulator.FaultyLink;
import dev.flotilla.demo.local.ControlPlaneProcess;
import dev.flotilla.demo.local.MemberFederation;
import dev.flotilla.demo.local.MemberFederation.Member;
import dev.flotilla.demo.local.MemberSpec;
import dev.flotilla.it.support.Workspace;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Failover, measured (docs/benchmarks.md, "Failover"); a main, not a test.
 *
 * <ul>
 *   <li><b>RTO</b> ({@code rto}): {@code ./flotilla server} with its default health settings, six simulated members in
 *       three zones of one region with their agents (default settings), a Deployment of 12 replicas divided over
 *       the zones. Each run stops every cluster of one zone (members and agents, as a power loss would) and
 *       measures from that moment: detection (both Clusters Ready=Unknown, seen through the API), eviction (the
 *       binding no longer names them) and recovery — the moment the surviving members' own APIs report 12 ready
 *       replicas, the RTO. Then the lost Clusters are deleted and two new members join that zone; the rebalance
 *       brings the replicas back before the next run.</li>
 *   <li><b>False failovers under jitter</b> ({@code jitter}): six members whose agents reach the control plane
 *       through a {@link FaultyLink} that delays every request by a uniform random time up to J. For each J, the
 *       federation is watched for a while: every Cluster that leaves Ready=True, every eviction Event, every change
 *       of the binding's placement counts.</li>
 * </ul>
 * Settings: {@code -Dbench.parts=rto,jitter}, {@code -Dbench.runs=10}, {@code -Dbench.jitters=1,2,3,4,5} (seconds),
 * {@code -Dbench.jitterMinutes=2}. The report is printed and written to
 * {@code integration-tests/target/bench-work/failover-results.md}.
 */
public final class FailoverBenchmark {

    private static final String NS = "bench";
    private static final List<String> ZONES = List.of("eu-1a", "eu-1b", "eu-1c");
    private static final int REPLICAS = 12;

    private final List<String> parts = List.of(System.getProperty("bench.parts", "rto,jitter").split(","));
    private final int runs = Integer.getInteger("bench.runs", 10);
    private final List<String> jitters = List.of(System.getProperty("bench.jitters", "1,2,3,4,5").split(","));
    private final double jitterMinutes = Double.parseDouble(System.getProperty("bench.jitterMinutes", "2"));
    private final StringBuilder report = new StringBuilder();
    private final HttpClient http = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        new FailoverBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = FlotillaRoot.find().resolve("integration-tests/target/bench-work/failover");
        Files.createDirectories(work);
        line("# Failover benchmark, " + Instant.now());
        line("");
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs; load average before: "
                + loadAverage());
        if (parts.contains("rto")) {
            rto(Files.createTempDirectory(work, "rto-"));
        }
        if (parts.contains("jitter")) {
            jitter(Files.createTempDirectory(work, "jitter-"));
        }
        line("");
        line("Load average after: " + loadAverage());
        Path results = FlotillaRoot.find().resolve("integration-tests/target/bench-work/failover-results.md");
        Files.writeString(results, report.toString(), StandardCharsets.UTF_8);
        System.out.println("report written to " + results);
    }

    // ---------------------------------------------------------------- RTO

    private void rto(Path work) throws Exception {
        try (ControlPlaneProcess server = ControlPlaneProcess.start(work.resolve("data"), work.resolve("server.log"))) {
            List<MemberSpec> specs = new ArrayList<>();
            Map<String, Integer> generation = new HashMap<>();
            for (String zone : ZONES) {
                generation.put(zone, 0);
                specs.add(new MemberSpec(zone + "-g0-1", "eu-1", zone));
                specs.add(new MemberSpec(zone + "-g0-2", "eu-1", zone));
            }
            UnaryOperator<dev.flotilla.simulator.SimulatedClusterConfig.Builder> cluster = c -> c.nodes(2);
            UnaryOperator<dev.flotilla.agent.AgentConfig.Builder> agent = a -> a;
            try (MemberFederation federation = MemberFederation.start(server, work, specs, cluster, agent)) {
                URI api = server.baseUri();
                awaitReadyClusters(api, specs.stream().map(MemberSpec::name).toList(), Duration.ofSeconds(120));
                apply(api);
                Set<String> live = new HashSet<>(specs.stream().map(MemberSpec::name).toList());
                awaitSpread(api, federation, live, Duration.ofSeconds(120));
                // The members joined after the control plane started: let their one rebalance (10 s) pass first.
                Thread.sleep(14_000);
                awaitSpread(api, federation, live, Duration.ofSeconds(120));

                List<Long> detect = new ArrayList<>();
                List<Long> evict = new ArrayList<>();
                List<Long> rto = new ArrayList<>();
                List<Long> rebalance = new ArrayList<>();
                line("");
                line("## RTO: a zone's two clusters stop (defaults: grace 4.5 s, toleration 2 s, heartbeat 1 s)");
                line("");
                line("| run | zone | detected | evicted | 12 ready elsewhere (RTO) | zone rejoined → rebalanced |");
                line("|---:|---|---:|---:|---:|---:|");
                for (int run = 1; run <= runs; run++) {
                    String zone = ZONES.get((run - 1) % ZONES.size());
                    List<String> lost = live.stream().filter(n -> n.startsWith(zone + "-")).sorted().toList();
                    long t0 = System.nanoTime();
                    for (String name : lost) {
                        federation.stopMember(name);
                    }
                    live.removeAll(lost);
                    long detected = -1;
                    long evicted = -1;
                    long ready = -1;
                    long deadline = t0 + Duration.ofSeconds(120).toNanos();
                    while (ready < 0 && System.nanoTime() < deadline) {
                        long now = System.nanoTime();
                        if (detected < 0 && lost.stream().allMatch(n -> "Unknown".equals(readyOf(api, n)))) {
                            detected = now - t0;
                        }
                        if (evicted < 0 && Collections.disjoint(placement(api).keySet(), lost)) {
                            evicted = now - t0;
                        }
                        if (evicted >= 0 && readyIn(federation, live) >= REPLICAS) {
                            ready = now - t0;
                        }
                        Thread.sleep(50);
                    }
                    if (ready < 0) {
                        throw new IllegalStateException("run " + run + ": replicas not ready within 120 s");
                    }
                    detect.add(detected);
                    evict.add(evicted);
                    rto.add(ready);
                    // The zone comes back as two new clusters; the lost ones are removed, as an operator would.
                    for (String name : lost) {
                        delete(api, "/apis/flotilla.dev/v1alpha1/clusters/" + name);
                    }
                    int gen = generation.merge(zone, 1, Integer::sum);
                    long joined = System.nanoTime();
                    for (int n = 1; n <= 2; n++) {
                        MemberSpec spec = new MemberSpec(zone + "-g" + gen + "-" + n, "eu-1", zone);
                        federation.add(spec, cluster, agent);
                        live.add(spec.name());
                    }
                    awaitSpread(api, federation, live, Duration.ofSeconds(120));
                    rebalance.add(System.nanoTime() - joined);
                    line("| " + run + " | " + zone + " | " + ms(detected) + " | " + ms(evicted) + " | "
                            + ms(ready) + " | " + ms(rebalance.get(rebalance.size() - 1)) + " |");
                }
                line("");
                line("| | p50 | p99 | max |");
                line("|---|---:|---:|---:|");
                line(summary("detected (both Ready=Unknown)", detect));
                line(summary("evicted (binding without them)", evict));
                line(summary("**RTO** (12 ready elsewhere)", rto));
                line(summary("zone rejoined → rebalanced and ready", rebalance));
            }
        }
    }

    // ---------------------------------------------------------------- jitter

    private void jitter(Path work) throws Exception {
        try (ControlPlaneProcess server = ControlPlaneProcess.start(work.resolve("data"), work.resolve("server.log"))) {
            List<MemberSpec> specs = new ArrayList<>();
            for (String zone : ZONES) {
                specs.add(new MemberSpec(zone + "-j-1", "eu-1", zone));
                specs.add(new MemberSpec(zone + "-j-2", "eu-1", zone));
            }
            UnaryOperator<dev.flotilla.agent.AgentConfig.Builder> agent = a -> a;
            Map<String, FaultyLink> links = new LinkedHashMap<>();
            try (MemberFederation federation = MemberFederation.start(server, work, specs, c -> c.nodes(2),
                    agent)) {
                URI api = server.baseUri();
                for (MemberSpec spec : specs) {
                    FaultyLink link = FaultyLink.to(api);
                    links.put(spec.name(), link);
                    federation.restartAgent(spec.name(), link.uri(api), agent);
                }
                List<String> names = specs.stream().map(MemberSpec::name).toList();
                awaitReadyClusters(api, names, Duration.ofSeconds(120));
                apply(api);
                awaitSpread(api, federation, new HashSet<>(names), Duration.ofSeconds(120));
                line("");
                line("## False failovers under heartbeat jitter (every agent request delayed by U(0, J))");
                line("");
                line("| J | observed | clusters | Ready left True | unreachable Events | evictions | placement changes |");
                line("|---:|---:|---:|---:|---:|---:|---:|");
                for (String j : jitters) {
                    Duration max = Duration.ofMillis((long) (Double.parseDouble(j.trim()) * 1000));
                    links.values().forEach(link -> link.jitter(max));
                    int unreachableBefore = countEvents(api, "ClusterUnreachable");
                    int evictionsBefore = countEvents(api, "EvictingFromCluster");
                    Map<String, Integer> placement = placement(api);
                    int placementChanges = 0;
                    int notReady = 0;
                    Map<String, Boolean> wasReady = new HashMap<>();
                    long end = System.nanoTime() + (long) (jitterMinutes * 60e9);
                    while (System.nanoTime() < end) {
                        for (String name : names) {
                            boolean ready = "True".equals(readyOf(api, name));
                            if (!ready && wasReady.getOrDefault(name, true)) {
                                notReady++;
                            }
                            wasReady.put(name, ready);
                        }
                        Map<String, Integer> now = placement(api);
                        if (!now.equals(placement)) {
                            placementChanges++;
                            placement = now;
                        }
                        Thread.sleep(250);
                    }
                    line("| " + j.trim() + " s | " + jitterMinutes + " min | " + names.size() + " | " + notReady + " | "
                            + (countEvents(api, "ClusterUnreachable") - unreachableBefore) + " | "
                            + (countEvents(api, "EvictingFromCluster") - evictionsBefore) + " | " + placementChanges
                            + " |");
                    links.values().forEach(link -> link.jitter(Duration.ZERO));
                    awaitReadyClusters(api, names, Duration.ofSeconds(120));
                    awaitSpread(api, federation, new HashSet<>(names), Duration.ofSeconds(120));
                }
            } finally {
                links.values().forEach(FaultyLink::close);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private void apply(URI api) throws Exception {
        ensure(api, "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
                + NS + "\"}}");
        ensure(api, "/apis/flotilla.dev/v1alpha1/namespaces/" + NS + "/propagationpolicies", """
                {"apiVersion":"flotilla.dev/v1alpha1","kind":"PropagationPolicy","metadata":{"name":"web"},
                 "spec":{"resourceSelectors":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web"}],
                  "placement":{"spreadConstraints":[{"spreadByField":"zone","minGroups":2}],
                   "replicaScheduling":{"replicaSchedulingType":"Divided","replicaDivisionPreference":"Weighted",
                    "weightPreference":{"hierarchicalWeights":{"regions":[{"name":"eu-1","weight":1,"zones":[
                     {"name":"eu-1a","weight":1},{"name":"eu-1b","weight":1},{"name":"eu-1c","weight":1}]}]}}}}}}
                """);
        ensure(api, "/apis/apps/v1/namespaces/" + NS + "/deployments", """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web",
                   "image":"nginx:1.27","resources":{"requests":{"cpu":"100m"}}}]}}}}
                """.formatted(REPLICAS));
    }

    /** Every live member runs its share, the zones all hold replicas, and 12 are ready. */
    private void awaitSpread(URI api, MemberFederation federation, Set<String> live, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Integer> placed = placement(api);
            if (placed.keySet().equals(live) && readyIn(federation, live) >= REPLICAS
                    && placed.values().stream().mapToInt(Integer::intValue).sum() == REPLICAS) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("placement " + placement(api) + " did not cover " + live + " in time");
    }

    private void awaitReadyClusters(URI api, List<String> names, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (names.stream().allMatch(n -> "True".equals(readyOf(api, n)))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("clusters " + names + " not Ready in time");
    }

    private static int readyIn(MemberFederation federation, Set<String> members) {
        int ready = 0;
        for (String name : members) {
            Member member = federation.member(name);
            try {
                Deployment d = member.client().apps().deployments().inNamespace(NS).withName("web").get();
                if (d != null && d.getStatus() != null && d.getStatus().getReadyReplicas() != null) {
                    ready += d.getStatus().getReadyReplicas();
                }
            } catch (RuntimeException e) {
                // a member going away: counts nothing
            }
        }
        return ready;
    }

    private String readyOf(URI api, String cluster) {
        JsonNode node = get(api, "/apis/flotilla.dev/v1alpha1/clusters/" + cluster);
        for (JsonNode condition : node.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return condition.path("status").asText();
            }
        }
        return "";
    }

    private Map<String, Integer> placement(URI api) {
        JsonNode binding = get(api, "/apis/flotilla.dev/v1alpha1/namespaces/" + NS + "/resourcebindings/web-deployment");
        Map<String, Integer> placed = new LinkedHashMap<>();
        binding.path("spec").path("clusters").forEach(c -> placed.put(c.path("name").asText(),
                c.path("replicas").asInt()));
        return placed;
    }

    private int countEvents(URI api, String reason) {
        int count = 0;
        for (JsonNode event : get(api, "/api/v1/events?fieldSelector=reason%3D" + reason).path("items")) {
            count += event.path("count").asInt(1);
        }
        return count;
    }

    private JsonNode get(URI api, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return ApiClient.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void ensure(URI api, String collection, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve(collection))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IllegalStateException("POST " + collection + ": " + response.statusCode() + " " + response.body());
        }
    }

    private void delete(URI api, String path) throws Exception {
        http.send(HttpRequest.newBuilder(api.resolve(path)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    private static String summary(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return "| " + what + " | " + ms(percentile(sorted, 50)) + " | " + ms(percentile(sorted, 99)) + " | "
                + ms(sorted.get(sorted.size() - 1)) + " |";
    }

    /** Nearest-rank percentile. */
    private static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "—" : String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }
}
