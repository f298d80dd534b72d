package dev.flotilla.agent;

import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Conditions;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One member cluster's agent, without CDI: many can run in one JVM (each with its own threads, clients, guard and
 * state directory). {@link #start} returns at once; the agent then, in the background and retrying with backoff
 * until it succeeds:
 * <ol>
 *   <li>reads (or creates) the member's identity ({@link MemberIdentity});</li>
 *   <li>registers with the bootstrap token unless a saved agent token exists ({@link ControlPlane}; saved in the
 *       {@link TokenStore} the configuration names: a file, or a Secret in the member);</li>
 *   <li>beats every {@code heartbeatInterval} ({@link Heartbeat}) and keeps the member in line with its Works
 *       ({@link WorkController}), watching what it applied in the member ({@link MemberWatches}).</li>
 * </ol>
 * Failures never end the agent: they are logged, kept in {@link #status()} and reported on the Cluster or Work
 * status when the control plane can be reached.
 *
 * <pre>{@code
 * AgentConfig config = AgentConfig.builder("eu-west-a", URI.create("http://127.0.0.1:8080"))
 *     .bootstrapToken(token).region("eu-west").zone("eu-west-a").build();
 * try (Agent agent = Agent.start(config, memberClient)) { ... }
 * }</pre>
 * The caller owns the member client (and closes it after the agent).
 */
public final class Agent implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Agent.class);

  private final AgentConfig config;
  private final KubernetesClient member;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final ScheduledExecutorService leaseTimer;
  private volatile String leaseError;
  private final ControlPlaneGuard guard;
  private final TokenStore tokens;
  private final ControlPlane controlPlane;
  private final MemberApplier applier;
  private final AtomicInteger startFailures = new AtomicInteger();
  private final AtomicLong heartbeats = new AtomicLong();
  private volatile String memberId;
  private volatile Map<String, String> topologyLabels;
  private volatile Heartbeat heartbeat;
  private volatile WorkController works;
  private volatile Instant lastHeartbeat;
  private volatile String lastError;
  private volatile boolean closed;

  private Agent(AgentConfig config, KubernetesClient member, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.member = Objects.requireNonNull(member, "member");
    this.clock = clock;
    this.timer = Executors.newScheduledThreadPool(2, daemonThreads("flotilla-agent-" + config.clusterName()));
    this.leaseTimer = Executors.newSingleThreadScheduledExecutor(
        daemonThreads("flotilla-agent-lease-" + config.clusterName()));
    this.guard = new ControlPlaneGuard(config.clusterName(), config.faultTolerance());
    this.tokens = config.stateSecret() != null ? new SecretTokenStore(member, config.stateSecret())
        : new FileTokenStore(config.stateDir());
    this.controlPlane = new ControlPlane(config, tokens, guard, () -> memberId, () -> topologyLabels);
    this.applier = new MemberApplier(member, config.clusterName(), config.executionNamespace());
  }

  /**
   * Starts an agent.
   *
   * @param config its configuration
   * @param member a client of its member cluster (owned by the caller)
   * @return the running agent
   */
  public static Agent start(AgentConfig config, KubernetesClient member) {
    return start(config, member, Clock.systemUTC());
  }

  /**
   * Starts an agent with a given clock.
   *
   * @param config its configuration
   * @param member a client of its member cluster (owned by the caller)
   * @param clock the clock for condition and heartbeat times
   * @return the running agent
   */
  public static Agent start(AgentConfig config, KubernetesClient member, Clock clock) {
    Agent agent = new Agent(config, member, clock);
    LOG.infof("agent %s: starting (control plane %s, agent token kept in %s)", config.clusterName(),
        config.controlPlane(), agent.tokens.location());
    agent.timer.execute(agent::bootstrap);
    return agent;
  }

  private void bootstrap() {
    if (closed) {
      return;
    }
    try {
      if (memberId == null) {
        memberId = MemberIdentity.readOrCreate(member);
      }
      if (topologyLabels == null) {
        topologyLabels = topologyLabels();
      }
      controlPlane.ensureRegistered();
      heartbeat = new Heartbeat(config, controlPlane, member, config.clusterName() + "/" + memberId,
          () -> works == null ? List.of() : works.workloadRequests(), topologyLabels, clock);
      works = new WorkController(config, controlPlane, applier, timer, clock);
      WorkController started = works;
      guard.onRecovery(() -> {
        started.kick();
        timer.execute(this::beat);
      });
      // The watch of Works starts only while the breaker is closed (a watch start proves nothing about the control
      // plane), so it resumes as soon as real calls have closed it rather than at its next retry.
      guard.onCircuitChange(state -> {
        if (state == CircuitBreakerState.CLOSED) {
          started.kick();
        }
      });
      works.start();
      // Fixed rate: the control plane judges health by the gaps between renewals, so a slow beat must not push
      // every later one back.
      timer.scheduleAtFixedRate(this::beat, 0, config.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
      // The lease on a thread of its own: a slow status write or member probe never delays a renewal.
      leaseTimer.scheduleAtFixedRate(this::renewLease, 0, config.heartbeatInterval().toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      String why = e instanceof KubernetesClientException k ? "member cluster: "
          + MemberErrors.describe(k, config.memberRequestTimeout()) : e.getMessage();
      lastError = why;
      long delay = Math.min(30_000, 500L << Math.min(startFailures.getAndIncrement(), 6));
      LOG.errorf("agent %s: cannot start (retrying in %d ms): %s", config.clusterName(), delay, why);
      timer.schedule(this::bootstrap, delay, TimeUnit.MILLISECONDS);
    }
  }

  private Map<String, String> topologyLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    String region = config.region();
    String zone = config.zone();
    if (region == null || zone == null) {
      List<Node> nodes = member.nodes().list().getItems();
      region = region != null ? region : mostCommon(nodes, FlotillaApi.LABEL_REGION);
      zone = zone != null ? zone : mostCommon(nodes, FlotillaApi.LABEL_ZONE);
    }
    if (region != null) {
      labels.put(FlotillaApi.LABEL_REGION, region);
    }
    if (zone != null) {
      labels.put(FlotillaApi.LABEL_ZONE, zone);
    }
    if (region == null || zone == null) {
      LOG.warnf("agent %s: no %s given and none found on the member's nodes; the Cluster will lack it",
          config.clusterName(), region == null ? "region" : "zone");
    }
    return Map.copyOf(labels);
  }

  private static String mostCommon(List<Node> nodes, String label) {
    Map<String, Long> counts = nodes.stream()
        .map(n -> n.getMetadata().getLabels() == null ? null : n.getMetadata().getLabels().get(label))
        .filter(Objects::nonNull)
        .collect(Collectors.groupingBy(Function.identity(), HashMap::new, Collectors.counting()));
    return counts.entrySet().stream()
        .max(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
        .map(Map.Entry::getKey).orElse(null);
  }

  private void beat() {
    if (closed) {
      return;
    }
    try {
      heartbeat.report();
      heartbeats.incrementAndGet();
      lastHeartbeat = clock.instant();
      if (lastError != null) {
        LOG.infof("agent %s: heartbeat succeeds again", config.clusterName());
      }
      lastError = null;
    } catch (RuntimeException e) {
      if (closed) {
        return;
      }
      if (!Objects.equals(lastError, e.getMessage())) {
        LOG.warnf("agent %s: heartbeat failed: %s", config.clusterName(), e.getMessage());
      }
      lastError = e.getMessage();
    }
  }

  private void renewLease() {
    if (closed) {
      return;
    }
    try {
      heartbeat.renew();
      if (leaseError != null) {
        LOG.infof("agent %s: lease renewal succeeds again", config.clusterName());
      }
      leaseError = null;
    } catch (RuntimeException e) {
      if (!closed && !Objects.equals(leaseError, e.getMessage())) {
        LOG.warnf("agent %s: lease renewal failed: %s", config.clusterName(), e.getMessage());
      }
      leaseError = e.getMessage();
    }
  }

  /** @return a snapshot of the agent's state */
  public AgentStatus status() {
    WorkController w = works;
    Heartbeat h = heartbeat;
    return new AgentStatus(config.clusterName(), memberId, controlPlane.registered(), heartbeats.get(),
        lastHeartbeat, lastError, guard.circuitState().name(), w != null && w.synced(), w != null && w.watching(),
        w == null ? 0 : w.knownWorks(), h == null ? Conditions.UNKNOWN : h.readiness().status());
  }

  /** @return how many times this agent registered with the bootstrap token (0 when a saved agent token sufficed) */
  public int registrations() {
    return controlPlane.registrations();
  }

  /** @return the agent's configuration */
  public AgentConfig config() {
    return config;
  }

  /** @return the guard of its control-plane calls (to observe the circuit breaker) */
  public ControlPlaneGuard guard() {
    return guard;
  }

  /** @return how many full lists of Works it made (tests watch relists after a 410) */
  public long workRelists() {
    WorkController w = works;
    return w == null ? 0 : w.relists();
  }

  /** @return the kinds ({@code plural.group}) whose member-side watch is open now, e.g. {@code deployments.apps} */
  public Set<String> watchedMemberKinds() {
    WorkController w = works;
    return w == null ? Set.of() : w.memberWatches();
  }

  /** @return how many member-side changes (seen by watch) named a Work so far */
  public long memberChanges() {
    WorkController w = works;
    return w == null ? 0 : w.memberChanges();
  }

  /** Stops every thread and closes the control-plane clients; the member is left as it is. */
  @Override
  public void close() {
    closed = true;
    WorkController w = works;
    if (w != null) {
      w.close();
    }
    leaseTimer.shutdownNow();
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    controlPlane.close();
    LOG.infof("agent %s: stopped", config.clusterName());
  }

  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
