package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.Dispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexed store answers as fabric8's own CRUD dispatcher does: the same requests, sent to one mock server with
 * each, get the same outcomes (status codes, and the objects' names, namespaces, labels and data), across creates,
 * clashes, reads by name, lists of several resources with and without label selectors, replaces, JSON patches,
 * finalizers and deletes, re-creates, and one name used in several namespaces and kinds.
 */
class IndexedCrudDispatcherTest {

    private final List<MockWebServer> servers = new ArrayList<>();
    private final List<KubernetesClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(KubernetesClient::close);
        servers.forEach(MockWebServer::shutdown);
    }

    @Test
    void answersEveryKindOfRequestAsFabric8sOwnDispatcher() {
        List<String> plain = script(start(new KubernetesCrudDispatcher()));
        List<String> indexed = script(start(new IndexedCrudDispatcher()));

        assertThat(indexed).containsExactlyElementsOf(plain);
        // and the script really exercised outcomes of every sort (the client's get() answers a 404 with null)
        assertThat(plain).anyMatch(line -> line.endsWith("HTTP 409")).anyMatch(line -> line.endsWith("missing: null"))
                .anyMatch(line -> line.startsWith("list app=web: [a/shared, b/shared]"))
                .contains("list secrets: [a/shared]", "list secrets in b: []");
    }

    @Test
    void theDispatchersStoreIsTheIndexAndStaysExactThroughDeletesAndResets() {
        IndexedCrudDispatcher dispatcher = new IndexedCrudDispatcher();
        KubernetesClient client = start(dispatcher);
        assertThat(storeOf(dispatcher)).isInstanceOf(IndexedCrudDispatcher.NameIndexedMap.class);
        IndexedCrudDispatcher.NameIndexedMap store = (IndexedCrudDispatcher.NameIndexedMap) storeOf(dispatcher);

        client.configMaps().inNamespace("a").resource(configMap("a", "one", "x")).create();
        client.configMaps().inNamespace("b").resource(configMap("b", "one", "y")).create();
        assertThat(store.entriesNamed("one")).hasSize(2);
        client.configMaps().inNamespace("a").withName("one").delete();
        assertThat(store.entriesNamed("one")).hasSize(1);
        assertThat(client.configMaps().inNamespace("a").withName("one").get()).isNull();
        assertThat(client.configMaps().inNamespace("b").withName("one").get().getData()).containsEntry("v", "y");

        dispatcher.reset();
        assertThat(store.entriesNamed("one")).isEmpty();
        assertThat(store).isEmpty();
    }

    /** Runs the same requests against one server and records what a client sees of each. */
    private static List<String> script(KubernetesClient client) {
        List<String> seen = new ArrayList<>();
        var a = client.configMaps().inNamespace("a");
        var b = client.configMaps().inNamespace("b");
        seen.add("create a/shared: " + outcome(() -> a.resource(configMap("a", "shared", "1")).create()));
        seen.add("create b/shared: " + outcome(() -> b.resource(configMap("b", "shared", "2")).create()));
        seen.add("create a/other: " + outcome(() -> a.resource(configMap("a", "other", "3")).create()));
        seen.add("secret a/shared: " + outcome(() -> client.secrets().inNamespace("a").resource(secret("a", "shared"))
                .create()));
        seen.add("create a/shared again: " + outcome(() -> a.resource(configMap("a", "shared", "9")).create()));
        seen.add("get a/shared: " + outcome(() -> a.withName("shared").get()));
        seen.add("get b/shared: " + outcome(() -> b.withName("shared").get()));
        seen.add("get a/missing: " + outcome(() -> a.withName("missing").get()));
        seen.add("get secret a/shared: " + outcome(() -> client.secrets().inNamespace("a").withName("shared").get()));
        seen.add("list a: " + names(a.list().getItems()));
        seen.add("list secrets: " + names(client.secrets().inAnyNamespace().list().getItems()));
        seen.add("list secrets in b: " + names(client.secrets().inNamespace("b").list().getItems()));
        seen.add("list app=web: " + names(client.configMaps().inAnyNamespace().withLabel("app", "web").list()
                .getItems()));
        seen.add("replace a/shared: " + outcome(() -> a.resource(configMap("a", "shared", "replaced")).update()));
        seen.add("get a/shared after replace: " + outcome(() -> a.withName("shared").get()));
        seen.add("json patch b/shared: " + outcome(() -> b.withName("shared").patch(
                PatchContext.of(PatchType.JSON), "[{\"op\":\"replace\",\"path\":\"/data/v\",\"value\":\"patched\"}]")));
        seen.add("get b/shared after patch: " + outcome(() -> b.withName("shared").get()));
        seen.add("finalizer a/other: " + outcome(() -> a.withName("other").edit(cm -> {
            cm.getMetadata().setFinalizers(List.of("test/keep"));
            return cm;
        })));
        seen.add("delete a/other: " + outcome(() -> a.withName("other").delete().size()));
        seen.add("get a/other while finalizing: " + outcome(() -> a.withName("other").get().getMetadata()
                .getDeletionTimestamp() != null));
        seen.add("release a/other: " + outcome(() -> a.withName("other").edit(cm -> {
            cm.getMetadata().setFinalizers(List.of());
            return cm;
        })));
        seen.add("get a/other released: " + outcome(() -> a.withName("other").get()));
        seen.add("delete a/shared: " + outcome(() -> a.withName("shared").delete().size()));
        seen.add("get a/shared deleted: " + outcome(() -> a.withName("shared").get()));
        seen.add("get b/shared still there: " + outcome(() -> b.withName("shared").get()));
        seen.add("re-create a/shared: " + outcome(() -> a.resource(configMap("a", "shared", "again")).create()));
        seen.add("get a/shared re-created: " + outcome(() -> a.withName("shared").get()));
        seen.add("list all: " + names(client.configMaps().inAnyNamespace().list().getItems()));
        return seen;
    }

    private static String outcome(java.util.function.Supplier<Object> call) {
        try {
            Object result = call.get();
            return result instanceof HasMetadata object ? describe(object) : String.valueOf(result);
        } catch (KubernetesClientException e) {
            return "HTTP " + e.getCode();
        }
    }

    private static String describe(HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        Object data = object instanceof ConfigMap cm ? cm.getData() : object instanceof Secret s ? s.getStringData()
                : null;
        return object.getKind() + " " + meta.getNamespace() + "/" + meta.getName() + " labels=" + meta.getLabels()
                + " data=" + data + " finalizers=" + meta.getFinalizers();
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        Function<HasMetadata, String> name = o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
        return objects.stream().map(name).sorted().toList();
    }

    private static ConfigMap configMap(String namespace, String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withLabels(Map.of("app", name.equals("shared") ? "web" : "batch")).endMetadata()
                .addToData("v", value).build();
    }

    private static Secret secret(String namespace, String name) {
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToStringData("token", "t").build();
    }

    private KubernetesClient start(Dispatcher dispatcher) {
        MockWebServer webServer = new MockWebServer();
        servers.add(webServer);
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), webServer,
                new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(SimulatedCluster.clientConfig("http://127.0.0.1:" + server.getPort())).build();
        clients.add(client);
        return client;
    }

    private static Object storeOf(CrudDispatcher dispatcher) {
        return dispatcher.getMap();
    }
}
