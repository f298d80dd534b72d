package dev.flotilla.agent;

import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.ClusterStatus;
import dev.flotilla.api.v1alpha1.Conditions;
import dev.flotilla.api.v1alpha1.NodeSummary;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The agent's heartbeat, in two parts that run on their own schedules: {@link #renew} the lease
 * {@code flotilla-es-<name>/<name>}, and {@link #report}: probe the member (version, nodes, pods) and write
 * the Cluster's status through its {@code /status} subresource: the Ready condition (with hysteresis, see
 * {@link ClusterReadiness}), last heartbeat time, Kubernetes version, node summary, resource summary and replica
 * estimates. Keeps the last Lease and Cluster it wrote, so a beat is two writes and no reads unless someone else
 * changed them (409) in between.
 */
public final class Heartbeat {

  private static final Logger LOG = Logger.getLogger(Heartbeat.class);

  private final AgentConfig config;
  private final ControlPlane controlPlane;
  private final KubernetesClient member;
  private final String holderIdentity;
  private final Supplier<Collection<Map<String, Quantity>>> workloadRequests;
  private final Map<String, String> wantedLabels;
  private final ClusterReadiness readiness;
  private final Clock clock;
  private final Object leaseLock = new Object();
  private Lease lease;
  private Cluster cluster;
  private String kubernetesVersion;
  private ClusterStatus lastMeasured;

  /**
   * A heartbeat.
   *
   * @param config the agent's configuration
   * @param controlPlane the control plane
   * @param member the member cluster
   * @param holderIdentity the lease holder (the agent's identity)
   * @param workloadRequests per-replica requests of the workloads the agent applies, for the estimates
   * @param wantedLabels region/zone labels the Cluster should carry
   * @param clock the clock
   */
  public Heartbeat(AgentConfig config, ControlPlane controlPlane, KubernetesClient member, String holderIdentity,
                   Supplier<Collection<Map<String, Quantity>>> workloadRequests, Map<String, String> wantedLabels,
                   Clock clock) {
    this.config = config;
    this.controlPlane = controlPlane;
    this.member = member;
    this.holderIdentity = holderIdentity;
    this.workloadRequests = workloadRequests;
    this.wantedLabels = Map.copyOf(wantedLabels);
    this.readiness = new ClusterReadiness(config.memberFailureThreshold());
    this.clock = clock;
  }

  /**
   * Beats once.
   *
   * @return the status written
   * @throws ControlPlaneException when the lease or the status could not be written
   */
  public ClusterStatus beat() {
    renew();
    return report();
  }

  /**
   * Renews the lease only. The agent runs this on a thread of its own: the control plane judges the agent alive by
   * the gaps between renewals, so neither a slow member probe nor a slow status write may hold one back.
   *
   * @throws ControlPlaneException when the lease could not be written
   */
  public void renew() {
    synchronized (leaseLock) {
      renewLease();
    }
  }

  /**
   * Probes the member and writes the Cluster's status.
   *
   * @return the status written
   * @throws ControlPlaneException when the status could not be written
   */
  public synchronized ClusterStatus report() {
    ClusterReadiness.Verdict verdict = probeMember();
    return writeStatus(verdict);
  }

  /** @return the latest Ready verdict */
  public synchronized ClusterReadiness.Verdict readiness() {
    return readiness.current();
  }

  private ClusterReadiness.Verdict probeMember() {
    try {
      if (kubernetesVersion == null) {
        kubernetesVersion = version();
      }
      List<Node> nodes = member.nodes().list().getItems();
      List<Pod> pods = member.pods().inAnyNamespace().list().getItems();
      ClusterStatus measured = new ClusterStatus();
      NodeSummary nodeSummary = MemberCapacity.nodeSummary(nodes);
      measured.setNodeSummary(nodeSummary);
      measured.setResourceSummary(MemberCapacity.resourceSummary(nodes, pods));
      LinkedHashSet<Map<String, Quantity>> requests = new LinkedHashSet<>(config.estimateRequests());
      requests.addAll(workloadRequests.get());
      measured.setReplicaEstimates(MemberCapacity.estimates(nodes, pods, requests));
      lastMeasured = measured;
      return readiness.reached(nodeSummary.getTotalNum(), nodeSummary.getReadyNum());
    } catch (KubernetesClientException e) {
      String error = MemberErrors.describe(e, config.memberRequestTimeout());
      ClusterReadiness.Verdict verdict = readiness.unreachable(error);
      LOG.warnf("agent %s: member probe failed (%d in a row): %s", config.clusterName(),
          readiness.consecutiveFailures(), error);
      return verdict;
    }
  }

