package dev.flotilla.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.api.v1alpha1.Conditions;
import dev.flotilla.api.v1alpha1.ManifestStatus;
import dev.flotilla.api.v1alpha1.ResourceHealth;
import dev.flotilla.api.v1alpha1.ResourceIdentifier;
import dev.flotilla.api.v1alpha1.Work;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import dev.flotilla.api.v1alpha1.WorkStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Keeps the member in line with the Works of the execution namespace, and reports back.
 *
 * <p><b>Desired state</b> comes from a cache of Works filled by list, then watch from the list's resourceVersion
 * (over the guarded control-plane client). A lost watch resumes from the last resourceVersion seen; a 410 Gone makes
 * it list again. A full relist every {@code workResyncInterval} catches anything a watch missed.
 *
 * <p><b>Observed state</b> comes from the member: what the agent applied is found by its labels (an index rebuilt by
 * a sweep after every relist and kept current by each apply and delete). Member-side changes of what it applied
 * (a Deployment's ready replicas, a Service's endpoints, an object deleted by someone) arrive by watch, one per
 * kind ({@link MemberWatches}), and put the owning Work's key in the queue; every Work is also reconciled again
 * every {@code statusResyncInterval}, as a safety net.
 *
 * <p><b>Reconcile</b> is level-triggered and keyed by Work (its {@code flotilla.dev/work-name} label value): one key
 * at a time per Work, from a deduplicating queue; render the Work, apply each manifest (namespaces first), delete
 * what the Work no longer holds (or everything, when the Work is gone), then write the Work's status if it changed.
 * Events only say which key to look at; the decision is always re-derived from the cache and the member.
 *
 * <p><b>Static stability</b>: nothing is ever deleted unless the cache has been filled by a successful list and the
 * latest control-plane call reached it. While the control plane is unreachable the agent re-applies the last known
 * desired state (a no-op) and deletes nothing.
 */
