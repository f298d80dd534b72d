package dev.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.simulator.FaultyLink;
import dev.flotilla.it.support.FederationChecks;
import dev.flotilla.it.support.Kubectl;
import dev.flotilla.it.support.KubectlTable;
import dev.flotilla.demo.local.MemberFederation;
import dev.flotilla.demo.local.MemberSpec;
import dev.flotilla.it.support.FederationUnderTest;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static dev.flotilla.it.support.FederationChecks.ok;
import static dev.flotilla.it.support.FederationChecks.readyStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster health, failover and recovery end to end: {@code ./flotilla server} as a process with its default health
 * settings (4.5 s lease grace, 2 s failover toleration) and a 3 s rebalance delay, five simulated members in three
 * zones with their real agents (default 1 s heartbeat), and the real kubectl. In order, as an operator lives it:
 * a 3 s network stall of one agent moves nothing; cordon and uncordon; a graceful drain that never lets the ready
 * replicas dip, and its undo; an agent lost and back (its member kept running), with the replicas moved away,
 * the orphan cleaned and the replicas rebalanced back once; and a whole zone lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NS = "shop";
    private static final String A1 = "fo-a1";
    private static final String B1 = "fo-b1";
    private static final String B2 = "fo-b2";
    private static final String C1 = "fo-c1";
    private static final String C2 = "fo-c2";
    private static final List<MemberSpec> MEMBERS = List.of(new MemberSpec(A1, "eu-1", "eu-1a"),
            new MemberSpec(B1, "eu-1", "eu-1b"), new MemberSpec(B2, "eu-1", "eu-1b"),
            new MemberSpec(C1, "eu-1", "eu-1c"), new MemberSpec(C2, "eu-1", "eu-1c"));
    private static final String BINDING = "web-deployment";

    /** Zones weigh 1:2:2, spread over at least two zones; replicas divided. */
    private static final String APP = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
            ---
            apiVersion: flotilla.dev/v1alpha1
            kind: PropagationPolicy
            metadata:
              name: web
              namespace: shop
            spec:
              resourceSelectors:
              - apiVersion: apps/v1
                kind: Deployment
                name: web
              - apiVersion: v1
                kind: Service
                name: web
              placement:
                spreadConstraints:
                - spreadByField: zone
                  minGroups: 2
                replicaScheduling:
                  replicaSchedulingType: Divided
                  replicaDivisionPreference: Weighted
                  weightPreference:
                    hierarchicalWeights:
                      regions:
                      - name: eu-1
                        weight: 1
                        zones:
                        - name: eu-1a
                          weight: 1
                        - name: eu-1b
                          weight: 2
                        - name: eu-1c
                          weight: 2
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop
            spec:
              selector:
                app: web
              ports:
              - name: http
                port: 8080
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              replicas: 10
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    resources:
                      requests:
                        cpu: 100m
            """;

    private FederationUnderTest setup;
    private Kubectl kubectl;
    private MemberFederation federation;
    private FaultyLink b1Link;

    /** The agents' settings: the defaults, except prompt status reports so the test reads readiness quickly. */
    private static final UnaryOperator<dev.flotilla.agent.AgentConfig.Builder> AGENT = agent -> agent
            .statusResyncInterval(Duration.ofSeconds(1)).workResyncInterval(Duration.ofSeconds(5))
            .memberRequestTimeout(Duration.ofSeconds(2));

    @BeforeAll
    void startFederation() throws Exception {
        setup = FederationUnderTest.start(getClass(), List.of("--rebalance-delay", "3s"), MEMBERS,
                cluster -> cluster.nodes(2).podStartDelay(Duration.ofMillis(300)), AGENT);
        kubectl = setup.kubectl();
        federation = setup.federation();
        // fo-b1's agent reaches the control plane through a link the test can stall.
        b1Link = federation.restartAgentThroughLink(B1, AGENT).link();
        setup.awaitClustersReady(WAIT);
        ok(kubectl.run("apply", "-f", kubectl.manifest("app.yaml", APP).toString()));
        awaitPlacement(Map.of(A1, 2, B1, 2, B2, 2, C1, 2, C2, 2));
        awaitReadyInMembers(10, Set.of(A1, B1, B2, C1, C2));
    }

    @AfterAll
    void stopFederation() {
        if (setup != null) {
            setup.close(); // fo-b1's link too, after the agents
        }
    }

    @Test
    @Order(1)
    void aThreeSecondNetworkStallOfAnAgentMovesNothing() throws Exception {
        Map<String, Integer> before = placement();
        b1Link.stall(Duration.ofSeconds(3));
        long end = System.nanoTime() + Duration.ofSeconds(9).toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < end) {
            JsonNode cluster = json("get", "cluster", B1, "-o", "json");
            String ready = readyStatus(cluster);
            if (!"True".equals(ready) || cluster.path("spec").has("taints")) {
                seen.add("Ready=" + ready + " taints=" + cluster.path("spec").path("taints"));
            }
            Thread.sleep(200);
        }
        assertThat(seen).as("fo-b1 during and after a 3 s stall").isEmpty();
        assertThat(placement()).isEqualTo(before);
        assertThat(events(B1)).doesNotContain("ClusterUnreachable", "ClusterTainted");
        assertThat(events(BINDING)).doesNotContain("EvictingFromCluster");
    }

    @Test
    @Order(2)
    void cordonKeepsReplicasButTakesNoNewOnesAndUncordonRebalances() {
        ok(kubectl.run("patch", "cluster", C2, "--type", "merge", "-p", "{\"spec\":{\"unschedulable\":true}}"));
        await("the cordon taint").atMost(WAIT).untilAsserted(() -> assertThat(taintKeys(C2))
                .contains("cluster.flotilla.dev/unschedulable:NoSchedule"));
        ok(kubectl.run("scale", "deployment/web", "-n", NS, "--replicas=15"));
        await("15 replicas, none added to the cordoned cluster").atMost(WAIT).untilAsserted(() -> {
            Map<String, Integer> placed = placement();
            assertThat(placed.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(15);
            assertThat(placed).containsEntry(C2, 2);
        });
        ok(kubectl.run("patch", "cluster", C2, "--type", "merge", "-p", "{\"spec\":{\"unschedulable\":false}}"));
        // After the 3 s rebalance delay, one fresh placement honours the weights 1:2:2 again.
        awaitPlacement(Map.of(A1, 3, B1, 3, B2, 3, C1, 3, C2, 3));
        awaitReadyInMembers(15, Set.of(A1, B1, B2, C1, C2));
        assertThat(events(C2)).contains("ClusterCordoned", "ClusterUncordoned", "Rebalancing");
        assertThat(events(BINDING)).contains("Rebalanced");
    }

    @Test
    @Order(3)
    void drainMovesEverythingOffWithoutADipAndUndrainBringsItBack() throws Exception {
        ok(kubectl.run("patch", "cluster", C2, "--type", "merge", "-p", "{\"spec\":{\"drain\":true}}"));
        int lowest = Integer.MAX_VALUE;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            int ready = readyInMembers(Set.of(A1, B1, B2, C1, C2));
            lowest = Math.min(lowest, ready);
            Map<String, Integer> placed = placement();
            if (!placed.containsKey(C2) && memberDeployment(C2) == null && readyInMembers(Set.of(A1, B1, B2, C1)) >= 15) {
                break;
            }
            assertThat(System.nanoTime()).as("drain finished within " + WAIT).isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(lowest).as("ready replicas over all members while draining").isGreaterThanOrEqualTo(15);
        assertThat(taintKeys(C2)).contains("cluster.flotilla.dev/draining:NoExecute",
                "cluster.flotilla.dev/unschedulable:NoSchedule");
        // fo-c2's Work stayed (a graceful eviction task) until every other cluster had its replicas ready.
        assertThat(eventMessages(BINDING, "EvictionDone")).anySatisfy(message -> assertThat(message)
                .contains("every target cluster has its replicas ready").contains(C2));
        assertThat(events(BINDING)).contains("EvictingFromCluster");

        ok(kubectl.run("patch", "cluster", C2, "--type", "merge", "-p", "{\"spec\":{\"drain\":false}}"));
        awaitPlacement(Map.of(A1, 3, B1, 3, B2, 3, C1, 3, C2, 3));
        awaitReadyInMembers(15, Set.of(A1, B1, B2, C1, C2));
        assertThat(taintKeys(C2)).isEmpty();
    }

    @Test
    @Order(4)
    void anAgentLostMovesItsReplicasAwayAndItsReturnRebalancesOnceWithoutOrphans() throws Exception {
        federation.stopAgent(A1);
        await("fo-a1 unreachable").atMost(WAIT).untilAsserted(() -> {
            assertThat(readyStatus(json("get", "cluster", A1, "-o", "json"))).isEqualTo("Unknown");
            assertThat(taintKeys(A1)).contains("cluster.flotilla.dev/unreachable:NoSchedule",
                    "cluster.flotilla.dev/unreachable:NoExecute");
        });
        await("fo-a1's replicas elsewhere, ready, and its Work purged").atMost(WAIT).untilAsserted(() -> {
            assertThat(placement()).doesNotContainKey(A1);
            assertThat(readyInMembers(Set.of(B1, B2, C1, C2))).isGreaterThanOrEqualTo(15);
            assertThat(ok(kubectl.run("get", "works", "-n", "flotilla-es-" + A1)).output())
                    .doesNotContain("shop-web-deployment");
        });
        // With its agent gone nothing touches the member: it still runs what it was given (static stability).
        assertThat(memberDeployment(A1)).isNotNull();
        assertThat(events(A1)).contains("ClusterUnreachable");

        federation.restartAgent(A1, AGENT);
        awaitPlacement(Map.of(A1, 3, B1, 3, B2, 3, C1, 3, C2, 3));
        awaitReadyInMembers(15, Set.of(A1, B1, B2, C1, C2));
        // Once, and it stays: no thrash after the rebalance.
        Map<String, Integer> settled = placement();
        for (int i = 0; i < 10; i++) {
            Thread.sleep(500);
            assertThat(placement()).isEqualTo(settled);
        }
        assertThat(events(A1)).contains("ClusterRecovered", "Rebalancing");
        assertThat(memberDeployment(A1).getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    @Order(5)
    void aWholeZoneLostMovesItsReplicasToTheOtherZones() {
        long start = System.nanoTime();
        federation.stopMember(C1);
        federation.stopMember(C2);
        await("eu-1c's replicas in eu-1a and eu-1b, ready").atMost(WAIT).untilAsserted(() -> {
            Map<String, Integer> placed = placement();
            assertThat(placed.keySet()).containsExactlyInAnyOrder(A1, B1, B2);
            assertThat(placed.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(15);
            assertThat(readyInMembers(Set.of(A1, B1, B2))).isGreaterThanOrEqualTo(15);
        });
        System.out.printf("FailoverIT: zone eu-1c lost -> 15 replicas ready in eu-1a/eu-1b after %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
        awaitFederatedReady(15);
        // Once the replacements are ready the lost clusters' Works are purged (their graceful eviction ends).
        await("the lost zone's Works purged").atMost(WAIT).untilAsserted(() -> {
            for (String lost : List.of(C1, C2)) {
                assertThat(ok(kubectl.run("get", "works", "-n", "flotilla-es-" + lost)).output()).as(lost)
                        .contains("No resources found");
            }
        });
        assertThat(json("get", "resourcebinding", BINDING, "-n", NS, "-o", "json").path("spec")
                .has("gracefulEvictionTasks")).isFalse();
        for (String lost : List.of(C1, C2)) {
            assertThat(readyStatus(json("get", "cluster", lost, "-o", "json"))).isEqualTo("Unknown");
            assertThat(events(lost)).contains("ClusterUnreachable");
        }
        assertThat(ok(kubectl.run("describe", "cluster", C1)).stdout()).contains("ClusterUnreachable");
    }

    // ---- helpers ----

    private void awaitPlacement(Map<String, Integer> expected) {
        await("placement " + expected).atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(placement()).isEqualTo(expected));
    }

    private void awaitReadyInMembers(int replicas, Set<String> members) {
        await(replicas + " ready in " + members).atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(readyInMembers(members)).isEqualTo(replicas));
    }

    private void awaitFederatedReady(int replicas) {
        await("kubectl get deploy shows " + replicas + "/" + replicas).atMost(WAIT)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    KubectlTable table = KubectlTable.parse(ok(kubectl.run("get", "deploy", "web", "-n", NS)).stdout());
                    assertThat(table.row("web")).containsEntry("READY", replicas + "/" + replicas);
                });
    }

    /** Where the binding puts the replicas ({@code kubectl get resourcebinding -o json}). */
    private Map<String, Integer> placement() {
        return FederationChecks.placement(kubectl, NS, BINDING);
    }

    /** Ready replicas of the Deployment summed over the members' own APIs. */
    private int readyInMembers(Set<String> members) {
        return FederationChecks.readyInMembers(federation, members, NS, "web");
    }

    private Deployment memberDeployment(String member) {
        return FederationChecks.memberDeployment(federation, member, NS, "web");
    }

    private Set<String> taintKeys(String cluster) {
        Set<String> keys = new TreeSet<>();
        json("get", "cluster", cluster, "-o", "json").path("spec").path("taints")
                .forEach(t -> keys.add(t.path("key").asText() + ":" + t.path("effect").asText()));
        return keys;
    }

    /** The reasons of the Events about an object, as {@code kubectl get events --field-selector} lists them. */
    private List<String> events(String involvedName) {
        JsonNode list = json("get", "events", "-A", "--field-selector", "involvedObject.name=" + involvedName,
                "-o", "json");
        List<String> reasons = new ArrayList<>();
        list.path("items").forEach(e -> reasons.add(e.path("reason").asText()));
        return reasons;
    }

    /** The messages of one reason's Events about an object. */
    private List<String> eventMessages(String involvedName, String reason) {
        JsonNode list = json("get", "events", "-A", "--field-selector", "involvedObject.name=" + involvedName
                + ",reason=" + reason, "-o", "json");
        List<String> messages = new ArrayList<>();
        list.path("items").forEach(e -> messages.add(e.path("message").asText()));
        return messages;
    }

    private JsonNode json(String... args) {
        return FederationChecks.json(kubectl, args);
    }
}
