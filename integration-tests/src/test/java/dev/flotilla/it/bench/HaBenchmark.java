package dev.flotilla.it.bench;

import dev.flotilla.it.support.ApiClient;
import dev.flotilla.demo.local.ControlPlaneProcess;
import dev.flotilla.it.support.Workspace;
import dev.flotilla.store.PostgresServer;
import dev.flotilla.store.StoreConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.HdrHistogram.Histogram;

import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * The high-availability benchmark (docs/benchmarks.md, "High availability"), side by side in one run on one
 * machine: ConfigMap creates against one control plane on its embedded SQLite store, one on PostgreSQL, and three
 * members sharing PostgreSQL (the load spread evenly over them, as a Service would): throughput at max rate and
 * latency at a fixed rate. Then the unavailability window when a member dies: three members, a client writing
 * without pause to the member that runs the controllers, that member SIGKILLed; the time until the client's next
 * acknowledged write on a survivor, and until the survivors' lease names the new leader.
 *
 * <p>{@code ./mvnw -B -o -f integration-tests/pom.xml test-compile exec:java@ha-bench}; options
 * {@code -Dbench.connections=16 -Dbench.rate=300 -Dbench.seconds=10 -Dbench.kills=3}.
 */
public final class HaBenchmark {

    private static final String NS = "bench";
    private final int connections = Integer.getInteger("bench.connections", 16);
    private final double rate = Double.parseDouble(System.getProperty("bench.rate", "300"));
    private final Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    private final int kills = Integer.getInteger("bench.kills", 3);
    private final StringBuilder report = new StringBuilder();
    private int run;

    public static void main(String[] args) throws Exception {
        new HaBenchmark().benchmark();
        System.exit(0);
    }

    private void benchmark() throws Exception {
        Path work = Workspace.newWorkDir("ha-bench");
        line("## Run of " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
                + " at start; " + connections + " connections in all; PostgreSQL "
                + "from Debian's package on the same machine (fsync on, synchronous_commit on).");
        line("");
        line("| control plane | creates/s at max rate | p50 ms | p99 ms | at " + (int) rate + "/s: p50 ms | p99 ms |");
        line("|---|---|---|---|---|---|");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
        try (PostgresServer postgres = PostgresServer.start()) {
            if (!Boolean.getBoolean("bench.onlyThree")) {
            try (ControlPlaneProcess alone = ControlPlaneProcess.start(work.resolve("sqlite"),
                    work.resolve("sqlite.log"))) {
                row("1 member, embedded SQLite", vertx, List.of(alone));
            }
            StoreConfig.SharedLog single = postgres.newDatabase();
            try (ControlPlaneProcess onPostgres = ControlPlaneProcess.start(work.resolve("pg"), work.resolve("pg.log"),
                    Map.of(), List.of("--store-url", single.jdbcUrl(), "--store-user", single.user()))) {
                row("1 member, PostgreSQL", vertx, List.of(onPostgres));
            }
            }
            List<ControlPlaneProcess> three = startThree(postgres.newDatabase(), work, "three");
            try {
                row("3 members, shared PostgreSQL, all load on one", vertx, three.subList(0, 1));
                row("3 members, shared PostgreSQL, load spread over all", vertx, three);
            } finally {
                three.forEach(ControlPlaneProcess::close);
            }
            line("");
            line("Unavailability when the member running the controllers is killed (SIGKILL), a client writing to it "
                    + "without pause and moving to the next member when it stops answering:");
            line("");
            line("| kill | acknowledged writes before | client's gap ms | lease on a survivor after ms |");
            line("|---|---|---|---|");
            for (int k = 1; k <= kills; k++) {
                killOne(postgres.newDatabase(), work, k);
            }
        } finally {
            vertx.close();
        }
        Path out = work.resolve("ha-bench.md");
        Files.writeString(out, report);
        System.out.println("\nReport written to " + out);
    }

    private static List<ControlPlaneProcess> startThree(StoreConfig.SharedLog store, Path work, String name)
            throws Exception {
        // e.g. -Dbench.serverJavaOpts="-XX:StartFlightRecording=filename=/tmp/%i.jfr" to profile the members
        String javaOpts = System.getProperty("bench.serverJavaOpts", "");
        return ControlPlaneProcess.startMembers(3, store.jdbcUrl(), store.user(), work, name, i -> javaOpts.isBlank()
                ? Map.of() : Map.of("FLOTILLA_JAVA_OPTS", javaOpts.replace("%i", name + i)));
    }

