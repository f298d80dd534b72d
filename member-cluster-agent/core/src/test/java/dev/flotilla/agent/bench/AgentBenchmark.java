package dev.flotilla.agent.bench;

import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.Conditions;
import dev.flotilla.api.v1alpha1.Work;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The member-cluster agent benchmark (not a test; {@code ./mvnw verify} never runs it): how long a Work takes from
 * its creation on the control plane to its manifest in the member and its status back on the control plane, and
 * what one agent costs in CPU and heap while it holds 1,000 Works. How to run it and the results:
 * {@code docs/benchmarks.md}, section "Member-cluster agent".
 *
 * <p>Each scenario starts its own control plane ({@code flotilla server}), one simulated member
 * ({@code flotilla simulate-cluster}) and the packaged agent ({@code flotilla agent}, default options), each as a
 * separate process from a copy of the packaged apps taken at start (see {@link PackagedApps}), with the JVM flags of
 * {@code ./flotilla}. The agent runs alone in its JVM so that its CPU time ({@code /proc/<pid>/stat}) and its heap
 * after a full GC ({@code jcmd GC.run} + {@code jstat -gc}) are its own, not the benchmark's. Then, per Work:
 * <ul>
 *   <li>t0: the control plane answers 201 to the Work's create (sent by this JVM at a fixed rate, or all at once);</li>
 *   <li>t1: this JVM's watch of the member sees the manifest (so t1 includes the member's watch delivery);</li>
 *   <li>t2: this JVM's watch of the control plane's Works sees the Work with {@code Applied=True}.</li>
 * </ul>
 * All three are read from this JVM's monotonic clock.
 *
 * <p>Settings (system properties, defaults in brackets):
 * <ul>
 *   <li>{@code bench.works} [1000] Works per scenario;</li>
 *   <li>{@code bench.scenarios} [rate:20,burst] a fixed rate in Works/s ({@code rate:N}), or {@code burst}: every
 *       create at once, {@code bench.burstConcurrency} [32] in flight;</li>
 *   <li>{@code bench.manifest} [configmap] or {@code deployment} (1 replica, 10m CPU) per Work;</li>
 *   <li>{@code bench.idleSeconds} [10] agent at rest before the first create (0 Works);</li>
 *   <li>{@code bench.restSeconds} [60] agent at rest after the last status (N Works held; at least 30 s so that one
 *       full relist of the Works falls inside);</li>
 *   <li>{@code bench.timeoutSeconds} [300] how long to wait for every Work to be applied and reported;</li>
 *   <li>{@code bench.agentArgs} extra agent options (e.g. {@code --workers 4}); {@code bench.agentJavaOpts} its JVM
 *       options.</li>
 * </ul>
 */
public final class AgentBenchmark {

  private static final String CLUSTER = "bench";
  private static final String APP_NAMESPACE = "bench-apps";
  private static final String WORK_PREFIX = "w-";
  /** A small realistic ConfigMap value (256 characters). */
  private static final String PAYLOAD = "key=value;".repeat(25) + "123456";
  private static final Pattern MEMBER_URL = Pattern.compile("ready at (\\S+?);");

