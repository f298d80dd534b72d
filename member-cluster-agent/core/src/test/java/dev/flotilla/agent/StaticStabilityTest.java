package dev.flotilla.agent;

import static dev.flotilla.agent.Fixtures.configMap;
import static dev.flotilla.agent.Fixtures.deployment;
import static dev.flotilla.agent.Fixtures.service;
import static dev.flotilla.agent.Fixtures.work;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.Conditions;
import dev.flotilla.api.v1alpha1.Work;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static stability against the real control plane: the control plane process is killed for a while (60 s, as the
 * issue asks; {@code -Dflotilla.test.outageSeconds=N} shortens it for quick local runs), during which the
 * member's workloads must stay exactly as they are; then it is started again on the same port and data directory,
 * and the agent must resync and report within 5 s of it being ready.
 */
class StaticStabilityTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int OUTAGE_SECONDS = Integer.getInteger("flotilla.test.outageSeconds", 60);

  @TempDir
  Path temp;

  @Test
  void memberUntouchedWhileTheControlPlaneIsDownAndReportedWithinSecondsAfterItReturns() throws Exception {
    try (ControlPlaneProcess controlPlane = new ControlPlaneProcess(temp.resolve("cp")).start();
         KubernetesClient admin = controlPlane.adminClient();
         MockMember member = new MockMember()) {
      member.addNode("node-1", "4", "8Gi", 110, "eu-west", "eu-west-a");
      AgentConfig config = Fixtures.config("steady", controlPlane.url(), controlPlane.bootstrapToken(),
          temp.resolve("state")).build();
      try (Agent agent = Agent.start(config, member.client)) {
        List<CircuitBreakerState> transitions = new CopyOnWriteArrayList<>();
        agent.guard().onCircuitChange(transitions::add);
        await().atMost(WAIT).until(() -> agent.status().ready());
        admin.resources(Work.class).resource(work("steady", "web", deployment("shop", "web", 2, "100m"),
            service("shop", "web"))).create();
        admin.resources(Work.class).resource(work("steady", "settings", configMap("shop", "settings", "v1")))
            .create();
        await().atMost(WAIT).untilAsserted(() -> {
          for (String name : List.of("web", "settings")) {
            Work work = admin.resources(Work.class).inNamespace("flotilla-es-steady").withName(name).get();
            assertThat(work.getStatus()).isNotNull();
            assertThat(Conditions.isTrue(work.getStatus().getConditions(), Conditions.APPLIED)).isTrue();
          }
        });
        Map<String, String> before = managedObjects(member.client);
        assertThat(before).containsOnlyKeys("ConfigMap shop/settings", "Deployment shop/web", "Service shop/web");

        controlPlane.stop();
        Thread.sleep(OUTAGE_SECONDS * 1000L);

        assertThat(managedObjects(member.client)).as("member objects and their resourceVersions").isEqualTo(before);
        assertThat(agent.status().lastError()).isNotNull();
        assertThat(transitions).contains(CircuitBreakerState.OPEN);
        assertThat(agent.guard().circuitClosings()).as("closings while down (transitions %s)", transitions).isZero();

        // Something changes in the member meanwhile: the Deployment becomes ready.
        Deployment web = member.client.apps().deployments().inNamespace("shop").withName("web").get();
        web.setStatus(new DeploymentStatusBuilder().withReplicas(2).withReadyReplicas(2).withAvailableReplicas(2)
            .build());
        member.client.apps().deployments().inNamespace("shop").resource(web).updateStatus();

        controlPlane.start();
        Instant ready = Instant.now();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
          Cluster cluster = admin.resources(Cluster.class).withName("steady").get();
          assertThat(Instant.parse(cluster.getStatus().getLastHeartbeatTime()))
              .isAfterOrEqualTo(ready.minusSeconds(1));
          assertThat(cluster.isReady()).isTrue();
          Work work = admin.resources(Work.class).inNamespace("flotilla-es-steady").withName("web").get();
          assertThat(work.getStatus().getManifestStatuses().get(0).getHealth()).isEqualTo("Healthy");
        });
        // No duplicates, no orphans: exactly the same objects.
        assertThat(managedObjects(member.client).keySet()).isEqualTo(before.keySet());
        // The breaker opened once when the control plane went away and closes once now that it answers: it never
        // closed while nothing answered (a watch start proves nothing and stays out of it), so no flapping.
        await().atMost(WAIT).until(() -> agent.guard().circuitState() == CircuitBreakerState.CLOSED);
        assertThat(agent.guard().circuitOpenings()).as("openings (transitions %s)", transitions).isEqualTo(1);
        assertThat(agent.guard().circuitClosings()).as("closings (transitions %s)", transitions).isEqualTo(1);
      }
    }
  }

  /** Every object the agent applied, by kind and name, with its resourceVersion. */
  static Map<String, String> managedObjects(KubernetesClient member) {
    Map<String, String> labels = Map.of(FlotillaApi.LABEL_MANAGED_BY, "flotilla");
    Map<String, String> objects = new TreeMap<>();
    Stream.of(member.configMaps().inAnyNamespace().withLabels(labels).list().getItems(),
            member.apps().deployments().inAnyNamespace().withLabels(labels).list().getItems(),
            member.services().inAnyNamespace().withLabels(labels).list().getItems())
        .flatMap(List::stream)
        .filter(o -> o.getMetadata().getLabels().containsKey(FlotillaApi.LABEL_WORK_NAME))
        .forEach((HasMetadata o) -> objects.put(o.getKind() + " " + o.getMetadata().getNamespace() + "/"
            + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
    return objects;
  }
}