    /** Max-rate and fixed-rate creates, the connections and the rate split evenly over the members. */
    private void row(String label, Vertx vertx, List<ControlPlaneProcess> members) throws Exception {
        new ApiClient(members.get(0).baseUri()).post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + NS + "\"}}");
        List<LoadGenerator> generators = new ArrayList<>();
        for (ControlPlaneProcess member : members) {
            generators.add(new LoadGenerator(vertx, member.port(), Math.max(1, connections / members.size())));
        }
        int phase = ++run;
        Combined max = measureAll(generators, g -> g.maxRate(creates(phase, generators.indexOf(g), "m"),
                Duration.ofSeconds(Long.getLong("bench.warmup", 5)), measure));
        Combined fixed = measureAll(generators, g -> g.fixedRate(creates(phase, generators.indexOf(g), "f"),
                rate / members.size(), Duration.ofSeconds(2), measure));
        generators.forEach(LoadGenerator::close);
        line(String.format(Locale.ROOT, "| %s | %.0f%s | %.2f | %.2f | %s |", label, max.throughput,
                max.errors > 0 ? " (" + max.errors + " errors)" : "", max.p50(), max.p99(),
                fixed.sustained ? String.format(Locale.ROOT, "%.2f | %.2f", fixed.p50(), fixed.p99())
                        : "not sustained | –"));
    }

    private static LongFunction<LoadGenerator.Request> creates(int phase, int member, String kind) {
        return k -> LoadGenerator.Request.post("/api/v1/namespaces/" + NS + "/configmaps",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + kind + phase + "-" + member
                        + "-" + k + "\"},\"data\":{\"value\":\"" + "x".repeat(512) + "\"}}");
    }

    private record Combined(double throughput, long errors, Histogram latency, boolean sustained) {
        double p50() {
            return latency.getValueAtPercentile(50) / 1000.0;
        }

        double p99() {
            return latency.getValueAtPercentile(99) / 1000.0;
        }
    }

    private interface Measure {
        LoadGenerator.Result on(LoadGenerator generator);
    }

    /** Runs one measurement on every generator at once and adds the results up. */
    private static Combined measureAll(List<LoadGenerator> generators, Measure measure) {
        List<CompletableFuture<LoadGenerator.Result>> running = new ArrayList<>();
        for (LoadGenerator generator : generators) {
            running.add(CompletableFuture.supplyAsync(() -> measure.on(generator)));
        }
        Histogram latency = new Histogram(3);
        double throughput = 0;
        long errors = 0;
        boolean sustained = true;
        for (CompletableFuture<LoadGenerator.Result> future : running) {
            LoadGenerator.Result result = future.join();
            latency.add(result.latencyMicros());
            throughput += result.throughput();
            errors += result.errors();
            sustained &= result.sustained();
        }
        return new Combined(throughput, errors, latency, sustained);
    }

    private void killOne(StoreConfig.SharedLog store, Path work, int k) throws Exception {
        List<ControlPlaneProcess> members = startThree(store, work, "kill" + k);
        try {
            List<ApiClient> clients = members.stream().map(m -> new ApiClient(m.baseUri())).toList();
            clients.get(0).post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + NS + "\"}}");
            ControlPlaneProcess leader = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (leader == null && System.nanoTime() < deadline) {
                leader = ControlPlaneProcess.controllersLeader(members);
                Thread.sleep(100);
            }
            if (leader == null) {
                throw new IllegalStateException("no member recorded itself as the controllers' leader");
            }
            int start = members.indexOf(leader);
            int current = start;
            long acknowledged = 0;
            long killedAt = 0;
            long lastBeforeKill = 0;
            long firstAfterKill = 0;
            long beganAt = System.nanoTime();
            for (int n = 0; firstAfterKill == 0; n++) {
                if (killedAt == 0 && System.nanoTime() - beganAt > Duration.ofSeconds(3).toNanos()) {
                    leader.kill9();
                    killedAt = System.nanoTime();
                }
                try {
                    ApiClient.Response response = clients.get(current).post("/api/v1/namespaces/" + NS + "/configmaps",
                            "{\"metadata\":{\"name\":\"k-" + n + "\"}}");
                    if (response.status() == 201) {
                        if (killedAt == 0) {
                            acknowledged++;
                            lastBeforeKill = System.nanoTime();
                        } else {
                            firstAfterKill = System.nanoTime();
                        }
                    } else if (response.status() >= 500) {
                        current = (current + 1) % members.size();
                    }
                } catch (UncheckedIOException e) {
                    current = (current + 1) % members.size();
                }
            }
            ControlPlaneProcess dead = leader;
            long leaseAt = 0;
            while (leaseAt == 0 && System.nanoTime() - killedAt < Duration.ofSeconds(60).toNanos()) {
                ControlPlaneProcess now = ControlPlaneProcess.controllersLeader(members);
                if (now != null && now != dead) {
                    leaseAt = System.nanoTime();
                }
                Thread.sleep(20);
            }
            line(String.format(Locale.ROOT, "| %d | %d | %d | %s |", k, acknowledged,
                    (firstAfterKill - lastBeforeKill) / 1_000_000,
                    leaseAt == 0 ? "not within 60 s" : Long.toString((leaseAt - killedAt) / 1_000_000)));
        } finally {
            members.forEach(ControlPlaneProcess::close);
        }
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }
}
