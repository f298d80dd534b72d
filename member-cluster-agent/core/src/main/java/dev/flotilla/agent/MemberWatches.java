package dev.flotilla.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flotilla.api.FlotillaApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Watches, in the member, every kind the agent applied, so that a member-side status change (a Deployment's
 * {@code readyReplicas} rising as its Pods start, a Service getting its load-balancer address) reaches the Work's
 * status at once instead of at the next periodic resync.
 *
 * <p>One watch per kind, never per object or per Work, selected with equality label selectors only
 * ({@code flotilla.dev/managed-by=flotilla}, {@code flotilla.dev/work-namespace=<execution namespace>}). Each kind's
 * watch lists first, then watches from the list's resourceVersion; a watch that ends resumes from the last
 * resourceVersion it saw, after a backoff; a 410 Gone lists again from scratch. Once a Service is watched, the
 * EndpointSlices of Services are watched too (selected by the {@code kubernetes.io/service-name} label; only those
 * of the agent's Services count), because a Service's reported health is its ready endpoints.
 *
 * <p>An event only names a Work: the owning Work's key goes to {@code onChange} (the controller's deduplicating
 * queue), and the reconcile re-reads everything, so a burst of events costs one reconcile. An event counts only when
 * the object's {@code status} or {@code metadata.generation} differs from what was last seen of it, either by a watch
 * or by a reconcile ({@link #observed}), so the replays of a reconnecting watch trigger nothing, nor does the echo
 * of the agent's own write once its reconcile has recorded the member's answer. For an EndpointSlice only its
 * number of ready endpoints counts. An object that disappears (deleted in the member) names its Work too, so it is
 * applied again.
 *
 * <p>All lists and watch starts run on one thread of its own: nothing here ever blocks the heartbeat or a reconcile.
 */
public final class MemberWatches implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(MemberWatches.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Sorted keys: one status read from a create response and from a watch event must give one fingerprint. */
  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final Duration RETRY_BASE = Duration.ofMillis(250);
  private static final Duration RETRY_MAX = Duration.ofSeconds(10);
  private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  /** The name of the watch of EndpointSlices on behalf of Services (apart from EndpointSlices a Work may apply). */
  static final String SERVICE_ENDPOINTS = "service-endpointslices";

  private final KubernetesClient member;
  private final String clusterName;
  private final String workNamespace;
  private final Consumer<String> onChange;
  private final ScheduledExecutorService executor;
  private final Map<String, KindWatch> watches = new ConcurrentHashMap<>();
  /** {@code namespace/name} of each Service the agent applied, to the Work that holds it (for EndpointSlices). */
  private final Map<String, String> serviceOwners = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();
  private volatile boolean closed;

  private record Seen(long fingerprint, String work) {
  }

  /**
   * Watches for one agent; none starts before {@link #watch}.
   *
   * @param member the member cluster
   * @param clusterName the member's name (for logs and thread names)
   * @param workNamespace the execution namespace whose Works the agent applies (the work-namespace label value)
   * @param onChange receives the work-name label value of a Work whose member-side objects changed; must not block
   */
  public MemberWatches(KubernetesClient member, String clusterName, String workNamespace,
                       Consumer<String> onChange) {
    this.member = member;
    this.clusterName = clusterName;
    this.workNamespace = workNamespace;
    this.onChange = onChange;
    this.executor = Executors.newSingleThreadScheduledExecutor(
        Agent.daemonThreads("flotilla-agent-" + clusterName + "-member-watch"));
  }

  /**
   * Starts watching kinds not watched yet (returns at once; the list and the watch start in the background).
   *
   * @param kinds kinds the agent applied or is about to apply
   */
  public void watch(Collection<KindInfo> kinds) {
    for (KindInfo kind : kinds) {
      start(kind, false);
      if (isService(kind)) {
        start(MemberApplier.ENDPOINT_SLICES, true);
      }
    }
  }

  private void start(KindInfo kind, boolean slices) {
    String name = slices ? SERVICE_ENDPOINTS : kind.resource();
    if (closed || watches.containsKey(name)) {
      return;
    }
    KindWatch created = new KindWatch(kind, slices);
    if (watches.putIfAbsent(name, created) == null) {
      later(created::relist, 0);
    }
  }

  /**
   * Records what a reconcile just read of an object (and so reports), so that a watch event carrying the same
   * status, such as the echo of the agent's own write, triggers no second reconcile.
   *
   * @param kind its kind
   * @param object the object as the member returned it
   */
  public void observed(KindInfo kind, GenericKubernetesResource object) {
    if (object == null || object.getMetadata() == null) {
      return;
    }
    String work = ownerOf(object);
    if (work == null) {
      return;
    }
    ObjectRef ref = ref(kind, object);
    if (isService(kind)) {
      serviceOwners.put(ref.namespace() + "/" + ref.name(), work);
    }
    KindWatch watch = watches.get(kind.resource());
    if (watch != null) {
      watch.seen.put(ref, new Seen(fingerprint(object, false), work));
    }
  }

  /**
   * @return the kinds ({@code plural.group}) whose watch is open now, and {@value #SERVICE_ENDPOINTS} while the
   *     EndpointSlices of Services are watched
   */
  public Set<String> watching() {
    Set<String> open = new TreeSet<>();
    watches.forEach((resource, watch) -> {
      if (watch.open) {
        open.add(resource);
      }
    });
    return open;
  }

  /** @return how many times a member-side change named a Work so far */
  public long changes() {
    return changes.get();
  }

  // ---- events -----------------------------------------------------------------------------------------------------

  private void nameWork(String work) {
    changes.incrementAndGet();
    onChange.accept(work);
  }

  /** The work-name label value, when the object carries all of this agent's ownership labels; else null. */
  private String ownerOf(GenericKubernetesResource object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    if (labels == null || !FlotillaApi.MANAGED_BY_VALUE.equals(labels.get(FlotillaApi.LABEL_MANAGED_BY))
        || !workNamespace.equals(labels.get(FlotillaApi.LABEL_WORK_NAMESPACE))) {
      return null;
    }
    return labels.get(FlotillaApi.LABEL_WORK_NAME);
  }

  private String sliceOwner(GenericKubernetesResource slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
    return service == null ? null : serviceOwners.get(namespaceOf(slice) + "/" + service);
  }

  private static ObjectRef ref(KindInfo kind, GenericKubernetesResource object) {
    return new ObjectRef(kind.group(), kind.kind(), kind.namespaced() ? namespaceOf(object) : "",
        object.getMetadata().getName());
  }

  private static String namespaceOf(GenericKubernetesResource object) {
    String namespace = object.getMetadata().getNamespace();
    return namespace == null ? "" : namespace;
  }

  private static boolean isService(KindInfo kind) {
    return kind.group().isEmpty() && "Service".equals(kind.kind());
  }

  /**
   * What a change must alter to count: the status and the generation (a spec change the controller has not seen
   * yet), or for an EndpointSlice its number of ready endpoints. A 64-bit FNV-1a hash of their JSON with sorted
   * keys: two successive states of one object practically never collide, and 8 bytes per object is all it keeps.
   */
  static long fingerprint(GenericKubernetesResource object, boolean slice) {
    Map<String, Object> fields = object.getAdditionalProperties();
    if (slice) {
      JsonNode endpoints = JSON.valueToTree(fields == null ? null : fields.get("endpoints"));
      return ManifestHealth.readyEndpoints(List.of(JSON.createObjectNode().set("endpoints", endpoints)));
    }
    String text;
    try {
      text = CANONICAL.writeValueAsString(Arrays.asList(object.getMetadata().getGeneration(),
          fields == null ? null : fields.get("status")));
    } catch (JsonProcessingException e) {
      text = object.getMetadata().getGeneration() + " " + (fields == null ? null : fields.get("status"));
    }
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      hash ^= text.charAt(i);
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  /** Runs a step on the watch thread after a delay, unless everything is closing. */
  private void later(Runnable step, long delayMillis) {
    if (closed) {
      return;
    }
    try {
      executor.schedule(step, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing: nothing more to do
    }
  }

  // ---- one watch per kind -----------------------------------------------------------------------------------------

  /** The list-then-watch loop of one kind. Its steps run on the executor only, so they never overlap. */
  private final class KindWatch {
    private final KindInfo kind;
    private final boolean slices;
    /** What was last seen of each object: a fingerprint of its status and generation, and the Work it names. */
    private final Map<ObjectRef, Seen> seen = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile String resourceVersion;
    private volatile Watch watch;
    private volatile boolean open;
    private int failures;

    KindWatch(KindInfo kind, boolean slices) {
      this.kind = kind;
      this.slices = slices;
    }

    /** An object was added or changed: name its Work when its status or generation differs from what was seen. */
    void changed(GenericKubernetesResource object) {
      if (object == null || object.getMetadata() == null) {
        return;
      }
      ObjectRef ref = ref(kind, object);
      String work = slices ? sliceOwner(object) : ownerOf(object);
      if (work == null) {
        Seen dropped = seen.remove(ref); // it lost its labels (or its Service is not ours): no longer ours to follow
        if (dropped != null) {
          nameWork(dropped.work());
        }
        return;
      }
      if (isService(kind)) {
        serviceOwners.put(ref.namespace() + "/" + ref.name(), work);
      }
      Seen now = new Seen(fingerprint(object, slices), work);
      Seen before = seen.put(ref, now);
      if (before == null || before.fingerprint() != now.fingerprint()) {
        nameWork(work);
      }
      if (before != null && !before.work().equals(work)) {
        nameWork(before.work());
      }
    }

    /** An object is gone: its Work must apply it again (or report the Service without endpoints). */
    void gone(GenericKubernetesResource object) {
      if (object == null || object.getMetadata() == null) {
        return;
      }
      ObjectRef ref = ref(kind, object);
      Seen before = seen.remove(ref);
      String work = before != null ? before.work() : slices ? sliceOwner(object) : ownerOf(object);
      if (isService(kind)) {
        serviceOwners.remove(ref.namespace() + "/" + ref.name());
      }
      if (work != null) {
        nameWork(work);
      }
    }

    private FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
        Resource<GenericKubernetesResource>> selected() {
      var operation = member.genericKubernetesResources(kind.context());
      if (slices) {
        // Exists selector: every Service's slices; only those of the agent's Services count (sliceOwner).
        return operation.inAnyNamespace().withLabel(SERVICE_NAME_LABEL);
      }
      Map<String, String> selector = Map.of(FlotillaApi.LABEL_MANAGED_BY, FlotillaApi.MANAGED_BY_VALUE,
          FlotillaApi.LABEL_WORK_NAMESPACE, workNamespace);
      return kind.namespaced() ? operation.inAnyNamespace().withLabels(selector) : operation.withLabels(selector);
    }

    /** Lists from scratch (at the start and after a 410 Gone), names what changed or vanished, then watches. */
    void relist() {
      if (closed) {
        return;
      }
      try {
        closeWatch();
        GenericKubernetesResourceList list = selected().list();
        Set<ObjectRef> present = new HashSet<>();
        for (GenericKubernetesResource item : list.getItems()) {
          present.add(ref(kind, item));
          changed(item);
        }
        // What vanished while nothing was watching.
        for (Map.Entry<ObjectRef, Seen> entry : new ArrayList<>(seen.entrySet())) {
          ObjectRef ref = entry.getKey();
          if (!present.contains(ref) && seen.remove(ref, entry.getValue())) {
            nameWork(entry.getValue().work());
          }
        }
        resourceVersion = list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
        openWatch();
      } catch (RuntimeException e) {
        retry("list", e, this::relist);
      }
    }

    /** Watches again from the last resourceVersion seen (a lost watch), or lists again when there is none. */
    void resume() {
      if (closed) {
        return;
      }
      if (resourceVersion == null) {
        relist();
        return;
      }
      try {
        openWatch();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 410) {
          LOG.debugf("agent %s: resourceVersion %s of %s is too old; listing again", clusterName, resourceVersion,
              kind.resource());
          resourceVersion = null;
          relist();
        } else {
          retry("watch", e, this::resume);
        }
      } catch (RuntimeException e) {
        retry("watch", e, this::resume);
      }
    }

    private void openWatch() {
      closeWatch();
      long current = generation.get();
      watch = selected().watch(new ListOptionsBuilder().withResourceVersion(resourceVersion)
          .withAllowWatchBookmarks(true).build(), new KindWatcher(current));
      open = true;
      if (failures > 0) {
        LOG.infof("agent %s: watching %s in the member again", clusterName, kind.resource());
      }
      failures = 0;
    }

    private void retry(String step, RuntimeException e, Runnable again) {
      open = false;
      if (closed) {
        return; // interrupted by close(): nothing to report
      }
      failures++;
      long delay = Math.min(RETRY_MAX.toMillis(), RETRY_BASE.toMillis() << Math.min(failures - 1, 10));
      String why = e instanceof KubernetesClientException k ? MemberErrors.describe(k, Duration.ZERO)
          : e.getMessage();
      // Once per outage, then now and then: an unreachable member is already reported by the heartbeat.
      if (failures == 1 || failures % 30 == 0) {
        LOG.warnf("agent %s: cannot %s %s in the member (retrying in %d ms; the periodic status resync covers "
            + "meanwhile): %s", clusterName, step, kind.resource(), delay, why);
      }
      later(again, delay);
    }

    /** Closes the current watch, if any; from now on its events and its end are ignored. */
    void closeWatch() {
      generation.incrementAndGet();
      Watch current = watch;
      watch = null;
      open = false;
      if (current != null) {
        try {
          current.close();
        } catch (RuntimeException e) {
          LOG.debugf("agent %s: closing the watch of %s: %s", clusterName, kind.resource(), e.getMessage());
        }
      }
    }

    private final class KindWatcher implements Watcher<GenericKubernetesResource> {
      private final long watchGeneration;

      KindWatcher(long watchGeneration) {
        this.watchGeneration = watchGeneration;
      }

      private boolean stale() {
        return closed || watchGeneration != generation.get();
      }

      @Override
      public void eventReceived(Action action, GenericKubernetesResource object) {
        if (stale() || object == null || object.getMetadata() == null) {
          return;
        }
        String version = object.getMetadata().getResourceVersion();
        switch (action) {
          case ADDED, MODIFIED -> changed(object);
          case DELETED -> gone(object);
          default -> {
            // BOOKMARK: only the resourceVersion moves.
          }
        }
        if (version != null) {
          resourceVersion = version;
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        if (stale()) {
          return;
        }
        open = false;
        if (cause.isHttpGone()) {
          LOG.debugf("agent %s: watch of %s answered 410 Gone; listing again", clusterName, kind.resource());
          resourceVersion = null;
          later(KindWatch.this::relist, 0);
        } else {
          LOG.infof("agent %s: watch of %s in the member lost (%s); resuming", clusterName, kind.resource(),
              cause.getMessage());
          later(KindWatch.this::resume, RETRY_BASE.toMillis());
        }
      }

      @Override
      public void onClose() {
        if (stale()) {
          return;
        }
        open = false;
        later(KindWatch.this::resume, RETRY_BASE.toMillis());
      }
    }
  }

  /** Closes every watch and the thread; the member is left as it is. */
  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // After the executor: no step can open a new watch behind this loop.
    watches.values().forEach(KindWatch::closeWatch);
  }

  @Override
  public String toString() {
    return "MemberWatches{" + clusterName + ", " + watching() + "}";
  }
}
