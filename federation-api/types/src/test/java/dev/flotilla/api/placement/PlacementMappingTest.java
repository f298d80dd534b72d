package dev.flotilla.api.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.ApiEnum;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.ClusterExclusion;
import dev.flotilla.api.v1alpha1.ClusterPropagationPolicy;
import dev.flotilla.api.v1alpha1.DynamicWeightFactor;
import dev.flotilla.api.v1alpha1.PlacementMode;
import dev.flotilla.api.v1alpha1.PlacementPreview;
import dev.flotilla.api.v1alpha1.PlacementPreviewSpec;
import dev.flotilla.api.v1alpha1.PlacementPreviewStatus;
import dev.flotilla.api.v1alpha1.PropagationPolicy;
import dev.flotilla.api.v1alpha1.ReplicaDivisionPreference;
import dev.flotilla.api.v1alpha1.ReplicaSchedulingType;
import dev.flotilla.api.v1alpha1.SpreadByField;
import dev.flotilla.api.v1alpha1.TargetCluster;
import dev.flotilla.api.validation.FieldPath;
import dev.flotilla.api.validation.PlacementValidation;
import dev.flotilla.placement.ClusterAffinity;
import dev.flotilla.placement.ClusterAffinityTerm;
import dev.flotilla.placement.ClusterAssignment;
import dev.flotilla.placement.ClusterInfo;
import dev.flotilla.placement.ClusterPreferences;
import dev.flotilla.placement.ClusterReason;
import dev.flotilla.placement.ClusterReplicaLimit;
import dev.flotilla.placement.FieldSelector;
import dev.flotilla.placement.HierarchicalWeights;
import dev.flotilla.placement.LabelSelector;
import dev.flotilla.placement.Placement;
import dev.flotilla.placement.PlacementEngine;
import dev.flotilla.placement.PlacementRequest;
import dev.flotilla.placement.PlacementResult;
import dev.flotilla.placement.RegionWeight;
import dev.flotilla.placement.ReplicaSchedulingStrategy;
import dev.flotilla.placement.SelectorRequirement;
import dev.flotilla.placement.SpreadConstraint;
import dev.flotilla.placement.StaticClusterWeight;
import dev.flotilla.placement.Taint;
import dev.flotilla.placement.Toleration;
import dev.flotilla.placement.ZoneWeight;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API classes map to exactly the engine records they describe (field by field, compared as records), a
 * PlacementPreview spec maps to the request the engine expects, and the engine's result maps back to the status.
 */
class PlacementMappingTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static <T extends HasMetadata> T example(String file, Class<T> type) throws IOException {
    try (InputStream in = PlacementMappingTest.class.getResourceAsStream("/examples/" + file)) {
      return SERIALIZATION.unmarshal(in, type);
    }
  }

  private static SelectorRequirement req(String key, String operator, String... values) {
    return new SelectorRequirement(key, operator, List.of(values));
  }

  @Test
  void everyPlacementFieldIsCarriedOver() throws IOException {
    PropagationPolicy policy = example("propagationpolicy.yaml", PropagationPolicy.class);

    Placement expected = new Placement(
        new ClusterAffinity(
            new LabelSelector(Map.of(), List.of(req("topology.kubernetes.io/region", "In", "eu-west"))),
            new FieldSelector(List.of(req("zone", "NotIn", "eu-west-c"))),
            List.of(), List.of("eu-west-legacy")),
        List.of(),
        List.of(new Toleration("maintenance", "Exists", null, "NoSchedule", null)),
        List.of(new SpreadConstraint("zone", 2, 2), new SpreadConstraint("cluster", null, 2)),
        new ReplicaSchedulingStrategy("Divided", "Weighted",
            new ClusterPreferences(List.of(), null, new HierarchicalWeights(List.of(
                new RegionWeight("eu-west", 1, List.of(
                    new ZoneWeight("eu-west-a", 2, List.of(
                        new StaticClusterWeight(ClusterAffinity.names("eu-west-a"), 3),
                        new StaticClusterWeight(new ClusterAffinity(
                            new LabelSelector(Map.of("tier", "edge"), List.of()), null, List.of(), List.of()), 1))),
                    new ZoneWeight("eu-west-b", 1, List.of())))))),
            List.of(new ClusterReplicaLimit(ClusterAffinity.names("eu-west-a"), 1, 10))));
    assertThat(PlacementMapping.toEngine(policy.getSpec().getPlacement())).isEqualTo(expected);

    ClusterPropagationPolicy cpp = example("clusterpropagationpolicy.yaml", ClusterPropagationPolicy.class);
    assertThat(PlacementMapping.toEngine(cpp.getSpec().getPlacement())).isEqualTo(new Placement(null,
        List.of(new ClusterAffinityTerm("primary", null, null, List.of("eu-west-a", "eu-west-b"), List.of()),
            new ClusterAffinityTerm("backup",
                new LabelSelector(Map.of("topology.kubernetes.io/region", "us-east"), List.of()), null, List.of(),
                List.of())),
        List.of(), List.of(), new ReplicaSchedulingStrategy("Duplicated", null, null, List.of())));

    assertThat(PlacementMapping.toEngine((dev.flotilla.api.v1alpha1.Placement) null)).isNull();
  }

  @Test
  void tolerationSecondsDynamicWeightAndFieldsTheEngineLacks() {
    var toleration = new io.fabric8.kubernetes.api.model.Toleration("NoExecute", "failed", "Exists", 300L, null);
    var spread = new dev.flotilla.api.v1alpha1.SpreadConstraint();
    spread.setSpreadByField("zone");
    spread.setSpreadByLabel("rack");
    var preferences = new dev.flotilla.api.v1alpha1.ClusterPreferences();
    preferences.setDynamicWeight("AvailableReplicas");
    var scheduling = new dev.flotilla.api.v1alpha1.ReplicaSchedulingStrategy();
    scheduling.setWeightPreference(preferences);
    var placement = new dev.flotilla.api.v1alpha1.Placement();
    placement.setClusterTolerations(List.of(toleration));
    placement.setSpreadConstraints(List.of(spread));
    placement.setReplicaScheduling(scheduling);

    Placement engine = PlacementMapping.toEngine(placement);

    assertThat(engine.clusterTolerations()).containsExactly(
        new Toleration("failed", "Exists", null, "NoExecute", 300L));
    // spreadByLabel has no engine counterpart: validation rejects it, the mapping drops it.
    assertThat(engine.spreadConstraints()).containsExactly(new SpreadConstraint("zone", null, null));
    assertThat(engine.replicaScheduling()).isEqualTo(new ReplicaSchedulingStrategy(null, null,
        new ClusterPreferences(List.of(), "AvailableReplicas", null), List.of()));
  }

  @Test
  void invalidInputMapsWithoutThrowingAndKeepsIndices() {
    var weight = new dev.flotilla.api.v1alpha1.StaticClusterWeight(null, null);
    var preferences = new dev.flotilla.api.v1alpha1.ClusterPreferences();
    preferences.setStaticWeightList(Arrays.asList(null, weight));
    var scheduling = new dev.flotilla.api.v1alpha1.ReplicaSchedulingStrategy();
    scheduling.setWeightPreference(preferences);
    var placement = new dev.flotilla.api.v1alpha1.Placement();
    placement.setSpreadConstraints(Arrays.asList(new dev.flotilla.api.v1alpha1.SpreadConstraint(), null));
    placement.setReplicaScheduling(scheduling);

    Placement engine = PlacementMapping.toEngine(placement);

    assertThat(engine.spreadConstraints()).containsExactly(new SpreadConstraint(null, null, null), null);
    assertThat(engine.replicaScheduling().weightPreference().staticWeightList())
        .containsExactly(null, new StaticClusterWeight(null, 0));
    PlacementRequest empty = PlacementMapping.toRequest(new PlacementPreviewSpec());
    assertThat(empty).isEqualTo(new PlacementRequest(null, 0, null, null, List.of(), List.of()));
  }

  @Test
  void previewSpecMapsToTheRequestTheEngineExpects() throws IOException {
    PlacementPreview preview = example("placementpreview.yaml", PlacementPreview.class);

    PlacementRequest request = PlacementMapping.toRequest(preview.getSpec());

    assertThat(request).isEqualTo(new PlacementRequest("shop/web", 12, "Steady",
        new Placement(null, List.of(), List.of(), List.of(), new ReplicaSchedulingStrategy("Divided", "Weighted",
            new ClusterPreferences(List.of(new StaticClusterWeight(ClusterAffinity.names("a"), 2),
                new StaticClusterWeight(ClusterAffinity.names("b"), 1)), null, null), List.of())),
        List.of(
            new ClusterInfo("a", Map.of(ClusterInfo.REGION_LABEL, "r1", ClusterInfo.ZONE_LABEL, "z1"), List.of(),
                true, 7, null),
            new ClusterInfo("b", Map.of(ClusterInfo.REGION_LABEL, "r1", ClusterInfo.ZONE_LABEL, "z2"),
                List.of(new Taint("maintenance", null, "NoSchedule")), true, null, null)),
        List.of(new ClusterAssignment("a", 3))));
  }

  @Test
  void registeredClustersAreUsedOnlyWhenThePreviewNamesNone() throws IOException {
    PlacementPreviewSpec spec = example("placementpreview.yaml", PlacementPreview.class).getSpec();
    List<ClusterInfo> registered = List.of(ClusterInfo.of("x", Map.of()));

    assertThat(PlacementMapping.toRequest(spec, registered).clusters()).extracting(ClusterInfo::name)
        .containsExactly("a", "b");
    spec.setClusters(null);
    assertThat(PlacementMapping.toRequest(spec, registered).clusters()).isEqualTo(registered);
  }

  @Test
  void resultMapsBackToTheStatus() {
    PlacementResult result = new PlacementResult(
        List.of(new ClusterAssignment("a", 6), new ClusterAssignment("c", 3)), 2,
        List.of(new ClusterReason("b", "taint maintenance:NoSchedule not tolerated")),
        List.of(new ClusterReason("c", "capacity 3")), "primary", List.of("spread: only 1 of 2 zones"));

    PlacementPreviewStatus status = PlacementMapping.toStatus(result);

    assertThat(status.getClusters()).containsExactly(new TargetCluster("a", 6), new TargetCluster("c", 3));
    assertThat(status.getUnschedulable()).isEqualTo(2);
    assertThat(status.getExcluded()).containsExactly(
        new ClusterExclusion("b", "taint maintenance:NoSchedule not tolerated"));
    assertThat(status.getCapped()).containsExactly(new ClusterExclusion("c", "capacity 3"));
    assertThat(status.getAffinityName()).isEqualTo("primary");
    assertThat(status.getWarnings()).containsExactly("spread: only 1 of 2 zones");

    PlacementPreviewStatus nothing = PlacementMapping.toStatus(
        new PlacementResult(List.of(), 0, List.of(), List.of(), null, List.of()));
    assertThat(nothing.getUnschedulable()).isZero();
    assertThat(nothing.getClusters()).isNull();
    assertThat(nothing.getExcluded()).isNull();
    assertThat(nothing.getCapped()).isNull();
    assertThat(nothing.getWarnings()).isNull();
  }

  @Test
  void theExamplePreviewsStatusIsTheEnginesAnswer() throws IOException {
    PlacementPreview preview = example("placementpreview.yaml", PlacementPreview.class);

    PlacementResult result = PlacementEngine.place(PlacementMapping.toRequest(preview.getSpec()));

    assertThat(PlacementMapping.toStatus(result)).isEqualTo(preview.getStatus());
  }

  @Test
  void registeredClusterCarriesReadinessTaintsProviderAndCapacity() throws IOException {
    Cluster cluster = example("cluster.yaml", Cluster.class);

    assertThat(PlacementMapping.toClusterInfo(cluster)).isEqualTo(new ClusterInfo("eu-west-a",
        Map.of(ClusterInfo.REGION_LABEL, "eu-west", ClusterInfo.ZONE_LABEL, "eu-west-a"),
        List.of(new Taint("maintenance", "planned", "NoSchedule")), true, null, "onprem"));
    // The agent's estimate for exactly this request wins; otherwise the free resources are divided.
    assertThat(PlacementMapping.toClusterInfo(cluster,
        Map.of("cpu", new Quantity("250m"), "memory", new Quantity("256Mi"))).availableReplicas()).isEqualTo(36);
    assertThat(PlacementMapping.availableReplicas(cluster, Map.of("cpu", new Quantity("1")))).isEqualTo(9);
    assertThat(PlacementMapping.availableReplicas(cluster, Map.of())).isNull();

    cluster.getStatus().setConditions(List.of(new Condition(null, "agent silent", null, "NoHeartbeat", "False",
        "Ready")));
    assertThat(PlacementMapping.toClusterInfo(cluster).ready()).isFalse();
  }

  @Test
  void aCordonedClusterGetsTheUnschedulableTaintAndTheEngineHonoursIt() throws IOException {
    Cluster cordoned = example("cluster.yaml", Cluster.class);
    cordoned.getSpec().setTaints(null);
    cordoned.getSpec().setUnschedulable(true);
    Cluster open = example("cluster.yaml", Cluster.class);
    open.getMetadata().setName("eu-west-b");
    open.getSpec().setTaints(null);

    ClusterInfo info = PlacementMapping.toClusterInfo(cordoned);
    assertThat(info.taints()).containsExactly(
        new Taint(FlotillaApi.TAINT_UNSCHEDULABLE, null, Taint.NO_SCHEDULE));
    assertThat(PlacementMapping.toClusterInfo(open).taints()).isEmpty();

    PlacementResult result = PlacementEngine.place(new PlacementRequest("shop/web", 4, PlacementRequest.FRESH,
        null, List.of(info, PlacementMapping.toClusterInfo(open)), List.of()));
    assertThat(result.clusters()).containsExactly(new ClusterAssignment("eu-west-b", 4));
    assertThat(result.exclusionReason("eu-west-a")).contains(FlotillaApi.TAINT_UNSCHEDULABLE);
  }

  @Test
  void everyApiEnumValueIsOneTheEngineAccepts() {
    for (String field : ApiEnum.values(SpreadByField.class)) {
      var spread = new dev.flotilla.api.v1alpha1.SpreadConstraint();
      spread.setSpreadByField(field);
      var placement = new dev.flotilla.api.v1alpha1.Placement();
      placement.setSpreadConstraints(List.of(spread));
      assertThat(PlacementValidation.validatePlacement(placement, FieldPath.root("p"))).as(field).isEmpty();
    }
    for (String type : ApiEnum.values(ReplicaSchedulingType.class)) {
      for (String division : ApiEnum.values(ReplicaDivisionPreference.class)) {
        var scheduling = new dev.flotilla.api.v1alpha1.ReplicaSchedulingStrategy();
        scheduling.setReplicaSchedulingType(type);
        scheduling.setReplicaDivisionPreference(division);
        var placement = new dev.flotilla.api.v1alpha1.Placement();
        placement.setReplicaScheduling(scheduling);
        assertThat(PlacementValidation.validatePlacement(placement, FieldPath.root("p"))).as(type + division)
            .isEmpty();
      }
    }
    for (String factor : ApiEnum.values(DynamicWeightFactor.class)) {
      var preferences = new dev.flotilla.api.v1alpha1.ClusterPreferences();
      preferences.setDynamicWeight(factor);
      var scheduling = new dev.flotilla.api.v1alpha1.ReplicaSchedulingStrategy();
      scheduling.setWeightPreference(preferences);
      var placement = new dev.flotilla.api.v1alpha1.Placement();
      placement.setReplicaScheduling(scheduling);
      assertThat(PlacementValidation.validatePlacement(placement, FieldPath.root("p"))).as(factor).isEmpty();
    }
    for (String mode : ApiEnum.values(PlacementMode.class)) {
      PlacementPreviewSpec spec = new PlacementPreviewSpec();
      spec.setReplicas(1);
      spec.setMode(mode);
      assertThat(PlacementEngine.place(PlacementMapping.toRequest(spec)).unschedulable()).as(mode).isEqualTo(1);
    }
  }
}
