package dev.flotilla.agent;

import static dev.flotilla.agent.Fixtures.configMap;
import static dev.flotilla.agent.Fixtures.deployment;
import static dev.flotilla.agent.Fixtures.manifest;
import static dev.flotilla.agent.Fixtures.work;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The member side alone, on fabric8's CRUD mock server. */
class MemberApplierTest {

  private final MockMember member = new MockMember();
  private final MemberApplier applier = new MemberApplier(member.client, "m", "flotilla-es-m");

  @AfterEach
  void stop() {
    member.close();
  }

  private ManifestRenderer.Desired render(String workName, GenericKubernetesResource manifest) {
    return ManifestRenderer.render(work("m", workName, manifest), "m", applier.kinds()).desired().get(0);
  }

  @Test
  void resolvesBuiltInKindsAndGuessesUnknownOnes() {
    assertThat(applier.kinds().resolve("apps/v1", "Deployment")).contains(
        new KindInfo("apps", "v1", "Deployment", "deployments", true));
    assertThat(applier.kinds().resolve("v1", "Namespace")).contains(
        new KindInfo("", "v1", "Namespace", "namespaces", false));
    assertThat(applier.kinds().resolve("example.com/v1", "Gadget")).contains(
        new KindInfo("example.com", "v1", "Gadget", "gadgets", true));
  }

  @Test
  void createsThenLeavesAloneThenUpdatesOnlyWhatDiffers() {
    GenericKubernetesResource created = applier.apply(render("w", deployment("app", "web", 2, "100m")), "w");
    String version = created.getMetadata().getResourceVersion();
    GenericKubernetesResource again = applier.apply(render("w", deployment("app", "web", 2, "100m")), "w");
    assertThat(again.getMetadata().getResourceVersion()).as("no write when nothing differs").isEqualTo(version);
    GenericKubernetesResource scaled = applier.apply(render("w", deployment("app", "web", 5, "100m")), "w");
    assertThat(scaled.getMetadata().getResourceVersion()).isNotEqualTo(version);
    assertThat(member.client.apps().deployments().inNamespace("app").withName("web").get().getSpec().getReplicas())
        .isEqualTo(5);
  }

  @Test
  void aManifestTheAgentHasNoRecordOfIsCreatedInOneRequestAndAKnownNamespaceIsNotAskedForAgain() {
    applier.ensureNamespace("app");
    int before = member.server.getRequestCount();
    applier.ensureNamespace("app");
    GenericKubernetesResource created = applier.apply(render("w", configMap("app", "fresh", "1")), "w", false);
    assertThat(member.server.getRequestCount() - before).as("one POST, no namespace or object read").isEqualTo(1);
    assertThat(created.getMetadata().getResourceVersion()).isNotNull();

    // A stale record is harmless: the member's 409 sends the apply back to reading and comparing.
    GenericKubernetesResource again = applier.apply(render("w", configMap("app", "fresh", "2")), "w", false);
    assertThat(member.client.configMaps().inNamespace("app").withName("fresh").get().getData())
        .containsEntry("value", "2");
    assertThat(again.getMetadata().getResourceVersion()).isNotEqualTo(created.getMetadata().getResourceVersion());
    member.client.configMaps().inNamespace("app").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("theirs").endMetadata().addToData("k", "v").build()).create();
    assertThatThrownBy(() -> applier.apply(render("w", configMap("app", "theirs", "x")), "w", false))
        .isInstanceOf(MemberApplier.ApplyException.class).hasMessageContaining("was not created by Flotilla");
  }

  @Test
  void neverTakesOverOrDeletesWhatIsNotItsOwn() {
    member.client.configMaps().inNamespace("app").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("users").endMetadata().addToData("k", "v").build()).create();
    assertThatThrownBy(() -> applier.apply(render("w", configMap("app", "users", "x")), "w"))
        .isInstanceOf(MemberApplier.ApplyException.class).hasMessageContaining("was not created by Flotilla");
    applier.apply(render("w1", configMap("app", "shared", "1")), "w1");
    assertThatThrownBy(() -> applier.apply(render("w2", configMap("app", "shared", "2")), "w2"))
        .hasMessageContaining("already applied by Work w1");

    KindInfo configMaps = new KindInfo("", "v1", "ConfigMap", "configmaps", true);
    assertThat(applier.deleteOwned(configMaps, new ObjectRef("", "ConfigMap", "app", "users"), "w")).isFalse();
    assertThat(applier.deleteOwned(configMaps, new ObjectRef("", "ConfigMap", "app", "shared"), "w2")).isFalse();
    assertThat(applier.deleteOwned(configMaps, new ObjectRef("", "ConfigMap", "app", "shared"), "w1")).isTrue();
    assertThat(member.client.configMaps().inNamespace("app").withName("users").get()).isNotNull();
    assertThat(member.client.configMaps().inNamespace("app").withName("shared").get()).isNull();
  }

  @Test
  void theInventoryOfKindsSurvivesARestartAndFindsWhatWasApplied() {
    ManifestRenderer.Desired gadget = render("w", manifest("{'apiVersion':'example.com/v1','kind':'Gadget',"
        + "'metadata':{'name':'g','namespace':'app'},'spec':{'size':3}}"));
    ManifestRenderer.Desired settings = render("w", configMap("app", "settings", "1"));
    applier.remember(java.util.List.of(gadget.kind(), settings.kind()));
    applier.apply(gadget, "w");
    applier.apply(settings, "w");

    MemberApplier restarted = new MemberApplier(member.client, "m", "flotilla-es-m");
    assertThat(restarted.inventory()).containsExactlyInAnyOrder(gadget.kind(), settings.kind());
    assertThat(restarted.listApplied()).containsOnlyKeys("w");
    assertThat(restarted.listApplied().get("w")).containsOnlyKeys(
        new ObjectRef("example.com", "Gadget", "app", "g"), new ObjectRef("", "ConfigMap", "app", "settings"));
    MemberApplier otherNamespace = new MemberApplier(member.client, "m2", "flotilla-es-m2");
    assertThat(otherNamespace.listApplied()).isEmpty();
  }
}
