package dev.flotilla.server.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.ControlPlane;
import dev.flotilla.server.core.DeleteOptions;
import dev.flotilla.server.core.ListOptions;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The propagation controllers inside the running control plane: Clusters made Ready by hand (no agent), Work
 * status written by hand as an agent would, and the state of the world asserted.
 */
@QuarkusTest
class PropagationControllersTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    ControlPlane plane;

    private ObjectService objects() {
        return plane.objects();
    }

    private ResourceType type(String group, String plural) {
        return plane.registry().all().stream().filter(t -> t.group().equals(group) && t.plural().equals(plural))
                .findFirst().orElseThrow();
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private void create(String group, String plural, String namespace, String body) {
        objects().create(type(group, plural), namespace, json(body), WriteOptions.DEFAULT);
    }

    private void cluster(String name, String zone) {
        create("flotilla.dev", "clusters", null, "{'apiVersion':'flotilla.dev/v1alpha1','kind':'Cluster','metadata':"
                + "{'name':'" + name + "','labels':{'topology.kubernetes.io/region':'pt-1','topology.kubernetes.io/zone':'"
                + zone + "'}},'spec':{'syncMode':'Pull'}}");
        objects().mutate(type("flotilla.dev", "clusters"), null, name, null, ObjectService.Scope.STATUS,
                WriteOptions.DEFAULT, c -> {
                    c.set("status", json("{'conditions':[{'type':'Ready','status':'True','reason':'AgentHeartbeat',"
                            + "'message':'ok','lastTransitionTime':'2026-11-25T12:00:00Z'}]}"));
                    return c;
                });
    }

    private Map<String, Integer> bindingClusters(String namespace, String name) {
        Map<String, Integer> result = new TreeMap<>();
        objects().find(type("flotilla.dev", "resourcebindings"), namespace, name).ifPresent(b -> {
            for (JsonNode c : b.path("spec").path("clusters")) {
                result.put(c.path("name").asText(), c.path("replicas").isNull() ? null : c.path("replicas").asInt());
            }
        });
        return result;
    }

    private JsonNode work(String cluster, String name) {
        return objects().find(type("flotilla.dev", "works"), "flotilla-es-" + cluster, name)
                .map(w -> (JsonNode) w).orElse(null);
    }

    /** What an agent would report: applied at the Work's generation, the Deployment ready at its share. */
    private void reportReady(String cluster, String workName) {
        reportReady(cluster, workName, "pt", "web");
    }

    private void reportReady(String cluster, String workName, String namespace, String name) {
        objects().mutate(type("flotilla.dev", "works"), "flotilla-es-" + cluster, workName, null,
                ObjectService.Scope.STATUS, WriteOptions.DEFAULT, w -> {
                    long generation = w.path("metadata").path("generation").asLong();
                    int replicas = 0;
                    for (JsonNode m : w.at("/spec/workload/manifests")) {
                        if (m.path("kind").asText().equals("Deployment")) {
                            replicas = m.at("/spec/replicas").asInt();
                        }
                    }
                    w.set("status", json(("{'conditions':[{'type':'Applied','status':'True','reason':'AppliedSuccessful',"
                            + "'message':'ok','observedGeneration':%d,'lastTransitionTime':'2026-11-25T12:00:00Z'}],"
                            + "'manifestStatuses':[{'identifier':{'ordinal':1,'group':'apps','version':'v1','kind':"
                            + "'Deployment','namespace':'%s','name':'%s'},'health':'Healthy','status':{'replicas':%d,"
                            + "'readyReplicas':%d,'availableReplicas':%d,'updatedReplicas':%d}}]}")
                            .formatted(generation, namespace, name, replicas, replicas, replicas, replicas)));
                    return w;
                });
    }

    @Test
    void deploymentFromTemplateToWorksAndStatusBackThenDeleted() {
        cluster("pt-a1", "pt-1a");
        cluster("pt-b1", "pt-1b");
        cluster("pt-b2", "pt-1b");
        create("", "namespaces", null, "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'pt'}}");
        create("", "configmaps", "pt", "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'web-config',"
                + "'namespace':'pt'},'data':{'k':'v'}}");
        create("flotilla.dev", "propagationpolicies", "pt", "{'apiVersion':'flotilla.dev/v1alpha1','kind':"
                + "'PropagationPolicy','metadata':{'name':'spread','namespace':'pt'},'spec':{'resourceSelectors':"
                + "[{'apiVersion':'apps/v1','kind':'Deployment','name':'web'}],'placement':{'clusterAffinity':"
                + "{'clusterNames':['pt-a1','pt-b1','pt-b2']},'replicaScheduling':{'replicaSchedulingType':'Divided',"
                + "'replicaDivisionPreference':'Weighted','weightPreference':{'hierarchicalWeights':{'regions':"
                + "[{'name':'pt-1','weight':1,'zones':[{'name':'pt-1a','weight':2},{'name':'pt-1b','weight':1}]}]}}}}}}");
        create("flotilla.dev", "overridepolicies", "pt", "{'apiVersion':'flotilla.dev/v1alpha1','kind':"
                + "'OverridePolicy','metadata':{'name':'zone-a-image','namespace':'pt'},'spec':{'overrideRules':"
                + "[{'targetCluster':{'labelSelector':{'matchLabels':{'topology.kubernetes.io/zone':'pt-1a'}}},"
                + "'overriders':{'imageOverrider':[{'component':'Registry','operator':'replace','value':'mirror.pt'}]}}]}}");
        create("apps", "deployments", "pt", "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web',"
                + "'namespace':'pt'},'spec':{'replicas':12,'selector':{'matchLabels':{'app':'web'}},'template':"
                + "{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'web','image':'nginx:1.27'}],"
                + "'volumes':[{'name':'c','configMap':{'name':'web-config'}}]}}}}");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bindingClusters("pt", "web-deployment"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("pt-a1", 8, "pt-b1", 2, "pt-b2", 2)));
        ObjectNode template = objects().get(type("apps", "deployments"), "pt", "web");
        assertThat(template.at("/metadata/finalizers").toString()).contains("flotilla.dev/propagation");
        assertThat(template.at("/metadata/labels/flotilla.dev~1propagation-policy-name").asText()).isEqualTo("spread");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode a1 = work("pt-a1", "pt-web-deployment");
            JsonNode b1 = work("pt-b1", "pt-web-deployment");
            assertThat(a1).isNotNull();
            assertThat(b1).isNotNull();
            assertThat(a1.at("/spec/workload/manifests/0")).isEqualTo(json("{'apiVersion':'v1','kind':'ConfigMap',"
                    + "'metadata':{'name':'web-config','namespace':'pt'},'data':{'k':'v'}}"));
            assertThat(a1.at("/spec/workload/manifests/1")).isEqualTo(json("{'apiVersion':'apps/v1','kind':"
                    + "'Deployment','metadata':{'name':'web','namespace':'pt'},'spec':{'replicas':8,'selector':"
                    + "{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':"
                    + "{'containers':[{'name':'web','image':'mirror.pt/nginx:1.27'}],'volumes':[{'name':'c',"
                    + "'configMap':{'name':'web-config'}}]}}}}"));
            assertThat(b1.at("/spec/workload/manifests/1/spec/replicas").asInt()).isEqualTo(2);
            assertThat(b1.at("/spec/workload/manifests/1/spec/template/spec/containers/0/image").asText())
                    .isEqualTo("nginx:1.27");
            assertThat(work("pt-b2", "pt-web-deployment")).isNotNull();
        });

        for (String cluster : List.of("pt-a1", "pt-b1", "pt-b2")) {
            reportReady(cluster, "pt-web-deployment");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode status = objects().get(type("apps", "deployments"), "pt", "web").path("status");
            assertThat(status.path("readyReplicas").asInt()).isEqualTo(12);
            assertThat(status.path("replicas").asInt()).isEqualTo(12);
            assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
            JsonNode binding = objects().get(type("flotilla.dev", "resourcebindings"), "pt", "web-deployment");
            assertThat(binding.at("/status/aggregatedStatus").size()).isEqualTo(3);
            assertThat(binding.at("/status/conditions").toString()).contains("FullyApplied").contains("Scheduled");
        });

        // Scale: steady and house-monotone, nobody loses a replica.
        objects().mutate(type("apps", "deployments"), "pt", "web", null, ObjectService.Scope.MAIN,
                WriteOptions.DEFAULT, d -> {
                    d.with("spec").put("replicas", 18);
                    return d;
                });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(bindingClusters("pt", "web-deployment"))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("pt-a1", 12, "pt-b1", 3, "pt-b2", 3));
            assertThat(work("pt-a1", "pt-web-deployment").at("/spec/workload/manifests/1/spec/replicas").asInt())
                    .isEqualTo(12);
        });

        // A policy change that leaves pt-b2 out: its Work goes.
        objects().mutate(type("flotilla.dev", "propagationpolicies"), "pt", "spread", null, ObjectService.Scope.MAIN,
                WriteOptions.DEFAULT, p -> {
                    p.with("spec").with("placement").with("clusterAffinity").putArray("clusterNames")
                            .add("pt-a1").add("pt-b1");
                    return p;
                });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(bindingClusters("pt", "web-deployment"))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("pt-a1", 12, "pt-b1", 6));
            assertThat(work("pt-b2", "pt-web-deployment")).isNull();
        });

        objects().delete(type("apps", "deployments"), "pt", "web", DeleteOptions.DEFAULT);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(objects().find(type("apps", "deployments"), "pt", "web")).isEmpty();
            assertThat(objects().find(type("flotilla.dev", "resourcebindings"), "pt", "web-deployment")).isEmpty();
            assertThat(objects().list(type("flotilla.dev", "works"), null, ListOptions.all()).items())
                    .noneMatch(w -> w.path("metadata").path("name").asText().equals("pt-web-deployment"));
        });
    }

    @Test
    void aWorkChangedOrDeletedByHandIsRenderedAgainWhileStatusReportsLeaveItAlone() {
        cluster("wk-1", "wk-1a");
        create("", "namespaces", null, "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'wk'}}");
        create("flotilla.dev", "propagationpolicies", "wk", "{'apiVersion':'flotilla.dev/v1alpha1','kind':"
                + "'PropagationPolicy','metadata':{'name':'cm','namespace':'wk'},'spec':{'resourceSelectors':"
                + "[{'apiVersion':'v1','kind':'ConfigMap'}],'placement':{'clusterAffinity':{'clusterNames':['wk-1']}}}}");
        create("", "configmaps", "wk", "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'settings',"
                + "'namespace':'wk'},'data':{'mode':'on'}}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(work("wk-1", "wk-settings-configmap"))
                .isNotNull());
        JsonNode rendered = work("wk-1", "wk-settings-configmap").path("spec");

        ResourceType works = type("flotilla.dev", "works");
        objects().mutate(works, "flotilla-es-wk-1", "wk-settings-configmap", null, ObjectService.Scope.MAIN,
                WriteOptions.DEFAULT, w -> {
                    w.with("spec").putObject("workload").putArray("manifests");
                    return w;
                });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(work("wk-1", "wk-settings-configmap").path("spec")).isEqualTo(rendered));

        objects().delete(works, "flotilla-es-wk-1", "wk-settings-configmap", DeleteOptions.DEFAULT);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode again = work("wk-1", "wk-settings-configmap");
            assertThat(again).isNotNull();
            assertThat(again.path("spec")).isEqualTo(rendered);
        });

        // The agent's report: the binding's status follows it, the Work is not written again.
        String before = work("wk-1", "wk-settings-configmap").at("/metadata/resourceVersion").asText();
        objects().mutate(works, "flotilla-es-wk-1", "wk-settings-configmap", null, ObjectService.Scope.STATUS,
                WriteOptions.DEFAULT, w -> {
                    w.set("status", json("{'conditions':[{'type':'Applied','status':'True','reason':"
                            + "'AppliedSuccessful','message':'ok','observedGeneration':1,"
                            + "'lastTransitionTime':'2026-11-25T12:00:00Z'}]}"));
                    return w;
                });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(objects().get(
                type("flotilla.dev", "resourcebindings"), "wk", "settings-configmap").at("/status/conditions"))
                .anySatisfy(c -> assertThat(c.path("type").asText() + "=" + c.path("status").asText())
                        .isEqualTo("FullyApplied=True")));
        String reported = work("wk-1", "wk-settings-configmap").at("/metadata/resourceVersion").asText();
        assertThat(Long.parseLong(reported)).isGreaterThan(Long.parseLong(before));
        assertThat(work("wk-1", "wk-settings-configmap").path("spec")).isEqualTo(rendered);
    }

    @Test
    void aNoExecuteTaintMovesReplicasAndTheOldWorkGoesOnceTheReplacementsAreReady() {
        cluster("fo-a", "fo-1a");
        cluster("fo-b", "fo-1b");
        create("", "namespaces", null, "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'fo'}}");
        create("flotilla.dev", "propagationpolicies", "fo", "{'apiVersion':'flotilla.dev/v1alpha1','kind':"
                + "'PropagationPolicy','metadata':{'name':'two','namespace':'fo'},'spec':{'resourceSelectors':"
                + "[{'apiVersion':'apps/v1','kind':'Deployment'}],'placement':{'clusterAffinity':"
                + "{'clusterNames':['fo-a','fo-b']},'replicaScheduling':{'replicaSchedulingType':'Divided',"
                + "'replicaDivisionPreference':'Weighted','weightPreference':{'staticWeightList':[{'targetCluster':"
                + "{'clusterNames':['fo-a']},'weight':1},{'targetCluster':{'clusterNames':['fo-b']},'weight':1}]}}}}}");
        create("apps", "deployments", "fo", "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'api',"
                + "'namespace':'fo'},'spec':{'replicas':4,'selector':{'matchLabels':{'app':'api'}},'template':"
                + "{'metadata':{'labels':{'app':'api'}},'spec':{'containers':[{'name':'api','image':'api:1'}]}}}}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(bindingClusters("fo", "api-deployment"))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("fo-a", 2, "fo-b", 2));
            assertThat(work("fo-a", "fo-api-deployment")).isNotNull();
            assertThat(work("fo-b", "fo-api-deployment")).isNotNull();
        });
        reportReady("fo-a", "fo-api-deployment", "fo", "api");
        reportReady("fo-b", "fo-api-deployment", "fo", "api");

        // A maintenance taint, tolerated by nothing: the replicas leave fo-a at once, gracefully.
        objects().mutate(type("flotilla.dev", "clusters"), null, "fo-a", null, ObjectService.Scope.MAIN,
                WriteOptions.DEFAULT, c -> {
                    c.with("spec").set("taints", json("{'t':[{'key':'example.com/maintenance','effect':"
                            + "'NoExecute','timeAdded':'" + java.time.Instant.now().truncatedTo(
                            java.time.temporal.ChronoUnit.SECONDS) + "'}]}").get("t"));
                    return c;
                });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(bindingClusters("fo", "api-deployment")).containsExactlyEntriesOf(Map.of("fo-b", 4));
            JsonNode binding = objects().get(type("flotilla.dev", "resourcebindings"), "fo", "api-deployment");
            assertThat(binding.at("/spec/gracefulEvictionTasks/0/fromCluster").asText()).isEqualTo("fo-a");
            assertThat(work("fo-b", "fo-api-deployment").at("/spec/workload/manifests/0/spec/replicas").asInt())
                    .isEqualTo(4);
        });
        assertThat(work("fo-a", "fo-api-deployment")).as("kept until the replacements are ready").isNotNull();

        reportReady("fo-b", "fo-api-deployment", "fo", "api");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(work("fo-a", "fo-api-deployment")).isNull();
            JsonNode binding = objects().get(type("flotilla.dev", "resourcebindings"), "fo", "api-deployment");
            assertThat(binding.at("/spec/gracefulEvictionTasks").isMissingNode()).isTrue();
        });
    }

    @Test
    void unmatchingATemplateReleasesIt() {
        cluster("um-1", "um-1a");
        create("", "namespaces", null, "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'um'}}");
        create("flotilla.dev", "propagationpolicies", "um", "{'apiVersion':'flotilla.dev/v1alpha1','kind':"
                + "'PropagationPolicy','metadata':{'name':'svc','namespace':'um'},'spec':{'resourceSelectors':"
                + "[{'apiVersion':'v1','kind':'Service'}],'placement':{'clusterAffinity':{'clusterNames':['um-1']}}}}");
        create("", "services", "um", "{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'um'},"
                + "'spec':{'ports':[{'port':80}]}}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(bindingClusters("um", "web-service")).containsKey("um-1");
            assertThat(work("um-1", "um-web-service")).isNotNull();
        });
        objects().delete(type("flotilla.dev", "propagationpolicies"), "um", "svc", DeleteOptions.DEFAULT);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(work("um-1", "um-web-service")).isNull();
            JsonNode service = objects().get(type("", "services"), "um", "web");
            assertThat(service.path("metadata").has("finalizers")).isFalse();
            assertThat(service.path("metadata").path("labels").has("flotilla.dev/propagation-policy-name")).isFalse();
        });
    }
}
