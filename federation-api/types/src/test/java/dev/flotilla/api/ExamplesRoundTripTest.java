package dev.flotilla.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.ClusterPropagationPolicy;
import dev.flotilla.api.v1alpha1.OverridePolicy;
import dev.flotilla.api.v1alpha1.PlacementPreview;
import dev.flotilla.api.v1alpha1.PropagationPolicy;
import dev.flotilla.api.v1alpha1.ResourceBinding;
import dev.flotilla.api.v1alpha1.Work;
import dev.flotilla.api.validation.FlotillaValidation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind read from the YAML a user would write, validated, and written back without losing anything. */
class ExamplesRoundTripTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Arguments> examples() {
    return Stream.of(
        Arguments.of("cluster.yaml", Cluster.class),
        Arguments.of("propagationpolicy.yaml", PropagationPolicy.class),
        Arguments.of("clusterpropagationpolicy.yaml", ClusterPropagationPolicy.class),
        Arguments.of("overridepolicy.yaml", OverridePolicy.class),
        Arguments.of("resourcebinding.yaml", ResourceBinding.class),
        Arguments.of("work.yaml", Work.class),
        Arguments.of("placementpreview.yaml", PlacementPreview.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void yamlReadsIntoTheTypeAndWritesBackUnchanged(String file, Class<? extends HasMetadata> type) throws IOException {
    JsonNode written = readTree(file);
    HasMetadata typed = read(file, type);

    assertThat(typed).isInstanceOf(type);
    assertThat(typed.getApiVersion()).isEqualTo(FlotillaApi.API_VERSION);
    assertThat(typed.getKind()).isEqualTo(type.getSimpleName());
    JsonNode back = SERIALIZATION.convertValue(typed, JsonNode.class);
    assertThat(normalise(back)).isEqualTo(normalise(written));
    // equals/hashCode are value-based all the way down.
    HasMetadata again = SERIALIZATION.unmarshal(SERIALIZATION.asJson(typed), type);
    assertThat(again).isEqualTo(typed).hasSameHashCodeAs(typed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void examplesAreValid(String file, Class<? extends HasMetadata> type) throws IOException {
    assertThat(FlotillaValidation.validate(read(file, type))).isEmpty();
    assertThat(FlotillaValidation.validate(type.getSimpleName(), readTree(file))).isEmpty();
    assertThat(FlotillaValidation.unknownFields(type.getSimpleName(), readTree(file))).isEmpty();
  }

  @Test
  void clusterFieldsAreTyped() throws IOException {
    Cluster cluster = read("cluster.yaml", Cluster.class);
    assertThat(cluster.getRegion()).isEqualTo("eu-west");
    assertThat(cluster.getZone()).isEqualTo("eu-west-a");
    assertThat(cluster.isReady()).isTrue();
    assertThat(cluster.getSpec().getTaints().get(0).getEffect()).isEqualTo("NoSchedule");
    assertThat(cluster.getStatus().getResourceSummary().getAllocatable().get("memory"))
        .isEqualTo(new Quantity("48Gi"));
    assertThat(cluster.getStatus().getNodeSummary().getReadyNum()).isEqualTo(3);
  }

  @Test
  void placementFieldsAreTyped() throws IOException {
    PropagationPolicy policy = read("propagationpolicy.yaml", PropagationPolicy.class);
    var scheduling = policy.getSpec().getPlacement().getReplicaScheduling();
    var region = scheduling.getWeightPreference().getHierarchicalWeights().getRegions().get(0);
    assertThat(region.getName()).isEqualTo("eu-west");
    assertThat(region.getZones()).extracting(z -> z.getName()).containsExactly("eu-west-a", "eu-west-b");
    assertThat(region.getZones().get(0).getClusters()).extracting(w -> w.getWeight()).containsExactly(3L, 1L);
    assertThat(region.getZones().get(0).getClusters().get(1).getTargetCluster().getLabelSelector().getMatchLabels())
        .containsEntry("tier", "edge");
    assertThat(region.getZones().get(1).getClusters()).isNull();
    assertThat(scheduling.getClusterReplicaLimits().get(0).getMaxReplicas()).isEqualTo(10);
    assertThat(policy.getSpec().getPlacement().getSpreadConstraints().get(0).getSpreadByField()).isEqualTo("zone");
    ClusterPropagationPolicy cpp = read("clusterpropagationpolicy.yaml", ClusterPropagationPolicy.class);
    assertThat(cpp.getSpec().getPlacement().getClusterAffinities()).extracting(t -> t.getAffinityName())
        .containsExactly("primary", "backup");
    assertThat(cpp.getSpec().getPlacement().getClusterAffinities().get(0).getClusterNames())
        .containsExactly("eu-west-a", "eu-west-b");
  }

  @Test
  void freeFormPartsKeepArbitraryJson() throws IOException {
    Work work = read("work.yaml", Work.class);
    var manifest = work.getSpec().getWorkload().getManifests().get(0);
    assertThat(manifest.getKind()).isEqualTo("Deployment");
    assertThat(manifest.<Integer>get("spec", "replicas")).isEqualTo(8);
    assertThat(work.getStatus().getManifestStatuses().get(0).getStatus().get("readyReplicas").asInt()).isEqualTo(8);

    OverridePolicy override = read("overridepolicy.yaml", OverridePolicy.class);
    var plaintext = override.getSpec().getOverrideRules().get(0).getOverriders().getPlaintext();
    assertThat(plaintext.get(0).getValue().isInt()).isTrue();
    assertThat(plaintext.get(1).getValue().get("nested").get(1).asText()).isEqualTo("two");

    ResourceBinding binding = read("resourcebinding.yaml", ResourceBinding.class);
    assertThat(binding.getStatus().getAggregatedStatus().get(0).getStatus().get("conditions").get(0)
        .get("type").asText()).isEqualTo("Available");
    assertThat(binding.getSpec().getReplicaRequirements().getResourceRequest())
        .isEqualTo(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("256Mi")));
  }

  static <T extends HasMetadata> T read(String file, Class<T> type) throws IOException {
    try (InputStream in = open(file)) {
      return SERIALIZATION.unmarshal(in, type);
    }
  }

  static JsonNode readTree(String file) throws IOException {
    try (InputStream in = open(file)) {
      return YAML.readTree(in);
    }
  }

  private static InputStream open(String file) {
    InputStream in = ExamplesRoundTripTest.class.getResourceAsStream("/examples/" + file);
    assertThat(in).as(file).isNotNull();
    return in;
  }

  /** Compares numbers by value (int and long nodes alike) and ignores an empty metadata. */
  private static JsonNode normalise(JsonNode node) throws IOException {
    JsonNode copy = new ObjectMapper().readTree(node.toString());
    JsonNode metadata = copy.get("metadata");
    if (metadata != null && metadata.isEmpty()) {
      // fabric8's CustomResource always has metadata; an object written without any gets an empty one.
      ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("metadata");
    }
    return copy;
  }
}
