package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.api.FlotillaApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The member-side watches alone, on fabric8's CRUD mock server: which changes name a Work and which do not, the
 * EndpointSlices of the agent's Services, the echo of the agent's own reads, and a watch that survives the member
 * going away and coming back.
 *
 * <p>Absence is shown without sleeping: events of one watch arrive in order, so once a later change of a sentinel
 * object (owned by Work {@code sentinel}) has named its Work, every earlier change has been handled.
 */
class MemberWatchesTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String NS = "flotilla-es-m";
  private static final KindInfo DEPLOYMENTS = new KindInfo("apps", "v1", "Deployment", "deployments", true);
  private static final KindInfo SERVICES = new KindInfo("", "v1", "Service", "services", true);

  private final MockMember member = new MockMember();
  private final List<String> named = new CopyOnWriteArrayList<>();
  private int sentinelRound;

  @AfterEach
  void stop() {
    member.close();
  }

  private static Map<String, String> ownedBy(String workNamespace, String work) {
    return Map.of(FlotillaApi.LABEL_MANAGED_BY, FlotillaApi.MANAGED_BY_VALUE,
        FlotillaApi.LABEL_WORK_NAMESPACE, workNamespace, FlotillaApi.LABEL_WORK_NAME, work);
  }

  private static Deployment deployment(String name, Map<String, String> labels) {
    return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("shop").addToLabels(labels)
        .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec().addNewContainer()
        .withName("web").withImage("nginx:1.27").endContainer().endSpec().endTemplate().endSpec().build();
  }

  private Deployment setReady(KubernetesClient client, String name, int ready) {
    Deployment current = client.apps().deployments().inNamespace("shop").withName(name).get();
    current.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(ready)
        .withObservedGeneration(current.getMetadata().getGeneration()).build());
    return client.apps().deployments().inNamespace("shop").resource(current).updateStatus();
  }

  /** Waits until every change made so far to Deployments has been handled; returns the Works named meanwhile. */
  private List<String> settle() {
    setReady(member.client, "sentinel", ++sentinelRound);
    await().atMost(WAIT).until(() -> named.contains("sentinel"));
    List<String> seen = new ArrayList<>(named);
    named.clear();
    seen.removeIf("sentinel"::equals);
    return seen;
  }

  @Test
  void namesTheOwningWorkWhenStatusOrGenerationChangesAndForNothingElse() {
    var deployments = member.client.apps().deployments().inNamespace("shop");
    deployments.resource(deployment("web", ownedBy(NS, "shop-web"))).create();
    deployments.resource(deployment("sentinel", ownedBy(NS, "sentinel"))).create();
    deployments.resource(deployment("theirs", ownedBy("flotilla-es-other", "shop-web"))).create();
    deployments.resource(deployment("users", Map.of("app", "users"))).create();

    try (MemberWatches watches = new MemberWatches(member.client, "m", NS, named::add)) {
      watches.watch(List.of(DEPLOYMENTS));
      await().atMost(WAIT).until(() -> watches.watching().contains("deployments.apps")
          && named.containsAll(List.of("shop-web", "sentinel")));
      // First sight of each of its objects names their Works once; others' objects never.
      assertThat(named).containsExactlyInAnyOrder("shop-web", "sentinel");
      named.clear();
      assertThat(settle()).isEmpty();

      // Status: named. A replay of the same state (the mock replays on every watch): not named.
      setReady(member.client, "web", 1);
      assertThat(settle()).containsExactly("shop-web");

      // Metadata alone (an annotation): not named.
      deployments.withName("web").edit(d -> {
        d.getMetadata().setAnnotations(Map.of("note", "metadata only"));
        return d;
      });
      assertThat(settle()).isEmpty();

      // A spec change bumps the generation: named (its controller has yet to catch up).
      deployments.withName("web").edit(d -> {
        d.getSpec().setReplicas(3);
        return d;
      });
      assertThat(settle()).containsExactly("shop-web");

      // Someone else's Deployments, and the agent's own echo: what a reconcile already read is not named again.
      setReady(member.client, "theirs", 1);
      setReady(member.client, "users", 1);
      Deployment next = deployments.withName("web").get();
      next.setStatus(new DeploymentStatusBuilder().withReplicas(3).withReadyReplicas(3)
          .withObservedGeneration(next.getMetadata().getGeneration()).build());
      watches.observed(DEPLOYMENTS, member.client.getKubernetesSerialization().convertValue(next,
          GenericKubernetesResource.class));
      deployments.resource(next).updateStatus();
      assertThat(settle()).isEmpty();

      // Deleted in the member: named, so its Work applies it again.
      deployments.withName("web").delete();
      assertThat(settle()).containsExactly("shop-web");
      assertThat(watches.changes()).isPositive();
    }
    // Closed: its thread is gone.
    assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
        .noneMatch(name -> name.startsWith("flotilla-agent-m-member-watch"));
  }

  @Test
  void endpointSlicesOfItsServicesNameTheServicesWork() {
    var services = member.client.services().inNamespace("shop");
    services.resource(new ServiceBuilder().withNewMetadata().withName("web").addToLabels(ownedBy(NS, "shop-svc"))
        .endMetadata().withNewSpec().addToSelector("app", "web").endSpec().build()).create();
    services.resource(new ServiceBuilder().withNewMetadata().withName("sentinel")
        .addToLabels(ownedBy(NS, "sentinel")).endMetadata().build()).create();
    var slices = member.client.genericKubernetesResources(MemberApplier.ENDPOINT_SLICES.context()).inNamespace("shop");

    try (MemberWatches watches = new MemberWatches(member.client, "m", NS, named::add)) {
      watches.watch(List.of(SERVICES));
      await().atMost(WAIT).until(() -> watches.watching().containsAll(
          List.of("services", MemberWatches.SERVICE_ENDPOINTS)));
      await().atMost(WAIT).until(() -> named.containsAll(List.of("shop-svc", "sentinel")));
      named.clear();

      slices.resource(slice("web", "web", 1, 0)).create();
      await().atMost(WAIT).until(() -> named.contains("shop-svc"));
      named.clear();
      slices.resource(slice("web", "web", 2, 0)).update();
      await().atMost(WAIT).until(() -> named.contains("shop-svc"));
      named.clear();

      // The same ready count with one more not-ready endpoint, then a slice of a Service that is not the agent's:
      // neither is named. The sentinel's slice comes last.
      slices.resource(slice("web", "web", 2, 1)).update();
      slices.resource(slice("users", "users", 1, 0)).create();
      slices.resource(slice("sentinel", "sentinel", 1, 0)).create();
      await().atMost(WAIT).until(() -> named.contains("sentinel"));
      assertThat(named).containsOnly("sentinel");
    }
  }

  /** An EndpointSlice as the simulated member keeps it: named like its Service, ready and not-ready endpoints. */
  private static GenericKubernetesResource slice(String name, String service, int ready, int notReady) {
    StringBuilder endpoints = new StringBuilder();
    for (int i = 0; i < ready + notReady; i++) {
      endpoints.append(i == 0 ? "" : ",").append("{'addresses':['10.1.1.").append(i + 1)
          .append("'],'conditions':{'ready':").append(i < ready).append("}}");
    }
    return Fixtures.manifest("{'apiVersion':'discovery.k8s.io/v1','kind':'EndpointSlice','metadata':{'name':'"
        + name + "','namespace':'shop','labels':{'kubernetes.io/service-name':'" + service
        + "'}},'addressType':'IPv4','endpoints':[" + endpoints + "]}");
  }

  @Test
  void aWatchLostWithTheMemberResumesWhenTheMemberIsBack() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMixedDispatcher store = new KubernetesMixedDispatcher(responses);
    KubernetesMockServer first = new KubernetesMockServer(new Context(new ObjectMapper()), new MockWebServer(),
        responses, store, false);
    first.init(InetAddress.getLoopbackAddress(), 0);
    int port = first.getPort();
    // fabric8 gives up on a lost watch at once, so the restart is this class's own (with its backoff).
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(first.url("/")).withRequestRetryBackoffLimit(0).withWatchReconnectLimit(0)
        .withRequestTimeout(2_000).withConnectionTimeout(1_000).build()).build();
         MemberWatches watches = new MemberWatches(client, "m", NS, named::add)) {
      client.apps().deployments().inNamespace("shop").resource(deployment("web", ownedBy(NS, "shop-web"))).create();
      watches.watch(List.of(DEPLOYMENTS));
      await().atMost(WAIT).until(() -> watches.watching().contains("deployments.apps") && !named.isEmpty());

      first.destroy();
      await().atMost(WAIT).until(() -> watches.watching().isEmpty());
      KubernetesMockServer second = new KubernetesMockServer(new Context(new ObjectMapper()), new MockWebServer(),
          responses, store, false);
      second.init(InetAddress.getLoopbackAddress(), port); // same port, same store: the member is back
      try {
        await().atMost(WAIT).until(() -> watches.watching().contains("deployments.apps"));
        named.clear();
        setReady(client, "web", 1);
        await().atMost(WAIT).until(() -> named.contains("shop-web"));
      } finally {
        second.destroy();
      }
    } finally {
      first.destroy();
    }
  }
}
