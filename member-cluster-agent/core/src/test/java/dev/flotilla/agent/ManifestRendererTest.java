package dev.flotilla.agent;

import static dev.flotilla.agent.Fixtures.configMap;
import static dev.flotilla.agent.Fixtures.manifest;
import static dev.flotilla.agent.Fixtures.work;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.api.FlotillaApi;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestRendererTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KindResolver KINDS = (apiVersion, kind) -> switch (kind) {
    case "Namespace" -> Optional.of(new KindInfo("", "v1", kind, "namespaces", false));
    case "ConfigMap" -> Optional.of(new KindInfo("", "v1", kind, "configmaps", true));
    case "Deployment" -> Optional.of(new KindInfo("apps", "v1", kind, "deployments", true));
    default -> Optional.empty();
  };

  @Test
  void labelsCleansAndDefaultsTheNamespace() {
    var rendered = ManifestRenderer.render(work("eu-1", "w", manifest("{'apiVersion':'v1','kind':'ConfigMap',"
        + "'metadata':{'name':'c','uid':'u-1','resourceVersion':'7','ownerReferences':[{'name':'x'}],"
        + "'labels':{'app':'shop'}},'data':{'k':'v'},'status':{'x':1}}")), "eu-1", KINDS);

    assertThat(rendered.invalid()).isEmpty();
    var desired = rendered.desired().get(0);
    assertThat(desired.ref()).isEqualTo(new ObjectRef("", "ConfigMap", "default", "c"));
    JsonNode object = JSON.valueToTree(desired.object());
    assertThat(object.path("metadata").has("uid")).isFalse();
    assertThat(object.path("metadata").has("resourceVersion")).isFalse();
    assertThat(object.path("metadata").has("ownerReferences")).isFalse();
    assertThat(object.has("status")).isFalse();
    assertThat(object.path("metadata").path("namespace").asText()).isEqualTo("default");
    assertThat(object.path("data").path("k").asText()).isEqualTo("v");
    assertThat(desired.object().getMetadata().getLabels()).containsEntry("app", "shop")
        .containsEntry(FlotillaApi.LABEL_MANAGED_BY, "flotilla")
        .containsEntry(FlotillaApi.LABEL_CLUSTER, "eu-1")
        .containsEntry(FlotillaApi.LABEL_WORK_NAMESPACE, "flotilla-es-eu-1")
        .containsEntry(FlotillaApi.LABEL_WORK_NAME, "w");
  }

  @Test
  void clusterScopedKindsLoseTheirNamespace() {
    var rendered = ManifestRenderer.render(work("eu-1", "w",
        manifest("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'shop','namespace':'oops'}}")), "eu-1",
        KINDS);
    assertThat(rendered.desired().get(0).ref()).isEqualTo(new ObjectRef("", "Namespace", "", "shop"));
    assertThat(rendered.desired().get(0).object().getMetadata().getNamespace()).isNull();
  }

  @Test
  void refusesIncompleteUnknownAndDuplicateManifestsNamingTheField() {
    var rendered = ManifestRenderer.render(work("eu-1", "w",
        manifest("{'kind':'ConfigMap','metadata':{'name':'a'}}"),
        manifest("{'apiVersion':'v1','kind':'ConfigMap','metadata':{}}"),
        manifest("{'apiVersion':'example.com/v1','kind':'Gadget','metadata':{'name':'g'}}"),
        configMap("app", "same", "1"),
        configMap("app", "same", "2")), "eu-1", KINDS);

    assertThat(rendered.desired()).hasSize(1);
    assertThat(rendered.invalid()).extracting(ManifestRenderer.Invalid::message).containsExactly(
        "spec.workload.manifests[0].apiVersion: Required value",
        "spec.workload.manifests[1].metadata.name: Required value",
        "spec.workload.manifests[2]: the member does not serve kind Gadget in example.com/v1",
        "spec.workload.manifests[4]: Duplicate value: ConfigMap app/same is already manifest 3");
  }

  @ParameterizedTest
  @CsvSource({
      "shop-web, shop-web",
      "a.b_c, a.b_c",
      "this-work-name-is-much-longer-than-sixty-three-characters-so-it-gets-hashed, "
          + "this-work-name-is-much-longer-than-sixty-three-chara-",
  })
  void workLabelValueIsTheNameOrAStableHashedPrefix(String name, String expectedPrefix) {
    String value = ManifestRenderer.workLabelValue(name);
    assertThat(value).startsWith(expectedPrefix).hasSizeLessThanOrEqualTo(63);
    assertThat(ManifestRenderer.workLabelValue(name)).isEqualTo(value);
    if (name.length() > 63) {
      assertThat(value).matches(".*-[0-9a-f]{10}");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{'a':1}                      | {'a':1,'b':2}                  | true",
      "{'a':{'b':1}}                | {'a':{'b':1,'c':[1]}}          | true",
      "{'a':1}                      | {'a':1.0}                      | true",
      "{'a':'1'}                    | {'a':1}                        | false",
      "{'a':[{'x':1}]}              | {'a':[{'x':1,'y':2}]}          | true",
      "{'a':[{'x':1}]}              | {'a':[{'x':1},{'x':2}]}        | false",
      "{'a':{'b':1}}                | {}                             | false",
      "{'a':{}}                     | {}                             | true",
  })
  void subsetIgnoresWhatTheMemberAdded(String desired, String actual, boolean expected) throws Exception {
    assertThat(ManifestRenderer.isSubset(JSON.readTree(desired.replace('\'', '"')),
        JSON.readTree(actual.replace('\'', '"')))).isEqualTo(expected);
  }
}
