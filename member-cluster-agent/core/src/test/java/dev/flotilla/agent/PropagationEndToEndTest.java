package dev.flotilla.agent;

import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.OverridePolicy;
import dev.flotilla.api.v1alpha1.PropagationPolicy;
import dev.flotilla.simulator.SimulatedCluster;
import dev.flotilla.simulator.SimulatedClusterConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole propagation path over real processes and ports: the control plane as a process, three simulated
 * member clusters (two zones) and their agents in this JVM. A Deployment of 12, a Service and a ConfigMap, a
 * policy dividing 2:1 over the zones and an override changing the image in one zone; then a scale, a policy
 * change and a delete.
 */
class PropagationEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String[]> MEMBERS = List.of(new String[] {"e2e-a1", "eu-1a"},
      new String[] {"e2e-b1", "eu-1b"}, new String[] {"e2e-b2", "eu-1b"});

  @TempDir
  static Path temp;
  static ControlPlaneProcess controlPlane;
  static KubernetesClient admin;
  static final List<SimulatedCluster> clusters = new ArrayList<>();
  static final List<Agent> agents = new ArrayList<>();

  @BeforeAll
  static void startFederation() throws Exception {
    controlPlane = new ControlPlaneProcess(temp.resolve("control-plane")).start();
    admin = controlPlane.adminClient();
    String token = controlPlane.bootstrapToken();
    for (String[] member : MEMBERS) {
      SimulatedCluster cluster = SimulatedCluster.start(SimulatedClusterConfig.builder(member[0]).region("eu-1")
          .zone(member[1]).nodes(2).podStartDelay(Duration.ofMillis(200)).build());
      clusters.add(cluster);
      agents.add(Agent.start(Fixtures.config(member[0], controlPlane.url(), token, temp.resolve("state-" + member[0]))
          .region("eu-1").zone(member[1]).build(), cluster.client()));
    }
  }

  @AfterAll
  static void stopFederation() {
    agents.forEach(Agent::close);
    clusters.forEach(SimulatedCluster::close);
    if (admin != null) {
      admin.close();
    }
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  private static <T> T load(String json, Class<T> type) {
    return Fixtures.SERIALIZATION.unmarshal(json.replace('\'', '"'), type);
  }

  private static Deployment memberDeployment(int index) {
    return clusters.get(index).client().apps().deployments().inNamespace("shop").withName("web").get();
  }

  @Test
  void deploymentServiceAndConfigMapAcrossTwoZones() {
    await().atMost(WAIT).untilAsserted(() -> assertThat(admin.resources(Cluster.class).list().getItems())
        .filteredOn(Cluster::isReady).hasSize(3));
    admin.namespaces().resource(load("{'metadata':{'name':'shop'}}", Namespace.class)).create();
    admin.configMaps().inNamespace("shop").resource(load("{'metadata':{'name':'web-config'},'data':{'mode':'eu'}}",
        ConfigMap.class)).create();
    admin.resources(PropagationPolicy.class).inNamespace("shop").resource(load("{'apiVersion':'flotilla.dev/v1alpha1',"
        + "'kind':'PropagationPolicy','metadata':{'name':'web'},'spec':{'resourceSelectors':["
        + "{'apiVersion':'apps/v1','kind':'Deployment','name':'web'},{'apiVersion':'v1','kind':'Service','name':'web'},"
        + "{'apiVersion':'v1','kind':'ConfigMap','name':'web-config'}],'placement':{'replicaScheduling':"
        + "{'replicaSchedulingType':'Divided','replicaDivisionPreference':'Weighted','weightPreference':"
        + "{'hierarchicalWeights':{'regions':[{'name':'eu-1','weight':1,'zones':[{'name':'eu-1a','weight':2},"
        + "{'name':'eu-1b','weight':1}]}]}}}}}}", PropagationPolicy.class)).create();
    admin.resources(OverridePolicy.class).inNamespace("shop").resource(load("{'apiVersion':'flotilla.dev/v1alpha1',"
        + "'kind':'OverridePolicy','metadata':{'name':'zone-a-mirror'},'spec':{'resourceSelectors':[{'apiVersion':"
        + "'apps/v1','kind':'Deployment'}],'overrideRules':[{'targetCluster':{'labelSelector':{'matchLabels':"
        + "{'topology.kubernetes.io/zone':'eu-1a'}}},'overriders':{'imageOverrider':[{'component':'Registry',"
        + "'operator':'replace','value':'mirror.eu-1a.example'}]}}]}}", OverridePolicy.class)).create();
    admin.services().inNamespace("shop").resource(load("{'metadata':{'name':'web'},'spec':{'selector':{'app':'web'},"
        + "'ports':[{'port':80}]}}", Service.class)).create();
    admin.apps().deployments().inNamespace("shop").resource(load("{'metadata':{'name':'web'},'spec':{'replicas':12,"
        + "'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{"
        + "'containers':[{'name':'web','image':'nginx:1.27','resources':{'requests':{'cpu':'100m'}}}],"
        + "'volumes':[{'name':'config','configMap':{'name':'web-config'}}]}}}}", Deployment.class)).create();

    await().atMost(WAIT).untilAsserted(() -> {
      assertReplicas(Map.of(0, 8, 1, 2, 2, 2));
      assertThat(memberDeployment(0).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo("mirror.eu-1a.example/nginx:1.27");
      for (int i = 1; i < 3; i++) {
        assertThat(memberDeployment(i).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
            .isEqualTo("nginx:1.27");
      }
      for (SimulatedCluster cluster : clusters) {
        ConfigMap config = cluster.client().configMaps().inNamespace("shop").withName("web-config").get();
        assertThat(config.getData()).containsExactly(Map.entry("mode", "eu"));
        Service service = cluster.client().services().inNamespace("shop").withName("web").get();
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        Deployment member = cluster.client().apps().deployments().inNamespace("shop").withName("web").get();
        assertThat(member.getMetadata().getLabels()).containsEntry("flotilla.dev/managed-by", "flotilla")
            .doesNotContainKey("flotilla.dev/propagation-policy-name");
        assertThat(member.getMetadata().getFinalizers()).doesNotContain("flotilla.dev/propagation");
      }
    });
    await().atMost(WAIT).untilAsserted(() -> {
      Deployment federated = admin.apps().deployments().inNamespace("shop").withName("web").get();
      // no status until the agents' first reports are aggregated
      assertThat(federated.getStatus()).isNotNull();
      assertThat(federated.getStatus().getReadyReplicas()).isEqualTo(12);
      assertThat(federated.getStatus().getReplicas()).isEqualTo(12);
    });

    admin.apps().deployments().inNamespace("shop").withName("web").scale(18);
    await().atMost(WAIT).untilAsserted(() -> {
      assertReplicas(Map.of(0, 12, 1, 3, 2, 3));
      assertThat(admin.apps().deployments().inNamespace("shop").withName("web").get().getStatus()
          .getReadyReplicas()).isEqualTo(18);
    });

    // The user narrows the policy: e2e-b2 is left out, its copy goes and zone eu-1b runs on e2e-b1 alone.
    admin.resources(PropagationPolicy.class).inNamespace("shop").withName("web").edit(policy -> {
      policy.getSpec().getPlacement().setClusterAffinity(load("{'exclude':['e2e-b2']}",
          dev.flotilla.api.v1alpha1.ClusterAffinity.class));
      return policy;
    });
    await().atMost(WAIT).untilAsserted(() -> {
      assertReplicas(Map.of(0, 12, 1, 6));
      assertThat(memberDeployment(2)).isNull();
    });

    admin.apps().deployments().inNamespace("shop").withName("web").delete();
    admin.services().inNamespace("shop").withName("web").delete();
    admin.configMaps().inNamespace("shop").withName("web-config").delete();
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(admin.apps().deployments().inNamespace("shop").withName("web").get()).isNull();
      for (SimulatedCluster cluster : clusters) {
        assertThat(cluster.client().apps().deployments().inNamespace("shop").list().getItems()).isEmpty();
        assertThat(cluster.client().services().inNamespace("shop").list().getItems()).isEmpty();
        assertThat(cluster.client().configMaps().inNamespace("shop").withName("web-config").get()).isNull();
      }
    });
  }

  private static void assertReplicas(Map<Integer, Integer> expected) {
    for (Map.Entry<Integer, Integer> entry : expected.entrySet()) {
      Deployment member = memberDeployment(entry.getKey());
      assertThat(member).as("Deployment in " + MEMBERS.get(entry.getKey())[0]).isNotNull();
      assertThat(member.getSpec().getReplicas()).as("replicas in " + MEMBERS.get(entry.getKey())[0])
          .isEqualTo(entry.getValue());
    }
  }
}
