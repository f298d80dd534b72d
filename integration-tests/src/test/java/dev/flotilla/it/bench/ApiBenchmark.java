package dev.flotilla.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.it.support.ApiClient;
import dev.flotilla.demo.local.ControlPlaneProcess;
import dev.flotilla.it.support.Workspace;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The control-plane benchmark (not a test): {@code ./flotilla server} and a bare Quarkus endpoint side by side,
 * GET / LIST / CREATE at fixed rates and at max rate over 32 connections; watch fan-out to 1,000 watches; and
 * 10,000 acknowledged writes, {@code kill -9}, restart, count. Prints a Markdown report and writes it to
 * {@code integration-tests/target/bench-work/results.md}. How to run it: docs/benchmarks.md.
 *
 * <p>Settings (system properties, defaults in brackets):
 * <ul>
 *   <li>{@code bench.rates} [500,2000,5000] fixed rates in requests/s; a max-rate run always follows;</li>
 *   <li>{@code bench.warmup}, {@code bench.seconds} [2, 8] unrecorded and recorded seconds of each run;</li>
 *   <li>{@code bench.jitWarmup} [5] seconds of every operation at max rate on both servers before any run;</li>
 *   <li>{@code bench.connections} [32] concurrent clients; {@code bench.clientThreads} [1] client event loops;</li>
 *   <li>{@code bench.ops} [GET,LIST,CREATE];</li>
 *   <li>{@code bench.watchers} [1000] and {@code bench.fanoutWrites} [200]; 0 watchers skips the fan-out;</li>
 *   <li>{@code bench.crashWrites} [10000]; 0 skips the kill -9 part;</li>
 *   <li>{@code bench.serverJavaOpts} JVM options for the server, e.g. a flight recording.</li>
 * </ul>
 */
public final class ApiBenchmark {

    private static final String BENCH_NS = "bench";
    private static final String CREATE_NS = "bench-create";
    private static final int LIST_SIZE = 100;
    /** A realistic small ConfigMap: one 512-character value. */
    private static final String PAYLOAD = "k=v;".repeat(128);

