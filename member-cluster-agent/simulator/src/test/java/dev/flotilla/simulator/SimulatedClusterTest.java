package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The simulated cluster against a fabric8 client, as the agent will use it. One cluster for the class (2 nodes of
 * 2 CPUs / 4Gi / 10 pods each); every test works in its own namespace.
 */
class SimulatedClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static SimulatedCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void startCluster() {
        cluster = SimulatedCluster.start(SimulatedClusterConfig.builder("test-a").region("eu-west").zone("eu-west-1a")
                .nodes(2).nodeCpu("4").nodeMemory("8Gi").nodePods(50).podStartDelay(Duration.ofMillis(200))
                .networkIndex(7).build());
        client = cluster.client();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String freshNamespace() {
        return "ns-" + NAMESPACES.incrementAndGet();
    }

    static Deployment deployment(String namespace, String name, int replicas, String image, String cpu) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("web").withImage(image)
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity("64Mi"))
                .endResources()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static List<Pod> pods(String namespace, String app) {
        return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems();
    }

    private static List<Pod> readyPods(String namespace, String app) {
        return pods(namespace, app).stream().filter(PodLifecycle::isReady).toList();
    }

    private static Deployment getDeployment(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    private static DeploymentCondition condition(Deployment deployment, String type) {
        return deployment.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow();
    }

    /** Scales as a user would: an edit, retried on 409 (the simulated controllers write status concurrently). */
    static void scale(String namespace, String name, int replicas) {
        retryOnConflict(() -> client.apps().deployments().inNamespace(namespace).withName(name)
                .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().build()));
    }

    @Test
    void nodesAndNamespacesAreRegisteredWithCapacityZoneAndReadiness() {
        List<Node> nodes = client.nodes().list().getItems();
        assertThat(nodes).extracting(n -> n.getMetadata().getName())
                .containsExactlyInAnyOrder("test-a-node-1", "test-a-node-2");
        Node node = client.nodes().withName("test-a-node-1").get();
        assertThat(node.getMetadata().getLabels())
                .containsEntry("kubernetes.io/hostname", "test-a-node-1")
                .containsEntry("topology.kubernetes.io/region", "eu-west")
                .containsEntry("topology.kubernetes.io/zone", "eu-west-1a");
        assertThat(node.getStatus().getCapacity()).containsEntry("cpu", new Quantity("4"))
                .containsEntry("memory", new Quantity("8Gi")).containsEntry("pods", new Quantity("50"));
        assertThat(node.getStatus().getConditions())
                .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));
        assertThat(node.getStatus().getAddresses()).anySatisfy(a -> assertThat(a.getAddress()).isEqualTo("10.7.0.1"));
        assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                .contains("default", "kube-system");
        assertThat(client.getKubernetesVersion().getMajor()).isEqualTo("1");
    }

    @Test
    void deploymentOfThreeBecomesThreeReadyPodsWithKubernetesStatus() {
        String ns = freshNamespace();
        Deployment created = client.apps().deployments().inNamespace(ns)
                .resource(deployment(ns, "web", 3, "nginx:1.27", "100m")).create();

        await().atMost(WAIT).untilAsserted(() -> {
            Deployment d = getDeployment(ns, "web");
            assertThat(d.getStatus()).isNotNull();
            assertThat(d.getStatus().getReplicas()).isEqualTo(3);
            assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
            assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
            assertThat(condition(d, "Available").getStatus()).isEqualTo("True");
            assertThat(condition(d, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        });

        List<ReplicaSet> replicaSets = client.apps().replicaSets().inNamespace(ns).list().getItems();
        assertThat(replicaSets).hasSize(1);
        ReplicaSet rs = replicaSets.get(0);
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
        assertThat(rs.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid()));
        assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(3);

        List<Pod> pods = pods(ns, "web");
        assertThat(pods).hasSize(3).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getName()).startsWith(rs.getMetadata().getName() + "-");
            assertThat(pod.getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
            assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getUid()).isEqualTo(rs.getMetadata().getUid()));
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(pod.getStatus().getPodIP()).startsWith("10.7.");
            assertThat(pod.getSpec().getNodeName()).startsWith("test-a-node-");
            assertThat(pod.getStatus().getContainerStatuses()).singleElement()
                    .satisfies(c -> assertThat(c.getReady()).isTrue());
        });
        assertThat(pods).extracting(p -> p.getStatus().getPodIP()).doesNotHaveDuplicates();
    }

    @Test
    void scalingUpAndDownCreatesAndDeletesPods() {
        String ns = freshNamespace();
        client.apps().deployments().inNamespace(ns).resource(deployment(ns, "api", 2, "api:1", "50m")).create();
        await().atMost(WAIT).until(() -> readyPods(ns, "api").size() == 2);

        scale(ns, "api", 5);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(readyPods(ns, "api")).hasSize(5);
            assertThat(getDeployment(ns, "api").getStatus().getReadyReplicas()).isEqualTo(5);
        });

        scale(ns, "api", 1);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(pods(ns, "api")).hasSize(1);
            Deployment d = getDeployment(ns, "api");
            assertThat(d.getStatus().getReplicas()).isEqualTo(1);
            assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(1);
            assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
        });
    }

    @Test
    void aTemplateChangeRollsOutANewReplicaSet() {
        String ns = freshNamespace();
        client.apps().deployments().inNamespace(ns).resource(deployment(ns, "roll", 3, "app:1", "10m")).create();
        await().atMost(WAIT).until(() -> readyPods(ns, "roll").size() == 3);
        String firstRs = client.apps().replicaSets().inNamespace(ns).list().getItems().get(0).getMetadata().getName();

        retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName("roll")
                .edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec().editFirstContainer()
                        .withImage("app:2").endContainer().endSpec().endTemplate().endSpec().build()));

        await().atMost(WAIT).untilAsserted(() -> {
            List<Pod> pods = pods(ns, "roll");
            assertThat(pods).hasSize(3).allSatisfy(pod -> {
                assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("app:2");
                assertThat(PodLifecycle.isReady(pod)).isTrue();
            });
            Map<String, Integer> rsReplicas = client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                    .collect(Collectors.toMap(rs -> rs.getMetadata().getName(), rs -> rs.getSpec().getReplicas()));
            assertThat(rsReplicas).hasSize(2).containsEntry(firstRs, 0);
            Deployment d = getDeployment(ns, "roll");
            assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
            assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(condition(d, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        });
        ReplicaSet second = client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .filter(rs -> !rs.getMetadata().getName().equals(firstRs)).findFirst().orElseThrow();
        assertThat(second.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
    }

    @Test
    void deletingADeploymentDeletesItsReplicaSetsAndPods() {
        String ns = freshNamespace();
        client.apps().deployments().inNamespace(ns).resource(deployment(ns, "gone", 2, "gone:1", "10m")).create();
        await().atMost(WAIT).until(() -> readyPods(ns, "gone").size() == 2);

        client.apps().deployments().inNamespace(ns).withName("gone").delete();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
        });
    }

    @Test
    void servicesGetClusterIpsAndLoadBalancersAnIngressAddress() {
        String ns = freshNamespace();
        client.services().inNamespace(ns).resource(service(ns, "internal", "ClusterIP", "nothing")).create();
        client.services().inNamespace(ns).resource(service(ns, "public", "LoadBalancer", "nothing")).create();

        await().atMost(WAIT).untilAsserted(() -> {
            Service internal = client.services().inNamespace(ns).withName("internal").get();
            assertThat(internal.getSpec().getClusterIP()).startsWith("10.7.");
            assertThat(internal.getStatus() == null || internal.getStatus().getLoadBalancer() == null
                    || internal.getStatus().getLoadBalancer().getIngress().isEmpty()).isTrue();
            Service external = client.services().inNamespace(ns).withName("public").get();
            assertThat(external.getSpec().getClusterIP()).startsWith("10.7.")
                    .isNotEqualTo(internal.getSpec().getClusterIP());
            assertThat(external.getSpec().getPorts().get(0).getNodePort()).isBetween(30000, 32767);
            assertThat(external.getStatus().getLoadBalancer().getIngress()).singleElement()
                    .satisfies(ingress -> assertThat(ingress.getIp()).startsWith("127.7.0."));
        });

        // A create-or-update that does not know the cluster IP gets the same one back.
        String ip = client.services().inNamespace(ns).withName("public").get().getSpec().getClusterIP();
        retryOnConflict(() -> client.services().inNamespace(ns).withName("public").edit(s -> new ServiceBuilder(s)
                .editSpec().withClusterIP(null).withClusterIPs().endSpec().build()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.services().inNamespace(ns).withName("public").get()
                .getSpec().getClusterIP()).isEqualTo(ip));
    }

    @Test
    void endpointSliceListsTheReadyPodsAndFollowsScaling() {
        String ns = freshNamespace();
        client.services().inNamespace(ns).resource(service(ns, "shop", "ClusterIP", "shop")).create();
        client.apps().deployments().inNamespace(ns).resource(deployment(ns, "shop", 2, "shop:1", "10m")).create();

        await().atMost(WAIT).untilAsserted(() -> assertThat(sliceAddresses(ns, "shop"))
                .isEqualTo(readyPodIps(ns, "shop")).hasSize(2));
        EndpointSlice slice = client.discovery().v1().endpointSlices().inNamespace(ns)
                .withLabel("kubernetes.io/service-name", "shop").list().getItems().get(0);
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(8080); // the named target port "http" resolved
            assertThat(port.getProtocol()).isEqualTo("TCP");
        });
        assertThat(slice.getEndpoints()).allSatisfy(e -> {
            assertThat(e.getConditions().getReady()).isTrue();
            assertThat(e.getZone()).isEqualTo("eu-west-1a");
            assertThat(e.getTargetRef().getKind()).isEqualTo("Pod");
        });

        scale(ns, "shop", 4);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sliceAddresses(ns, "shop"))
                .isEqualTo(readyPodIps(ns, "shop")).hasSize(4));
        scale(ns, "shop", 1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sliceAddresses(ns, "shop"))
                .isEqualTo(readyPodIps(ns, "shop")).hasSize(1));

        client.services().inNamespace(ns).withName("shop").delete();
        await().atMost(WAIT).until(() -> client.discovery().v1().endpointSlices().inNamespace(ns).list().getItems()
                .isEmpty());
    }

    @Test
    void statefulSetPodsAreNamedByOrdinalAndCreatedInOrder() {
        String ns = freshNamespace();
        StatefulSet sts = new StatefulSetBuilder()
                .withNewMetadata().withName("db").withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(3).withServiceName("db")
                .withNewSelector().addToMatchLabels("app", "db").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "db").endMetadata()
                .withNewSpec().addNewContainer().withName("db").withImage("db:1").endContainer().endSpec()
                .endTemplate().endSpec().build();
        client.apps().statefulSets().inNamespace(ns).resource(sts).create();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(readyPods(ns, "db")).extracting(p -> p.getMetadata().getName())
                    .containsExactlyInAnyOrder("db-0", "db-1", "db-2");
            StatefulSet current = client.apps().statefulSets().inNamespace(ns).withName("db").get();
            assertThat(current.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(current.getStatus().getCurrentRevision()).isEqualTo(current.getStatus().getUpdateRevision());
        });
        assertThat(client.pods().inNamespace(ns).withName("db-1").get().getSpec().getHostname()).isEqualTo("db-1");

        retryOnConflict(() -> client.apps().statefulSets().inNamespace(ns).withName("db")
                .edit(s -> new StatefulSetBuilder(s).editSpec().withReplicas(1).endSpec().build()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(pods(ns, "db")).extracting(p -> p.getMetadata().getName())
                .containsExactly("db-0"));

        client.apps().statefulSets().inNamespace(ns).withName("db").delete();
        await().atMost(WAIT).until(() -> pods(ns, "db").isEmpty());
    }

    @Test
    void aStatusWipedByAPlainUpdateIsFilledAgain() {
        String ns = freshNamespace();
        client.apps().deployments().inNamespace(ns).resource(deployment(ns, "wiped", 1, "w:1", "10m")).create();
        await().atMost(WAIT).until(() -> {
            Deployment d = getDeployment(ns, "wiped");
            return d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas());
        });
        // What an agent's create-or-update does on the mock: the status is gone afterwards.
        Deployment plain = new DeploymentBuilder(deployment(ns, "wiped", 1, "w:1", "10m")).build();
        retryOnConflict(() -> client.apps().deployments().inNamespace(ns).resource(plain).update());
        await().atMost(WAIT).until(() -> {
            Deployment d = getDeployment(ns, "wiped");
            return d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas());
        });
        assertThat(pods(ns, "wiped")).hasSize(1); // no rollout: the template did not change
    }

    static void retryOnConflict(java.util.function.Supplier<?> write) {
        await().atMost(WAIT).ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(() -> write.get() != null);
    }

    static Service service(String namespace, String name, String type, String app) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withType(type).addToSelector("app", app)
                .addNewPort().withName("web").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .endSpec()
                .build();
    }

    private static Set<String> sliceAddresses(String namespace, String service) {
        return client.discovery().v1().endpointSlices().inNamespace(namespace)
                .withLabel("kubernetes.io/service-name", service).list().getItems().stream()
                .flatMap(slice -> slice.getEndpoints().stream())
                .filter(e -> Boolean.TRUE.equals(e.getConditions().getReady()))
                .map(Endpoint::getAddresses).flatMap(List::stream).collect(Collectors.toSet());
    }

    private static Set<String> readyPodIps(String namespace, String app) {
        return readyPods(namespace, app).stream().map(p -> p.getStatus().getPodIP()).collect(Collectors.toSet());
    }
}
