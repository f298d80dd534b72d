package dev.flotilla.deploy.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.flotilla.deploy.DeployFiles;
import dev.flotilla.server.ServerCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every Kustomize folder renders with the real {@code kubectl kustomize}, every rendered object is valid against
 * its schema ({@link ManifestSchemas}), and the overlays say what the docs promise.
 */
class KustomizeTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Path kustomize;
  private static ManifestSchemas schemas;

  @BeforeAll
  static void schemas() throws IOException {
    kustomize = DeployFiles.root().resolve("kustomize");
    schemas = new ManifestSchemas(kustomize.resolve("crds"));
  }

  @Test
  void everyFolderRendersAndEveryObjectIsValid() throws IOException {
    Map<String, List<String>> problems = new TreeMap<>();
    for (String folder : List.of("control-plane/overlays/single-node", "control-plane/overlays/ha", "agent/base",
        "crds")) {
      List<JsonNode> objects = render(kustomize.resolve(folder));
      assertThat(objects).as(folder).isNotEmpty();
      for (JsonNode object : objects) {
        List<String> found = schemas.validate(object);
        if (!found.isEmpty()) {
          problems.put(folder + " " + object.path("kind").asText() + "/" + object.at("/metadata/name").asText(),
              found);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void singleNodeKeepsItsDataOnAVolumeClaim() {
    List<JsonNode> objects = render(kustomize.resolve("control-plane/overlays/single-node"));
    JsonNode statefulSet = only(objects, "StatefulSet");

    assertThat(statefulSet.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(statefulSet.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("data");
    assertThat(kinds(objects, "PodDisruptionBudget")).isEmpty();
    assertThat(args(statefulSet)).containsExactly("server", "--port=8080", "--host=0.0.0.0", "--dns-port=8053",
        "--data-dir=/var/lib/flotilla");
    assertThat(unknownServerOptions(args(statefulSet))).isEmpty();
    commonControlPlane(objects);
  }

  @Test
  void haRunsThreeReplicasOnPostgresqlWithPeersFoundByDns() {
    List<JsonNode> objects = render(kustomize.resolve("control-plane/overlays/ha"));
    JsonNode statefulSet = only(objects, "StatefulSet");

    assertThat(statefulSet.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(statefulSet.at("/spec/volumeClaimTemplates").isMissingNode()).isTrue();
    assertThat(args(statefulSet)).contains("--store-url=$(FLOTILLA_STORE_URL)", "--store-user=$(FLOTILLA_STORE_USER)",
        "--peer-dns=flotilla-peers.$(POD_NAMESPACE).svc.cluster.local", "--peer-port=5701", "--peer-bind=0.0.0.0");
    assertThat(unknownServerOptions(args(statefulSet))).isEmpty();
    Map<String, String> secretKeys = new TreeMap<>();
    for (JsonNode env : container(statefulSet).path("env")) {
      if (env.at("/valueFrom/secretKeyRef").isObject()) {
        assertThat(env.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("flotilla-store");
        secretKeys.put(env.path("name").asText(), env.at("/valueFrom/secretKeyRef/key").asText());
      }
    }
    assertThat(secretKeys).isEqualTo(Map.of("FLOTILLA_STORE_URL", "url", "FLOTILLA_STORE_USER", "user",
        "FLOTILLA_STORE_PASSWORD", "password"));
    JsonNode budget = only(objects, "PodDisruptionBudget");
    assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    assertThat(budget.at("/spec/selector/matchLabels")).isEqualTo(statefulSet.at("/spec/selector/matchLabels"));
    assertThat(statefulSet.at("/spec/template/spec/affinity/podAntiAffinity").isObject()).isTrue();
    commonControlPlane(objects);
  }

  @Test
  void agentBaseRunsTheAgentWithLeastPrivilege() {
    List<JsonNode> objects = render(kustomize.resolve("agent/base"));
    JsonNode deployment = only(objects, "Deployment");
    JsonNode container = container(deployment);

    assertThat(container.path("image").asText()).isEqualTo("flotilla-agent:" + DeployFiles.version());
    assertThat(args(deployment)).contains("--token-file=/etc/flotilla/bootstrap/token", "--health-port=8081");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
    // No kubeconfig: the agent uses the pod's ServiceAccount (fabric8's in-cluster configuration).
    assertThat(args(deployment)).noneMatch(arg -> arg.startsWith("--kubeconfig"));
    assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText()).isEqualTo("flotilla-agent");

    List<String> verbs = new ArrayList<>();
    for (JsonNode role : objects) {
      if (role.path("kind").asText().endsWith("Role")) {
        for (JsonNode rule : role.path("rules")) {
          assertThat(rule.path("resources").toString()).doesNotContain("*");
          assertThat(rule.path("verbs").toString()).doesNotContain("*", "escalate", "bind", "impersonate");
          rule.path("verbs").forEach(verb -> verbs.add(verb.asText()));
        }
      }
    }
    assertThat(verbs).doesNotContain("patch", "deletecollection");
    JsonNode state = named(objects, "Role", "flotilla-agent");
    assertThat(state.at("/metadata/namespace").asText()).isEqualTo("kube-system");

    // The agent token lives in a Secret of the member, created empty, that the agent may only get and update.
    assertThat(args(deployment)).contains("--state-secret=flotilla-system/flotilla-agent-state")
        .noneMatch(arg -> arg.startsWith("--state-dir"));
    JsonNode stateSecret = named(objects, "Secret", "flotilla-agent-state");
    assertThat(stateSecret.at("/metadata/namespace").asText()).isEqualTo("flotilla-system");
    assertThat(stateSecret.at("/metadata/labels/flotilla.dev~1agent-state").asText()).isEqualTo("true");
    assertThat(stateSecret.has("data") || stateSecret.has("stringData")).as("state Secret holds no data").isFalse();
    JsonNode stateRole = named(objects, "Role", "flotilla-agent-state");
    assertThat(stateRole.at("/metadata/namespace").asText()).isEqualTo("flotilla-system");
    assertThat(stateRole.path("rules")).hasSize(1);
    JsonNode rule = stateRole.path("rules").get(0);
    assertThat(rule.path("apiGroups").toString()).isEqualTo("[\"\"]");
    assertThat(rule.path("resources").toString()).isEqualTo("[\"secrets\"]");
    assertThat(rule.path("verbs").toString()).isEqualTo("[\"get\",\"update\"]");
    assertThat(rule.path("resourceNames").toString()).isEqualTo("[\"flotilla-agent-state\"]");
    JsonNode stateBinding = named(objects, "RoleBinding", "flotilla-agent-state");
    assertThat(stateBinding.at("/metadata/namespace").asText()).isEqualTo("flotilla-system");
    assertThat(stateBinding.at("/roleRef/kind").asText()).isEqualTo("Role");
    assertThat(stateBinding.at("/roleRef/name").asText()).isEqualTo("flotilla-agent-state");
    assertThat(stateBinding.at("/subjects/0/name").asText())
        .isEqualTo(deployment.at("/spec/template/spec/serviceAccountName").asText());
    // Nothing of the agent's identity is kept in the pod any more.
    assertThat(deployment.at("/spec/template/spec/volumes").findValuesAsText("name"))
        .containsExactly("bootstrap-token", "tmp");
  }

  @Test
  void theDocumentedAgentOverlayRenders(@TempDir Path temp) throws IOException {
    Files.writeString(temp.resolve("token"), "abcdef.0123456789abcdef");
    Files.writeString(temp.resolve("kustomization.yaml"), """
        resources: [%s]
        images:
        - {name: flotilla-agent, newName: registry.example.com/flotilla-agent}
        secretGenerator:
        - {name: flotilla-agent-bootstrap, namespace: flotilla-system, behavior: replace, files: [token]}
        patches:
        - target: {kind: Deployment, name: flotilla-agent}
          patch: |-
            - {op: replace, path: /spec/template/spec/containers/0/args/0, value: --control-plane=https://cp.example.com}
            - {op: replace, path: /spec/template/spec/containers/0/args/1, value: --cluster-name=eu-1a}
            - {op: add, path: /spec/template/spec/containers/0/args/-, value: --zone=eu-1a}
        """.formatted(temp.toRealPath().relativize(kustomize.resolve("agent/base").toRealPath())));
    List<JsonNode> objects = render(temp);
    JsonNode deployment = only(objects, "Deployment");
    JsonNode secret = named(objects, "Secret", "flotilla-agent-bootstrap");

    assertThat(container(deployment).path("image").asText())
        .isEqualTo("registry.example.com/flotilla-agent:" + DeployFiles.version());
    assertThat(args(deployment)).contains("--control-plane=https://cp.example.com", "--cluster-name=eu-1a",
        "--zone=eu-1a");
    assertThat(secret.at("/data/token").asText()).isEqualTo("YWJjZGVmLjAxMjM0NTY3ODlhYmNkZWY=");
    assertThat(deployment.at("/spec/template/spec/volumes/0/secret/secretName").asText())
        .isEqualTo(secret.at("/metadata/name").asText());
    assertThat(named(objects, "Secret", "flotilla-agent-state").has("data"))
        .as("the overlay leaves the state Secret empty").isFalse();
    for (JsonNode object : objects) {
      assertThat(schemas.validate(object)).isEmpty();
    }
  }

  @Test
  void schemasCatchMistakes() throws IOException {
    JsonNode typo = YAML.readTree("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicaz: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx, ports: [{containerPort: http}]}]
        """);
    assertThat(String.join("\n", schemas.validate(typo))).contains("replicaz").contains("containerPort");

    JsonNode quantities = YAML.readTree("""
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: c, image: i, resources: {limits: {cpu: 2, memory: 1Gi}}}]
        """);
    assertThat(schemas.validate(quantities)).isEmpty();

    JsonNode badCluster = YAML.readTree("""
        apiVersion: flotilla.dev/v1alpha1
        kind: Cluster
        metadata: {name: eu-1a}
        spec: {unknownField: 1}
        """);
    assertThat(schemas.customKinds()).contains("flotilla.dev/v1alpha1/Cluster", "flotilla.dev/v1alpha1/Work");
    assertThat(String.join("\n", schemas.validate(badCluster))).contains("unknownField");

    JsonNode unknownKind = YAML.readTree("{apiVersion: example.com/v1, kind: Widget, metadata: {name: w}}");
    assertThat(schemas.validate(unknownKind)).singleElement().asString().contains("no schema for");
  }

  private static void commonControlPlane(List<JsonNode> objects) {
    JsonNode statefulSet = only(objects, "StatefulSet");
    JsonNode container = container(statefulSet);
    assertThat(container.path("image").asText()).isEqualTo("flotilla-server:" + DeployFiles.version());
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(container.at("/resources/requests").size()).isEqualTo(2);
    assertThat(container.at("/resources/limits").size()).isEqualTo(2);
    Map<String, String> ports = new TreeMap<>();
    container.path("ports").forEach(port -> ports.put(port.path("name").asText(),
        port.path("containerPort").asInt() + "/" + port.path("protocol").asText()));
    assertThat(ports).containsEntry("http", "8080/TCP").containsEntry("dns-udp", "8053/UDP")
        .containsEntry("dns-tcp", "8053/TCP").containsEntry("peer", "5701/TCP");

    Map<String, JsonNode> services = kinds(objects, "Service").stream()
        .collect(Collectors.toMap(s -> s.at("/metadata/name").asText(), s -> s));
    assertThat(services).containsOnlyKeys("flotilla-api", "flotilla-dns", "flotilla-peers");
    assertThat(services.get("flotilla-api").at("/spec/ports/0/port").asInt()).isEqualTo(8080);
    assertThat(services.get("flotilla-dns").at("/spec/ports").findValuesAsText("protocol"))
        .containsExactlyInAnyOrder("UDP", "TCP");
    assertThat(services.get("flotilla-peers").at("/spec/clusterIP").asText()).isEqualTo("None");
    assertThat(statefulSet.at("/spec/serviceName").asText()).isEqualTo("flotilla-peers");
    for (JsonNode service : services.values()) {
      assertThat(service.at("/spec/selector")).isEqualTo(statefulSet.at("/spec/selector/matchLabels"));
    }
    assertThat(kinds(objects, "CustomResourceDefinition")).as("the control plane serves its own kinds").isEmpty();
    assertThat(objects).allMatch(o -> o.path("kind").asText().equals("Namespace")
        || o.at("/metadata/namespace").asText().equals("flotilla-system"));
  }

  /** The options among the args (after the "server" subcommand) that ServerCommand does not declare. */
  private static List<String> unknownServerOptions(List<String> args) {
    assertThat(args.get(0)).isEqualTo("server");
    CommandLine.Model.CommandSpec spec = new CommandLine(new ServerCommand()).getCommandSpec();
    List<String> unknown = new ArrayList<>();
    for (String arg : args.subList(1, args.size())) {
      String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (spec.findOption(option) == null) {
        unknown.add(option);
      }
    }
    return unknown;
  }

  private static List<JsonNode> render(Path folder) {
    String yaml = Kubectl.kustomize(folder);
    try {
      List<JsonNode> objects = new ArrayList<>();
      for (JsonNode node : YAML.readValues(YAML.getFactory().createParser(yaml), JsonNode.class).readAll()) {
        if (node != null && !node.isNull() && !node.isEmpty()) {
          objects.add(node);
        }
      }
      return objects;
    } catch (IOException e) {
      throw new IllegalStateException("kubectl kustomize " + folder + " printed what is not YAML", e);
    }
  }

  private static List<JsonNode> kinds(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  private static JsonNode only(List<JsonNode> objects, String kind) {
    List<JsonNode> found = kinds(objects, kind);
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  private static JsonNode named(List<JsonNode> objects, String kind, String name) {
    List<JsonNode> found = kinds(objects, kind).stream()
        .filter(o -> o.at("/metadata/name").asText().equals(name)).toList();
    assertThat(found).as(kind + " " + name).hasSize(1);
    return found.get(0);
  }

  private static JsonNode container(JsonNode workload) {
    return workload.at("/spec/template/spec/containers/0");
  }

  private static List<String> args(JsonNode workload) {
    List<String> args = new ArrayList<>();
    container(workload).path("args").forEach(arg -> args.add(arg.asText()));
    return args;
  }
}
