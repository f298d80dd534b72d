package dev.flotilla.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.placement.PlacementMapping;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.OverrideSpec;
import dev.flotilla.api.v1alpha1.PropagationSpec;
import dev.flotilla.api.v1alpha1.ResourceBindingSpec;
import dev.flotilla.demo.local.ControlPlaneProcess;
import dev.flotilla.demo.local.MemberFederation;
import dev.flotilla.demo.local.MemberSpec;
import dev.flotilla.it.support.Workspace;
import dev.flotilla.placement.ClusterAssignment;
import dev.flotilla.placement.ClusterInfo;
import dev.flotilla.placement.PlacementEngine;
import dev.flotilla.placement.PlacementRequest;
import dev.flotilla.placement.PlacementResult;
import dev.flotilla.propagation.BindingSpecs;
import dev.flotilla.propagation.MemberCluster;
import dev.flotilla.propagation.MemberManifests;
import dev.flotilla.propagation.OverrideCandidate;
import dev.flotilla.propagation.PolicyCandidate;
import dev.flotilla.propagation.PolicyMatcher;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The propagation benchmark (not a test), in two parts. Prints a Markdown report and writes it to
 * {@code integration-tests/target/bench-work/propagation-results.md}. How to run it: docs/benchmarks.md.
 *
 * <ol>
 *   <li><b>Distribution latency.</b> {@code ./flotilla server} as a process; 10 simulated member clusters in 3
 *       zones and their 10 agents in this JVM (as the demo runs them); one PropagationPolicy; then 1,000
 *       templates created at a fixed rate over HTTP. For each template, t0 = the create's acknowledgement (201)
 *       and t1 = the moment its manifests are in every target member, as seen by a watch on each member (fabric8,
 *       through the member's kubeconfig). ConfigMaps go to all 10 members (Duplicated); with
 *       {@code -Dbench.kind=Deployment}, Deployments of 2 replicas are divided over the clusters, and t1 is when
 *       the members' shares add up to 2.</li>
 *   <li><b>Schedule and render.</b> The pure cores in this JVM, no server: for each of 10,000 Deployment
 *       templates, {@link PolicyMatcher} over 20 policies, {@link BindingSpecs}, {@link PlacementEngine} over 10
 *       Clusters, and {@link MemberManifests} for every target cluster with two override policies. Warm-up passes
 *       first, then timed passes.</li>
 * </ol>
 *
 * <p>Settings (system properties, defaults in brackets): {@code bench.templates} [1000], {@code bench.clusters}
 * [10], {@code bench.rate} [20] templates per second, {@code bench.warmup} [1500] templates created and
 * propagated first at the same rate and not measured, {@code bench.kind} [ConfigMap] or Deployment,
 * {@code bench.agentStatusResync} [30] seconds (the agent's default), {@code bench.agentWorkers} [the agent's
 * default], {@code bench.renderTemplates} [10000],
 * {@code bench.renderWarmup} [3] and {@code bench.renderPasses} [5]; {@code bench.parts} [latency,render].
 */
public final class PropagationBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "bench";
    private static final List<String> ZONES = List.of("eu-1a", "eu-1b", "eu-1c");

    private final int templates = Integer.getInteger("bench.templates", 1000);
    private final int clusters = Integer.getInteger("bench.clusters", 10);
    private final double rate = Double.parseDouble(System.getProperty("bench.rate", "20"));
    private final String kind = System.getProperty("bench.kind", "ConfigMap");
    private final Duration agentStatusResync = Duration.ofSeconds(Long.getLong("bench.agentStatusResync", 30));
    /** The agents' concurrent Work reconciles; 0: the agent's default. */
    private final int agentWorkers = Integer.getInteger("bench.agentWorkers", 0);
    /** Templates created and propagated before the measured ones, not measured. */
    private final int warmup = Integer.getInteger("bench.warmup", 1500);
    private final int renderTemplates = Integer.getInteger("bench.renderTemplates", 10_000);
    private final int renderWarmup = Integer.getInteger("bench.renderWarmup", 3);
    private final int renderPasses = Integer.getInteger("bench.renderPasses", 5);
    private final List<String> parts = List.of(System.getProperty("bench.parts", "latency,render").split(","));

    private final StringBuilder report = new StringBuilder();

    private PropagationBenchmark() {
        if (!List.of("ConfigMap", "Deployment").contains(kind)) {
            throw new IllegalArgumentException("bench.kind: \"" + kind + "\" must be ConfigMap or Deployment");
        }
        if (rate <= 0 || templates < 1 || warmup < 0 || clusters < 1 || renderTemplates < 1 || renderPasses < 1) {
            throw new IllegalArgumentException("bench.rate, bench.templates, bench.clusters, bench.renderTemplates "
                    + "and bench.renderPasses must be positive, bench.warmup not negative");
        }
    }

    /** Runs the benchmark once. */
    public static void main(String[] args) throws Exception {
        new PropagationBenchmark().run();
    }

    private void run() throws Exception {
        Path work = Workspace.newWorkDir("propagation-bench");
        line("## Propagation run of " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        line("");
        line("- `nproc`: " + command("nproc").strip() + "; load average before (`/proc/loadavg`): " + loadAverage());
        line("- `free -h`:\n```\n" + command("free", "-h").stripTrailing() + "\n```");
        line("- `java -version`:\n```\n" + command(javaCommand(), "-version").stripTrailing() + "\n```");
        if (parts.contains("latency")) {
            distributionLatency(work);
            line("");
            line("Load average after the latency part: " + loadAverage());
        }
        if (parts.contains("render")) {
            scheduleAndRender();
            line("");
            line("Load average after the render part: " + loadAverage());
        }
        Path results = work.getParent().resolve("propagation-results.md");
        Files.writeString(results, report, StandardCharsets.UTF_8);
        System.out.println("\nReport written to " + results + " (server log: " + work.resolve("server.log") + ")");
    }

    // ---- part 1: distribution latency --------------------------------------------------------------------------

    /** One template on its way: when it was sent and acknowledged, what each member has of it, when it was done. */
    private static final class Flight {
        final int required;
        final Map<String, Integer> perMember = new ConcurrentHashMap<>();
        volatile long sentNanos;
        volatile long ackNanos;
        volatile long doneNanos;
        /** When the binding first had spec.clusters (scheduled) and when the last target Work existed. */
        volatile long scheduledNanos;
        volatile long worksNanos;
        final Map<String, Boolean> works = new ConcurrentHashMap<>();

        Flight(int required) {
            this.required = required;
        }

        /** Records that a Work of this template exists; with the expected count, when the last one appeared. */
        synchronized void workSeen(String cluster, int expected) {
            works.put(cluster, Boolean.TRUE);
            if (worksNanos == 0 && works.size() == expected) {
                worksNanos = System.nanoTime();
            }
        }

        /** Records what one member holds, and when the members first hold all of it. */
        synchronized void observe(String member, int share) {
            perMember.put(member, share);
            if (doneNanos == 0 && perMember.values().stream().mapToInt(Integer::intValue).sum() == required) {
                doneNanos = System.nanoTime();
            }
        }
    }

    private void distributionLatency(Path work) throws Exception {
        List<MemberSpec> specs = new ArrayList<>();
        for (int i = 1; i <= clusters; i++) {
            specs.add(new MemberSpec(String.format(Locale.ROOT, "bench-%02d", i), "eu-1",
                    ZONES.get((i - 1) % ZONES.size())));
        }
        boolean deployments = kind.equals("Deployment");
        int required = deployments ? 2 : clusters;
        // Every template in flight, of the warm-up and of the measured pass, by name: the watches look them up here.
        Map<String, Flight> flights = new ConcurrentHashMap<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<Watch> watches = new ArrayList<>();
        KubernetesClient controlPlane = null;
        ControlPlaneProcess server = ControlPlaneProcess.start(work.resolve("data"), work.resolve("server.log"));
        MemberFederation federation = null;
        try {
            federation = MemberFederation.start(server, work, specs,
                    cluster -> cluster.nodes(2).podStartDelay(Duration.ofMillis(200)),
                    agent -> agentWorkers > 0 ? agent.statusResyncInterval(agentStatusResync).workers(agentWorkers)
                            : agent.statusResyncInterval(agentStatusResync));
            URI base = server.baseUri();
            awaitReadyClusters(http, base, Duration.ofSeconds(120));
            post(http, base, "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                    + "\"metadata\":{\"name\":\"" + NS + "\"}}");
            post(http, base, "/apis/flotilla.dev/v1alpha1/namespaces/" + NS + "/propagationpolicies", policy());

            // Where the time goes: a watch on the control plane's bindings (scheduled) and Works (rendered).
            controlPlane = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                    .withMasterUrl(base.toString()).withRequestTimeout(30_000).build()).build();
            watches.add(controlPlane.genericKubernetesResources("flotilla.dev/v1alpha1", "ResourceBinding")
                    .inNamespace(NS).watch(new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, GenericKubernetesResource binding) {
                            JsonNode spec = JSON.valueToTree(binding).path("spec");
                            Flight flight = flights.get(spec.path("resource").path("name").asText());
                            if (flight != null && flight.scheduledNanos == 0 && spec.path("clusters").size() > 0) {
                                flight.scheduledNanos = System.nanoTime();
                            }
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                            System.err.println("watch on bindings closed: " + cause);
                        }
                    }));
            int expectedWorks = deployments ? 2 : clusters;
            watches.add(controlPlane.genericKubernetesResources("flotilla.dev/v1alpha1", "Work").inAnyNamespace()
                    .watch(new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, GenericKubernetesResource work) {
                            Map<String, String> labels = work.getMetadata().getLabels();
                            String binding = labels == null ? null : labels.get("flotilla.dev/binding-name");
                            if (action == Action.DELETED || binding == null) {
                                return;
                            }
                            Flight flight = flights.get(binding.substring(0, Math.max(0, binding.lastIndexOf('-'))));
                            if (flight != null) {
                                flight.workSeen(labels.get("flotilla.dev/cluster"), expectedWorks);
                            }
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                            System.err.println("watch on Works closed: " + cause);
                        }
                    }));

            for (MemberFederation.Member member : federation.members()) {
                String name = member.name();
                Watcher<GenericKubernetesResource> watcher = new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource resource) {
                        Flight flight = flights.get(resource.getMetadata().getName());
                        if (flight == null) {
                            return;
                        }
                        int share = action == Action.DELETED ? 0 : deployments ? replicasOf(resource) : 1;
                        flight.observe(name, share);
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        System.err.println("watch on " + name + " closed: " + cause);
                    }
                };
                watches.add(member.client().genericKubernetesResources(deployments ? "apps/v1" : "v1", kind)
                        .inNamespace(NS).withLabel("app", "bench").watch(watcher));
            }

            String collection = deployments ? "/apis/apps/v1/namespaces/" + NS + "/deployments"
                    : "/api/v1/namespaces/" + NS + "/configmaps";
            if (warmup > 0) {
                // Not measured: the JVMs compile the hot paths (a third of the server's CPU in a cold run went to
                // the JIT compilers) and the members fill up, as in a control plane that has been running.
                Pass warm = createPass(http, base, collection, "w", warmup, flights, required, deployments);
                line("");
                line(String.format(Locale.ROOT, "Warm-up (not measured): %d templates at the same rate, %d complete "
                        + "after %.1f s.", warmup, warm.complete(), (warm.end() - warm.start()) / 1e9));
            }
            CpuSnapshot cpuBefore = CpuSnapshot.take(server.jvm());
            Pass pass = createPass(http, base, collection, "t", templates, flights, required, deployments);
            CpuSnapshot cpuAfter = CpuSnapshot.take(server.jvm());
            latencyReport(pass.flights(), pass.failures(), pass.start(), pass.lastAck(), pass.end(), required);
            cpuReport(cpuBefore, cpuAfter, pass.flights().size() - pass.failures());
        } finally {
            watches.forEach(Watch::close);
            if (controlPlane != null) {
                controlPlane.close();
            }
            if (federation != null) {
                federation.close();
            }
            server.close();
            Workspace.deleteQuietly(work.resolve("data"));
        }
    }

    /**
     * What one pass of creates came to: its templates, when it started, its last 201, when it ended, how many
     * creates failed and how many templates were complete at the end.
     */
    private record Pass(Map<String, Flight> flights, long start, long lastAck, long end, int failures, int complete) {
    }

    /**
     * Creates {@code count} templates named {@code prefix-00000}… at the benchmark's rate and waits until all are in
     * their members (or 180 s after the last create). Each template's {@link Flight} goes into the pass's own map
     * and into {@code registry}, where the watches find it, before its create is sent.
     */
    private Pass createPass(HttpClient http, URI base, String collection, String prefix, int count,
            Map<String, Flight> registry, int required, boolean deployments) throws InterruptedException {
        Map<String, Flight> flights = new ConcurrentHashMap<>();
        long period = (long) (1_000_000_000L / rate);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong lastAck = new AtomicLong();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        ScheduledFuture<?> creating = pacer.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= count) {
                return;
            }
            String name = String.format(Locale.ROOT, "%s-%05d", prefix, i);
            Flight flight = new Flight(required);
            flights.put(name, flight);
            registry.put(name, flight);
            HttpRequest request = HttpRequest.newBuilder(base.resolve(collection))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(template(name, deployments))).build();
            flight.sentNanos = System.nanoTime();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long now = System.nanoTime();
                if (error != null || response.statusCode() != 201) {
                    failures.incrementAndGet();
                    System.err.println("create " + name + ": " + (error != null ? error : response.statusCode()));
                    return;
                }
                flight.ackNanos = now;
                lastAck.accumulateAndGet(now, Math::max);
            });
        }, 0, period, TimeUnit.NANOSECONDS);

        long createWindow = (long) (count / rate * 1_000_000_000L);
        long deadline = start + createWindow + TimeUnit.SECONDS.toNanos(180);
        int complete = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(200); // the benchmark's own progress loop, not a test wait
            complete = (int) flights.values().stream().filter(f -> f.doneNanos != 0).count();
            if (next.get() >= count && complete + failures.get() >= count) {
                break;
            }
        }
        creating.cancel(false);
        pacer.shutdownNow();
        return new Pass(flights, start, lastAck.get(), System.nanoTime(), failures.get(), complete);
    }

    private void latencyReport(Map<String, Flight> flights, int failures, long start, long lastAck, long end,
            int required) {
        Histogram fromAck = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        Histogram fromSend = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        Histogram ack = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        Histogram toScheduled = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        Histogram toWorks = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        Histogram toMembers = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        int early = 0;
        int incomplete = 0;
        for (Flight flight : flights.values()) {
            if (flight.ackNanos == 0) {
                continue;
            }
            ack.recordValue(micros(flight.ackNanos - flight.sentNanos));
            if (flight.doneNanos == 0) {
                incomplete++;
                continue;
            }
            long latency = flight.doneNanos - flight.ackNanos;
            if (latency < 0) {
                early++; // the members had it before this JVM saw the 201: counts as zero
            }
            fromAck.recordValue(micros(Math.max(0, latency)));
            fromSend.recordValue(micros(flight.doneNanos - flight.sentNanos));
            if (flight.scheduledNanos != 0 && flight.worksNanos != 0) {
                toScheduled.recordValue(micros(flight.scheduledNanos - flight.ackNanos));
                toWorks.recordValue(micros(flight.worksNanos - flight.scheduledNanos));
                toMembers.recordValue(micros(flight.doneNanos - flight.worksNanos));
            }
        }
        line("");
        line("### Distribution latency: " + templates + " " + kind + "s, " + clusters + " members, "
                + String.format(Locale.ROOT, "%.0f", rate) + " templates/s");
        line("");
        line("Done = " + (kind.equals("Deployment") ? "the members' Deployments' spec.replicas add up to "
                + required : "the ConfigMap is in all " + required + " members") + ", as seen by a watch on "
                + "each member. Agents: defaults, status resync " + agentStatusResync.toSeconds() + " s.");
        line("");
        line("| measure | n | p50 ms | p90 ms | p99 ms | max ms | mean ms |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        line(row("create ack → in all target members", fromAck));
        line(row("create sent → in all target members", fromSend));
        line(row("create sent → 201 (API)", ack));
        line(row("stage: 201 → binding scheduled (detector + scheduler)", toScheduled));
        line(row("stage: scheduled → all target Works exist (rendering)", toWorks));
        line(row("stage: all Works exist → in all target members (agents)", toMembers));
        line("");
        line(String.format(Locale.ROOT, "Created %d of %d (%d failed), %d not complete when the run ended, %d "
                        + "complete before their 201 arrived (counted as 0). Creates took %.1f s (last ack), the run "
                        + "%.1f s.", flights.size() - failures, templates, failures, incomplete, early,
                (lastAck - start) / 1e9, (end - start) / 1e9));
    }

    /**
     * CPU time used so far: by the server's JVM, by this JVM (members, agents, watches, load) per thread group, and
     * by the whole machine ({@code /proc/stat}), so that runs on a busy machine can still be compared by the CPU
     * each template cost, which varies far less from run to run than the latency does.
     */
    private record CpuSnapshot(Duration server, Duration benchmark, Map<String, Long> threadNanos, long machineBusy,
            long machineTotal) {

        static CpuSnapshot take(ProcessHandle serverJvm) throws IOException {
            Duration server = serverJvm.info().totalCpuDuration().orElse(Duration.ZERO);
            Duration benchmark = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
            Map<String, Long> threads = new TreeMap<>();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long nanos = mx.getThreadCpuTime(info.getThreadId());
                if (nanos > 0) {
                    threads.merge(info.getThreadName().replaceAll("\\d+", "#"), nanos, Long::sum);
                }
            }
            // cpu user nice system idle iowait irq softirq steal: busy = all but idle and iowait
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                long value = Long.parseLong(fields[i]);
                total += value;
                if (i == 4 || i == 5) {
                    idle += value;
                }
            }
            return new CpuSnapshot(server, benchmark, threads, total - idle, total);
        }
    }

    private void cpuReport(CpuSnapshot before, CpuSnapshot after, int created) {
        double server = after.server().minus(before.server()).toMillis() / 1e3;
        double benchmark = after.benchmark().minus(before.benchmark()).toMillis() / 1e3;
        double machineBusy = (after.machineBusy() - before.machineBusy()) / 100.0; // USER_HZ = 100 on Linux
        double machineTotal = (after.machineTotal() - before.machineTotal()) / 100.0;
        line("");
        line(String.format(Locale.ROOT, "CPU during the run (from the first create to the end): control plane %.1f s "
                + "(%.1f ms per template), this JVM (members, agents, watches, load) %.1f s (%.1f ms per template); "
                + "the machine was busy %.1f of %.1f CPU-seconds (%.0f %%), %.1f s of it outside these two JVMs.",
                server, 1e3 * server / Math.max(1, created), benchmark, 1e3 * benchmark / Math.max(1, created),
                machineBusy, machineTotal, 100 * machineBusy / Math.max(0.01, machineTotal),
                machineBusy - server - benchmark));
        line("");
        line("This JVM's CPU by thread group (threads alive at both ends; top 12):");
        line("");
        line("| threads | CPU s |");
        line("|---|---:|");
        after.threadNanos().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.threadNanos().getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> line(String.format(Locale.ROOT, "| `%s` | %.1f |", e.getKey(), e.getValue() / 1e9)));
    }

    private static String row(String what, Histogram h) {
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f |", what, h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getMaxValue() / 1e3, h.getMean() / 1e3);
    }

    private static long micros(long nanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
    }

    private static int replicasOf(GenericKubernetesResource deployment) {
        return JSON.valueToTree(deployment).path("spec").path("replicas").asInt(0);
    }

    private String policy() {
        String placement = kind.equals("Deployment")
                // Equal weights over every cluster: each Deployment's 2 replicas land on 2 clusters.
                ? "{\"replicaScheduling\":{\"replicaSchedulingType\":\"Divided\",\"replicaDivisionPreference\":"
                        + "\"Weighted\",\"weightPreference\":{\"hierarchicalWeights\":{\"regions\":[{\"name\":"
                        + "\"eu-1\",\"weight\":1}]}}}}"
                : "{\"clusterAffinity\":{\"labelSelector\":{\"matchLabels\":{\"topology.kubernetes.io/region\":"
                        + "\"eu-1\"}}}}";
        String apiVersion = kind.equals("Deployment") ? "apps/v1" : "v1";
        return "{\"apiVersion\":\"flotilla.dev/v1alpha1\",\"kind\":\"PropagationPolicy\",\"metadata\":{\"name\":"
                + "\"bench\",\"namespace\":\"" + NS + "\"},\"spec\":{\"resourceSelectors\":[{\"apiVersion\":\""
                + apiVersion + "\",\"kind\":\"" + kind + "\",\"labelSelector\":{\"matchLabels\":{\"app\":\"bench\"}}}],"
                + "\"placement\":" + placement + "}}";
    }

    private static String template(String name, boolean deployment) {
        if (!deployment) {
            return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\","
                    + "\"labels\":{\"app\":\"bench\"}},\"data\":{\"settings\":\"mode=bench;name=" + name + "\"}}";
        }
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name + "\","
                + "\"labels\":{\"app\":\"bench\"}},\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"run\":\""
                + name + "\"}},\"template\":{\"metadata\":{\"labels\":{\"run\":\"" + name + "\"}},\"spec\":{"
                + "\"containers\":[{\"name\":\"app\",\"image\":\"nginx:1.27\",\"resources\":{\"requests\":"
                + "{\"cpu\":\"10m\",\"memory\":\"16Mi\"}}}]}}}}";
    }

    private void awaitReadyClusters(HttpClient http, URI base, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int ready = 0;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    base.resolve("/apis/flotilla.dev/v1alpha1/clusters")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            ready = 0;
            for (JsonNode cluster : JSON.readTree(response.body()).path("items")) {
                for (JsonNode condition : cluster.path("status").path("conditions")) {
                    if (condition.path("type").asText().equals("Ready")
                            && condition.path("status").asText().equals("True")) {
                        ready++;
                    }
                }
            }
            if (ready == clusters) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(ready + " of " + clusters + " clusters Ready after " + timeout);
    }

    private static void post(HttpClient http, URI base, String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    // ---- part 2: schedule and render, in-process ----------------------------------------------------------------

    /** What one pass did, so the JIT cannot drop the work and the output can be checked. */
    private record PassResult(long nanos, long matchNanos, long placeNanos, long renderNanos, long manifests,
                              long replicas) {
    }

    private void scheduleAndRender() {
        List<Cluster> registered = new ArrayList<>();
        List<MemberCluster> members = new ArrayList<>();
        for (int i = 1; i <= clusters; i++) {
            String name = String.format(Locale.ROOT, "bench-%02d", i);
            String zone = ZONES.get((i - 1) % ZONES.size());
            registered.add(JSON.convertValue(read("{'apiVersion':'flotilla.dev/v1alpha1','kind':'Cluster',"
                    + "'metadata':{'name':'" + name + "','labels':{'topology.kubernetes.io/region':'eu-1',"
                    + "'topology.kubernetes.io/zone':'" + zone + "'}},'status':{'conditions':[{'type':'Ready',"
                    + "'status':'True','reason':'Heartbeat','lastTransitionTime':'2026-01-01T00:00:00Z'}]}}"),
                    Cluster.class));
        }
        registered.forEach(c -> members.add(new MemberCluster(c.getMetadata().getName(),
                c.getMetadata().getLabels())));
        // 20 policies, one per app label: the matcher looks at all of them for every template.
        List<PolicyCandidate> policies = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            policies.add(new PolicyCandidate(false, NS, "app-" + p, JSON.convertValue(read("{'resourceSelectors':"
                    + "[{'apiVersion':'apps/v1','kind':'Deployment','labelSelector':{'matchLabels':{'app':'app-" + p
                    + "'}}}],'placement':{'replicaScheduling':{'replicaSchedulingType':'Divided',"
                    + "'replicaDivisionPreference':'Weighted','weightPreference':{'hierarchicalWeights':{'regions':"
                    + "[{'name':'eu-1','weight':1,'zones':[{'name':'eu-1a','weight':2},{'name':'eu-1b','weight':1},"
                    + "{'name':'eu-1c','weight':1}]}]}}}}}"), PropagationSpec.class)));
        }
        List<OverrideCandidate> overrides = List.of(
                new OverrideCandidate(false, NS, "mirror-eu-1a", JSON.convertValue(read("{'resourceSelectors':"
                        + "[{'apiVersion':'apps/v1','kind':'Deployment'}],'overrideRules':[{'targetCluster':"
                        + "{'labelSelector':{'matchLabels':{'topology.kubernetes.io/zone':'eu-1a'}}},'overriders':"
                        + "{'imageOverrider':[{'component':'Registry','operator':'replace','value':"
                        + "'mirror.eu-1a.example'}]}}]}"), OverrideSpec.class)),
                new OverrideCandidate(false, NS, "team-label", JSON.convertValue(read("{'overrideRules':"
                        + "[{'overriders':{'labelsOverrider':[{'operator':'add','value':{'team':'shop'}}]}}]}"),
                        OverrideSpec.class)));
        List<JsonNode> inputs = new ArrayList<>();
        for (int i = 0; i < renderTemplates; i++) {
            inputs.add(read(String.format(Locale.ROOT, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':"
                    + "{'name':'w-%05d','namespace':'" + NS + "','uid':'u-%d','resourceVersion':'%d','generation':1,"
                    + "'labels':{'app':'app-%d'}},'spec':{'replicas':%d,'selector':{'matchLabels':{'run':'w-%05d'}},"
                    + "'template':{'metadata':{'labels':{'run':'w-%05d'}},'spec':{'containers':[{'name':'app',"
                    + "'image':'registry.example/shop/app:1.%d','resources':{'requests':{'cpu':'100m','memory':"
                    + "'128Mi'}}}]}}}}", i, i, i, i % 20, 2 + i % 9, i, i, i % 7)));
        }

        for (int w = 0; w < renderWarmup; w++) {
            pass(inputs, policies, registered, members, overrides);
        }
        List<PassResult> results = new ArrayList<>();
        for (int p = 0; p < renderPasses; p++) {
            results.add(pass(inputs, policies, registered, members, overrides));
        }
        long expectedReplicas = 0;
        for (int i = 0; i < renderTemplates; i++) {
            expectedReplicas += 2 + i % 9;
        }
        for (PassResult r : results) {
            if (r.replicas() != expectedReplicas) {
                throw new IllegalStateException("a pass placed " + r.replicas() + " replicas, expected "
                        + expectedReplicas);
            }
        }
        long[] totals = results.stream().mapToLong(PassResult::nanos).sorted().toArray();
        PassResult median = results.stream().filter(r -> r.nanos() == totals[totals.length / 2]).findFirst()
                .orElseThrow();
        line("");
        line("### Schedule and render " + renderTemplates + " templates × " + clusters + " clusters (in-process)");
        line("");
        line("Per template: PolicyMatcher over " + policies.size() + " policies → BindingSpecs → PlacementEngine (Fresh, "
                + "hierarchical weights 2:1:1 over 3 zones) → MemberManifests for each target cluster with 2 override "
                + "policies. " + renderWarmup + " warm-up passes, then " + renderPasses + " timed passes on one thread.");
        line("");
        line(String.format(Locale.ROOT, "Passes (ms): %s. Median pass %.0f ms = %.1f µs per template; of which "
                        + "match + binding spec %.0f ms, placement %.0f ms, rendering %.0f ms (%d manifests, %.1f µs "
                        + "each).", Arrays.toString(Arrays.stream(totals).map(n -> n / 1_000_000).toArray()),
                median.nanos() / 1e6, median.nanos() / 1e3 / renderTemplates, median.matchNanos() / 1e6,
                median.placeNanos() / 1e6, median.renderNanos() / 1e6, median.manifests(),
                median.renderNanos() / 1e3 / median.manifests()));
    }

    private static PassResult pass(List<JsonNode> inputs, List<PolicyCandidate> policies, List<Cluster> registered,
            List<MemberCluster> members, List<OverrideCandidate> overrides) {
        Map<String, MemberCluster> byName = new java.util.HashMap<>();
        members.forEach(m -> byName.put(m.name(), m));
        long match = 0;
        long place = 0;
        long render = 0;
        long manifests = 0;
        long replicas = 0;
        long start = System.nanoTime();
        for (JsonNode template : inputs) {
            long t0 = System.nanoTime();
            PolicyCandidate policy = PolicyMatcher.match(template, policies).orElseThrow(
                    () -> new IllegalStateException("no policy matched " + template.path("metadata"))).policy();
            ResourceBindingSpec spec = BindingSpecs.build(template, policy);
            long t1 = System.nanoTime();
            Map<String, Quantity> request = spec.getReplicaRequirements() == null ? null
                    : spec.getReplicaRequirements().getResourceRequest();
            List<ClusterInfo> infos = new ArrayList<>(registered.size());
            for (Cluster cluster : registered) {
                infos.add(PlacementMapping.toClusterInfo(cluster, request));
            }
            PlacementResult result = PlacementEngine.place(new PlacementRequest(
                    template.path("metadata").path("namespace").asText() + "/"
                            + template.path("metadata").path("name").asText(), spec.getReplicas(),
                    PlacementRequest.FRESH, PlacementMapping.toEngine(spec.getPlacement()), infos, List.of()));
            long t2 = System.nanoTime();
            for (ClusterAssignment assignment : result.clusters()) {
                ObjectNode manifest = MemberManifests.render(template, byName.get(assignment.name()),
                        assignment.replicas(), overrides);
                replicas += manifest.path("spec").path("replicas").asInt();
                manifests++;
            }
            long t3 = System.nanoTime();
            match += t1 - t0;
            place += t2 - t1;
            render += t3 - t2;
        }
        return new PassResult(System.nanoTime() - start, match, place, render, manifests, replicas);
    }

    private static JsonNode read(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new IllegalArgumentException("bad JSON in the benchmark: " + singleQuoted, e);
        }
    }

    // ---- report helpers ----

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
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
}
