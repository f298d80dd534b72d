package dev.flotilla.server.api;

import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.ClusterSpec;
import dev.flotilla.api.v1alpha1.ClusterStatus;
import dev.flotilla.api.v1alpha1.Conditions;
import dev.flotilla.api.v1alpha1.PropagationPolicy;
import dev.flotilla.api.v1alpha1.Work;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** fabric8 clients use the Flotilla kinds typed: CRUD, the status subresource, watch, validation errors. */
@QuarkusTest
class FlotillaKindsClientTest {

    @TestHTTPResource("/")
    URI base;

    private KubernetesClient client;

    @BeforeEach
    void connect() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(base.toString()).withRequestTimeout(10_000).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void clustersWithStatusSubresource() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Watch ignored = client.resources(Cluster.class).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Cluster cluster) {
                events.add(action + " " + cluster.getMetadata().getName() + " ready=" + cluster.isReady());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            Cluster cluster = new Cluster();
            cluster.setMetadata(new ObjectMetaBuilder().withName("typed-eu-1a")
                    .addToLabels("topology.kubernetes.io/region", "eu-1")
                    .addToLabels("topology.kubernetes.io/zone", "eu-1a").build());
            ClusterSpec spec = new ClusterSpec();
            spec.setSyncMode("Pull");
            cluster.setSpec(spec);
            Cluster created = client.resources(Cluster.class).resource(cluster).create();
            assertThat(created.getRegion()).isEqualTo("eu-1");
            assertThat(created.getZone()).isEqualTo("eu-1a");
            assertThat(created.getStatus()).isNull();

            ClusterStatus status = new ClusterStatus();
            status.setKubernetesVersion("v1.33.1");
            status.setConditions(Conditions.set(null, Conditions.of(Conditions.READY, Conditions.TRUE, "AgentHeartbeat",
                    "the agent renewed its lease", Instant.parse("2026-11-25T12:00:00Z"))));
            created.setStatus(status);
            Cluster updated = client.resources(Cluster.class).resource(created).updateStatus();
            assertThat(updated.isReady()).isTrue();
            assertThat(updated.getMetadata().getGeneration()).as("status writes keep the generation").isEqualTo(1L);

            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED typed-eu-1a ready=false");
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("MODIFIED typed-eu-1a ready=true");

            List<Cluster> inZone = client.resources(Cluster.class)
                    .withLabel("topology.kubernetes.io/zone", "eu-1a").list().getItems();
            assertThat(inZone).extracting(c -> c.getMetadata().getName()).containsExactly("typed-eu-1a");
        }
    }

    @Test
    void worksCarryWholeManifests() {
        String namespace = FlotillaApi.executionNamespace("typed-member");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .create();
        GenericKubernetesResource deployment = new GenericKubernetesResourceBuilder().withApiVersion("apps/v1")
                .withKind("Deployment").withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("replicas", 4))).build();
        Work work = Serialization.unmarshal("""
                {"apiVersion":"flotilla.dev/v1alpha1","kind":"Work","metadata":{"name":"shop-web"},
                 "spec":{"workload":{"manifests":[]}}}""", Work.class);
        work.getSpec().getWorkload().setManifests(List.of(deployment));
        client.resources(Work.class).inNamespace(namespace).resource(work).create();

        Work fetched = client.resources(Work.class).inNamespace(namespace).withName("shop-web").get();
        GenericKubernetesResource manifest = fetched.getSpec().getWorkload().getManifests().get(0);
        assertThat(manifest.getKind()).isEqualTo("Deployment");
        assertThat(manifest.getAdditionalProperties().get("spec")).isEqualTo(Map.of("replicas", 4));
    }

    @Test
    void invalidPoliciesAre422WithTheField() {
        PropagationPolicy policy = Serialization.unmarshal("""
                {"apiVersion":"flotilla.dev/v1alpha1","kind":"PropagationPolicy","metadata":{"name":"bad","namespace":"default"},
                 "spec":{"resourceSelectors":[{"apiVersion":"apps/v1","kind":"Deployment"}],
                         "placement":{"spreadConstraints":[{"spreadByField":"zone","minGroups":3,"maxGroups":2}]}}}""",
                PropagationPolicy.class);
        assertThatThrownBy(() -> client.resources(PropagationPolicy.class).inNamespace("default").resource(policy).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getDetails().getCauses()).extracting(c -> c.getField())
                            .contains("spec.placement.spreadConstraints[0].minGroups");
                });
        assertThat(client.resources(PropagationPolicy.class).inNamespace("default").withName("bad").get()).isNull();
    }
}
