package dev.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.it.support.ApiClient;
import dev.flotilla.it.support.Kubectl;
import dev.flotilla.it.support.KubectlTable;
import dev.flotilla.demo.local.MemberFederation;
import dev.flotilla.demo.local.MemberFederation.Member;
import dev.flotilla.demo.local.MemberSpec;
import dev.flotilla.it.support.FederationUnderTest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.flotilla.it.support.FederationChecks.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The propagation path end to end, as a user drives it: {@code ./flotilla server} as a process, three simulated
 * member clusters in two zones with their agents (in this JVM), and the real {@code kubectl.1.33} against the
 * control plane. kubectl applies a Deployment of 12 replicas, a Service and a ConfigMap, a PropagationPolicy
 * dividing the replicas 2:1 over zones {@code eu-1a} and {@code eu-1b}, and an OverridePolicy that moves the
 * image to a mirror registry in {@code eu-1a}. The test then checks the exact manifest in every member (through
 * fabric8 clients built from the members' kubeconfigs), {@code READY 12/12} in {@code kubectl get deploy},
 * a {@code kubectl scale} to 18, a changed policy re-applied with {@code kubectl apply}, and a
 * {@code kubectl delete} after which no member keeps anything of the application.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PropagationIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NS = "shop";
    private static final String A1 = "e2e-a1";
    private static final String B1 = "e2e-b1";
    private static final String B2 = "e2e-b2";
    private static final List<MemberSpec> MEMBERS = List.of(new MemberSpec(A1, "eu-1", "eu-1a"),
            new MemberSpec(B1, "eu-1", "eu-1b"), new MemberSpec(B2, "eu-1", "eu-1b"));

    /**
     * The namespace and both policies; applied once, changed once. Placeholders: the placement's cluster affinity
     * (YAML lines, or nothing) and the weights of zones eu-1a and eu-1b.
     */
    private static final String POLICIES = """
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
              - apiVersion: v1
                kind: ConfigMap
                name: web-config
              placement:
            %s    replicaScheduling:
                  replicaSchedulingType: Divided
                  replicaDivisionPreference: Weighted
                  weightPreference:
                    hierarchicalWeights:
                      regions:
                      - name: eu-1
                        weight: 1
                        zones:
                        - name: eu-1a
                          weight: %d
                        - name: eu-1b
                          weight: %d
            ---
            apiVersion: flotilla.dev/v1alpha1
            kind: OverridePolicy
            metadata:
              name: zone-a-mirror
              namespace: shop
            spec:
              resourceSelectors:
              - apiVersion: apps/v1
                kind: Deployment
              overrideRules:
              - targetCluster:
                  labelSelector:
                    matchLabels:
                      topology.kubernetes.io/zone: eu-1a
                overriders:
                  imageOverrider:
                  - component: Registry
                    operator: replace
                    value: mirror.eu-1a.example
            """;

    /** The application: three ordinary manifests a user would apply to a single cluster. */
    private static final String APP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web-config
              namespace: shop
            data:
              mode: eu
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop
              labels:
                app: web
            spec:
              selector:
                app: web
              ports:
              - name: http
                port: 80
                targetPort: 8080
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              labels:
                app: web
            spec:
              replicas: 12
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
                    ports:
                    - containerPort: 8080
                    resources:
                      requests:
                        cpu: 100m
                    volumeMounts:
                    - name: config
                      mountPath: /etc/web
                  volumes:
                  - name: config
                    configMap:
                      name: web-config
            """;

    private FederationUnderTest setup;
    private Kubectl kubectl;
    private MemberFederation federation;

    @BeforeAll
    void startFederation() throws Exception {
        setup = FederationUnderTest.start(getClass(), List.of(), MEMBERS,
                cluster -> cluster.nodes(2).podStartDelay(Duration.ofMillis(200)),
                // Short intervals so status and re-lists happen within the test's time; the Works still arrive by
                // watch.
                agent -> agent.heartbeatInterval(Duration.ofMillis(500)).leaseDuration(Duration.ofSeconds(10))
                        .workResyncInterval(Duration.ofSeconds(3)).statusResyncInterval(Duration.ofSeconds(1))
                        .memberRequestTimeout(Duration.ofSeconds(5)));
        kubectl = setup.kubectl();
        federation = setup.federation();
    }

    @AfterAll
    void stopFederation() {
        if (setup != null) {
            setup.close();
        }
    }

    @Test
    void applyScaleChangePolicyAndDeleteWithKubectl() {
        setup.awaitClustersReady(WAIT);

        ok(kubectl.run("apply", "-f", kubectl.manifest("policies.yaml", POLICIES.formatted("", 2, 1)).toString()));
        ok(kubectl.run("apply", "-f", kubectl.manifest("app.yaml", APP).toString()));

        // 12 replicas, eu-1a : eu-1b = 2 : 1, and eu-1b's 4 split evenly over its two clusters.
        await("the manifests in every member").atMost(WAIT).untilAsserted(() -> {
            for (Member member : federation.members()) {
                assertExactManifests(member, Map.of(A1, 8, B1, 2, B2, 2).get(member.name()));
            }
        });
        awaitFederatedReady(12);
        assertPlacement(Map.of(A1, 8, B1, 2, B2, 2));

        ok(kubectl.run("scale", "deployment/web", "-n", NS, "--replicas=18"));
        // Growth never takes a replica from a cluster: 8/2/2 becomes 12/3/3.
        await("18 replicas divided 2:1").atMost(WAIT).untilAsserted(() -> {
            for (Member member : federation.members()) {
                assertExactManifests(member, Map.of(A1, 12, B1, 3, B2, 3).get(member.name()));
            }
        });
        awaitFederatedReady(18);

        // The user changes the policy: the zones now weigh 1:2 and e2e-b2 is left out. A change the user made
        // applies in full (a Fresh placement), so e2e-a1 shrinks and e2e-b2's copy goes.
        String changed = POLICIES.formatted("""
                    clusterAffinity:
                      exclude:
                      - e2e-b2
                """, 1, 2);
        ok(kubectl.run("apply", "-f", kubectl.manifest("policies-changed.yaml", changed).toString()));
        await("the changed policy in every member").atMost(WAIT).untilAsserted(() -> {
            assertExactManifests(federation.member(A1), 6);
            assertExactManifests(federation.member(B1), 12);
            assertMemberHasNoApplication(federation.member(B2));
        });
        awaitFederatedReady(18);
        assertPlacement(Map.of(A1, 6, B1, 12));

        // kubectl waits for the templates' finalizers, which go once the Works are gone.
        ok(kubectl.run("delete", "-f", kubectl.manifest("app-delete.yaml", APP).toString(), "--timeout=60s"));
        assertThat(ok(kubectl.run("get", "deployments,services,configmaps", "-n", NS)).output())
                .contains("No resources found");
        assertThat(ok(kubectl.run("get", "resourcebindings", "-n", NS)).output()).contains("No resources found");
        await("every member clean").atMost(WAIT).untilAsserted(() -> {
            for (Member member : federation.members()) {
                assertMemberHasNoApplication(member);
            }
        });
        for (MemberSpec member : MEMBERS) {
            assertThat(ok(kubectl.run("get", "works", "-n", "flotilla-es-" + member.name())).output())
                    .as("Works for " + member.name()).contains("No resources found");
        }
    }

    // ---- expectations ----

    /**
     * The three manifests in one member, compared whole: what the member stored, minus what its API server set
     * (uid, resourceVersion, generation, creationTimestamp, status, a Service's cluster IPs) and minus the agent's
     * bookkeeping labels and annotations (checked on their own), equals the template as the user wrote it, with
     * the member's share of replicas and, in zone eu-1a, the mirror registry.
     */
    private void assertExactManifests(Member member, int replicas) {
        String image = member.spec().zone().equals("eu-1a") ? "mirror.eu-1a.example/nginx:1.27" : "nginx:1.27";
        String deployment = """
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"web","namespace":"shop","labels":{"app":"web"}},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"}},"spec":{
                   "containers":[{"name":"web","image":"%s","ports":[{"containerPort":8080}],
                    "resources":{"requests":{"cpu":"100m"}},"volumeMounts":[{"name":"config","mountPath":"/etc/web"}]}],
                   "volumes":[{"name":"config","configMap":{"name":"web-config"}}]}}}}
                """.formatted(replicas, image);
        // protocol, type and the IP family fields are the defaults a member's API server fills in (the
        // simulated one does as kube-apiserver does); the cluster IPs, which differ per member, are left out.
        String service = """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop","labels":{"app":"web"}},
                 "spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"}],
                  "type":"ClusterIP","ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack"}}
                """;
        String configMap = """
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web-config","namespace":"shop"},
                 "data":{"mode":"eu"}}
                """;
        assertMember(member, "apps/v1", "Deployment", "web", deployment);
        assertMember(member, "v1", "Service", "web", service);
        assertMember(member, "v1", "ConfigMap", "web-config", configMap);
    }

    private static void assertMember(Member member, String apiVersion, String kind, String name, String expected) {
        GenericKubernetesResource stored = member.client().genericKubernetesResources(apiVersion, kind)
                .inNamespace(NS).withName(name).get();
        assertThat(stored).as(kind + " " + name + " in " + member.name()).isNotNull();
        ObjectNode actual = ApiClient.JSON.valueToTree(ApiClient.JSON.convertValue(
                readTree(Serialization.asJson(stored)), Object.class));
        Map<String, String> bookkeeping = withoutAgentBookkeeping(actual);
        withoutServerSetFields(actual);
        assertThat(actual).as(kind + " " + name + " in " + member.name()).isEqualTo(readTree(expected));
        // The agent marks what it owns, and the Work it came from, with flotilla.dev/ labels; the control plane's
        // own policy labels and finalizer never reach a member.
        assertThat(bookkeeping).as("flotilla.dev/ labels of " + kind + " " + name + " in " + member.name())
                .containsEntry("flotilla.dev/managed-by", "flotilla")
                .doesNotContainKeys("flotilla.dev/propagation-policy-name", "flotilla.dev/propagation-policy-namespace");
        assertThat(stored.getMetadata().getFinalizers()).as("finalizers in " + member.name())
                .doesNotContain("flotilla.dev/propagation");
    }

    /** Removes and returns the labels and annotations of the {@code flotilla.dev/} domain. */
    private static Map<String, String> withoutAgentBookkeeping(ObjectNode object) {
        Map<String, String> removed = new LinkedHashMap<>();
        ObjectNode metadata = (ObjectNode) object.path("metadata");
        for (String field : List.of("labels", "annotations")) {
            if (!(metadata.get(field) instanceof ObjectNode entries)) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getKey().startsWith("flotilla.dev/")) {
                    removed.put(entry.getKey(), entry.getValue().asText());
                    it.remove();
                }
            }
            if (entries.isEmpty()) {
                metadata.remove(field);
            }
        }
        return removed;
    }

    /** Removes what a member's API server (and the simulated kubelet) sets by itself. */
    private static void withoutServerSetFields(ObjectNode object) {
        ((ObjectNode) object.path("metadata")).remove(List.of("uid", "resourceVersion", "generation",
                "creationTimestamp", "managedFields"));
        object.remove("status");
        if (object.path("spec") instanceof ObjectNode spec && "Service".equals(object.path("kind").asText())) {
            spec.remove(List.of("clusterIP", "clusterIPs"));
        }
    }

    private static void assertMemberHasNoApplication(Member member) {
        KubernetesClient client = member.client();
        assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).as("Deployments in " + member.name())
                .isEmpty();
        assertThat(client.apps().replicaSets().inNamespace(NS).list().getItems()).as("ReplicaSets in " + member.name())
                .isEmpty();
        assertThat(client.pods().inNamespace(NS).list().getItems()).as("Pods in " + member.name()).isEmpty();
        assertThat(client.services().inNamespace(NS).list().getItems()).as("Services in " + member.name()).isEmpty();
        assertThat(client.configMaps().inNamespace(NS).list().getItems()).as("ConfigMaps in " + member.name())
                .isEmpty();
        assertThat(client.discovery().v1().endpointSlices().inNamespace(NS).list().getItems())
                .as("EndpointSlices in " + member.name()).isEmpty();
    }

    /** {@code kubectl get deploy} on the control plane: the federation-wide READY, UP-TO-DATE and AVAILABLE. */
    private void awaitFederatedReady(int replicas) {
        await("kubectl get deploy shows " + replicas + "/" + replicas).atMost(WAIT)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    KubectlTable table = KubectlTable.parse(ok(kubectl.run("get", "deploy", "web", "-n", NS)).stdout());
                    assertThat(table.row("web")).containsEntry("READY", replicas + "/" + replicas)
                            .containsEntry("UP-TO-DATE", Integer.toString(replicas))
                            .containsEntry("AVAILABLE", Integer.toString(replicas));
                });
    }

    /** Where the replicas run, as {@code kubectl get resourcebinding -o json} shows it. */
    private void assertPlacement(Map<String, Integer> expected) {
        JsonNode binding = readTree(ok(kubectl.run("get", "resourcebinding", "web-deployment", "-n", NS, "-o", "json"))
                .stdout());
        Map<String, Integer> placed = new LinkedHashMap<>();
        binding.path("spec").path("clusters").forEach(c -> placed.put(c.path("name").asText(),
                c.path("replicas").asInt()));
        assertThat(placed).isEqualTo(expected);
    }


    private static JsonNode readTree(String json) {
        try {
            return ApiClient.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
