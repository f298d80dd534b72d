package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Scheduling within Node capacity, on a cluster of its own so that no other test's Pods take room. */
class CapacityTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static SimulatedCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void startCluster() {
        cluster = SimulatedCluster.start(SimulatedClusterConfig.builder("cap").region("eu-west").zone("eu-west-1c")
                .nodes(2).nodeCpu("2").nodeMemory("4Gi").nodePods(10).podStartDelay(Duration.ofMillis(200)).build());
        client = cluster.client();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<Pod> pods(String namespace, String app) {
        return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems();
    }

    private static Deployment getDeployment(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    private static DeploymentCondition condition(Deployment deployment, String type) {
        return deployment.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow();
    }

    private static void scale(String namespace, String name, int replicas) {
        await().atMost(WAIT).ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(() -> client.apps().deployments().inNamespace(namespace).withName(name)
                        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().build()) != null);
    }

    @Test
    void podsThatDoNotFitStayPendingWithTheSchedulersReason() {
        String ns = "capacity";
        // 2 nodes x 2 CPUs: four Pods of 900m fit (two per node), the fifth and sixth do not.
        client.apps().deployments().inNamespace(ns).resource(SimulatedClusterTest.deployment(ns, "big", 6, "big:1", "900m")).create();

        await().atMost(WAIT).untilAsserted(() -> {
            List<Pod> pods = pods(ns, "big");
            assertThat(pods).hasSize(6);
            assertThat(pods.stream().filter(PodLifecycle::isReady)).hasSize(4);
            List<Pod> pending = pods.stream().filter(p -> p.getSpec().getNodeName() == null).toList();
            assertThat(pending).hasSize(2).allSatisfy(pod -> {
                assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
                PodCondition scheduled = pod.getStatus().getConditions().stream()
                        .filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElseThrow();
                assertThat(scheduled.getStatus()).isEqualTo("False");
                assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
                assertThat(scheduled.getMessage()).isEqualTo("0/2 nodes are available: 2 Insufficient cpu.");
            });
            Deployment d = getDeployment(ns, "big");
            assertThat(d.getStatus().getReadyReplicas()).isEqualTo(4);
            assertThat(d.getStatus().getUnavailableReplicas()).isEqualTo(2);
            assertThat(condition(d, "Available").getStatus()).isEqualTo("False");
        });

        // Freeing room lets the pending Pods in.
        scale(ns, "big", 4);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(pods(ns, "big")).hasSize(4).allSatisfy(p -> assertThat(PodLifecycle.isReady(p)).isTrue());
            assertThat(condition(getDeployment(ns, "big"), "Available").getStatus()).isEqualTo("True");
        });
        client.apps().deployments().inNamespace(ns).withName("big").delete();
        await().atMost(WAIT).until(() -> pods(ns, "big").isEmpty());
    }


    @Test
    void aPodThatFitsNowhereExplainsEveryNode() {
        client.apps().deployments().inNamespace("huge")
                .resource(SimulatedClusterTest.deployment("huge", "huge", 1, "huge:1", "3")).create();
        // A new Pod has no status until the simulated scheduler has looked at it, as in Kubernetes.
        await().atMost(WAIT).untilAsserted(() -> assertThat(pods("huge", "huge")).singleElement().satisfies(pod ->
                assertThat(pod.getStatus() == null ? null : pod.getStatus().getConditions()).isNotNull()
                        .anySatisfy(c -> {
                    assertThat(c.getReason()).isEqualTo("Unschedulable");
                    assertThat(c.getMessage()).startsWith("0/2 nodes are available: 2 Insufficient cpu");
                })));
        client.apps().deployments().inNamespace("huge").withName("huge").delete();
        await().atMost(WAIT).until(() -> pods("huge", "huge").isEmpty());
    }
}
