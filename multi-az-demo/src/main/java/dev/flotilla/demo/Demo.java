package dev.flotilla.demo;

import dev.flotilla.demo.local.ControlPlaneProcess;
import dev.flotilla.demo.local.MemberFederation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The multi-AZ demo, start to end: the control plane as a child process, the simulated members and their agents
 * in this JVM, the sample app applied over the API, a live view while it spreads; then one zone partitioned away
 * (its members keep running, as in a real partition) with the outage timeline and the RTO, the zone restored with
 * the recovery timeline; a one-line verdict. Every goal is checked on what the user could see: the control plane's
 * API, the members' own APIs, the DNS answers, and the app's page.
 *
 * <p>Whatever happens — a missed goal, an error, Ctrl-C — the agents, members and control plane are stopped; a
 * shutdown hook covers Ctrl-C.
 */
final class Demo {

    private static final Logger LOG = Logger.getLogger(Demo.class.getName());
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(200);
    private static final Duration PAGE_EVERY = Duration.ofSeconds(1);
    private static final Duration CLUSTERS_READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration APP_READY_TIMEOUT = Duration.ofSeconds(90);
    /** The time to see the healthy state before the outage, and to let the joins' rebalance pass. */
    private static final Duration STEADY_MARGIN = Duration.ofSeconds(3);
    private static final Duration MIN_OUTAGE_WATCH = Duration.ofSeconds(60);
    private static final Duration RECOVERY_GRACE = Duration.ofSeconds(20);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /** The server's own default: the command shown names {@code --rebalance-delay} only when it differs. */
    private static final Duration DEFAULT_REBALANCE_DELAY = Duration.ofSeconds(10);
    /** Two Nodes of 8 CPUs hold 160 replicas of 100m: plenty for the sample app, cheap to simulate. */
    private static final int NODES_PER_MEMBER = 2;

    private final DemoOptions options;
    private final Layout layout;
    private final Path root;
    private final PrintStream out;
    private final Console console;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile ControlPlaneProcess server;
    private volatile MemberFederation federation;
    private Path workDir;
    private long startNanos;
    private Observer observer;
    private LiveView view;
    private String phase = "starting";
    private long phaseStartNanos;
    private long lastPageNanos;

    Demo(DemoOptions options, Path root, PrintStream out) {
        this.options = options;
        this.layout = options.layout();
        this.root = root;
        this.out = out;
        this.console = new Console(out, Console.isTerminal(out));
    }