  private final Path root = Path.of(requiredProperty("flotilla.root")).toAbsolutePath().normalize();
  private final Path work = Path.of(System.getProperty("flotilla.bench.work", "target/bench-work"))
      .toAbsolutePath().normalize();
  private final int works = Integer.getInteger("bench.works", 1000);
  private final List<String> scenarios = Arrays.stream(System.getProperty("bench.scenarios", "rate:20,burst")
      .split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  private final int burstConcurrency = Integer.getInteger("bench.burstConcurrency", 32);
  private final String manifestKind = System.getProperty("bench.manifest", "configmap");
  private final Duration idle = Duration.ofSeconds(Long.getLong("bench.idleSeconds", 10));
  private final Duration rest = Duration.ofSeconds(Long.getLong("bench.restSeconds", 60));
  private final Duration timeout = Duration.ofSeconds(Long.getLong("bench.timeoutSeconds", 300));
  private final String agentArgs = System.getProperty("bench.agentArgs", "").trim();
  private final String agentJavaOpts = System.getProperty("bench.agentJavaOpts", "").trim();

  private final ProcessMeter meter = new ProcessMeter();
  private PackagedApps apps;
  private final StringBuilder report = new StringBuilder();

  /**
   * Runs the scenarios and prints a Markdown report (also written to {@code <work>/results.md}).
   *
   * @param args ignored (settings are system properties)
   * @throws Exception when a part cannot start or a measurement fails
   */
  public static void main(String[] args) throws Exception {
    new AgentBenchmark().run();
  }

  private void run() throws Exception {
    checkSettings();
    Files.createDirectories(work);
    apps = PackagedApps.snapshot(root, work.resolve("apps"));
    line("## Member-cluster agent benchmark, run of "
        + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    line("");
    line("- `nproc`: " + Runtime.getRuntime().availableProcessors() + "; memory: " + memory());
    line("- JVM of every process: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
        + " (" + System.getProperty("java.home") + ")");
    line("- " + works + " Works of one " + manifestKind + " each; agent options: "
        + (agentArgs.isEmpty() ? "defaults" : agentArgs) + (agentJavaOpts.isEmpty() ? "" : "; JVM: " + agentJavaOpts));
    line("- load average at start: " + loadAverage());
    for (String scenario : scenarios) {
      runScenario(scenario);
    }
    Files.writeString(work.resolve("results.md"), report.toString(), StandardCharsets.UTF_8);
    System.out.println("(report also written to " + work.resolve("results.md") + ")");
  }

  private void checkSettings() {
    if (works < 1) {
      throw new IllegalArgumentException("bench.works must be at least 1, was " + works);
    }
    if (!manifestKind.equals("configmap") && !manifestKind.equals("deployment")) {
      throw new IllegalArgumentException("bench.manifest must be configmap or deployment, was " + manifestKind);
    }
    if (rest.toSeconds() < 30) {
      throw new IllegalArgumentException("bench.restSeconds must be at least 30 (one relist period), was "
          + rest.toSeconds());
    }
    for (String scenario : scenarios) {
      rateOf(scenario);
    }
  }

  /** @return Works per second, or 0 for a burst */
  private static double rateOf(String scenario) {
    if (scenario.equals("burst")) {
      return 0;
    }
    if (scenario.startsWith("rate:")) {
      try {
        double rate = Double.parseDouble(scenario.substring("rate:".length()));
        if (rate > 0) {
          return rate;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("bench.scenarios: '" + scenario + "' is neither rate:N (N > 0) nor burst");
  }

  // ---- one scenario -----------------------------------------------------------------------------------------------

  private void runScenario(String scenario) throws Exception {
    double rate = rateOf(scenario);
    Path dir = work.resolve(scenario.replace(':', '-'));
    deleteRecursively(dir);
    Files.createDirectories(dir);
    int port = freePort();
    List<AutoCloseable> open = new ArrayList<>();
    Thread cleanup = new Thread(() -> closeAll(open), "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C must not leave processes behind
    try {
      ChildProcess server = started(open, ChildProcess.start("control plane", apps.server(List.of("server",
              "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", dir.resolve("data").toString(),
              "--dns-port", "0")),
          dir.resolve("server.log"), l -> l.contains("Flotilla control plane ready at")));
      List<String> memberCommand = new ArrayList<>(List.of("--name", CLUSTER,
          "--region", "bench-region", "--zone", "bench-zone", "--nodes", "2",
          "--kubeconfig-out", dir.resolve("member.kubeconfig").toString()));
      if (manifestKind.equals("deployment")) {
        memberCommand.addAll(List.of("--node-pods", Integer.toString(works)));
      }
      ChildProcess member = started(open, ChildProcess.start("simulated member", apps.simulator(memberCommand),
          dir.resolve("member.log"), l -> l.contains(") ready at ")));
      server.awaitLine(Duration.ofSeconds(120));
      Matcher url = MEMBER_URL.matcher(member.awaitLine(Duration.ofSeconds(120)));
      if (!url.find()) {
        throw new IllegalStateException("no URL in the simulated member's ready line");
      }
      URI controlPlane = URI.create("http://127.0.0.1:" + port);

      List<String> agentCommand = new ArrayList<>(List.of("--control-plane",
          controlPlane.toString(), "--token-file", dir.resolve("data/bootstrap-token").toString(),
          "--kubeconfig", dir.resolve("member.kubeconfig").toString(), "--cluster-name", CLUSTER,
          "--region", "bench-region", "--zone", "bench-zone", "--state-dir", dir.resolve("agent-state").toString(),
          "--health-port", "0", "--health-host", "127.0.0.1"));
      if (!agentArgs.isEmpty()) {
        agentCommand.addAll(Arrays.asList(agentArgs.split("\\s+")));
      }
      ChildProcess agent = started(open, ChildProcess.start("agent", apps.agent(agentCommand, agentJavaOpts),
          dir.resolve("agent.log"), l -> false));

      KubernetesClient admin = started(open, new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
          .withMasterUrl(controlPlane.toString()).withOnlyHttpWatches(true).withRequestTimeout(30_000).build())
          .build());
      KubernetesClient memberClient = started(open, new KubernetesClientBuilder().withConfig(
          new ConfigBuilder(Config.empty()).withMasterUrl(url.group(1)).withRequestTimeout(30_000).build()).build());
      awaitClusterReady(admin, agent);

      Timeline timeline = new Timeline(works);
      started(open, watchMember(memberClient, timeline));
      started(open, watchWorks(admin, timeline));

      // At rest with no Work: the cost of heartbeats and capacity reports alone.
      Thread.sleep(2_000);
      ProcessMeter.Heap emptyHeap = meter.heapAfterGc(agent.pid());
      Cpu idleStart = cpu(server, member, agent);
      Thread.sleep(idle.toMillis());
      Cpu idleEnd = cpu(server, member, agent);
      String loadBefore = loadAverage();

      Cpu runStart = cpu(server, member, agent);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
      Creates creates = create(http, controlPlane, rate, timeline);
      long deadline = System.nanoTime() + timeout.toNanos();
      boolean complete = timeline.applied.await(timeout.toNanos(), TimeUnit.NANOSECONDS)
          && timeline.reported.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      Cpu runEnd = cpu(server, member, agent);
      String loadAfterRun = loadAverage();

      timeline.eventsAtRest.set(0);
      Cpu restStart = cpu(server, member, agent);
      Thread.sleep(rest.toMillis() / 2);
      Cpu restMiddle = cpu(server, member, agent); // two halves: the JIT may still be compiling in the first
      Thread.sleep(rest.toMillis() - rest.toMillis() / 2);
      Cpu restEnd = cpu(server, member, agent);
      long statusWritesAtRest = timeline.eventsAtRest.get();
      ProcessMeter.Heap heldHeap = meter.heapAfterGc(agent.pid());
      long rssKib = meter.status(agent.pid(), "VmRSS");
      long threads = meter.status(agent.pid(), "Threads");
      String loadAfterRest = loadAverage();

      int inMember = countInMember(memberClient);
      int appliedTrue = (int) admin.resources(Work.class).inNamespace(FlotillaApi.executionNamespace(CLUSTER))
          .list().getItems().stream()
          .filter(w -> w.getStatus() != null && Conditions.isTrue(w.getStatus().getConditions(), Conditions.APPLIED))
          .count();
      if (!agent.alive()) {
        throw new IllegalStateException("the agent exited during the run; see " + dir.resolve("agent.log"));
      }

      writeScenario(scenario, rate, creates, timeline, complete, loadBefore, loadAfterRun, loadAfterRest,
          idleEnd.minus(idleStart), runEnd.minus(runStart), List.of(restEnd.minus(restStart),
              restMiddle.minus(restStart), restEnd.minus(restMiddle)), statusWritesAtRest,
          emptyHeap, heldHeap, rssKib, threads, inMember, appliedTrue);
    } finally {
      closeAll(open);
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
  }

  private static <T extends AutoCloseable> T started(List<AutoCloseable> open, T resource) {
    synchronized (open) {
      open.add(resource);
    }
    return resource;
  }

  /** Closes in reverse order: watches and clients first, then agent, member and control plane. */
  private static void closeAll(List<AutoCloseable> open) {
    List<AutoCloseable> reversed;
    synchronized (open) {
      reversed = new ArrayList<>(open);
      open.clear();
    }
    Collections.reverse(reversed);
    for (AutoCloseable resource : reversed) {
      try {
        resource.close();
      } catch (Exception e) {
        System.err.println("closing " + resource + ": " + e.getMessage());
      }
    }
  }

  private void awaitClusterReady(KubernetesClient admin, ChildProcess agent) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!agent.alive()) {
        throw new IllegalStateException("the agent exited before its Cluster was Ready");
      }
      try {
        Cluster cluster = admin.resources(Cluster.class).withName(CLUSTER).get();
        if (cluster != null && cluster.getStatus() != null
            && Conditions.isTrue(cluster.getStatus().getConditions(), Conditions.READY)) {
          return;
        }
      } catch (RuntimeException e) {
        // not registered yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the agent's Cluster " + CLUSTER + " was not Ready within 120 s");
  }

  // ---- creating the Works -----------------------------------------------------------------------------------------

  /** What the creates did: acknowledgement latencies and how long sending all of them took. */
  private record Creates(long[] ackNanos, int failures, String firstFailure, double seconds) {
  }

  private Creates create(HttpClient http, URI controlPlane, double rate, Timeline timeline)
      throws InterruptedException {
    URI works = controlPlane.resolve("/apis/" + FlotillaApi.API_VERSION + "/namespaces/"
        + FlotillaApi.executionNamespace(CLUSTER) + "/works");
    long[] ack = new long[this.works];
    AtomicInteger failures = new AtomicInteger();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    CountDownLatch answered = new CountDownLatch(this.works);
    Semaphore inFlight = new Semaphore(rate > 0 ? Integer.MAX_VALUE : burstConcurrency);
    long period = rate > 0 ? Math.round(1e9 / rate) : 0;
    long start = System.nanoTime();
    for (int i = 0; i < this.works; i++) {
      if (period > 0) {
        long due = start + i * period;
        while (System.nanoTime() < due) {
          LockSupport.parkNanos(due - System.nanoTime());
        }
      }
      inFlight.acquire();
      int index = i;
      HttpRequest request = HttpRequest.newBuilder(works).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(workJson(index))).build();
      long sent = System.nanoTime();
      http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
        long now = System.nanoTime();
        inFlight.release();
        if (error == null && response.statusCode() == 201) {
          timeline.created(index, now);
          ack[index] = now - sent;
        } else {
          failures.incrementAndGet();
          firstFailure.compareAndSet(null, "Work " + workName(index) + ": "
              + (error != null ? error.toString() : response.statusCode() + " " + response.body()));
        }
        answered.countDown();
      });
    }
    if (!answered.await(timeout.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("the control plane did not answer every create within " + timeout);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Creates(Arrays.stream(ack).filter(a -> a > 0).toArray(), failures.get(), firstFailure.get(), seconds);
  }

  private static String workName(int index) {
    return String.format(Locale.ROOT, "%s%05d", WORK_PREFIX, index);
  }

  private String workJson(int index) {
    String name = workName(index);
    String manifest = manifestKind.equals("deployment")
        ? "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'" + name + "','namespace':'"
            + APP_NAMESPACE + "','labels':{'app':'" + name + "'}},'spec':{'replicas':1,'selector':{'matchLabels':"
            + "{'app':'" + name + "'}},'template':{'metadata':{'labels':{'app':'" + name + "'}},'spec':"
            + "{'containers':[{'name':'web','image':'nginx:1.27','resources':{'requests':{'cpu':'10m',"
            + "'memory':'16Mi'}}}]}}}}"
        : "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'" + name + "','namespace':'" + APP_NAMESPACE
            + "'},'data':{'payload':'" + PAYLOAD + "'}}";
    return ("{'apiVersion':'" + FlotillaApi.API_VERSION + "','kind':'Work','metadata':{'name':'" + name
        + "','namespace':'" + FlotillaApi.executionNamespace(CLUSTER) + "','labels':{'" + FlotillaApi.LABEL_CLUSTER
        + "':'" + CLUSTER + "'}},'spec':{'workload':{'manifests':[" + manifest + "]}}}").replace('\'', '"');
  }

  // ---- observing the member and the control plane -----------------------------------------------------------------

  /** t0, t1 and t2 of every Work, on this JVM's monotonic clock (0 = not yet). */
  private static final class Timeline {
    final AtomicLongArray created;
    final AtomicLongArray inMember;
    final AtomicLongArray reportedApplied;
    final CountDownLatch applied;
    final CountDownLatch reported;
    final AtomicLong eventsAtRest = new AtomicLong();

    Timeline(int works) {
      created = new AtomicLongArray(works);
      inMember = new AtomicLongArray(works);
      reportedApplied = new AtomicLongArray(works);
      applied = new CountDownLatch(works);
      reported = new CountDownLatch(works);
    }

    void created(int index, long now) {
      created.compareAndSet(index, 0, now);
    }

    void seenInMember(int index, long now) {
      if (inMember.compareAndSet(index, 0, now)) {
        applied.countDown();
      }
    }

    void seenApplied(int index, long now) {
      if (reportedApplied.compareAndSet(index, 0, now)) {
        reported.countDown();
      }
    }

    int size() {
      return created.length();
    }
  }

  private static int indexOf(HasMetadata object, int works) {
    String name = object.getMetadata() == null ? null : object.getMetadata().getName();
    if (name == null || !name.startsWith(WORK_PREFIX)) {
      return -1;
    }
    try {
      int index = Integer.parseInt(name.substring(WORK_PREFIX.length()));
      return index < works ? index : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Watches the member for the applied manifests (t1); reopens the watch if it closes. */
  private AutoCloseable watchMember(KubernetesClient member, Timeline timeline) {
    EventSink<HasMetadata> sink = (action, object) -> {
      int index = indexOf(object, timeline.size());
      if (index >= 0 && action != Watcher.Action.DELETED) {
        timeline.seenInMember(index, System.nanoTime());
      }
    };
    if (manifestKind.equals("deployment")) {
      return AgentBenchmark.<Deployment>reopening("member watch", watcher -> member.apps().deployments()
          .inNamespace(APP_NAMESPACE).withLabel(FlotillaApi.LABEL_MANAGED_BY, FlotillaApi.MANAGED_BY_VALUE)
          .watch(watcher), sink::accept);
    }
    return AgentBenchmark.<ConfigMap>reopening("member watch", watcher -> member.configMaps()
        .inNamespace(APP_NAMESPACE).withLabel(FlotillaApi.LABEL_MANAGED_BY, FlotillaApi.MANAGED_BY_VALUE)
        .watch(watcher), sink::accept);
  }

  /** Watches the control plane's Works for {@code Applied=True} (t2) and counts status writes at rest. */
  private AutoCloseable watchWorks(KubernetesClient admin, Timeline timeline) {
    return AgentBenchmark.<Work>reopening("Work watch", watcher -> admin.resources(Work.class)
        .inNamespace(FlotillaApi.executionNamespace(CLUSTER)).watch(watcher), (action, work) -> {
          long now = System.nanoTime();
          if (action == Watcher.Action.MODIFIED) {
            timeline.eventsAtRest.incrementAndGet();
          }
          int index = indexOf(work, timeline.size());
          if (index >= 0 && work.getStatus() != null
              && Conditions.isTrue(work.getStatus().getConditions(), Conditions.APPLIED)) {
            timeline.seenApplied(index, now);
          }
        });
  }

  /** Receives watch events. */
  private interface EventSink<T> {
    void accept(Watcher.Action action, T object);
  }

  /** A watch that is opened again (from now) when it closes; replayed ADDED events do not change a first time. */
  private static <T extends HasMetadata> AutoCloseable reopening(String what, Function<Watcher<T>, Watch> open,
                                                                 EventSink<T> sink) {
    AtomicReference<Watch> current = new AtomicReference<>();
    AtomicBoolean closed = new AtomicBoolean();
    Watcher<T> watcher = new Watcher<>() {
      @Override
      public void eventReceived(Action action, T object) {
        sink.accept(action, object);
      }

      @Override
      public void onClose(WatcherException cause) {
        if (!closed.get()) {
          System.err.println(what + " closed (" + cause.getMessage() + "); opening it again");
          Watcher<T> self = this;
          Thread reopen = new Thread(() -> current.set(open.apply(self)), what + "-reopen");
          reopen.setDaemon(true);
          reopen.start();
        }
      }
    };
    current.set(open.apply(watcher));
    return () -> {
      closed.set(true);
      Watch watch = current.get();
      if (watch != null) {
        watch.close();
      }
    };
  }

  private int countInMember(KubernetesClient member) {
    return (manifestKind.equals("deployment")
        ? member.apps().deployments().inNamespace(APP_NAMESPACE)
            .withLabel(FlotillaApi.LABEL_MANAGED_BY, FlotillaApi.MANAGED_BY_VALUE).list().getItems().size()
        : member.configMaps().inNamespace(APP_NAMESPACE)
            .withLabel(FlotillaApi.LABEL_MANAGED_BY, FlotillaApi.MANAGED_BY_VALUE).list().getItems().size());
  }

  // ---- CPU --------------------------------------------------------------------------------------------------------

  /** CPU seconds used so far by the three processes, and when they were read. */
  private record Cpu(long nanos, double server, double member, double agent) {
    Cpu minus(Cpu earlier) {
      return new Cpu(nanos - earlier.nanos, server - earlier.server, member - earlier.member, agent - earlier.agent);
    }

    double seconds() {
      return nanos / 1e9;
    }

    /** @return a CPU time as a percentage of one core over this span */
    String percent(double cpuSeconds) {
      return String.format(Locale.ROOT, "%.1f %%", 100 * cpuSeconds / seconds());
    }
  }

  private Cpu cpu(ChildProcess server, ChildProcess member, ChildProcess agent) {
    return new Cpu(System.nanoTime(), meter.cpuSeconds(server.pid()), meter.cpuSeconds(member.pid()),
        meter.cpuSeconds(agent.pid()));
  }

  // ---- the report -------------------------------------------------------------------------------------------------

  private void writeScenario(String scenario, double rate, Creates creates, Timeline timeline, boolean complete,
                             String loadBefore, String loadAfterRun, String loadAfterRest, Cpu idleCpu, Cpu runCpu,
                             List<Cpu> restCpu, long statusWritesAtRest, ProcessMeter.Heap emptyHeap,
                             ProcessMeter.Heap heldHeap, long rssKib, long threads, int inMember, int appliedTrue) {
    line("");
    line("### Scenario " + scenario + (rate > 0 ? " (" + fmt(rate) + " Works/s)"
        : " (all " + works + " creates at once, " + burstConcurrency + " in flight)"));
    line("");
    line("- load average: before " + loadBefore + "; after the run " + loadAfterRun + "; after the rest "
        + loadAfterRest);
    line(String.format(Locale.ROOT, "- creates: %d acknowledged (201) in %.1f s (%.1f/s), %d failed%s; "
            + "create latency p50 %s ms, p99 %s ms", creates.ackNanos().length, creates.seconds(),
        creates.ackNanos().length / creates.seconds(), creates.failures(),
        creates.firstFailure() == null ? "" : " (first: " + creates.firstFailure() + ")",
        ms(Stats.percentile(creates.ackNanos(), 0.50)), ms(Stats.percentile(creates.ackNanos(), 0.99))));
    line("- converged: " + (complete ? "yes" : "NO (timed out after " + timeout.toSeconds() + " s)") + "; "
        + inMember + " manifests in the member, " + appliedTrue + " Works with Applied=True at the end");
    line("");
    long[] toMember = Stats.differences(timeline.inMember, timeline.created, 0, works);
    long[] toReport = Stats.differences(timeline.reportedApplied, timeline.created, 0, works);
    int warm = Math.min(100, works - 1);
    long[] toMemberWarm = Stats.differences(timeline.inMember, timeline.created, warm, works);
    long[] toReportWarm = Stats.differences(timeline.reportedApplied, timeline.created, warm, works);
    line("| from the create's 201 to | Works seen | p50 ms | p99 ms | max ms | p50 ms (Works " + (warm + 1) + "–"
        + works + ") | p99 ms (same) |");
    line("|---|---:|---:|---:|---:|---:|---:|");
    latencyRow("t1: the manifest in the member", toMember, toMemberWarm);
    latencyRow("t2: Applied=True on the control plane", toReport, toReportWarm);
    line("");
    int buckets = Math.min(10, works);
    StringBuilder header = new StringBuilder("| t2 − t0 by creation order |");
    StringBuilder rule = new StringBuilder("|---|");
    StringBuilder p50 = new StringBuilder("| p50 ms |");
    StringBuilder max = new StringBuilder("| max ms |");
    for (int b = 0; b < buckets; b++) {
      int from = b * works / buckets;
      int to = (b + 1) * works / buckets;
      long[] slice = Stats.differences(timeline.reportedApplied, timeline.created, from, to);
      header.append(' ').append(from + 1).append('–').append(to).append(" |");
      rule.append("---:|");
      p50.append(' ').append(ms(Stats.percentile(slice, 0.50))).append(" |");
      max.append(' ').append(ms(Stats.percentile(slice, 1.0))).append(" |");
    }
    line(header.toString());
    line(rule.toString());
    line(p50.toString());
    line(max.toString());
    line("");
    line("| CPU (seconds, and % of one core) | agent | control plane | simulated member |");
    line("|---|---:|---:|---:|");
    cpuRow("idle, 0 Works (" + fmt(idleCpu.seconds()) + " s)", idleCpu);
    cpuRow("during the run: first create to last Applied=True (" + fmt(runCpu.seconds()) + " s)", runCpu);
    cpuRow("at rest, " + works + " Works held (" + fmt(restCpu.get(0).seconds()) + " s)", restCpu.get(0));
    cpuRow("… its first half", restCpu.get(1));
    cpuRow("… its second half", restCpu.get(2));
    line("");
    line(String.format(Locale.ROOT, "- agent heap after a full GC: %.1f MiB with 0 Works, %.1f MiB with %d Works "
            + "(%.1f KiB per Work); committed %.0f MiB; metaspace %.1f MiB; RSS %.0f MiB; %d threads",
        emptyHeap.usedKib() / 1024.0,
        heldHeap.usedKib() / 1024.0, works, (heldHeap.usedKib() - emptyHeap.usedKib()) / (double) works,
        heldHeap.committedKib() / 1024.0, heldHeap.metaspaceUsedKib() / 1024.0, rssKib / 1024.0, threads));
    line("- Work MODIFIED events on the control plane while at rest: " + statusWritesAtRest
        + " (0 means the 5 s status resync wrote nothing back)");
    System.out.flush();
  }

  private void latencyRow(String what, long[] all, long[] warm) {
    line("| " + what + " | " + all.length + " | " + ms(Stats.percentile(all, 0.50)) + " | "
        + ms(Stats.percentile(all, 0.99)) + " | " + ms(Stats.percentile(all, 1.0)) + " | "
        + ms(Stats.percentile(warm, 0.50)) + " | " + ms(Stats.percentile(warm, 0.99)) + " |");
  }

  private void cpuRow(String what, Cpu cpu) {
    line(String.format(Locale.ROOT, "| %s | %.2f s (%s) | %.2f s (%s) | %.2f s (%s) |", what, cpu.agent(),
        cpu.percent(cpu.agent()), cpu.server(), cpu.percent(cpu.server()), cpu.member(), cpu.percent(cpu.member())));
  }

  private static String ms(long nanos) {
    return nanos < 0 ? "–" : String.format(Locale.ROOT, "%.0f", nanos / 1e6);
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private void line(String text) {
    System.out.println(text);
    report.append(text).append('\n');
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("system property " + name + " is required (the exec plugin sets it)");
    }
    return value;
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String memory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return String.format(Locale.ROOT, "%.1f GiB total",
              Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through
    }
    return "unknown";
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
