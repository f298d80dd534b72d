package dev.flotilla.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.Map;

/**
 * A member cluster for tests: fabric8's mock API server in CRUD mode over plain HTTP on a free loopback port (see
 * shared/MEMBER-SIM.md), with a client whose own retries are off and whose timeout is short, and helpers to add
 * Ready nodes. Stands in until the simulated member cluster module lands.
 */
final class MockMember implements AutoCloseable {

  final KubernetesMockServer server;
  final KubernetesClient client;

  MockMember() {
    var responses = new HashMap<io.fabric8.mockwebserver.ServerRequest,
        java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
    server = new KubernetesMockServer(new Context(new ObjectMapper()), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false,
        new VersionInfo.Builder().withMajor("1").withMinor("33").withGitVersion("v1.33.1").build());
    server.init(java.net.InetAddress.getLoopbackAddress(), 0);
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(server.url("/"))
        .withRequestRetryBackoffLimit(0)
        .withRequestTimeout(5_000)
        .withConnectionTimeout(2_000)
        .build()).build();
  }

  /** Adds a Ready node with the given allocatable cpu, memory and pods. */
  Node addNode(String name, String cpu, String memory, int pods, String region, String zone) {
    Map<String, Quantity> allocatable = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory),
        "pods", new Quantity(Integer.toString(pods)));
    Node node = new NodeBuilder().withNewMetadata().withName(name)
        .addToLabels("topology.kubernetes.io/region", region).addToLabels("topology.kubernetes.io/zone", zone)
        .endMetadata()
        .withNewStatus().withAllocatable(allocatable).withCapacity(allocatable)
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .endStatus().build();
    return client.nodes().resource(node).create();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
