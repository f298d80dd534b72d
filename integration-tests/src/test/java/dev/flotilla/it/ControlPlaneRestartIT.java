package dev.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.it.support.FederationChecks;
import dev.flotilla.it.support.Kubectl;
import dev.flotilla.demo.local.MemberFederation;
import dev.flotilla.demo.local.MemberSpec;
import dev.flotilla.it.support.FederationUnderTest;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.flotilla.it.support.FederationChecks.json;
import static dev.flotilla.it.support.FederationChecks.ok;
import static dev.flotilla.it.support.FederationChecks.readyStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The control plane killed with SIGKILL and restarted on the same port and data while its agents and members keep
 * running (default settings throughout). It is down longer than a lease's grace period and a failover
 * toleration together, yet nothing moves: the members keep running what they had (untouched, same
 * resourceVersions), and after the restart every Cluster gets a full grace period, so no cluster is failed over
 * and the placement stays. Then a change made after the restart reaches the members.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ControlPlaneRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NS = "shop";
    private static final List<MemberSpec> MEMBERS = List.of(new MemberSpec("rs-a1", "eu-1", "eu-1a"),
            new MemberSpec("rs-b1", "eu-1", "eu-1b"), new MemberSpec("rs-b2", "eu-1", "eu-1b"));
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
              placement:
                replicaScheduling:
                  replicaSchedulingType: Divided
                  replicaDivisionPreference: Weighted
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              replicas: 6
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
            """;

    private FederationUnderTest setup;
    private MemberFederation federation;

    @AfterEach
    void stop() {
        if (setup != null) {
            setup.close();
        }
    }

    @Test
    void aKilledControlPlaneComesBackWithoutFailingAnyClusterOver() throws Exception {
        setup = FederationUnderTest.start(getClass(), List.of(), MEMBERS,
                cluster -> cluster.nodes(2).podStartDelay(Duration.ofMillis(300)), agent -> agent);
        Kubectl kubectl = setup.kubectl();
        federation = setup.federation();
        setup.awaitClustersReady(WAIT);
        ok(kubectl.run("apply", "-f", kubectl.manifest("app.yaml", APP).toString()));
        await("6 ready in the members").atMost(WAIT).untilAsserted(() -> assertThat(readyInMembers()).isEqualTo(6));
        Map<String, Integer> placed = placement(kubectl);
        Map<String, String> versions = memberVersions();

        setup.server().kill9();
        Thread.sleep(8_000); // longer than the 4.5 s lease grace plus the 2 s failover toleration
        assertThat(memberVersions()).as("the members, untouched while the control plane is down").isEqualTo(versions);
        setup.restartServer();

        await("every cluster Ready again").atMost(WAIT).untilAsserted(() -> {
            for (MemberSpec member : MEMBERS) {
                assertThat(readyStatus(json(kubectl, "get", "cluster", member.name(), "-o", "json")))
                        .as(member.name()).isEqualTo("True");
            }
        });
        // Watch a while: no taint, no eviction, the same placement, the members untouched.
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            for (MemberSpec member : MEMBERS) {
                assertThat(json(kubectl, "get", "cluster", member.name(), "-o", "json").path("spec").has("taints"))
                        .as("taints on " + member.name() + " after the restart").isFalse();
            }
            assertThat(placement(kubectl)).isEqualTo(placed);
            Thread.sleep(500);
        }
        assertThat(memberVersions()).isEqualTo(versions);
        JsonNode evictions = json(kubectl, "get", "events", "-A", "--field-selector", "reason=EvictingFromCluster",
                "-o", "json");
        assertThat(evictions.path("items")).isEmpty();

        // The restarted control plane works: a scale reaches the members.
        ok(kubectl.run("scale", "deployment/web", "-n", NS, "--replicas=9"));
        await("9 ready in the members").atMost(WAIT).untilAsserted(() -> assertThat(readyInMembers()).isEqualTo(9));
    }

    private int readyInMembers() {
        return FederationChecks.readyInMembers(federation, MEMBERS.stream().map(MemberSpec::name).toList(), NS, "web");
    }

    /** Each member's Deployment resourceVersion: any write there would change it. */
    private Map<String, String> memberVersions() {
        Map<String, String> versions = new LinkedHashMap<>();
        for (MemberSpec member : MEMBERS) {
            Deployment d = FederationChecks.memberDeployment(federation, member.name(), NS, "web");
            versions.put(member.name(), d == null ? null : d.getMetadata().getResourceVersion());
        }
        return versions;
    }

    private static Map<String, Integer> placement(Kubectl kubectl) {
        return FederationChecks.placement(kubectl, NS, "web-deployment");
    }
}