    /** A step that missed its goal, or could not be done; the message says which and why. */
    private static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    /** @return the exit code: 0 when every step met its goal, 1 otherwise */
    int run() {
        startNanos = System.nanoTime();
        try {
            // Absolute: the control plane runs in the repository root, wherever the demo was started from.
            workDir = (options.workDir() != null ? Files.createDirectories(options.workDir())
                    : Files.createTempDirectory("flotilla-demo-")).toAbsolutePath().normalize();
        } catch (IOException e) {
            out.println("demo: FAILED — cannot create the work directory: " + e.getMessage());
            return 1;
        }
        DemoLogging logging;
        try {
            logging = DemoLogging.toFile(workDir.resolve("members.log"));
        } catch (IOException e) {
            out.println("demo: FAILED — cannot open " + workDir.resolve("members.log") + ": " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(this::onShutdown, "flotilla-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Summary summary = new Summary();
        try {
            try {
                scenario(summary);
            } catch (Failure e) {
                summary.failure(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                summary.failure("interrupted");
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.SEVERE, "the demo failed", e);
                summary.failure(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            summary.figure("whole run " + Math.round((System.nanoTime() - startNanos) / 1e9) + " s");
            console.detach();
            boolean interrupted = stopping; // Ctrl-C during the scenario: the hook stops everything and says so
            if (!options.exit() && !interrupted && server != null && server.isAlive() && federation != null) {
                out.println(summary.line());
                keepRunning();
            } else {
                if (!interrupted && server != null) {
                    stopAll();
                    out.println("Stopped the members, their agents and the control plane; logs and data stay in "
                            + workDir);
                }
                out.println(summary.line());
            }
        } finally {
            stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
            logging.close();
        }
        out.flush();
        return summary.passed() ? 0 : 1;
    }

    // ------------------------------------------------------------------------------------------------ the scenario

    private void scenario(Summary summary) throws Failure, IOException, InterruptedException {
        out.println("Flotilla multi-AZ demo: a control plane, " + layout.members().size() + " simulated member clusters"
                + " in " + layout.regions().size() + " regions and " + layout.zones().size() + " zones, an app of "
                + options.replicas() + " replicas"
                + (options.outage() ? "; then zone " + options.outageZone() + " loses its network and comes back."
                : "."));
        out.println("  clusters   " + layout.describe());
        out.println("  work dir   " + workDir + "  (control-plane.log, members.log: the logs; "
                + "members/<cluster>/kubeconfig)");
        Path dataDir = workDir.resolve("control-plane");
        ControlPlaneProcess.Launch launch = ControlPlaneProcess.launch(root, dataDir,
                workDir.resolve("control-plane.log")).port(options.port()).dnsPort(options.dnsPort());
        if (!options.rebalanceDelay().equals(DEFAULT_REBALANCE_DELAY)) {
            launch = launch.options(List.of("--rebalance-delay", options.rebalanceDelay().toMillis() + "ms"));
        }
        List<String> command = launch.command();
        event("starting the control plane: ./flotilla " + String.join(" ", command.subList(1, command.size())));
        try {
            server = launch.start();
        } catch (IllegalStateException e) {
            throw new Failure("the control plane did not start: " + e.getMessage());
        }
        String url = server.baseUri().toString();
        event("control plane ready: API " + url + ", DNS 127.0.0.1:" + server.dnsPort() + " (UDP and TCP); watch "
                + "along in another shell: kubectl --server " + url + " get clusters -w");
        view = new LiveView(layout, options.replicas(), server.dnsPort());

        event("starting " + layout.members().size() + " simulated member clusters, each with its agent reaching the "
                + "control plane through a link the demo can cut");
        long membersStarted = System.nanoTime();
        federation = MemberFederation.start(server, workDir.resolve("members"), layout.members(),
                cluster -> cluster.nodes(NODES_PER_MEMBER), agent -> agent, MemberFederation.AgentRoute.THROUGH_LINK);
        LOG.info(() -> "demo: started " + layout.members().size() + " members in "
                + (System.nanoTime() - membersStarted) / 1_000_000 + " ms");
        observer = new Observer(new ControlPlaneClient(server.baseUri()), federation, layout,
                new DnsProbe(server.dnsPort()));
        phase("clusters registering");
        Snapshot ready = await("every cluster registered and Ready", CLUSTERS_READY_TIMEOUT,
                s -> Checks.allReady(s, layout.clusterNames()));
        long allReadyAt = ready.atNanos();
        event(layout.members().size() + " clusters registered (bootstrap token) and Ready");

        ControlPlaneClient api = new ControlPlaneClient(server.baseUri());
        List<String> applied = new ArrayList<>();
        for (SampleApp.Manifest manifest : SampleApp.manifests(layout, options.replicas())) {
            long posted = System.nanoTime();
            api.create(manifest.collection(), manifest.object());
            LOG.info(() -> "demo: created " + manifest.describe() + " in "
                    + (System.nanoTime() - posted) / 1_000_000 + " ms");
            applied.add(manifest.describe());
        }
        event("applied " + String.join(", ", applied) + " (" + options.replicas() + " replicas, LoadBalancer port "
                + "http " + SampleApp.PORT + ", spread over the zones, every zone weighing the same)");
        phase("app spreading");
        Snapshot spread = await("the app spread over every zone with every replica ready, DNS answering for every "
                + "zone, and its page served", APP_READY_TIMEOUT, this::healthy);
        event("app ready: " + spread.readyIn(layout.clusterNames()) + " replicas ready in " + layout.zones().size()
                + " zones; DNS answers every name; " + pageText(spread.page()));

        if (!options.outage()) {
            phase("running (no outage)");
            summary.figure(options.replicas() + "/" + options.replicas() + " replicas ready in "
                    + layout.zones().size() + " zones of " + layout.regions().size() + " regions, DNS answering for "
                    + "every zone (--no-outage: no outage run)");
            return;
        }

        // Clusters that join are rebalanced onto once, a rebalance delay after they turned Ready: let that pass, so
        // that the outage is measured on a settled federation.
        long holdUntil = Math.max(allReadyAt + options.rebalanceDelay().plus(STEADY_MARGIN).toNanos(),
                System.nanoTime() + STEADY_MARGIN.toNanos());
        phase("steady");
        watchUntil(holdUntil);
        await("the app still spread and ready before the outage", APP_READY_TIMEOUT, this::healthy);

        outage(summary);
        // A moment to see the failed-over federation: the page served from the other zones, the zone's CNAME.
        phase("failed over");
        watchUntil(System.nanoTime() + STEADY_MARGIN.toNanos());
        recovery(summary);
    }

    /** The healthy state: spread over every zone, every replica ready, DNS serving every zone, the page served. */
    private boolean healthy(Snapshot s) {
        return Checks.spreadAndReady(s, layout, options.replicas()) && Checks.everyZoneServed(s, layout)
                && s.page() != null && s.page().status() == 200;
    }

    private void outage(Summary summary) throws InterruptedException {
        String zone = options.outageZone();
        String region = layout.regionOf(zone);
        List<String> lost = layout.clustersIn(zone);
        List<String> survivors = layout.clusterNames().stream().filter(n -> !lost.contains(n)).toList();
        Snapshot before = observer.sample();
        Set<String> lostAddresses = before.ingressOf(lost);

        console.line("");
        console.line("── zone " + zone + " loses its network ──────────────────────────────────────────────────");
        long t0 = System.nanoTime();
        federation.cut(lost);
        phase("zone " + zone + " partitioned");
        Timeline timeline = new Timeline("Outage timeline: zone " + zone + " partitioned at "
                + LocalTime.now().format(CLOCK) + " (times from the partition)", t0, List.of(
                new Timeline.Milestone("partition", "partition", null),
                new Timeline.Milestone("detect", "detection", null),
                new Timeline.Milestone("dns", "DNS failover", options.rtoGoal()),
                new Timeline.Milestone("evict", "eviction", null),
                new Timeline.Milestone("ready", "replicas ready elsewhere", options.rtoGoal())));
        timeline.mark("partition", t0, String.join(", ", lost) + " cut off from the control plane (the members "
                + "keep running and serving; only their agents' links are down)");
        console.line(timeline.eventLine("partition"));

        long deadline = t0 + max(MIN_OUTAGE_WATCH, options.rtoGoal().multipliedBy(3)).toNanos();
        while (!timeline.complete() && System.nanoTime() < deadline && !stopping) {
            Snapshot s = tick();
            if (Checks.detected(s, lost)) {
                markAndPrint(timeline, "detect", s.seen().api(), String.join(", ", lost)
                        + " Ready=Unknown (their leases were not renewed for the grace period); tainted unreachable");
            }
            if (Checks.dnsFailedOver(s, layout, zone, lostAddresses)) {
                DnsAnswer zoneAnswer = s.answer(DnsNames.zone(zone, region));
                markAndPrint(timeline, "dns", s.seen().dns(), "zone name → CNAME " + zoneAnswer.cnames().get(0)
                        + (zoneAnswer.addresses().isEmpty() ? "" : " (A " + String.join(" ", zoneAnswer.addresses())
                        + ")") + "; global name without " + String.join(" ", lostAddresses));
            }
            if (Checks.evicted(s, lost)) {
                markAndPrint(timeline, "evict", s.seen().api(), "binding " + SampleApp.DEPLOYMENT_BINDING + " → "
                        + placementText(s.placement()) + " (the old Works stay until the replacements are ready)");
            }
            if (Checks.readyElsewhere(s, survivors, options.replicas())) {
                markAndPrint(timeline, "ready", s.seen().members(), s.readyIn(survivors) + "/" + options.replicas()
                        + " replicas ready outside " + zone + " (members' own status)");
            }
            pause(s);
        }
        console.view(view.render(observer.sample(), header()), true);
        console.detach();
        console.line("");
        timeline.report().forEach(console::line);
        String rto;
        if (timeline.elapsed("ready").isPresent()) {
            long nanos = timeline.elapsed("ready").getAsLong();
            rto = "RTO " + Timeline.seconds(nanos) + " (goal " + Timeline.seconds(options.rtoGoal()) + ")";
            console.line("  " + rto + ": " + (nanos <= options.rtoGoal().toNanos() ? "met" : "MISSED")
                    + " — from the partition to every replica ready outside " + zone);
        } else {
            rto = "RTO not reached within " + Timeline.seconds(deadline - t0) + " (goal "
                    + Timeline.seconds(options.rtoGoal()) + ")";
            console.line("  " + rto);
        }
        for (String failure : timeline.failures()) {
            boolean slowRecovery = failure.startsWith("replicas ready elsewhere took");
            summary.failure(slowRecovery ? "RTO " + Timeline.seconds(timeline.elapsed("ready").getAsLong())
                    + " missed the goal of " + Timeline.seconds(options.rtoGoal()) : "outage: " + failure);
        }
        summary.figure(rto);
        summary.figure("detection " + elapsedText(timeline, "detect") + ", DNS failover "
                + elapsedText(timeline, "dns") + ", eviction " + elapsedText(timeline, "evict"));
    }

    private void recovery(Summary summary) throws InterruptedException {
        String zone = options.outageZone();
        List<String> lost = layout.clustersIn(zone);
        console.line("");
        console.line("── zone " + zone + " is back ───────────────────────────────────────────────────────────────");
        long t1 = System.nanoTime();
        federation.restore(lost);
        phase("zone " + zone + " back");
        Duration goal = options.recoveryGoal();
        Timeline timeline = new Timeline("Recovery timeline: zone " + zone + " back at " + LocalTime.now().format(CLOCK)
                + " (times from the links' return)", t1, List.of(
                new Timeline.Milestone("restore", "links restored", null),
                new Timeline.Milestone("ready", "Ready again", goal),
                new Timeline.Milestone("untainted", "taints removed", goal),
                new Timeline.Milestone("rebalanced", "rebalanced", goal),
                new Timeline.Milestone("dns", "DNS with the zone", goal)));
        timeline.mark("restore", t1, String.join(", ", lost) + " reach the control plane again");
        console.line(timeline.eventLine("restore"));
        long deadline = t1 + goal.plus(RECOVERY_GRACE).toNanos();
        while (!timeline.complete() && System.nanoTime() < deadline && !stopping) {
            Snapshot s = tick();
            if (Checks.allReady(s, lost)) {
                markAndPrint(timeline, "ready", s.seen().api(), String.join(", ", lost)
                        + " Ready=True (leases renewed again)");
            }
            if (timeline.reached("ready") && Checks.untainted(s, lost)) {
                markAndPrint(timeline, "untainted", s.seen().api(), "no taints on " + String.join(", ", lost)
                        + "; replicas move back once they have been healthy for the rebalance delay ("
                        + Timeline.seconds(options.rebalanceDelay()) + ")");
            }
            if (Checks.spreadAndReady(s, layout, options.replicas())) {
                markAndPrint(timeline, "rebalanced", s.seen().members(), "binding " + SampleApp.DEPLOYMENT_BINDING
                        + " → " + placementText(s.placement()) + ", every replica ready");
            }
            if (Checks.zoneServed(s, layout, zone)) {
                DnsAnswer zoneAnswer = s.answer(DnsNames.zone(zone, layout.regionOf(zone)));
                markAndPrint(timeline, "dns", s.seen().dns(), "zone name → " + zoneAnswer.describe()
                        + "; global name with them");
            }
            pause(s);
        }
        console.view(view.render(observer.sample(), header()), true);
        console.detach();
        console.line("");
        timeline.report().forEach(console::line);
        summary.failures(timeline.failures().stream().map(f -> "recovery: " + f).toList());
        summary.figure("zone back: Ready " + elapsedText(timeline, "ready") + ", rebalanced and ready "
                + elapsedText(timeline, "rebalanced") + " (goal " + Timeline.seconds(goal) + "), DNS "
                + elapsedText(timeline, "dns"));
        phase("running");
    }

    /** Marks a milestone at the moment the part of the sample that shows it was read. */
    private void markAndPrint(Timeline timeline, String key, long seenNanos, String detail) {
        if (timeline.mark(key, seenNanos, detail)) {
            console.line(timeline.eventLine(key));
        }
    }

    private static String elapsedText(Timeline timeline, String key) {
        return timeline.elapsed(key).isPresent() ? Timeline.seconds(timeline.elapsed(key).getAsLong()) : "not seen";
    }

    // ------------------------------------------------------------------------------------------- watching, drawing

    /** Samples and redraws until the check holds, or fails with what was last seen. */
    private Snapshot await(String what, Duration timeout, Predicate<Snapshot> done)
            throws Failure, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Snapshot s = tick();
        while (!done.test(s)) {
            if (stopping) {
                throw new Failure("stopped while waiting for " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new Failure(what + ": not within " + Timeline.seconds(timeout) + " (last seen: "
                        + diagnosis(s) + ")");
            }
            if (server != null && !server.isAlive()) {
                throw new Failure("the control plane exited (see " + workDir.resolve("control-plane.log") + ")");
            }
            pause(s);
            s = tick();
        }
        return s;
    }

    private void watchUntil(long untilNanos) throws InterruptedException {
        while (System.nanoTime() < untilNanos && !stopping) {
            pause(tick());
        }
    }

    /** One sample: looked at, a page fetch started when due, the view offered to the console. */
    private Snapshot tick() {
        Snapshot s = observer.sample();
        if (s.atNanos() - lastPageNanos >= PAGE_EVERY.toNanos()) {
            observer.fetchPage(s);
            lastPageNanos = s.atNanos();
        }
        if (!stopping) {
            console.view(view.render(s, header()), false);
        }
        return s;
    }

    private void pause(Snapshot s) throws InterruptedException {
        long next = s.atNanos() + SAMPLE_EVERY.toNanos();
        long wait = Math.max(TimeUnit.MILLISECONDS.toNanos(20), next - System.nanoTime());
        TimeUnit.NANOSECONDS.sleep(wait);
    }

    /** Until Ctrl-C: the live view keeps going, with the commands to poke at the federation above it. */
    private void keepRunning() {
        String url = server.baseUri().toString();
        String dig = "dig @127.0.0.1 -p " + server.dnsPort() + " +noall +answer ";
        String firstZone = layout.zones().get(0);
        String member = layout.members().get(0).name();
        List<String> lines = new ArrayList<>(List.of("",
                "The federation keeps running (Ctrl-C stops it). Try:",
                "  kubectl --server " + url + " get clusters",
                "  kubectl --server " + url + " get rb -A",
                "  kubectl --server " + url + " get deploy -n " + SampleApp.NAMESPACE,
                "  kubectl --server " + url + " describe cluster " + member,
                "  " + dig + DnsNames.global(),
                "  " + dig + DnsNames.region(layout.regionOf(firstZone)),
                "  " + dig + DnsNames.zone(firstZone, layout.regionOf(firstZone)),
                "  curl http://$(dig @127.0.0.1 -p " + server.dnsPort() + " +short " + DnsNames.global()
                        + " | head -1):" + SampleApp.PORT + "/",
                "  kubectl --kubeconfig " + workDir.resolve("members").resolve(member).resolve("kubeconfig")
                        + " get --raw /apis/apps/v1/namespaces/" + SampleApp.NAMESPACE + "/deployments/"
                        + SampleApp.NAME + "   # a member's own API",
                ""));
        lines.forEach(console::line);
        while (!stopping) {
            try {
                pause(tick());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Ctrl-C stops things under our feet; otherwise one failed look must not end the demo.
                if (!stopping) {
                    LOG.log(Level.WARNING, "looking at the federation failed", e);
                    sleepQuietly();
                }
            }
        }
    }

    private static void sleepQuietly() {
        try {
            TimeUnit.NANOSECONDS.sleep(SAMPLE_EVERY.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void event(String text) {
        console.line(String.format(Locale.ROOT, "[%6.1f s] ", (System.nanoTime() - startNanos) / 1e9) + text);
    }

    private void phase(String name) {
        phase = name;
        phaseStartNanos = System.nanoTime();
    }

    private String header() {
        return String.format(Locale.ROOT, "── %s · %s for %.0f s · API %s · DNS 127.0.0.1:%d ──",
                LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), phase,
                (System.nanoTime() - phaseStartNanos) / 1e9, server.baseUri(), server.dnsPort());
    }

    private String diagnosis(Snapshot s) {
        long ready = layout.clusterNames().stream().filter(n -> s.clusters().containsKey(n)
                && s.clusters().get(n).isReady()).count();
        List<String> unserved = layout.zones().stream().filter(z -> !Checks.zoneServed(s, layout, z)).toList();
        return ready + "/" + layout.members().size() + " clusters Ready; placement "
                + (s.placement().isEmpty() ? "none" : placementText(s.placement())) + "; "
                + s.readyIn(layout.clusterNames()) + " replicas ready in the members; "
                + (unserved.isEmpty() ? "DNS serves every zone" : "DNS not serving " + String.join(", ", unserved))
                + "; page: " + pageText(s.page())
                + (s.apiError() == null ? "" : "; API: " + s.apiError());
    }

    private static String placementText(Map<String, Integer> placement) {
        return placement.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private static String pageText(Snapshot.Page page) {
        if (page == null) {
            return "no page yet";
        }
        return page.url() == null ? page.body() : "GET " + page.url() + " → " + page.status() + " " + page.body();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    // ------------------------------------------------------------------------------------------------- stopping

    /** Ctrl-C (or any JVM exit while the demo runs): stop everything it started. */
    private void onShutdown() {
        if (stopped.get()) {
            return;
        }
        stopping = true;
        console.detach();
        out.println();
        out.println("Stopping the members, their agents and the control plane ...");
        stopAll();
        out.println("Stopped; logs and data stay in " + workDir);
        out.flush();
    }

    /** Stops agents and members first (nothing left talking to a stopped server), then the server. Idempotent. */
    private void stopAll() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        MemberFederation members = federation;
        if (members != null) {
            try {
                members.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stopping the members", e);
            }
        }
        ControlPlaneProcess controlPlane = server;
        if (controlPlane != null) {
            controlPlane.close();
        }
    }
}