  private String version() {
    try {
      VersionInfo info = member.getKubernetesVersion();
      return info == null ? null : info.getGitVersion();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 0) {
        throw e;
      }
      return null; // a member without /version still works; the version stays unreported
    }
  }

  private void renewLease() {
    String namespace = config.executionNamespace();
    ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    int seconds = (int) Math.max(1, config.leaseDuration().toSeconds());
    lease = controlPlane.callLiveness("renew lease " + namespace + "/" + config.clusterName(), client -> {
      var leases = client.leases().inNamespace(namespace);
      Lease current = lease != null ? lease : leases.withName(config.clusterName()).get();
      if (current == null) {
        return leases.resource(new LeaseBuilder()
            .withNewMetadata().withName(config.clusterName()).withNamespace(namespace).endMetadata()
            .withNewSpec().withHolderIdentity(holderIdentity).withLeaseDurationSeconds(seconds)
            .withAcquireTime(now).withRenewTime(now).endSpec()
            .build()).create();
      }
      try {
        return leases.resource(renewed(current, now, seconds)).update();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 && e.getCode() != 404) {
          throw e;
        }
        Lease fresh = leases.withName(config.clusterName()).get();
        if (fresh == null) {
          lease = null;
          return leases.resource(new LeaseBuilder()
              .withNewMetadata().withName(config.clusterName()).withNamespace(namespace).endMetadata()
              .withNewSpec().withHolderIdentity(holderIdentity).withLeaseDurationSeconds(seconds)
              .withAcquireTime(now).withRenewTime(now).endSpec()
              .build()).create();
        }
        return leases.resource(renewed(fresh, now, seconds)).update();
      }
    });
  }

  private Lease renewed(Lease current, ZonedDateTime now, int seconds) {
    return new LeaseBuilder(current).editOrNewSpec()
        .withHolderIdentity(holderIdentity).withLeaseDurationSeconds(seconds).withRenewTime(now)
        .endSpec().build();
  }

  private ClusterStatus writeStatus(ClusterReadiness.Verdict verdict) {
    Instant now = clock.instant();
    try {
      cluster = controlPlane.call("report status of Cluster " + config.clusterName(), client -> {
        var clusters = client.resources(Cluster.class);
        Cluster current = cluster != null ? cluster : fetchCluster(client);
        current = ensureLabels(client, current);
        try {
          return clusters.resource(withStatus(current, verdict, now)).updateStatus();
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
          return clusters.resource(withStatus(fetchCluster(client), verdict, now)).updateStatus();
        }
      });
    } catch (ControlPlaneException e) {
      cluster = null;
      if (e.getCause() instanceof ClusterGoneException || e.code() == 404) {
        // Someone deleted the Cluster: register again (the same member id adopts the name back).
        LOG.warnf("agent %s: the Cluster object is gone from the control plane; registering again",
            config.clusterName());
        controlPlane.reregister();
      }
      throw e;
    }
    return cluster.getStatus();
  }

  private Cluster fetchCluster(KubernetesClient client) {
    Cluster found = client.resources(Cluster.class).withName(config.clusterName()).get();
    if (found == null) {
      throw new ClusterGoneException(config.clusterName());
    }
    return found;
  }

  private Cluster ensureLabels(KubernetesClient client, Cluster current) {
    Map<String, String> labels = current.getMetadata().getLabels() == null
        ? new HashMap<>() : new HashMap<>(current.getMetadata().getLabels());
    boolean missing = wantedLabels.entrySet().stream()
        .anyMatch(e -> !Objects.equals(labels.get(e.getKey()), e.getValue()));
    if (!missing) {
      return current;
    }
    labels.putAll(wantedLabels);
    current.getMetadata().setLabels(labels);
    return client.resources(Cluster.class).resource(current).update();
  }

  private ClusterStatus status(Cluster current, ClusterReadiness.Verdict verdict, Instant now) {
    ClusterStatus previous = current.getStatus() == null ? new ClusterStatus() : current.getStatus();
    ClusterStatus status = new ClusterStatus();
    status.setConditions(Conditions.set(previous.getConditions(),
        Conditions.of(Conditions.READY, verdict.status(), verdict.reason(), verdict.message(), now)));
    status.setLastHeartbeatTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
    status.setKubernetesVersion(kubernetesVersion != null ? kubernetesVersion : previous.getKubernetesVersion());
    // When the member cannot be measured, the last measurement stands (placement keeps its capacity figures).
    ClusterStatus measured = lastMeasured != null ? lastMeasured : previous;
    status.setNodeSummary(measured.getNodeSummary());
    status.setResourceSummary(measured.getResourceSummary());
    status.setReplicaEstimates(measured.getReplicaEstimates() == null ? null
        : new ArrayList<>(measured.getReplicaEstimates()));
    return status;
  }

  private Cluster withStatus(Cluster current, ClusterReadiness.Verdict verdict, Instant now) {
    current.setStatus(status(current, verdict, now));
    return current;
  }

  /** The agent's own Cluster object does not exist (any more). */
  static final class ClusterGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClusterGoneException(String name) {
      super("Cluster " + name + " does not exist on the control plane");
    }
  }
}
