package dev.flotilla.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.AgentByHand;
import dev.flotilla.server.ControlPlane;
import dev.flotilla.server.core.ListOptions;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The health controller inside the running control plane, with the agents' part played by hand: leases renewed
 * (or not) and Ready reported. A short grace period (1.5 s) keeps it quick; the judgement itself is
 * {@code ClusterHealth}'s, tested on its own.
 */
@QuarkusTest
@TestProfile(ClusterHealthControllerTest.ShortGrace.class)
class ClusterHealthControllerTest {

    /** Production thresholds scaled down, so a lapse is seen within seconds. */
    public static class ShortGrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flotilla.health.grace-period", "PT1.5S", "flotilla.health.rebalance-delay", "PT1S",
                    "flotilla.health.startup-grace", "PT0S");
        }
    }

    @Inject
    ControlPlane plane;

    private ResourceType type(String group, String plural) {
        return AgentByHand.type(plane, group, plural);
    }

    private void register(String name) {
        plane.objects().create(type("flotilla.dev", "clusters"), null, AgentByHand.json("{'apiVersion':"
                + "'flotilla.dev/v1alpha1','kind':'Cluster','metadata':{'name':'" + name + "'},'spec':{'syncMode':"
                + "'Pull'}}"), WriteOptions.DEFAULT);
        report(name, "True");
        renew(name);
    }

    private void report(String name, String ready) {
        AgentByHand.reportReady(plane, name, ready);
    }

    private void renew(String cluster) {
        AgentByHand.renewLease(plane, cluster);
    }

    private JsonNode cluster(String name) {
        return plane.objects().get(type("flotilla.dev", "clusters"), null, name);
    }

    private static String ready(JsonNode cluster) {
        for (JsonNode condition : cluster.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return condition.path("status").asText();
            }
        }
        return null;
    }

    private static List<String> taints(JsonNode cluster) {
        List<String> taints = new ArrayList<>();
        cluster.path("spec").path("taints").forEach(t -> taints.add(t.path("key").asText() + ":"
                + t.path("effect").asText()));
        return taints;
    }

    private List<String> events(String involved) {
        List<String> reasons = new ArrayList<>();
        for (ObjectNode event : plane.objects().list(type("", "events"), "default", ListOptions.all()).items()) {
            if (event.path("involvedObject").path("name").asText().equals(involved)) {
                reasons.add(event.path("reason").asText());
            }
        }
        return reasons;
    }

    /** Renews a lease every 300 ms while the test waits on something else. */
    private void keepRenewing(String cluster, Duration howLong) throws InterruptedException {
        long end = System.nanoTime() + howLong.toNanos();
        while (System.nanoTime() < end) {
            renew(cluster);
            Thread.sleep(300);
        }
    }

    @Test
    void aLapsedLeaseTurnsUnknownAndTaintedAndTwoGoodRenewalsClearIt() throws Exception {
        register("hc-healthy");
        register("hc-lapsing");
        // hc-healthy keeps renewing; hc-lapsing stops. After the 1.5 s grace it is Unknown and tainted both ways
        // (another cluster is healthy, so this is no full disruption).
        keepRenewing("hc-healthy", Duration.ofSeconds(3));
        JsonNode lapsed = cluster("hc-lapsing");
        assertThat(ready(lapsed)).isEqualTo("Unknown");
        assertThat(taints(lapsed)).containsExactly("cluster.flotilla.dev/unreachable:NoSchedule",
                "cluster.flotilla.dev/unreachable:NoExecute");
        assertThat(lapsed.at("/spec/taints/1/timeAdded").asText()).isNotEmpty();
        assertThat(ready(cluster("hc-healthy"))).isEqualTo("True");
        assertThat(taints(cluster("hc-healthy"))).isEmpty();
        assertThat(events("hc-lapsing")).contains("ClusterUnreachable", "ClusterTainted");

        // The agent is back, as an agent does it: renew the lease, then report Ready=True. One good heartbeat is
        // not enough, the second clears the taints.
        renew("hc-lapsing");
        report("hc-lapsing", "True");
        Thread.sleep(300);
        assertThat(taints(cluster("hc-lapsing"))).as("after one good heartbeat").isNotEmpty();
        renew("hc-lapsing");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(taints(cluster("hc-lapsing"))).isEmpty());
        assertThat(events("hc-lapsing")).contains("ClusterRecovered");
        // Schedulable again for the (1 s) rebalance delay: a Rebalancing Event, once.
        keepRenewing("hc-lapsing", Duration.ofSeconds(2));
        assertThat(events("hc-lapsing")).containsOnlyOnce("Rebalancing");
    }

    @Test
    void aMemberReportedUnhealthyIsNotReadyAndCordonAndDrainBecomeTaints() throws Exception {
        register("hc-other");
        register("hc-sick");
        java.util.concurrent.ScheduledExecutorService agents =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            // Both agents keep renewing; hc-sick's reports its member unhealthy.
            agents.scheduleAtFixedRate(() -> {
                renew("hc-other");
                renew("hc-sick");
            }, 0, 300, java.util.concurrent.TimeUnit.MILLISECONDS);
            report("hc-sick", "False");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(taints(cluster("hc-sick")))
                    .containsExactly("cluster.flotilla.dev/not-ready:NoSchedule",
                            "cluster.flotilla.dev/not-ready:NoExecute"));
            assertThat(ready(cluster("hc-sick"))).isEqualTo("False");
            assertThat(events("hc-sick")).contains("ClusterNotReady");

            plane.objects().mutate(type("flotilla.dev", "clusters"), null, "hc-other", null,
                    ObjectService.Scope.MAIN, WriteOptions.DEFAULT, c -> {
                        ((ObjectNode) c.with("spec")).put("drain", true);
                        return c;
                    });
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(taints(cluster("hc-other")))
                    .containsExactly("cluster.flotilla.dev/unschedulable:NoSchedule",
                            "cluster.flotilla.dev/draining:NoExecute"));
            assertThat(events("hc-other")).contains("ClusterDraining");
        } finally {
            agents.shutdownNow();
        }
    }

    @Test
    void whenTheSurvivorsLackRoomWhatFitsMovesTheRestIsReportedAndTheOldReplicasStay() throws Exception {
        for (String name : List.of("cap-a", "cap-b", "cap-c")) {
            register(name);
        }
        java.util.concurrent.ScheduledExecutorService agents =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.atomic.AtomicBoolean aAlive = new java.util.concurrent.atomic.AtomicBoolean(true);
        try {
            agents.scheduleAtFixedRate(() -> {
                if (aAlive.get()) {
                    renew("cap-a");
                }
                renew("cap-b");
                renew("cap-c");
            }, 0, 300, java.util.concurrent.TimeUnit.MILLISECONDS);
            plane.objects().ensureNamespace("cap");
            plane.objects().create(type("flotilla.dev", "propagationpolicies"), "cap", AgentByHand.json(
                    "{'apiVersion':'flotilla.dev/v1alpha1','kind':'PropagationPolicy','metadata':{'name':'web'},"
                    + "'spec':{'resourceSelectors':[{'apiVersion':'apps/v1','kind':'Deployment','name':'web'}],"
                    + "'placement':{'clusterAffinity':{'clusterNames':['cap-a','cap-b','cap-c']},"
                    + "'replicaScheduling':{'replicaSchedulingType':'Divided','replicaDivisionPreference':"
                    + "'Weighted'}}}}"), WriteOptions.DEFAULT);
            plane.objects().create(type("apps", "deployments"), "cap", AgentByHand.json("{'apiVersion':'apps/v1',"
                    + "'kind':'Deployment','metadata':{'name':'web'},'spec':{'replicas':6,'selector':{'matchLabels':"
                    + "{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':"
                    + "'web','image':'nginx','resources':{'requests':{'cpu':'1'}}}]}}}}"), WriteOptions.DEFAULT);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(clustersOf(binding()))
                    .isEqualTo(Map.of("cap-a", 2, "cap-b", 2, "cap-c", 2)));

            // The survivors are full: 500m of cpu free each, no room for another replica of 1 cpu.
            for (String survivor : List.of("cap-b", "cap-c")) {
                plane.objects().mutate(type("flotilla.dev", "clusters"), null, survivor, null,
                        ObjectService.Scope.STATUS, WriteOptions.DEFAULT, c -> {
                            ((ObjectNode) c.with("status")).set("resourceSummary", AgentByHand.json(
                                    "{'allocatable':{'cpu':'2500m'},'allocated':{'cpu':'2'}}"));
                            return c;
                        });
            }
            aAlive.set(false); // cap-a's agent goes silent
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode binding = binding();
                assertThat(clustersOf(binding)).doesNotContainKey("cap-a");
                assertThat(binding.at("/status/unschedulableReplicas").asInt()).isEqualTo(2);
                assertThat(binding.at("/spec/gracefulEvictionTasks/0/fromCluster").asText()).isEqualTo("cap-a");
                assertThat(binding.at("/spec/gracefulEvictionTasks/0/replicas").asInt()).isEqualTo(2);
            });
            JsonNode binding = binding();
            assertThat(clustersOf(binding)).isEqualTo(Map.of("cap-b", 2, "cap-c", 2));
            String scheduled = "";
            for (JsonNode condition : binding.path("status").path("conditions")) {
                if (condition.path("type").asText().equals("Scheduled")) {
                    scheduled = condition.path("message").asText();
                }
            }
            assertThat(scheduled).contains("2 replicas fit in no cluster").contains("leaving cap-a (ClusterUnreachable)");
            // The replacements can never all be ready, so cap-a's Work stays (until the 600 s grace period).
            assertThat(plane.objects().find(type("flotilla.dev", "works"), "flotilla-es-cap-a", "cap-web-deployment"))
                    .isPresent();
        } finally {
            agents.shutdownNow();
        }
    }

    private JsonNode binding() {
        return plane.objects().find(type("flotilla.dev", "resourcebindings"), "cap", "web-deployment")
                .map(JsonNode.class::cast).orElse(AgentByHand.json("{}"));
    }

    private static Map<String, Integer> clustersOf(JsonNode binding) {
        Map<String, Integer> clusters = new java.util.TreeMap<>();
        binding.path("spec").path("clusters").forEach(c -> clusters.put(c.path("name").asText(),
                c.path("replicas").asInt()));
        return clusters;
    }
}
