package dev.flotilla.server.api;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A fabric8 client, unchanged, doing CRUD, patch, watch and informers against the running server. */
@QuarkusTest
class Fabric8ClientTest {

    @TestHTTPResource("/")
    URI base;

    private KubernetesClient client;

    @BeforeEach
    void connect() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(base.toString()).withNamespace("default")
                .withRequestTimeout(10_000).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void nativeKindsCrud() {
        Deployment created = client.apps().deployments().resource(new DeploymentBuilder()
                .withNewMetadata().withName("f8-web").addToLabels("app", "f8-web").endMetadata()
                .withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", "f8-web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "f8-web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);

        Deployment fetched = client.apps().deployments().withName("f8-web").get();
        assertThat(fetched.getSpec().getReplicas()).isEqualTo(2);

        Deployment edited = client.apps().deployments().withName("f8-web")
                .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(4).endSpec().build());
        assertThat(edited.getSpec().getReplicas()).isEqualTo(4);
        assertThat(edited.getMetadata().getGeneration()).isEqualTo(2L);

        assertThat(client.apps().deployments().withLabel("app", "f8-web").list().getItems()).hasSize(1);
        assertThat(client.apps().deployments().withLabel("app", "other").list().getItems()).isEmpty();

        client.apps().deployments().withName("f8-web").delete();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.apps().deployments().withName("f8-web").get() == null);
    }

    @Test
    void optimisticConcurrencyIsEnforced() {
        ConfigMap created = client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("f8-occ")
                .endMetadata().addToData("k", "1").build()).create();
        client.configMaps().withName("f8-occ").edit(cm -> new ConfigMapBuilder(cm).addToData("k", "2").build());
        ConfigMap stale = new ConfigMapBuilder(created).addToData("k", "3").build();
        assertThatThrownBy(() -> client.configMaps().resource(stale).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.configMaps().withName("f8-occ").get().getData()).containsEntry("k", "2");
    }

    @Test
    void jsonAndMergePatches() {
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("f8-patch").endMetadata()
                .addToData("a", "1").addToData("b", "2").build()).create();
        client.configMaps().withName("f8-patch").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"data\":{\"a\":null,\"c\":\"3\"}}");
        assertThat(client.configMaps().withName("f8-patch").get().getData()).isEqualTo(Map.of("b", "2", "c", "3"));
        client.configMaps().withName("f8-patch").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/data/b\",\"value\":\"20\"}]");
        assertThat(client.configMaps().withName("f8-patch").get().getData()).containsEntry("b", "20");
    }

    @Test
    void watchSeesChangesInOrder() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Watch ignored = client.configMaps().withLabel("watch", "f8").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                events.add(action + " " + resource.getMetadata().getName() + " " + resource.getData());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("f8-watched")
                    .addToLabels("watch", "f8").endMetadata().addToData("n", "1").build()).create();
            client.configMaps().withName("f8-watched").edit(cm -> new ConfigMapBuilder(cm).addToData("n", "2").build());
            client.configMaps().withName("f8-watched").delete();
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED f8-watched {n=1}");
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("MODIFIED f8-watched {n=2}");
            assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("DELETED f8-watched");
        }
    }

    @Test
    void informersListThenWatch() {
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("f8-inf-1")
                .addToLabels("informer", "yes").endMetadata().build()).create();
        Map<String, String> seen = new ConcurrentHashMap<>();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().withLabel("informer", "yes")
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap obj) {
                        seen.put(obj.getMetadata().getName(), "added");
                    }

                    @Override
                    public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                        seen.put(newObj.getMetadata().getName(), "updated");
                    }

                    @Override
                    public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                        seen.put(obj.getMetadata().getName(), "deleted");
                    }
                });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> "added".equals(seen.get("f8-inf-1")));
            client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("f8-inf-2")
                    .addToLabels("informer", "yes").endMetadata().build()).create();
            client.configMaps().withName("f8-inf-1").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> "added".equals(seen.get("f8-inf-2"))
                    && "deleted".equals(seen.get("f8-inf-1")));
            assertThat(informer.getStore().list()).extracting(cm -> cm.getMetadata().getName())
                    .containsExactly("f8-inf-2");
        } finally {
            informer.close();
        }
    }

    @Test
    void pagedListsWalkEverything() {
        for (int i = 0; i < 12; i++) {
            client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("f8-page-" + i)
                    .addToLabels("paged", "yes").endMetadata().build()).create();
        }
        List<ConfigMap> all = client.configMaps().withLabel("paged", "yes")
                .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(5L).build()).getItems();
        assertThat(all).hasSize(5);
        String token = client.configMaps().withLabel("paged", "yes")
                .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(5L).build())
                .getMetadata().getContinue();
        assertThat(token).isNotBlank();
        assertThat(client.configMaps().withLabel("paged", "yes").list().getItems()).hasSize(12);
    }
}