    private final List<Double> rates = Arrays.stream(System.getProperty("bench.rates", "500,2000,5000").split(","))
            .map(String::trim).map(Double::parseDouble).toList();
    private final Duration warmup = Duration.ofSeconds(Long.getLong("bench.warmup", 2));
    private final Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 8));
    private final int connections = Integer.getInteger("bench.connections", 32);
    private final int watchers = Integer.getInteger("bench.watchers", 1000);
    private final int fanoutWrites = Integer.getInteger("bench.fanoutWrites", 200);
    private final int crashWrites = Integer.getInteger("bench.crashWrites", 10_000);
    private final int clientThreads = Integer.getInteger("bench.clientThreads", 1);
    private final Duration jitWarmup = Duration.ofSeconds(Long.getLong("bench.jitWarmup", 5));
    private final List<String> ops = List.of(System.getProperty("bench.ops", "GET,LIST,CREATE").split(","));

    private final StringBuilder report = new StringBuilder();
    private int phase;

    private ApiBenchmark() {
    }

    /** Runs the whole benchmark once. */
    public static void main(String[] args) throws Exception {
        new ApiBenchmark().run();
    }

    private void run() throws Exception {
        Path work = Workspace.newWorkDir("bench");
        line("## Run of " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        machine();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(clientThreads).setWorkerPoolSize(2));
        // e.g. -Dbench.serverJavaOpts="-XX:StartFlightRecording=filename=server.jfr" to profile the server
        String serverJavaOpts = System.getProperty("bench.serverJavaOpts", "");
        ControlPlaneProcess server = ControlPlaneProcess.start(work.resolve("data"), work.resolve("server.log"),
                serverJavaOpts.isBlank() ? Map.of() : Map.of("FLOTILLA_JAVA_OPTS", serverJavaOpts));
        try (BareEndpoint bare = BareEndpoint.start(javaCommand(), work.resolve("bare.log"))) {
            LoadGenerator api = new LoadGenerator(vertx, server.port(), connections);
            LoadGenerator baseline = new LoadGenerator(vertx, bare.port(), connections);
            seed(api);
            jitWarmup(api, baseline);
            latencyAndThroughput(api, baseline);
            if (watchers > 0) {
                fanOut(vertx, api, server.port());
            }
            api.close();
            baseline.close();
            if (crashWrites > 0) {
                server = crashAndCount(vertx, server, work);
            }
        } finally {
            server.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            Workspace.deleteQuietly(work.resolve("data")); // hundreds of MB after the CREATE runs; logs stay
        }
        line("");
        line("Load average after the run: " + loadAverage());
        Path results = work.getParent().resolve("results.md");
        Files.writeString(results, report, StandardCharsets.UTF_8);
        System.out.println("\nReport written to " + results + " (server log: " + work.resolve("server.log") + ")");
    }

    private void machine() throws IOException, InterruptedException {
        line("");
        line("- `nproc`: " + command("nproc").strip());
        line("- `free -h`:");
        line("```");
        line(command("free", "-h").stripTrailing());
        line("```");
        line("- `java -version`:");
        line("```");
        line(command(javaCommand(), "-version").stripTrailing());
        line("```");
        line("- load average before the run (`/proc/loadavg`; the machine is shared): " + loadAverage());
        line("- settings: " + connections + " connections, rates " + rates + " req/s, " + warmup.toSeconds()
                + " s warm-up + " + measure.toSeconds() + " s measured per run, load generator on "
                + clientThreads + " Vert.x event loop(s) in the same machine");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String javaCommand() {
        String home = System.getenv("JAVA_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "java"))) {
            return Path.of(home, "bin", "java").toString();
        }
        return "java";
    }

    private static String command(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    // ---- seed data ----

    private String createBody;
    private int getBytes;
    private int listBytes;
    private int createBytes;

    private void seed(LoadGenerator api) {
        for (String ns : List.of(BENCH_NS, CREATE_NS)) {
            api.fetch(LoadGenerator.Request.post("/api/v1/namespaces",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}"));
        }
        for (int i = 0; i < LIST_SIZE; i++) {
            api.fetch(LoadGenerator.Request.post(collection(BENCH_NS), configMap(String.format("cm-%03d", i))));
        }
        createBody = configMap("sample");
        getBytes = api.fetch(LoadGenerator.Request.get(collection(BENCH_NS) + "/cm-000")).length();
        listBytes = api.fetch(LoadGenerator.Request.get(collection(BENCH_NS))).length();
        createBytes = api.fetch(LoadGenerator.Request.post(collection(CREATE_NS), createBody)).length();
        line("");
        line("Objects: ConfigMaps with one 512-character value. GET answer " + getBytes + " B; LIST answer ("
                + LIST_SIZE + " ConfigMaps) " + listBytes + " B; CREATE request " + createBody.length()
                + " B, answer " + createBytes + " B. The bare endpoint answers with exactly as many bytes.");
    }

    private static String collection(String namespace) {
        return "/api/v1/namespaces/" + namespace + "/configmaps";
    }

    private static String configMap(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\","
                + "\"labels\":{\"app\":\"bench\"}},\"data\":{\"settings\":\"" + PAYLOAD + "\"}}";
    }

    // ---- latency and throughput ----

    private void latencyAndThroughput(LoadGenerator api, LoadGenerator baseline) {
        line("");
        line("### Latency and throughput (" + connections + " connections)");
        line("");
        line("Latency is measured from each request's scheduled send time (no coordinated omission). "
                + "\"not sustained\" = the backlog passed one second's worth of requests; the req/s shown is "
                + "then what the server managed meanwhile (its capacity).");
        line("");
        line("| operation | rate asked | Flotilla req/s | p50 ms | p99 ms | max ms | bare req/s | p50 ms | p99 ms "
                + "| max ms |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        for (String op : ops) {
            List<Double> runs = new ArrayList<>(rates);
            runs.add(0.0); // max rate
            for (double rate : runs) {
                LoadGenerator.Result flotilla = measure(api, op, false, rate);
                LoadGenerator.Result bare = measure(baseline, op, true, rate);
                line("| " + op + " | " + (rate == 0 ? "max" : String.format(Locale.ROOT, "%.0f", rate)) + " | "
                        + cells(flotilla) + " | " + cells(bare) + " |");
                if (flotilla.firstError() != null || bare.firstError() != null) {
                    line("<!-- errors: flotilla " + flotilla.errors() + " (" + flotilla.firstError() + "), bare "
                            + bare.errors() + " (" + bare.firstError() + ") -->");
                }
            }
        }
    }

    /** Both servers get every operation at max rate first, unrecorded, so the JIT has compiled the hot paths. */
    private void jitWarmup(LoadGenerator api, LoadGenerator baseline) {
        if (jitWarmup.isZero()) {
            return;
        }
        for (String op : ops) {
            measure(api, op, false, 0, jitWarmup, Duration.ofSeconds(1));
            measure(baseline, op, true, 0, jitWarmup, Duration.ofSeconds(1));
        }
        line("");
        line("JIT warm-up: " + jitWarmup.toSeconds() + " s + 1 s of each operation at max rate on both servers, "
                + "not recorded.");
    }

    private LoadGenerator.Result measure(LoadGenerator generator, String op, boolean bare, double rate) {
        return measure(generator, op, bare, rate, warmup, measure);
    }

    private LoadGenerator.Result measure(LoadGenerator generator, String op, boolean bare, double rate,
            Duration warmup, Duration measure) {
        int run = ++phase;
        LongFunction<LoadGenerator.Request> requests = switch (op) {
            case "GET" -> {
                LoadGenerator.Request request = LoadGenerator.Request.get(
                        bare ? "/bare?bytes=" + getBytes : collection(BENCH_NS) + "/cm-000");
                yield k -> request;
            }
            case "LIST" -> {
                LoadGenerator.Request request = LoadGenerator.Request.get(
                        bare ? "/bare?bytes=" + listBytes : collection(BENCH_NS));
                yield k -> request;
            }
            case "CREATE" -> bare
                    ? k -> LoadGenerator.Request.post("/bare?bytes=" + createBytes, createBody)
                    : k -> LoadGenerator.Request.post(collection(CREATE_NS), configMap("c-" + run + "-" + k));
            default -> throw new IllegalArgumentException("bench.ops: unknown operation " + op);
        };
        pause();
        return rate == 0 ? generator.maxRate(requests, warmup, measure)
                : generator.fixedRate(requests, rate, warmup, measure);
    }

    private static String cells(LoadGenerator.Result r) {
        String throughput = String.format(Locale.ROOT, "%.0f", r.throughput());
        if (!r.sustained()) {
            return throughput + " (not sustained) | – | – | –";
        }
        return throughput + (r.errors() > 0 ? " (" + r.errors() + " errors)" : "") + String.format(Locale.ROOT,
                " | %.2f | %.2f | %.1f", r.p50Millis(), r.p99Millis(), r.maxMillis());
    }

    /** Lets the previous run's garbage and sockets settle, so runs do not bleed into each other. */
    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- watch fan-out ----

    private void fanOut(Vertx vertx, LoadGenerator api, int port) throws InterruptedException {
        int warmupWrites = Math.max(1, fanoutWrites / 10);
        WatchFanOut.Result r = WatchFanOut.run(vertx, api, port, "fanout", watchers, warmupWrites, fanoutWrites,
                Duration.ofMillis(50));
        line("");
        line("### Watch fan-out");
        line("");
        line(r.watchers() + " watches (`GET …/configmaps?watch=true`, one HTTP/1.1 connection each, opened in "
                + r.connectMillis() + " ms), then " + r.writes() + " creates one every 50 ms (after "
                + warmupWrites + " unmeasured). Per create: time until the LAST watch has the event.");
        line("");
        line("| measured from | p50 ms | p99 ms | max ms |");
        line("|---|---|---|---|");
        line(String.format(Locale.ROOT, "| the write's acknowledgement | %.2f | %.2f | %.2f |",
                r.fromAckMicros().getValueAtPercentile(50) / 1000.0,
                r.fromAckMicros().getValueAtPercentile(99) / 1000.0, r.fromAckMicros().getMaxValue() / 1000.0));
        line(String.format(Locale.ROOT, "| the write's send | %.2f | %.2f | %.2f |",
                r.fromSendMicros().getValueAtPercentile(50) / 1000.0,
                r.fromSendMicros().getValueAtPercentile(99) / 1000.0, r.fromSendMicros().getMaxValue() / 1000.0));
        line("");
        line("Events not delivered within 20 s: " + r.missed() + " (of " + (long) r.watchers()
                * (r.writes() + warmupWrites) + "); watches the server closed: " + r.closedEarly() + ".");
    }

    // ---- kill -9 ----

    private ControlPlaneProcess crashAndCount(Vertx vertx, ControlPlaneProcess server, Path work) throws Exception {
        String ns = "crash";
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        long failed;
        long started;
        try (LoadGenerator writer = new LoadGenerator(vertx, server.port(), connections)) {
            writer.fetch(LoadGenerator.Request.post("/api/v1/namespaces",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}"));
            started = System.nanoTime();
            failed = writer.sendAll(k -> LoadGenerator.Request.post(collection(ns), configMap("w-" + k)),
                    crashWrites, k -> acknowledged.add("w-" + k));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        server.kill9();
        long restartStart = System.nanoTime();
        ControlPlaneProcess restarted = ControlPlaneProcess.start(server.dataDir(), server.logFile());
        long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartStart);
        Set<String> present;
        try {
            present = listNames(new ApiClient(restarted.baseUri()), collection(ns));
        } catch (RuntimeException e) {
            restarted.close();
            throw e;
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(present);
        line("");
        line("### kill -9 after acknowledged writes");
        line("");
        line(String.format(Locale.ROOT, "%d creates over %d connections in %.1f s (%.0f/s): %d acknowledged, "
                        + "%d failed. SIGKILL to the server's JVM right after the last answer; restart on the same "
                        + "data dir ready in %d ms. After restart: %d present, %d of the acknowledged missing.",
                crashWrites, connections, seconds, crashWrites / seconds, acknowledged.size(), failed,
                restartMillis, present.size(), lost.size()));
        return restarted;
    }

    private static Set<String> listNames(ApiClient api, String collection) {
        Set<String> names = new HashSet<>();
        String token = "";
        do {
            ApiClient.Response page = api.get(collection + "?limit=1000"
                    + (token.isEmpty() ? "" : "&continue=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
            if (page.status() != 200) {
                throw new IllegalStateException("LIST " + collection + " answered " + page.status() + ": "
                        + page.body());
            }
            JsonNode json = page.json();
            json.path("items").forEach(item -> names.add(item.path("metadata").path("name").asText()));
            token = json.path("metadata").path("continue").asText("");
        } while (!token.isEmpty());
        return names;
    }

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
        System.out.flush();
    }
}
