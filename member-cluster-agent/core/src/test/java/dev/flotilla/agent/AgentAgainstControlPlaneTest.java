package dev.flotilla.agent;

import static dev.flotilla.agent.Fixtures.configMap;
import static dev.flotilla.agent.Fixtures.deployment;
import static dev.flotilla.agent.Fixtures.service;
import static dev.flotilla.agent.Fixtures.work;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.Conditions;
import dev.flotilla.api.v1alpha1.ManifestStatus;
import dev.flotilla.api.v1alpha1.Work;
import dev.flotilla.simulator.SimulatedCluster;
import dev.flotilla.simulator.SimulatedClusterConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against the real control plane (the packaged server as a separate process) and fabric8's mock API server
 * in CRUD mode as the member: registration, heartbeat, Works applied and reported, updates, deletions, orphans, and
 * the clear errors (wrong token, a name taken by another member, a manifest the member rejects). One test uses the
 * simulated member cluster instead, whose controllers change status on their own: reported by watch alone.
 */
class AgentAgainstControlPlaneTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final StateSecret STATE = new StateSecret("flotilla-system", "flotilla-agent-state");

  @TempDir
  static Path temp;
  static ControlPlaneProcess controlPlane;
  static KubernetesClient admin;
  static String bootstrapToken;

  @BeforeAll
  static void startControlPlane() throws Exception {
    controlPlane = new ControlPlaneProcess(temp.resolve("control-plane")).start();
    admin = controlPlane.adminClient();
    bootstrapToken = controlPlane.bootstrapToken();
  }

  @AfterAll
  static void stopControlPlane() {
    if (admin != null) {
      admin.close();
    }
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  private Agent start(String cluster, MockMember member, String token) {
    return Agent.start(Fixtures.config(cluster, controlPlane.url(), token, temp.resolve("state-" + cluster)).build(),
        member.client);
  }

  private Work adminWork(String cluster, String name) {
    return admin.resources(Work.class).inNamespace(FlotillaApi.executionNamespace(cluster)).withName(name).get();
  }

  /** The Work with its status; an assertion error (so Awaitility waits) while the agent has not reported. */
  private Work reported(String cluster, String name) {
    Work work = adminWork(cluster, name);
    assertThat(work).isNotNull();
    assertThat(work.getStatus()).as("status of Work " + name).isNotNull();
    return work;
  }

  @Test
  void registersAndReportsHeartbeatCapacityAndLease() {
    try (MockMember member = new MockMember()) {
      member.addNode("node-1", "4", "8Gi", 110, "eu-west", "eu-west-a");
      member.addNode("node-2", "2", "4Gi", 110, "eu-west", "eu-west-a");
      try (Agent agent = start("hb", member, bootstrapToken)) {
        await().atMost(WAIT).until(() -> agent.status().ready());
        await().atMost(WAIT).untilAsserted(() -> {
          Cluster cluster = admin.resources(Cluster.class).withName("hb").get();
          assertThat(cluster.getSpec().getId()).isEqualTo(agent.status().memberId());
          assertThat(cluster.getSpec().getSyncMode()).isEqualTo("Pull");
          assertThat(cluster.getRegion()).isEqualTo("eu-west");
          assertThat(cluster.getZone()).isEqualTo("eu-west-a");
          assertThat(cluster.isReady()).isTrue();
          assertThat(cluster.getStatus().getKubernetesVersion()).isEqualTo("v1.33.1");
          assertThat(cluster.getStatus().getNodeSummary().getTotalNum()).isEqualTo(2);
          assertThat(cluster.getStatus().getNodeSummary().getReadyNum()).isEqualTo(2);
          assertThat(cluster.getStatus().getResourceSummary().getAllocatable().get("cpu").toString()).isEqualTo("6");
          assertThat(cluster.getStatus().getReplicaEstimates()).isNotEmpty();
          // default request {cpu: 100m, memory: 128Mi}: 40 + 20 replicas fit node by node
          assertThat(cluster.getStatus().getReplicaEstimates().get(0).getAvailableReplicas()).isEqualTo(60L);
        });
        String firstBeat = admin.resources(Cluster.class).withName("hb").get().getStatus().getLastHeartbeatTime();
        await().atMost(WAIT).until(() -> !firstBeat.equals(
            admin.resources(Cluster.class).withName("hb").get().getStatus().getLastHeartbeatTime()));
        Lease lease = admin.leases().inNamespace("flotilla-es-hb").withName("hb").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("hb/" + agent.status().memberId());
        assertThat(lease.getSpec().getRenewTime()).isNotNull();
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(10);
        ConfigMap identity = member.client.configMaps().inNamespace("kube-system").withName("flotilla-member-id")
            .get();
        assertThat(identity.getData().get("id")).isEqualTo(agent.status().memberId());
        assertThat(temp.resolve("state-hb").resolve(FileTokenStore.TOKEN_FILE)).exists();
      }
    }
  }

  @Test
  void appliesUpdatesDeletesAndReportsWorks() {
    try (MockMember member = new MockMember()) {
      member.addNode("node-1", "4", "8Gi", 110, "eu-west", "eu-west-a");
      try (Agent agent = start("apply", member, bootstrapToken)) {
        await().atMost(WAIT).until(() -> agent.status().ready());
        admin.resources(Work.class).resource(work("apply", "shop-web", configMap("shop", "settings", "one"),
            deployment("shop", "web", 2, "250m"))).create();

        await().atMost(WAIT).untilAsserted(() -> {
          assertThat(member.client.namespaces().withName("shop").get()).isNotNull();
          ConfigMap settings = member.client.configMaps().inNamespace("shop").withName("settings").get();
          assertThat(settings.getData()).containsEntry("value", "one");
          assertThat(settings.getMetadata().getLabels()).containsEntry(FlotillaApi.LABEL_MANAGED_BY, "flotilla")
              .containsEntry(FlotillaApi.LABEL_WORK_NAMESPACE, "flotilla-es-apply")
              .containsEntry(FlotillaApi.LABEL_WORK_NAME, "shop-web")
              .containsEntry(FlotillaApi.LABEL_CLUSTER, "apply");
          assertThat(member.client.apps().deployments().inNamespace("shop").withName("web").get()).isNotNull();
          Work work = reported("apply", "shop-web");
          assertThat(Conditions.isTrue(work.getStatus().getConditions(), Conditions.APPLIED)).isTrue();
          assertThat(work.getStatus().getManifestStatuses()).extracting(m -> m.getIdentifier().getKind())
              .containsExactly("ConfigMap", "Deployment");
          ManifestStatus web = work.getStatus().getManifestStatuses().get(1);
          assertThat(web.getIdentifier().getGroup()).isEqualTo("apps");
          assertThat(web.getIdentifier().getNamespace()).isEqualTo("shop");
          assertThat(web.getHealth()).isEqualTo("Unknown"); // the bare mock has no controllers: no status yet
        });

        // Member-side status changes are re-reported.
        Deployment web = member.client.apps().deployments().inNamespace("shop").withName("web").get();
        web.setStatus(new DeploymentStatusBuilder().withReplicas(2).withReadyReplicas(2).withAvailableReplicas(2)
            .build());
        member.client.apps().deployments().inNamespace("shop").resource(web).updateStatus();
        await().atMost(WAIT).untilAsserted(() -> {
          ManifestStatus reported = reported("apply", "shop-web").getStatus().getManifestStatuses().get(1);
          assertThat(reported.getHealth()).isEqualTo("Healthy");
          assertThat(reported.getStatus().path("readyReplicas").asInt()).isEqualTo(2);
        });

        // Update: change the ConfigMap, drop the Deployment, add a Service.
        Work current = adminWork("apply", "shop-web");
        current.getSpec().getWorkload().setManifests(List.of(configMap("shop", "settings", "two"),
            service("shop", "web")));
        current.setStatus(null);
        admin.resources(Work.class).resource(current).update();
        await().atMost(WAIT).untilAsserted(() -> {
          assertThat(member.client.configMaps().inNamespace("shop").withName("settings").get().getData())
              .containsEntry("value", "two");
          assertThat(member.client.apps().deployments().inNamespace("shop").withName("web").get()).isNull();
          assertThat(member.client.services().inNamespace("shop").withName("web").get()).isNotNull();
          Work work = reported("apply", "shop-web");
          assertThat(work.getStatus().getManifestStatuses()).extracting(m -> m.getIdentifier().getKind())
              .containsExactly("ConfigMap", "Service");
          // a Service with a selector and no ready endpoint is not healthy; the count is reported
          assertThat(work.getStatus().getManifestStatuses().get(1).getHealth()).isEqualTo("Unhealthy");
          assertThat(work.getStatus().getManifestStatuses().get(1).getStatus().path("readyEndpoints").asInt())
              .isZero();
        });

        // Delete: everything applied goes, the namespace the agent created stays.
        admin.resources(Work.class).inNamespace("flotilla-es-apply").withName("shop-web").delete();
        await().atMost(WAIT).untilAsserted(() -> {
          assertThat(member.client.configMaps().inNamespace("shop").withName("settings").get()).isNull();
          assertThat(member.client.services().inNamespace("shop").withName("web").get()).isNull();
        });
        assertThat(member.client.namespaces().withName("shop").get()).isNotNull();
      }
    }
  }

  /** The manifest status of a Work's manifest; an assertion error (so Awaitility waits) until reported. */
  private ManifestStatus manifest(String cluster, String work, int ordinal) {
    List<ManifestStatus> statuses = reported(cluster, work).getStatus().getManifestStatuses();
    assertThat(statuses).hasSizeGreaterThan(ordinal);
    return statuses.get(ordinal);
  }

  private static void assertReady(ManifestStatus deployment, int replicas) {
    assertThat(deployment.getStatus()).as("reported status").isNotNull();
    assertThat(deployment.getStatus().path("replicas").asInt(-1)).isEqualTo(replicas);
    assertThat(deployment.getStatus().path("readyReplicas").asInt(0)).isEqualTo(replicas);
    assertThat(deployment.getHealth()).isEqualTo("Healthy");
  }

  private static void setUnschedulable(SimulatedCluster cluster, boolean cordoned) {
    for (String node : cluster.nodeNames()) {
      cluster.client().nodes().withName(node).edit(n -> {
        n.getSpec().setUnschedulable(cordoned);
        return n;
      });
    }
  }

  /**
   * With both periodic resyncs out of the way (10 min), only the member-side watches can report what the simulated
   * member's controllers do after the agent applied a Work: Pods starting (300 ms), a scale-down, a Pod lost while
   * no node takes a replacement, the recovery, the Service's endpoints following each, and an object deleted in the
   * member being applied again.
   */
  @Test
  void reportsMemberSideStatusChangesByWatchAlone() {
    try (SimulatedCluster cluster = SimulatedCluster.start(SimulatedClusterConfig.builder("watched")
        .region("eu-west").zone("eu-west-a").nodes(2).podStartDelay(Duration.ofMillis(300)).build());
         Agent agent = Agent.start(Fixtures.config("watched", controlPlane.url(), bootstrapToken,
             temp.resolve("state-watched")).statusResyncInterval(Duration.ofMinutes(10))
             .workResyncInterval(Duration.ofMinutes(10)).build(), cluster.client())) {
      await().atMost(WAIT).until(() -> agent.status().ready());
      // The Service first: reported without endpoints, before any Pod exists.
      admin.resources(Work.class).resource(work("watched", "web-svc", service("shop", "web"))).create();
      await().atMost(WAIT).untilAsserted(() -> {
        ManifestStatus svc = manifest("watched", "web-svc", 0);
        assertThat(svc.getHealth()).isEqualTo("Unhealthy");
        assertThat(svc.getStatus().path("readyEndpoints").asInt(-1)).isZero();
      });
      admin.resources(Work.class).resource(work("watched", "web", configMap("shop", "settings", "v1"),
          deployment("shop", "web", 4, "100m"))).create();
      await().atMost(WAIT).untilAsserted(() -> {
        assertReady(manifest("watched", "web", 1), 4);
        assertThat(manifest("watched", "web-svc", 0).getStatus().path("readyEndpoints").asInt()).isEqualTo(4);
        assertThat(manifest("watched", "web-svc", 0).getHealth()).isEqualTo("Healthy");
      });
      assertThat(agent.watchedMemberKinds()).contains("deployments.apps", "services", "configmaps",
          MemberWatches.SERVICE_ENDPOINTS);
      assertThat(agent.memberChanges()).isPositive();

      // A new Work scales it down: reported once the member's controllers have caught up.
      Work current = adminWork("watched", "web");
      current.getSpec().getWorkload().setManifests(List.of(configMap("shop", "settings", "v1"),
          deployment("shop", "web", 2, "100m")));
      current.setStatus(null);
      admin.resources(Work.class).resource(current).update();
      await().atMost(WAIT).untilAsserted(() -> {
        assertReady(manifest("watched", "web", 1), 2);
        assertThat(manifest("watched", "web-svc", 0).getStatus().path("readyEndpoints").asInt()).isEqualTo(2);
      });

      // A Pod is lost while no node takes a replacement: readiness drops in the member and on the Work.
      setUnschedulable(cluster, true);
      Pod lost = cluster.client().pods().inNamespace("shop").withLabel("app", "web").list().getItems().get(0);
      cluster.client().pods().inNamespace("shop").resource(lost).delete();
      await().atMost(WAIT).untilAsserted(() -> {
        ManifestStatus web = manifest("watched", "web", 1);
        assertThat(web.getStatus().path("readyReplicas").asInt(0)).isEqualTo(1);
        assertThat(web.getHealth()).isEqualTo("Unhealthy");
        assertThat(manifest("watched", "web-svc", 0).getStatus().path("readyEndpoints").asInt()).isEqualTo(1);
      });
      setUnschedulable(cluster, false);
      await().atMost(WAIT).untilAsserted(() -> {
        assertReady(manifest("watched", "web", 1), 2);
        assertThat(manifest("watched", "web-svc", 0).getStatus().path("readyEndpoints").asInt()).isEqualTo(2);
      });

      // Deleted in the member by someone: applied again.
      cluster.client().configMaps().inNamespace("shop").withName("settings").delete();
      await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.client().configMaps().inNamespace("shop")
          .withName("settings").get()).isNotNull());
    }
  }

  @Test
  void cleansUpOrphansAfterARestartAndLeavesEverythingElseAlone() {
    try (MockMember member = new MockMember()) {
      member.addNode("node-1", "4", "8Gi", 110, "eu-west", "eu-west-a");
      try (Agent agent = start("orphans", member, bootstrapToken)) {
        await().atMost(WAIT).until(() -> agent.status().ready());
        admin.resources(Work.class).resource(work("orphans", "keep", configMap("app", "keep", "1"))).create();
        admin.resources(Work.class).resource(work("orphans", "gone", configMap("app", "gone", "1"))).create();
        await().atMost(WAIT).untilAsserted(() -> {
          assertThat(member.client.configMaps().inNamespace("app").withName("keep").get()).isNotNull();
          assertThat(member.client.configMaps().inNamespace("app").withName("gone").get()).isNotNull();
        });
      }
      // While the agent is down: its Work is deleted, and other things appear in the member.
      admin.resources(Work.class).inNamespace("flotilla-es-orphans").withName("gone").delete();
      member.client.configMaps().inNamespace("app").resource(new ConfigMapBuilder().withNewMetadata()
          .withName("users-own").endMetadata().addToData("x", "y").build()).create();
      member.client.configMaps().inNamespace("app").resource(new ConfigMapBuilder().withNewMetadata()
          .withName("other-agents").addToLabels(FlotillaApi.LABEL_MANAGED_BY, "flotilla")
          .addToLabels(FlotillaApi.LABEL_WORK_NAMESPACE, "flotilla-es-someone-else")
          .addToLabels(FlotillaApi.LABEL_WORK_NAME, "gone").endMetadata().build()).create();

      try (Agent agent = start("orphans", member, null)) { // the saved agent token is enough
        await().atMost(WAIT).untilAsserted(() -> {
          assertThat(member.client.configMaps().inNamespace("app").withName("gone").get()).isNull();
          assertThat(agent.status().heartbeats()).isPositive();
        });
        assertThat(member.client.configMaps().inNamespace("app").withName("keep").get()).isNotNull();
        assertThat(member.client.configMaps().inNamespace("app").withName("users-own").get()).isNotNull();
        assertThat(member.client.configMaps().inNamespace("app").withName("other-agents").get()).isNotNull();
        assertThat(member.client.configMaps().inNamespace("app").list().getItems())
            .extracting(c -> c.getMetadata().getName())
            .containsExactlyInAnyOrder("keep", "users-own", "other-agents");
      }
    }
  }

  @Test
  void reportsManifestsTheMemberRejectsOrThatBelongToSomeoneElse() {
    try (MockMember member = new MockMember()) {
      member.addNode("node-1", "4", "8Gi", 110, "eu-west", "eu-west-a");
      // The member refuses this ConfigMap as a real API server refuses an invalid object.
      member.server.expect().post().withPath("/api/v1/namespaces/app/configmaps")
          .andReturn(422, new StatusBuilder().withStatus("Failure").withCode(422).withReason("Invalid")
              .withMessage("ConfigMap \"bad\" is invalid: data[bad key]: Invalid value").build())
          .always();
      member.client.services().inNamespace("taken").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
          .withNewMetadata().withName("web").endMetadata().build()).create();
      try (Agent agent = start("rejects", member, bootstrapToken)) {
        await().atMost(WAIT).until(() -> agent.status().ready());
        admin.resources(Work.class).resource(work("rejects", "bad", configMap("app", "bad", "x"))).create();
        admin.resources(Work.class).resource(work("rejects", "taken", service("taken", "web"))).create();
        await().atMost(WAIT).untilAsserted(() -> {
          var bad = Conditions.find(reported("rejects", "bad").getStatus().getConditions(), Conditions.APPLIED)
              .orElseThrow();
          assertThat(bad.getStatus()).isEqualTo("False");
          assertThat(bad.getReason()).isEqualTo("AppliedFailed");
          assertThat(bad.getMessage()).contains("ConfigMap app/bad was rejected by the member")
              .contains("422").contains("data[bad key]: Invalid value");
          var taken = Conditions.find(reported("rejects", "taken").getStatus().getConditions(),
              Conditions.APPLIED).orElseThrow();
          assertThat(taken.getStatus()).isEqualTo("False");
          assertThat(taken.getMessage()).contains("Service taken/web already exists in the member and was not "
              + "created by Flotilla");
        });
        // The foreign Service is untouched, and the agent keeps working.
        assertThat(member.client.services().inNamespace("taken").withName("web").get().getMetadata().getLabels())
            .isNullOrEmpty();
        assertThat(agent.status().lastError()).isNull();
      }
    }
  }

  @Test
  void wrongBootstrapTokenAndATakenNameAreClearErrorsNotCrashes() {
    try (MockMember first = new MockMember(); MockMember second = new MockMember()) {
      first.addNode("node-1", "1", "1Gi", 10, "eu-west", "eu-west-a");
      second.addNode("node-1", "1", "1Gi", 10, "eu-west", "eu-west-a");
      try (Agent wrong = start("wrong-token", first, "abcdef.0123456789abcdef")) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(wrong.status().lastError())
            .contains("the bootstrap token was refused").contains("401"));
        assertThat(wrong.status().registered()).isFalse();
      }
      try (Agent owner = start("taken", first, bootstrapToken)) {
        await().atMost(WAIT).until(() -> owner.status().ready());
      }
      try (Agent impostor = Agent.start(Fixtures.config("taken", controlPlane.url(), bootstrapToken,
          temp.resolve("state-impostor")).build(), second.client)) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(impostor.status().lastError())
            .contains("belongs to another member cluster").contains("409"));
        assertThat(impostor.status().registered()).isFalse();
      }
    }
  }

  @Test
  void aRefusedAgentTokenLeadsToANewRegistration() throws Exception {
    try (MockMember member = new MockMember()) {
      member.addNode("node-1", "1", "1Gi", 10, "eu-west", "eu-west-a");
      Path state = temp.resolve("state-revoked");
      try (Agent agent = start("revoked", member, bootstrapToken)) {
        await().atMost(WAIT).until(() -> agent.status().ready());
      }
      Path tokenFile = state.resolve(FileTokenStore.TOKEN_FILE);
      String issued = Files.readString(tokenFile).trim();
      // A token the control plane does not know (as after a revocation).
      Files.writeString(tokenFile, "flotilla-agent.revoked." + "0".repeat(64) + "\n");
      try (Agent agent = start("revoked", member, bootstrapToken)) {
        await().atMost(WAIT).until(() -> agent.status().ready());
        String reissued = Files.readString(tokenFile).trim();
        assertThat(reissued).startsWith("flotilla-agent.revoked.").isNotEqualTo(issued);
        // The same member came back: same Cluster, same id.
        assertThat(admin.resources(Cluster.class).withName("revoked").get().getSpec().getId())
            .isEqualTo(agent.status().memberId());
      }
    }
  }

  /** A state Secret as the agent's manifests create it: empty, labelled as an agent's state. */
  private static void createStateSecret(MockMember member, String token) {
    SecretBuilder secret = new SecretBuilder().withNewMetadata().withNamespace(STATE.namespace())
        .withName(STATE.name()).addToLabels(StateSecret.STATE_LABEL, "true").endMetadata().withType("Opaque");
    if (token != null) {
      secret.addToData(StateSecret.TOKEN_KEY, base64(token));
    }
    member.client.secrets().inNamespace(STATE.namespace()).resource(secret.build()).create();
  }

  private static Secret stateSecret(MockMember member) {
    return member.client.secrets().inNamespace(STATE.namespace()).withName(STATE.name()).get();
  }

  private static String savedToken(MockMember member) {
    return new String(Base64.getDecoder().decode(stateSecret(member).getData().get(StateSecret.TOKEN_KEY)),
        StandardCharsets.UTF_8);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A bootstrap token of its own on the control plane (kubeadm's format), so a test may revoke it. */
  private static String newBootstrapToken(String id) {
    String secret = "0123456789abcdef";
    admin.secrets().inNamespace("flotilla-system").resource(new SecretBuilder().withNewMetadata()
        .withName("bootstrap-token-" + id).endMetadata().withType("bootstrap.kubernetes.io/token")
        .addToData("token-id", base64(id)).addToData("token-secret", base64(secret))
        .addToData("usage-bootstrap-authentication", base64("true"))
        .addToData("expiration", base64(Instant.now().plus(Duration.ofHours(1)).toString())).build()).create();
    return id + "." + secret;
  }

  private Agent startWithStateSecret(String cluster, MockMember member, String token, String stateDir) {
    return Agent.start(Fixtures.config(cluster, controlPlane.url(), token, temp.resolve(stateDir))
        .stateSecret(STATE).build(), member.client);
  }

  @Test
  void anAgentInANewPodCarriesOnWithTheTokenInTheStateSecretWithoutRegisteringAgain() {
    try (MockMember member = new MockMember()) {
      member.addNode("node-1", "2", "4Gi", 110, "eu-west", "eu-west-a");
      createStateSecret(member, null);
      String bootstrap = newBootstrapToken("moved1");
      String memberId;
      String issued;
      try (Agent first = startWithStateSecret("moved", member, bootstrap, "state-moved-pod-1")) {
        await().atMost(WAIT).until(() -> first.status().ready());
        assertThat(first.registrations()).isEqualTo(1);
        memberId = first.status().memberId();
        issued = savedToken(member);
        assertThat(issued).startsWith("flotilla-agent.moved.");
        assertThat(stateSecret(member).getMetadata().getLabels()).containsEntry(StateSecret.STATE_LABEL, "true");
        assertThat(temp.resolve("state-moved-pod-1").resolve(FileTokenStore.TOKEN_FILE)).doesNotExist();
      }
      // The pod moves: its folders are gone, and the bootstrap token has since been revoked (or expired).
      admin.secrets().inNamespace("flotilla-system").withName("bootstrap-token-moved1").delete();
      await().atMost(WAIT).until(() -> admin.secrets().inNamespace("flotilla-system")
          .withName("bootstrap-token-moved1").get() == null);
      String firstBeat = admin.resources(Cluster.class).withName("moved").get().getStatus().getLastHeartbeatTime();
      try (Agent second = startWithStateSecret("moved", member, bootstrap, "state-moved-pod-2")) {
        await().atMost(WAIT).until(() -> second.status().ready());
        await().atMost(WAIT).until(() -> !firstBeat.equals(
            admin.resources(Cluster.class).withName("moved").get().getStatus().getLastHeartbeatTime()));
        assertThat(second.registrations()).as("registrations of the agent in the new pod").isZero();
        assertThat(second.status().memberId()).isEqualTo(memberId);
        assertThat(savedToken(member)).isEqualTo(issued);
        assertThat(admin.resources(Cluster.class).withName("moved").get().getSpec().getId()).isEqualTo(memberId);
      }
    }
  }

  @Test
  void aRefusedTokenInTheStateSecretLeadsToANewRegistrationThatOverwritesIt() {
    try (MockMember member = new MockMember()) {
      member.addNode("node-1", "2", "4Gi", 110, "eu-west", "eu-west-a");
      // A token the control plane does not know (as after a revocation), kept by an earlier pod.
      String refused = "flotilla-agent.stale." + "0".repeat(48);
      createStateSecret(member, refused);
      String before = stateSecret(member).getMetadata().getResourceVersion();
      try (Agent agent = startWithStateSecret("stale", member, bootstrapToken, "state-stale")) {
        await().atMost(WAIT).until(() -> agent.status().ready());
        assertThat(agent.registrations()).isEqualTo(1);
        String saved = savedToken(member);
        assertThat(saved).startsWith("flotilla-agent.stale.").isNotEqualTo(refused);
        assertThat(stateSecret(member).getMetadata().getResourceVersion()).isNotEqualTo(before);
        assertThat(stateSecret(member).getMetadata().getLabels()).containsEntry(StateSecret.STATE_LABEL, "true");
        assertThat(admin.resources(Cluster.class).withName("stale").get().getSpec().getId())
            .isEqualTo(agent.status().memberId());
      }
    }
  }

  @Test
  void aMissingStateSecretIsAClearErrorAndNothingIsRegistered() {
    try (MockMember member = new MockMember()) {
      member.addNode("node-1", "2", "4Gi", 110, "eu-west", "eu-west-a");
      try (Agent agent = startWithStateSecret("nosecret", member, bootstrapToken, "state-nosecret")) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(agent.status().lastError())
            .contains("state Secret flotilla-system/flotilla-agent-state").contains("does not exist")
            .contains("create it empty"));
        assertThat(agent.status().registered()).isFalse();
        assertThat(agent.registrations()).isZero();
        assertThat(admin.resources(Cluster.class).withName("nosecret").get()).isNull();
      }
    }
  }
}
