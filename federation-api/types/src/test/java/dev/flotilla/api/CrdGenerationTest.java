package dev.flotilla.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.PlacementPreview;
import dev.flotilla.api.v1alpha1.PropagationPolicy;
import dev.flotilla.api.v1alpha1.ResourceBinding;
import dev.flotilla.api.v1alpha1.Work;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CRDs the build generates are on the classpath with the names, scope, columns and schema the server needs. */
class CrdGenerationTest {

  @Test
  void everyKindHasItsCrdOnTheClasspath() {
    for (Class<? extends HasMetadata> type : FlotillaCrds.TYPES) {
      String path = FlotillaCrds.resourcePath(type);
      assertThat(getClass().getClassLoader().getResource(path)).as(path).isNotNull();
    }
    assertThat(FlotillaCrds.resourcePath(Cluster.class)).isEqualTo("META-INF/fabric8/clusters.flotilla.dev-v1.yml");
    assertThat(FlotillaCrds.loadAll()).extracting(crd -> crd.getSpec().getNames().getKind())
        .containsExactlyElementsOf(FlotillaApi.KINDS);
  }

  @Test
  void namesAndScopes() {
    Map<Class<? extends HasMetadata>, String> scopes = Map.of(Cluster.class, "Cluster",
        PropagationPolicy.class, "Namespaced", ResourceBinding.class, "Namespaced", Work.class, "Namespaced",
        PlacementPreview.class, "Cluster");
    scopes.forEach((type, scope) -> assertThat(FlotillaCrds.load(type).getSpec().getScope()).as(type.getName())
        .isEqualTo(scope));
    CustomResourceDefinition cluster = FlotillaCrds.load(Cluster.class);
    assertThat(cluster.getMetadata().getName()).isEqualTo("clusters.flotilla.dev");
    assertThat(cluster.getSpec().getGroup()).isEqualTo(FlotillaApi.GROUP);
    assertThat(cluster.getSpec().getNames().getShortNames()).containsExactly("fc");
    assertThat(cluster.getSpec().getNames().getSingular()).isEqualTo("cluster");
    assertThat(cluster.getSpec().getNames().getCategories()).containsExactly("flotilla");
    assertThat(FlotillaCrds.load(PropagationPolicy.class).getSpec().getNames().getShortNames()).containsExactly("pp");
    assertThat(version(cluster).getName()).isEqualTo(FlotillaApi.VERSION);
    assertThat(version(cluster).getServed()).isTrue();
    assertThat(version(cluster).getStorage()).isTrue();
  }

  @Test
  void clusterColumnsComeInDeclaredOrder() {
    List<CustomResourceColumnDefinition> columns = version(FlotillaCrds.load(Cluster.class))
        .getAdditionalPrinterColumns();
    assertThat(columns).extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("READY", "REGION", "ZONE", "VERSION", "MODE", "AGE");
    assertThat(columns.get(0).getJsonPath()).isEqualTo(".status.conditions[?(@.type==\"Ready\")].status");
    assertThat(columns.get(1).getJsonPath()).isEqualTo(".metadata.labels.topology\\.kubernetes\\.io/region");
    assertThat(columns.get(4).getPriority()).isEqualTo(1);
    assertThat(columns.get(5).getType()).isEqualTo("date");
  }

  @Test
  void statusSubresourceForAllButThePreview() {
    for (Class<? extends HasMetadata> type : FlotillaCrds.TYPES) {
      CustomResourceDefinitionVersion version = version(FlotillaCrds.load(type));
      if (type == PlacementPreview.class) {
        assertThat(version.getSubresources()).as(type.getName()).isNull();
      } else {
        assertThat(version.getSubresources().getStatus()).as(type.getName()).isNotNull();
      }
    }
  }

  @Test
  void schemaCarriesDescriptionsConstraintsAndFreeFormParts() {
    JSONSchemaProps work = schema(Work.class);
    JSONSchemaProps manifests = work.getProperties().get("spec").getProperties().get("workload").getProperties()
        .get("manifests");
    assertThat(manifests.getType()).isEqualTo("array");
    assertThat(manifests.getItems().getSchema().getXKubernetesPreserveUnknownFields()).isTrue();
    assertThat(work.getProperties().get("status").getProperties().get("manifestStatuses").getItems().getSchema()
        .getProperties().get("status").getXKubernetesPreserveUnknownFields()).isTrue();

    JSONSchemaProps spec = schema(PropagationPolicy.class).getProperties().get("spec");
    assertThat(spec.getRequired()).contains("resourceSelectors");
    JSONSchemaProps scheduling = spec.getProperties().get("placement").getProperties().get("replicaScheduling");
    assertThat(scheduling.getDescription()).isNotBlank();
    assertThat(scheduling.getProperties().get("replicaSchedulingType").getEnum())
        .extracting(node -> node.asText()).containsExactlyInAnyOrder("Duplicated", "Divided");
    JSONSchemaProps spread = spec.getProperties().get("placement").getProperties().get("spreadConstraints")
        .getItems().getSchema();
    assertThat(spread.getProperties().get("minGroups").getMinimum()).isEqualTo(0.0);
    assertThat(spread.getProperties().get("maxGroups").getMinimum()).isEqualTo(1.0);
    assertThat(spread.getProperties().get("spreadByField").getEnum()).extracting(node -> node.asText())
        .containsExactlyInAnyOrder("cluster", "region", "zone");
    // Hierarchical weights nest regions → zones → clusters, as the engine reads them.
    JSONSchemaProps region = scheduling.getProperties().get("weightPreference").getProperties()
        .get("hierarchicalWeights").getProperties().get("regions").getItems().getSchema();
    assertThat(region.getRequired()).containsExactlyInAnyOrder("name", "weight");
    assertThat(region.getProperties().get("weight").getMaximum()).isEqualTo(1_000_000.0);
    JSONSchemaProps zone = region.getProperties().get("zones").getItems().getSchema();
    assertThat(zone.getProperties().get("clusters").getItems().getSchema().getProperties())
        .containsKeys("targetCluster", "weight");
  }

  private static JSONSchemaProps schema(Class<? extends HasMetadata> type) {
    return version(FlotillaCrds.load(type)).getSchema().getOpenAPIV3Schema();
  }

  private static CustomResourceDefinitionVersion version(CustomResourceDefinition crd) {
    assertThat(crd.getSpec().getVersions()).hasSize(1);
    return crd.getSpec().getVersions().get(0);
  }
}