public final class WorkController implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(WorkController.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WATCH_RETRY_BASE = Duration.ofMillis(250);
  private static final Duration WATCH_RETRY_MAX = Duration.ofSeconds(5);

  private final AgentConfig config;
  private final ControlPlane controlPlane;
  private final MemberApplier applier;
  private final ScheduledExecutorService timer;
  private final ScheduledExecutorService sync;
  private final ExecutorService workers;
  private final WorkQueue queue;
  private final MemberWatches memberWatches;
  private final Clock clock;
  private final String namespace;

  private final Map<String, Work> cache = new ConcurrentHashMap<>();
  private final Map<String, List<Map<String, Quantity>>> requestsByWork = new ConcurrentHashMap<>();
  private final Map<String, Map<ObjectRef, KindInfo>> applied = new ConcurrentHashMap<>();
  private final AtomicLong watchGeneration = new AtomicLong();
  private final AtomicInteger syncFailures = new AtomicInteger();
  private final AtomicLong relists = new AtomicLong();
  private final List<ScheduledFuture<?>> periodic = new ArrayList<>();
  private volatile boolean synced;
  private volatile boolean closed;
  private volatile String resourceVersion;
  private volatile Watch watch;
  private volatile boolean watchHealthy;

  /**
   * A controller (call {@link #start()}).
   *
   * @param config the agent's configuration
   * @param controlPlane the control plane
   * @param applier the member side
   * @param timer runs delayed requeues and periodic triggers (never blocks on I/O)
   * @param clock the clock for condition times
   */
  public WorkController(AgentConfig config, ControlPlane controlPlane, MemberApplier applier,
                        ScheduledExecutorService timer, Clock clock) {
    this.config = config;
    this.controlPlane = controlPlane;
    this.applier = applier;
    this.timer = timer;
    this.clock = clock;
    this.namespace = config.executionNamespace();
    this.queue = new WorkQueue(timer, Duration.ofMillis(200), Duration.ofSeconds(30));
    // A member-side change is news someone may be waiting for (a failover waits for READY): ahead of the resync.
    this.memberWatches = applier.watchApplied(queue::addUrgent);
    this.sync = Executors.newSingleThreadScheduledExecutor(
        Agent.daemonThreads("flotilla-agent-" + config.clusterName() + "-sync"));
    this.workers = Executors.newFixedThreadPool(config.workers(),
        Agent.daemonThreads("flotilla-agent-" + config.clusterName() + "-worker"));
  }

  /** Lists the Works, starts watching, starts the workers and the periodic resyncs. */
  public void start() {
    for (int i = 0; i < config.workers(); i++) {
      workers.execute(this::work);
    }
    sync.execute(this::relistAndWatch);
    periodic.add(sync.scheduleWithFixedDelay(this::resync, config.workResyncInterval().toMillis(),
        config.workResyncInterval().toMillis(), TimeUnit.MILLISECONDS));
    periodic.add(timer.scheduleWithFixedDelay(this::enqueueAll, config.statusResyncInterval().toMillis(),
        config.statusResyncInterval().toMillis(), TimeUnit.MILLISECONDS));
  }

  /**
   * Resyncs at once: the control plane answers again after an outage, so the watch is resumed (if it was lost) and
   * every Work is reconciled and reported without waiting for the next period.
   */
  public void kick() {
    if (closed) {
      return;
    }
    if (!watchHealthy) {
      sync.execute(synced ? this::resumeWatch : this::relistAndWatch);
    }
    enqueueAll();
  }

  /** @return whether a list has filled the cache */
  public boolean synced() {
    return synced;
  }

  /** @return how many Works the agent knows */
  public int knownWorks() {
    return cache.size();
  }

  /** @return how many times the Works were listed in full */
  public long relists() {
    return relists.get();
  }

  /** @return whether a watch is currently open */
  public boolean watching() {
    return watchHealthy;
  }

  /** @return the kinds ({@code plural.group}) watched in the member right now */
  public Set<String> memberWatches() {
    return memberWatches.watching();
  }

  /** @return how many member-side changes named a Work so far */
  public long memberChanges() {
    return memberWatches.changes();
  }

  /**
   * The per-replica requests of the workloads in the Works (Deployments, ReplicaSets, StatefulSets, DaemonSets), for
   * the capacity estimates.
   *
   * @return distinct non-empty requests
   */
  public Collection<Map<String, Quantity>> workloadRequests() {
    Set<Map<String, Quantity>> requests = new LinkedHashSet<>();
    requestsByWork.values().forEach(requests::addAll);
    return requests;
  }

  // ---- desired state: list + watch ------------------------------------------------------------------------------

  private void relistAndWatch() {
    if (closed) {
      return;
    }
    try {
      relist();
      startWatch();
      syncFailures.set(0);
    } catch (RuntimeException e) {
      Duration delay = retryDelay(syncFailures.incrementAndGet());
      LOG.warnf("agent %s: cannot list/watch Works in %s (retrying in %d ms): %s", config.clusterName(), namespace,
          delay.toMillis(), e.getMessage());
      sync.schedule(this::relistAndWatch, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void resync() {
    if (closed) {
      return;
    }
    try {
      relist();
      if (!watchHealthy) {
        startWatch();
      }
    } catch (RuntimeException e) {
      LOG.warnf("agent %s: periodic resync of Works failed: %s", config.clusterName(), e.getMessage());
    }
  }

  private void relist() {
    KubernetesResourceList<Work> list = controlPlane.call("list Works in " + namespace,
        client -> client.resources(Work.class).inNamespace(namespace).list());
    relists.incrementAndGet();
    Map<String, Work> fresh = new HashMap<>();
    for (Work work : list.getItems()) {
      fresh.put(work.getMetadata().getName(), work);
    }
    String listVersion = list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
    Set<String> touched = new HashSet<>();
    for (String name : new ArrayList<>(cache.keySet())) {
      Work cached = cache.get(name);
      if (!fresh.containsKey(name) && cached != null && !newer(cached, listVersion)) {
        cache.remove(name);
        requestsByWork.remove(name);
        touched.add(ManifestRenderer.workLabelValue(name));
      }
    }
    fresh.values().forEach(this::remember);
    resourceVersion = listVersion;
    synced = true;
    sweep();
    cache.keySet().forEach(name -> touched.add(ManifestRenderer.workLabelValue(name)));
    touched.addAll(applied.keySet());
    touched.forEach(queue::add);
  }

  private void startWatch() {
    long generation = watchGeneration.incrementAndGet();
    closeWatch();
    String from = resourceVersion;
    // Marked open before the start, not after: with nothing listening, fabric8 may report this watch closed (from
    // another thread) before watch() returns, and that report must win, or no one would ever resume the watch.
    watchHealthy = true;
    try {
      // watch() returns before the control plane said anything (fabric8 connects in the background), so the start
      // stays out of the circuit breaker; the watcher hears how it went.
      watch = controlPlane.startAsync("watch Works in " + namespace, client -> client.resources(Work.class)
          .inNamespace(namespace)
          .watch(new ListOptionsBuilder().withResourceVersion(from).withAllowWatchBookmarks(true).build(),
              new WorkWatcher(generation)));
    } catch (ControlPlaneException e) {
      if (generation == watchGeneration.get()) {
        watchHealthy = false;
      }
      if (e.code() == 410) {
        LOG.infof("agent %s: resourceVersion %s of Works is too old (410 Gone); listing again", config.clusterName(),
            from);
        relist();
        startWatch();
        return;
      }
      throw e;
    }
  }

  private void resumeWatch() {
    // Several triggers (the watch's end, a recovery, the breaker closing) may ask; the first one resumes it.
    if (closed || watchHealthy) {
      return;
    }
    try {
      // No reset of the failure count here: a started watch proves nothing until it delivers something.
      startWatch();
    } catch (RuntimeException e) {
      Duration delay = retryDelay(syncFailures.incrementAndGet());
      LOG.warnf("agent %s: cannot resume the watch of Works (retrying in %d ms): %s", config.clusterName(),
          delay.toMillis(), e.getMessage());
      sync.schedule(this::resumeWatch, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void closeWatch() {
    Watch current = watch;
    watch = null;
    watchHealthy = false;
    if (current != null) {
      try {
        current.close();
      } catch (RuntimeException e) {
        LOG.debugf("agent %s: closing an old watch: %s", config.clusterName(), e.getMessage());
      }
    }
  }

  private final class WorkWatcher implements Watcher<Work> {
    private final long generation;
    /** Whether this watch delivered anything: proof that it really was connected. */
    private volatile boolean delivered;

    WorkWatcher(long generation) {
      this.generation = generation;
    }

    @Override
    public void eventReceived(Action action, Work work) {
      if (generation != watchGeneration.get() || work == null || work.getMetadata() == null) {
        return;
      }
      if (!delivered) {
        delivered = true;
        syncFailures.set(0);
      }
      String version = work.getMetadata().getResourceVersion();
      // A MODIFIED with the same generation changed only status or metadata (usually this agent's own status
      // report): nothing to apply, so no reconcile; the periodic resync still looks at it.
      boolean specChanged = action != Action.MODIFIED || specChanged(work);
      switch (action) {
        case ADDED, MODIFIED -> remember(work);
        case DELETED -> {
          cache.remove(work.getMetadata().getName());
          requestsByWork.remove(work.getMetadata().getName());
        }
        default -> {
          // BOOKMARK: only the resourceVersion moves.
        }
      }
      if (version != null) {
        resourceVersion = version;
      }
      if (action != Action.BOOKMARK && specChanged) {
        queue.addUrgent(ManifestRenderer.workLabelValue(work.getMetadata().getName()));
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      if (closed || generation != watchGeneration.get()) {
        return;
      }
      watchHealthy = false;
      if (cause.isHttpGone()) {
        LOG.infof("agent %s: watch of Works answered 410 Gone; listing again", config.clusterName());
        sync.execute(WorkController.this::relistAndWatch);
      } else {
        Duration delay = nextDelay();
        LOG.infof("agent %s: watch of Works lost (%s); resuming from resourceVersion %s in %d ms",
            config.clusterName(), cause.getMessage(), resourceVersion, delay.toMillis());
        sync.schedule(WorkController.this::resumeWatch, delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void onClose() {
      if (closed || generation != watchGeneration.get()) {
        return;
      }
      watchHealthy = false;
      sync.schedule(WorkController.this::resumeWatch, nextDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A watch that delivered something was connected: resume it at once. One that ended without a word most likely
     * never reached the control plane (it is down, and the breaker may not know yet): back off as for a failed start.
     */
    private Duration nextDelay() {
      return delivered ? WATCH_RETRY_BASE : retryDelay(syncFailures.incrementAndGet());
    }
  }

  /** Whether a Work's generation differs from the cached one's (the control plane bumps it on spec changes). */
  private boolean specChanged(Work work) {
    Work cached = cache.get(work.getMetadata().getName());
    return cached == null || !java.util.Objects.equals(cached.getMetadata().getGeneration(),
        work.getMetadata().getGeneration())
        || !java.util.Objects.equals(cached.getMetadata().getDeletionTimestamp(),
        work.getMetadata().getDeletionTimestamp());
  }

  private void remember(Work work) {
    String name = work.getMetadata().getName();
    cache.merge(name, work, (old, incoming) -> newer(old, incoming.getMetadata().getResourceVersion())
        ? old : incoming);
    requestsByWork.put(name, workloadRequests(cache.get(name)));
  }

  /** Whether a cached object is newer than a resourceVersion (numeric versions compared as numbers). */
  private static boolean newer(Work cached, String version) {
    String mine = cached.getMetadata().getResourceVersion();
    if (mine == null || version == null) {
      return false;
    }
    try {
      return Long.parseLong(mine) > Long.parseLong(version);
    } catch (NumberFormatException e) {
      return false; // opaque versions: the incoming one wins
    }
  }

  private static List<Map<String, Quantity>> workloadRequests(Work work) {
    List<Map<String, Quantity>> requests = new ArrayList<>();
    if (work == null || work.getSpec() == null || work.getSpec().getWorkload() == null
        || work.getSpec().getWorkload().getManifests() == null) {
      return requests;
    }
    for (GenericKubernetesResource manifest : work.getSpec().getWorkload().getManifests()) {
      if (manifest == null || !List.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet")
          .contains(manifest.getKind())) {
        continue;
      }
      try {
        JsonNode podSpec = JSON.valueToTree(manifest).path("spec").path("template").path("spec");
        if (podSpec.isObject()) {
          Map<String, Quantity> request = MemberCapacity.replicaRequest(JSON.treeToValue(podSpec, PodSpec.class));
          if (!request.isEmpty()) {
            requests.add(request);
          }
        }
      } catch (Exception e) {
        LOG.debugf("Work %s: cannot read the pod template of %s: %s", work.getMetadata().getName(),
            manifest.getKind(), e.getMessage());
      }
    }
    return requests;
  }

  private Duration retryDelay(int failures) {
    long millis = WATCH_RETRY_BASE.toMillis() << Math.min(failures, 10);
    return Duration.ofMillis(Math.min(millis, WATCH_RETRY_MAX.toMillis()));
  }

  // ---- observed state: the sweep ---------------------------------------------------------------------------------

  private void sweep() {
    try {
      Map<String, Map<ObjectRef, KindInfo>> found = applier.listApplied();
      for (String label : new ArrayList<>(applied.keySet())) {
        if (!found.containsKey(label)) {
          applied.remove(label);
        }
      }
      found.forEach((label, objects) -> applied.put(label, new ConcurrentHashMap<>(objects)));
      // Every kind applied so far (also by an earlier run) is watched; the inventory was just read.
      memberWatches.watch(applier.inventory());
    } catch (KubernetesClientException e) {
      LOG.warnf("agent %s: cannot list what was applied in the member (no clean-up this round): %s",
          config.clusterName(), MemberErrors.describe(e, config.memberRequestTimeout()));
    }
  }

  private boolean deletionsAllowed() {
    return synced && controlPlane.guard().reachable();
  }

  private void enqueueAll() {
    if (!synced) {
      return;
    }
    cache.keySet().forEach(name -> queue.add(ManifestRenderer.workLabelValue(name)));
    applied.keySet().forEach(queue::add);
  }

  // ---- reconcile --------------------------------------------------------------------------------------------------

  private void work() {
    while (!closed) {
      String key;
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (key == null) {
        return;
      }
      try {
        if (reconcile(key)) {
          queue.forget(key);
        } else {
          queue.backoff(key);
        }
      } catch (RuntimeException e) {
        Duration delay = queue.backoff(key);
        // While the control plane is down the heartbeat already says so; one line per Work would drown the log.
        boolean outage = e instanceof ControlPlaneException c && c.isTransient();
        if (outage) {
          LOG.debugf("agent %s: Work %s/%s not reconciled (retrying in %d ms): %s", config.clusterName(), namespace,
              key, delay.toMillis(), e.getMessage());
        } else {
          LOG.warnf("agent %s: Work %s/%s not reconciled (retrying in %d ms): %s", config.clusterName(), namespace,
              key, delay.toMillis(), e.getMessage());
        }
      } finally {
        queue.done(key);
      }
    }
  }

  private Work workByLabel(String label) {
    Work direct = cache.get(label);
    if (direct != null && ManifestRenderer.workLabelValue(label).equals(label)) {
      return direct;
    }
    for (Work work : cache.values()) {
      if (ManifestRenderer.workLabelValue(work.getMetadata().getName()).equals(label)) {
        return work;
      }
    }
    return null;
  }

  /**
   * Reconciles one Work.
   *
   * @return true when done, false to come back after a backoff
   */
  private boolean reconcile(String label) {
    if (!synced) {
      return false;
    }
    Work work = workByLabel(label);
    if (work == null || work.getMetadata().getDeletionTimestamp() != null) {
      return deleteAll(label);
    }
    String name = work.getMetadata().getName();
    ManifestRenderer.Rendered rendered = ManifestRenderer.render(work, config.clusterName(), applier.kinds());
    List<ManifestRenderer.Desired> ordered = new ArrayList<>(rendered.desired());
    // Namespaces before what lives in them.
    ordered.sort(Comparator.comparingInt((ManifestRenderer.Desired d) -> "Namespace".equals(d.kind().kind())
        && d.kind().group().isEmpty() ? 0 : 1).thenComparingInt(ManifestRenderer.Desired::ordinal));
    List<KindInfo> kinds = ordered.stream().map(ManifestRenderer.Desired::kind).distinct().toList();
    applier.remember(kinds);
    memberWatches.watch(kinds);
    Set<String> declaredNamespaces = new HashSet<>();
    ordered.stream().filter(d -> "Namespace".equals(d.kind().kind()) && d.kind().group().isEmpty())
        .forEach(d -> declaredNamespaces.add(d.ref().name()));

    Map<Integer, ManifestStatus> statuses = new HashMap<>();
    List<String> errors = new ArrayList<>();
    rendered.invalid().forEach(invalid -> errors.add(invalid.message()));
    boolean retry = false;
    Set<String> ensured = new HashSet<>();
    for (ManifestRenderer.Desired desired : ordered) {
      try {
        String ns = desired.ref().namespace();
        if (desired.kind().namespaced() && !declaredNamespaces.contains(ns) && ensured.add(ns)) {
          applier.ensureNamespace(ns);
        }
        // What the agent applied (rebuilt by the sweep from the member's labels): anything else is created first,
        // and a 409 sends the apply back to reading, so a stale record costs one request, never a wrong write.
        Map<ObjectRef, KindInfo> appliedForWork = applied.get(label);
        boolean mayExist = appliedForWork != null && appliedForWork.containsKey(desired.ref());
        GenericKubernetesResource object = applier.apply(desired, name, mayExist);
        applied.computeIfAbsent(label, l -> new ConcurrentHashMap<>()).put(desired.ref(), desired.kind());
        memberWatches.observed(desired.kind(), object);
        statuses.put(desired.ordinal(), manifestStatus(desired, object));
      } catch (MemberApplier.ApplyException e) {
        // Reported on the Work (and logged once when the condition changes), retried at every resync.
        errors.add("manifest " + desired.ordinal() + ": " + e.getMessage());
        statuses.put(desired.ordinal(), manifestStatus(desired, null));
      } catch (KubernetesClientException e) {
        String why = MemberErrors.describe(e, config.memberRequestTimeout());
        errors.add("manifest " + desired.ordinal() + " (" + desired.ref() + "): " + why);
        statuses.put(desired.ordinal(), manifestStatus(desired, null));
        retry = true;
        if (e.getCode() == 0) {
          // The member is unreachable: the heartbeat's probe says so once; one line per manifest would drown it.
          LOG.debugf("agent %s: Work %s/%s: cannot apply %s: %s", config.clusterName(), namespace, name,
              desired.ref(), why);
        } else {
          LOG.warnf("agent %s: Work %s/%s: cannot apply %s: %s", config.clusterName(), namespace, name,
              desired.ref(), why);
        }
      }
    }
    if (!retry) {
      retry = !prune(label, rendered.desired());
    }
    reportStatus(work, statuses, errors, rendered.desired().size() + rendered.invalid().size());
    return !retry;
  }

  private boolean deleteAll(String label) {
    Map<ObjectRef, KindInfo> objects = applied.get(label);
    if (objects == null || objects.isEmpty()) {
      applied.remove(label);
      return true;
    }
    if (!deletionsAllowed()) {
      return false; // static stability: the control plane may still have this Work; decide once it answers
    }
    if (!prune(label, List.of())) {
      return false;
    }
    if (objects.isEmpty()) {
      applied.remove(label, objects);
    }
    return true;
  }

  /** Deletes what the agent applied for a Work that the Work no longer holds. Returns false to retry. */
  private boolean prune(String label, List<ManifestRenderer.Desired> desired) {
    Map<ObjectRef, KindInfo> objects = applied.get(label);
    if (objects == null) {
      return true;
    }
    Set<ObjectRef> wanted = new HashSet<>();
    desired.forEach(d -> wanted.add(d.ref()));
    boolean complete = true;
    for (Map.Entry<ObjectRef, KindInfo> entry : new ArrayList<>(objects.entrySet())) {
      if (wanted.contains(entry.getKey())) {
        continue;
      }
      if (!deletionsAllowed()) {
        return false;
      }
      try {
        applier.deleteOwned(entry.getValue(), entry.getKey(), label);
        objects.remove(entry.getKey());
      } catch (KubernetesClientException e) {
        complete = false;
        LOG.warnf("agent %s: cannot delete %s from the member: %s", config.clusterName(), entry.getKey(),
            MemberErrors.describe(e, config.memberRequestTimeout()));
      }
    }
    return complete;
  }

  private ManifestStatus manifestStatus(ManifestRenderer.Desired desired, GenericKubernetesResource object) {
    ResourceIdentifier identifier = new ResourceIdentifier();
    identifier.setOrdinal(desired.ordinal());
    identifier.setGroup(desired.kind().group());
    identifier.setVersion(desired.kind().version());
    identifier.setKind(desired.kind().kind());
    identifier.setNamespace(desired.ref().namespace().isEmpty() ? null : desired.ref().namespace());
    identifier.setName(desired.ref().name());
    ManifestStatus status = new ManifestStatus();
    status.setIdentifier(identifier);
    if (object == null) {
      status.setHealth(ResourceHealth.UNKNOWN.value());
      return status;
    }
    JsonNode json = JSON.valueToTree(object);
    int endpoints = 0;
    if ("Service".equals(desired.kind().kind()) && desired.kind().group().isEmpty()) {
      try {
        endpoints = applier.readyEndpoints(desired.ref().namespace(), desired.ref().name());
      } catch (KubernetesClientException e) {
        LOG.debugf("agent %s: cannot count endpoints of %s: %s", config.clusterName(), desired.ref(),
            e.getMessage());
      }
    }
    ManifestHealth.Assessment assessment = ManifestHealth.assess(desired.kind().kind(), json, endpoints);
    status.setHealth(assessment.health().value());
    status.setStatus(assessment.status() == null || assessment.status().isNull() ? null : assessment.status());
    return status;
  }

  private void reportStatus(Work work, Map<Integer, ManifestStatus> statuses, List<String> errors, int total) {
    WorkStatus previous = work.getStatus() == null ? new WorkStatus() : work.getStatus();
    Condition applied = errors.isEmpty()
        ? Conditions.of(Conditions.APPLIED, Conditions.TRUE, "AppliedSuccessful",
            total == 1 ? "the manifest is applied" : "all " + total + " manifests are applied", clock.instant())
        : Conditions.of(Conditions.APPLIED, Conditions.FALSE, "AppliedFailed", String.join("; ", errors),
            clock.instant());
    applied.setObservedGeneration(work.getMetadata().getGeneration());
    WorkStatus next = new WorkStatus();
    next.setConditions(Conditions.set(previous.getConditions(), applied));
    List<ManifestStatus> ordered = new ArrayList<>();
    statuses.keySet().stream().sorted().forEach(i -> ordered.add(statuses.get(i)));
    next.setManifestStatuses(ordered.isEmpty() ? null : ordered);
    if (sameJson(previous, next)) {
      return;
    }
    String name = work.getMetadata().getName();
    Work updated = controlPlane.call("report status of Work " + namespace + "/" + name, client -> {
      var works = client.resources(Work.class).inNamespace(namespace);
      Work copy = client.getKubernetesSerialization().clone(work);
      copy.setStatus(next);
      try {
        return works.resource(copy).updateStatus();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        Work fresh = works.withName(name).get();
        if (fresh == null) {
          return null;
        }
        fresh.setStatus(next);
        return works.resource(fresh).updateStatus();
      }
    });
    if (updated != null) {
      remember(updated);
    }
    if (!errors.isEmpty() && !sameCondition(previous, applied)) {
      LOG.warnf("agent %s: Work %s/%s is not applied: %s", config.clusterName(), namespace, name,
          String.join("; ", errors));
    }
  }

  private static boolean sameCondition(WorkStatus previous, Condition condition) {
    return Conditions.find(previous.getConditions(), condition.getType())
        .map(c -> Objects.equals(c.getStatus(), condition.getStatus())
            && Objects.equals(c.getMessage(), condition.getMessage()))
        .orElse(false);
  }

  private static boolean sameJson(Object a, Object b) {
    try {
      return JSON.readTree(JSON.writeValueAsString(a)).equals(JSON.readTree(JSON.writeValueAsString(b)));
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
    periodic.forEach(f -> f.cancel(false));
    queue.shutDown();
    watchGeneration.incrementAndGet();
    closeWatch();
    memberWatches.close();
    sync.shutdownNow();
    workers.shutdownNow();
    try {
      sync.awaitTermination(5, TimeUnit.SECONDS);
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
