package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Real HTTP on the simulated load balancers: requests to a LoadBalancer Service's ingress address 127.n.0.x are
 * answered by its ready Pods, and the listeners follow the Service and the cluster's life. Ports are taken free on
 * every address at the moment of choosing (a wildcard bind fails if anything listens on that port anywhere).
 */
class LoadBalancerHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static SimulatedCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void startCluster() {
        cluster = SimulatedCluster.start(SimulatedClusterConfig.builder("http-a").region("eu-west")
                .zone("eu-west-1b").nodes(2).podStartDelay(Duration.ofMillis(100)).networkIndex(211).build());
        client = cluster.client();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void readyPodsAnswerInTurnNoneGives503AndDeletingTheServiceClosesTheListener() throws Exception {
        String ns = "served";
        int port = freePort();
        client.apps().deployments().inNamespace(ns)
                .resource(SimulatedClusterTest.deployment(ns, "web", 2, "web:1", "10m")).create();
        client.services().inNamespace(ns).resource(loadBalancer(ns, "web", "web", port)).create();
        String address = awaitIngress(client, ns, "web");
        assertThat(address).startsWith("127.211.0.");
        URI uri = URI.create("http://" + address + ":" + port + "/anything?at=all");

        Set<String> readyPods = await().atMost(WAIT).until(() -> readyPodNames(ns, "web"), pods -> pods.size() == 2);
        Set<String> answeredBy = new HashSet<>();
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> response = get(uri);
            assertThat(response.statusCode()).isEqualTo(200);
            String pod = response.headers().firstValue("X-Flotilla-Pod").orElseThrow();
            assertThat(response.body()).isEqualTo("hello from http-a/eu-west-1b pod " + pod + "\n");
            assertThat(response.headers().firstValue("X-Flotilla-Cluster")).hasValue("http-a");
            assertThat(response.headers().firstValue("X-Flotilla-Zone")).hasValue("eu-west-1b");
            assertThat(response.headers().firstValue("X-Flotilla-Service")).hasValue(ns + "/web");
            assertThat(readyPods).contains(pod);
            answeredBy.add(pod);
            assertThat(answeredBy).isEqualTo(readyPods);
        });
        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(uri).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        SimulatedClusterTest.retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName("web")
                .edit(d -> new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(d).editSpec().withReplicas(0)
                        .endSpec().build()));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> response = get(uri);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("service served/web").contains("http-a")
                    .contains("no ready endpoint");
            assertThat(response.headers().firstValue("X-Flotilla-Pod")).isEmpty();
        });

        client.services().inNamespace(ns).withName("web").delete();
        await().atMost(WAIT).untilAsserted(() -> assertRefused(address, port));
    }

    @Test
    void aPortChangeMovesTheListenerAndABusyPortIsReportedAndRetriedWithoutHoldingUpOthers() throws Exception {
        String ns = "moving";
        int first = freePort();
        client.services().inNamespace(ns).resource(loadBalancer(ns, "shifty", "nobody", first)).create();
        String address = awaitIngress(client, ns, "shifty");
        await().atMost(WAIT).ignoreExceptions().until(() -> get(uri(address, first)).statusCode() == 503);

        CapturedLog log = CapturedLog.of(LoadBalancerListeners.class);
        try (ServerSocket squatter = new ServerSocket()) {
            int second = freePort();
            squatter.bind(new InetSocketAddress(InetAddress.getByName(address), second));
            SimulatedClusterTest.retryOnConflict(() -> client.services().inNamespace(ns).withName("shifty")
                    .edit(s -> new ServiceBuilder(s).editSpec().withPorts(new ServicePortBuilder().withName("web")
                            .withPort(second).withTargetPort(new IntOrString(8080)).build()).endSpec().build()));
            await().atMost(WAIT).untilAsserted(() -> assertRefused(address, first));
            await().atMost(WAIT).untilAsserted(() -> assertThat(log.warnings()).anySatisfy(message -> assertThat(
                    message).contains("cannot listen on " + address + ":" + second).contains("moving/shifty")
                    .contains("something else listens").contains("retrying in")));

            // The busy port holds up nothing else: another Service is reconciled and served meanwhile.
            int other = freePort();
            client.services().inNamespace(ns).resource(loadBalancer(ns, "bystander", "nobody", other)).create();
            String otherAddress = awaitIngress(client, ns, "bystander");
            await().atMost(WAIT).ignoreExceptions()
                    .until(() -> get(uri(otherAddress, other)).statusCode() == 503);
            assertThat(squatter.isBound()).isTrue();

            squatter.close();
            await().atMost(WAIT).ignoreExceptions().until(() -> get(uri(address, second)).statusCode() == 503);
        } finally {
            log.close();
        }
    }

    @Test
    void twoClustersServeDistinctAddressesAndStoppingOneClosesOnlyItsListeners() throws Exception {
        int port = freePort();
        try (SimulatedCluster east = SimulatedCluster.start(SimulatedClusterConfig.builder("http-b").region("us-east")
                .zone("us-east-1a").nodes(1).podStartDelay(Duration.ofMillis(100)).build());
             SimulatedCluster west = SimulatedCluster.start(SimulatedClusterConfig.builder("http-c")
                     .region("us-west").zone("us-west-2c").nodes(1).podStartDelay(Duration.ofMillis(100)).build());
             SimulatedCluster quiet = SimulatedCluster.start(SimulatedClusterConfig.builder("http-d")
                     .region("us-west").zone("us-west-2a").nodes(1).podStartDelay(Duration.ofMillis(100))
                     .serveHttp(false).build())) {
            for (SimulatedCluster member : List.of(east, west, quiet)) {
                member.client().apps().deployments().inNamespace("default")
                        .resource(SimulatedClusterTest.deployment("default", "site", 1, "site:1", "10m")).create();
                member.client().services().inNamespace("default")
                        .resource(loadBalancer("default", "site", "site", port)).create();
            }
            String eastAddress = awaitIngress(east.client(), "default", "site");
            String westAddress = awaitIngress(west.client(), "default", "site");
            String quietAddress = awaitIngress(quiet.client(), "default", "site");
            assertThat(Set.of(eastAddress, westAddress, quietAddress)).hasSize(3);

            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(get(uri(eastAddress, port)).body())
                    .startsWith("hello from http-b/us-east-1a pod site-"));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(get(uri(westAddress, port)).body())
                    .startsWith("hello from http-c/us-west-2c pod site-"));
            // With serving off the address is still handed out, and the Pod gets ready, but nothing listens.
            await().atMost(WAIT).until(() -> quiet.client().pods().inNamespace("default").list().getItems().stream()
                    .anyMatch(PodLifecycle::isReady));
            assertRefused(quietAddress, port);

            east.close();
            assertRefused(eastAddress, port); // close() returns with the listeners closed
            assertThat(get(uri(westAddress, port)).statusCode()).isEqualTo(200);
            west.close();
            assertRefused(westAddress, port);
        }
    }

    @Test
    void planServesTheValidTcpPortsOfLoadBalancersOnly() {
        Service service = new ServiceBuilder().withNewMetadata().withName("s").withNamespace("n").endMetadata()
                .withNewSpec().withType("LoadBalancer")
                .addNewPort().withPort(8080).endPort()
                .addNewPort().withPort(8080).withProtocol("TCP").endPort()
                .addNewPort().withPort(53).withProtocol("UDP").endPort()
                .addNewPort().withPort(70000).endPort()
                .addNewPort().withPort(443).withProtocol("TCP").endPort()
                .endSpec().build();
        LoadBalancerListeners.Plan plan = LoadBalancerListeners.plan(service, "127.3.0.9");
        assertThat(plan.address()).isEqualTo("127.3.0.9");
        assertThat(plan.ports()).containsExactly(443, 8080);
        assertThat(plan.problems()).containsExactly("spec.ports[3].port: must be between 1 and 65535, got 70000");

        assertThat(LoadBalancerListeners.plan(service, null)).isEqualTo(LoadBalancerListeners.Plan.NONE);
        Service internal = new ServiceBuilder(service).editSpec().withType("ClusterIP").endSpec().build();
        assertThat(LoadBalancerListeners.plan(internal, "127.3.0.9")).isEqualTo(LoadBalancerListeners.Plan.NONE);
    }

    @Test
    void readyBackendsKeepReadyAndUnknownEndpointsNamedByPodOrAddress() {
        List<Endpoint> endpoints = List.of(
                new EndpointBuilder().withAddresses("10.1.1.1").withNewConditions().withReady(true).endConditions()
                        .withZone("z-1").withNewTargetRef().withKind("Pod").withName("a").endTargetRef().build(),
                new EndpointBuilder().withAddresses("10.1.1.2").withNewConditions().withReady(false).endConditions()
                        .withNewTargetRef().withKind("Pod").withName("b").endTargetRef().build(),
                new EndpointBuilder().withAddresses("192.0.2.7").build(),
                new EndpointBuilder().build());
        assertThat(LoadBalancerListeners.readyBackends(endpoints, "home")).containsExactly(
                new LoadBalancerListeners.Backend("a", "z-1", "10.1.1.1"),
                new LoadBalancerListeners.Backend("192.0.2.7", "home", "192.0.2.7"));
    }

    private static Service loadBalancer(String namespace, String name, String app, int port) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withType("LoadBalancer").addToSelector("app", app)
                .addNewPort().withName("web").withPort(port).withTargetPort(new IntOrString("http")).endPort()
                .endSpec()
                .build();
    }

    private static String awaitIngress(KubernetesClient client, String namespace, String name) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> client.services().inNamespace(namespace)
                .withName(name).get().getStatus().getLoadBalancer().getIngress().get(0).getIp(), ip -> ip != null);
    }

    private static Set<String> readyPodNames(String namespace, String app) {
        return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems().stream()
                .filter(PodLifecycle::isReady).map(Pod::getMetadata).map(m -> m.getName()).collect(Collectors.toSet());
    }

    /** A port nothing listens on, on any address, right now (the kernel picks it for a wildcard bind). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static URI uri(String address, int port) {
        return URI.create("http://" + address + ":" + port + "/");
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(String address, int port) {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getByName(address), port), 2000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    /** Collects what one class logs at WARNING or above (the simulator logs through java.util.logging). */
    private static final class CapturedLog extends Handler implements AutoCloseable {
        private final Logger logger; // held strongly, so its handler and settings last while capturing
        private final List<String> warnings = new CopyOnWriteArrayList<>();

        private CapturedLog(Logger logger) {
            this.logger = logger;
        }

        static CapturedLog of(Class<?> type) {
            CapturedLog log = new CapturedLog(Logger.getLogger(type.getName()));
            log.logger.addHandler(log);
            log.logger.setUseParentHandlers(false); // the expected warnings stay out of the build's output
            return log;
        }

        List<String> warnings() {
            return warnings;
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setUseParentHandlers(true);
        }
    }
}
