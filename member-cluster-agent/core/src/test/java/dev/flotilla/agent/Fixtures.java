package dev.flotilla.agent;

import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Work;
import dev.flotilla.api.v1alpha1.WorkSpec;
import dev.flotilla.api.v1alpha1.WorkloadTemplate;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Builders of Works and agent configurations shared by the tests. */
final class Fixtures {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Fixtures() {
  }

  /** Fast settings for tests: 2 s timeout, 2 retries from 100 ms, breaker 4 calls / 50 % / 1 s. */
  static FaultToleranceSettings fastFaultTolerance() {
    return new FaultToleranceSettings(Duration.ofSeconds(2), 2, Duration.ofMillis(100), Duration.ofMillis(400),
        Duration.ofMillis(50), 4, 0.5, Duration.ofSeconds(1), 1);
  }

  static AgentConfig.Builder config(String cluster, URI controlPlane, String token, Path stateDir) {
    return AgentConfig.builder(cluster, controlPlane)
        .bootstrapToken(token)
        .stateDir(stateDir)
        .region("eu-west")
        .zone("eu-west-a")
        .heartbeatInterval(Duration.ofMillis(500))
        .leaseDuration(Duration.ofSeconds(10))
        .workResyncInterval(Duration.ofSeconds(3))
        .statusResyncInterval(Duration.ofSeconds(1))
        .memberRequestTimeout(Duration.ofSeconds(5))
        .faultTolerance(fastFaultTolerance());
  }

  /** A manifest from JSON (single quotes allowed for readability). */
  static GenericKubernetesResource manifest(String json) {
    return SERIALIZATION.unmarshal(json.replace('\'', '"'), GenericKubernetesResource.class);
  }

  static GenericKubernetesResource configMap(String namespace, String name, String value) {
    return manifest("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'" + name + "','namespace':'"
        + namespace + "'},'data':{'value':'" + value + "'}}");
  }

  static GenericKubernetesResource deployment(String namespace, String name, int replicas, String cpu) {
    return manifest("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'" + name + "','namespace':'"
        + namespace + "','labels':{'app':'" + name + "'}},'spec':{'replicas':" + replicas
        + ",'selector':{'matchLabels':{'app':'" + name + "'}},'template':{'metadata':{'labels':{'app':'" + name
        + "'}},'spec':{'containers':[{'name':'web','image':'nginx:1.27','resources':{'requests':{'cpu':'" + cpu
        + "','memory':'64Mi'}}}]}}}}");
  }

  static GenericKubernetesResource service(String namespace, String name) {
    return manifest("{'apiVersion':'v1','kind':'Service','metadata':{'name':'" + name + "','namespace':'"
        + namespace + "'},'spec':{'selector':{'app':'" + name + "'},'ports':[{'port':80}]}}");
  }

  static Work work(String cluster, String name, GenericKubernetesResource... manifests) {
    Work work = new Work();
    work.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(FlotillaApi.executionNamespace(cluster))
        .addToLabels(FlotillaApi.LABEL_CLUSTER, cluster).build());
    WorkSpec spec = new WorkSpec();
    WorkloadTemplate template = new WorkloadTemplate();
    template.setManifests(Arrays.asList(manifests));
    spec.setWorkload(template);
    work.setSpec(spec);
    return work;
  }

  static List<GenericKubernetesResource> list(GenericKubernetesResource... manifests) {
    return Arrays.asList(manifests);
  }
}
