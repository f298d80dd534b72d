package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Template hashes, addresses, quantities and the configuration's validation. */
class PureHelpersTest {

    private static PodTemplateSpec template(Map<String, String> labels, String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec().build();
    }

    @Test
    void templateHashIgnoresLabelOrderButNotContent() {
        var ordered = new java.util.LinkedHashMap<String, String>();
        ordered.put("a", "1");
        ordered.put("b", "2");
        var reversed = new java.util.LinkedHashMap<String, String>();
        reversed.put("b", "2");
        reversed.put("a", "1");
        assertThat(Templates.hash(template(ordered, "x:1"))).isEqualTo(Templates.hash(template(reversed, "x:1")))
                .matches("[bcdfghjklmnpqrstvwxz2456789]+");
        assertThat(Templates.hash(template(ordered, "x:1"))).isNotEqualTo(Templates.hash(template(ordered, "x:2")));
    }

    @Test
    void addressPoolIsStablePerKeyAndReusesReleasedNumbers() {
        AddressPool pool = new AddressPool("test addresses", 1, 3);
        assertThat(pool.allocate("a")).isEqualTo(1);
        assertThat(pool.allocate("b")).isEqualTo(2);
        assertThat(pool.allocate("a")).isEqualTo(1);
        assertThat(pool.reserve("c", 2)).isFalse();
        assertThat(pool.reserve("c", 3)).isTrue();
        assertThatThrownBy(() -> pool.allocate("d")).hasMessageContaining("no free test addresses");
        pool.release("b");
        assertThat(pool.allocate("d")).isEqualTo(2);
    }

    @Test
    void networkPlanDerivesEveryRangeFromTheIndex() {
        NetworkPlan plan = new NetworkPlan(12);
        assertThat(plan.podCidr(3)).isEqualTo("10.12.3.0/24");
        assertThat(plan.parsePodAddress("10.12.3.17")).containsExactly(3, 17);
        assertThat(plan.parsePodAddress("10.13.3.17")).isNull();
        assertThat(plan.serviceAddress(300)).isEqualTo("10.12.193.44");
        assertThat(plan.parseServiceAddress("10.12.193.44")).isEqualTo(300);
        assertThat(plan.loadBalancerAddress(5)).isEqualTo("127.12.0.5");
        assertThat(plan.parseLoadBalancerAddress("127.12.0.5")).isEqualTo(5);
        assertThatThrownBy(() -> new NetworkPlan(0)).hasMessageStartingWith("networkIndex:");
    }

    @Test
    void quantitiesBecomeMillicoresAndBytes() {
        assertThat(Resources.cpuMillis(new Quantity("250m"))).isEqualTo(250);
        assertThat(Resources.cpuMillis(new Quantity("2"))).isEqualTo(2000);
        assertThat(Resources.bytes(new Quantity("1Gi"))).isEqualTo(1L << 30);
        assertThat(Resources.bytes(new Quantity("1G"))).isEqualTo(1_000_000_000L);
    }

    @Test
    void sameContentIgnoresMissingVersusEmpty() {
        var built = new DeploymentStatusBuilder().withReplicas(1).build();
        var empty = new DeploymentStatusBuilder().withReplicas(1).withConditions(List.of()).build();
        assertThat(Meta.sameContent(built, empty)).isTrue();
        assertThat(Meta.sameContent(built, new DeploymentStatusBuilder().withReplicas(2).build())).isFalse();
        assertThat(Meta.sameContent(null, new DeploymentStatusBuilder().build())).isTrue();
    }

    @Test
    void configurationNamesTheOffendingField() {
        assertThatThrownBy(() -> SimulatedClusterConfig.builder("UPPER")).hasMessageStartingWith("name:");
        assertThatThrownBy(() -> SimulatedClusterConfig.builder("ok").build()).hasMessage("region: required");
        assertThatThrownBy(() -> SimulatedClusterConfig.builder("ok").region("r").build())
                .hasMessage("zone: required");
        assertThatThrownBy(() -> SimulatedClusterConfig.builder("ok").region("a b"))
                .hasMessageStartingWith("region:");
        assertThatThrownBy(() -> SimulatedClusterConfig.builder("ok").nodeCpu("0")).hasMessageStartingWith("nodeCpu:");
        assertThatThrownBy(() -> SimulatedClusterConfig.builder("ok").nodeMemory("much"))
                .hasMessageStartingWith("nodeMemory:");
        assertThatThrownBy(() -> SimulatedClusterConfig.builder("ok").nodePods(255)).hasMessageStartingWith("nodePods:");
        assertThatThrownBy(() -> SimulatedClusterConfig.builder("ok").port(70000)).hasMessageStartingWith("port:");
        assertThatThrownBy(() -> SimulatedClusterConfig.builder("ok").podStartDelay(Duration.ofSeconds(-1)))
                .hasMessageStartingWith("podStartDelay:");
        SimulatedClusterConfig config = SimulatedClusterConfig.builder("ok").region("r").zone("z").build();
        assertThat(config.nodes()).isEqualTo(3);
        assertThat(config.podStartDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.toBuilder().nodes(5).build().nodes()).isEqualTo(5);
    }

    @Test
    void durationsReadLikeKubernetesFlags() {
        var converter = new Main.DurationConverter();
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(converter.convert("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(converter.convert("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    }
}
