package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Several simulated clusters in one JVM: separate ports, stores and address ranges; stopping one leaves the other. */
class TwoClustersTest {

    @Test
    void twoClustersInOneJvmStayIndependentAndStoppingOneMakesItsApiUnreachable() {
        SimulatedClusterConfig.Builder base = SimulatedClusterConfig.builder("alpha").region("eu").zone("eu-a")
                .nodes(1).podStartDelay(Duration.ofMillis(100));
        try (SimulatedCluster alpha = SimulatedCluster.start(base.build());
             SimulatedCluster beta = SimulatedCluster.start(SimulatedClusterConfig.builder("beta").region("us")
                     .zone("us-b").nodes(2).podStartDelay(Duration.ofMillis(100)).build())) {
            assertThat(alpha.port()).isNotEqualTo(beta.port());
            assertThat(alpha.networkIndex()).isNotEqualTo(beta.networkIndex());
            assertThat(alpha.client().nodes().list().getItems()).extracting(n -> n.getMetadata().getName())
                    .containsExactly("alpha-node-1");
            assertThat(beta.client().nodes().list().getItems()).hasSize(2)
                    .allSatisfy(n -> assertThat(n.getMetadata().getLabels())
                            .containsEntry("topology.kubernetes.io/zone", "us-b"));

            alpha.client().apps().deployments().inNamespace("default")
                    .resource(SimulatedClusterTest.deployment("default", "only-alpha", 2, "a:1", "10m")).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> readyPods(alpha).size() == 2);
            assertThat(readyPods(alpha)).allSatisfy(pod -> assertThat(pod.getStatus().getPodIP())
                    .startsWith("10." + alpha.networkIndex() + "."));
            assertThat(beta.client().apps().deployments().inAnyNamespace().list().getItems()).isEmpty();
            assertThat(beta.client().pods().inAnyNamespace().list().getItems()).isEmpty();

            // The same network index twice in one JVM is refused, naming the field.
            assertThatThrownBy(() -> SimulatedCluster.start(SimulatedClusterConfig.builder("gamma").region("eu")
                    .zone("eu-a").networkIndex(alpha.networkIndex()).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("networkIndex")
                    .hasMessageContaining("alpha");

            alpha.stop();
            assertThat(alpha.isRunning()).isFalse();
            var config = alpha.clientConfig();
            config.setRequestTimeout(2000);
            config.setRequestRetryBackoffLimit(0);
            try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
                assertThatThrownBy(() -> client.nodes().list()).isInstanceOf(KubernetesClientException.class);
            }
            assertThat(beta.client().nodes().list().getItems()).hasSize(2);
        }
    }

    private static List<Pod> readyPods(SimulatedCluster cluster) {
        return cluster.client().pods().inNamespace("default").list().getItems().stream()
                .filter(PodLifecycle::isReady).toList();
    }
}
