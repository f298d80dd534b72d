package dev.flotilla.placement;

import static dev.flotilla.placement.Fixtures.divided;
import static dev.flotilla.placement.Fixtures.limit;
import static dev.flotilla.placement.Fixtures.weights;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementPolicyValidatorTest {

  private static Placement scheduling(ReplicaSchedulingStrategy strategy) {
    return new Placement(null, null, null, null, strategy);
  }

  private static Placement spread(SpreadConstraint... constraints) {
    return new Placement(null, null, null, Arrays.asList(constraints), null);
  }

  private static Placement affinity(ClusterAffinity affinity) {
    return new Placement(affinity, null, null, null, null);
  }

  static Stream<Arguments> invalidPolicies() {
    ClusterAffinityTerm term = new ClusterAffinityTerm("g", null, null, List.of("a"), null);
    return Stream.of(
        Arguments.of(scheduling(divided(weights("a", -2))),
            "placement.replicaScheduling.weightPreference.staticWeightList[0].weight"),
        Arguments.of(scheduling(divided(weights("a", 2_000_000))),
            "placement.replicaScheduling.weightPreference.staticWeightList[0].weight"),
        Arguments.of(scheduling(divided(new ClusterPreferences(List.of(new StaticClusterWeight(null, 1)), null,
            null))), "placement.replicaScheduling.weightPreference.staticWeightList[0].targetCluster"),
        Arguments.of(spread(new SpreadConstraint("zone", 1, 2)), "placement.spreadConstraints[0].minGroups"),
        Arguments.of(spread(new SpreadConstraint("zone", 0, null)), "placement.spreadConstraints[0].maxGroups"),
        Arguments.of(spread(new SpreadConstraint("rack", 1, 1)), "placement.spreadConstraints[0].spreadByField"),
        Arguments.of(spread(new SpreadConstraint("zone", 2, 1), new SpreadConstraint("zone", 3, 1)),
            "placement.spreadConstraints[1].spreadByField"),
        Arguments.of(scheduling(divided(null, limit("a", 5, 2))),
            "placement.replicaScheduling.clusterReplicaLimits[0].minReplicas"),
        Arguments.of(scheduling(divided(null, limit("a", -1, null))),
            "placement.replicaScheduling.clusterReplicaLimits[0].minReplicas"),
        Arguments.of(scheduling(new ReplicaSchedulingStrategy("Spread", null, null, null)),
            "placement.replicaScheduling.replicaSchedulingType"),
        Arguments.of(scheduling(new ReplicaSchedulingStrategy("Divided", "Even", null, null)),
            "placement.replicaScheduling.replicaDivisionPreference"),
        Arguments.of(scheduling(divided(new ClusterPreferences(null, "CPU", null))),
            "placement.replicaScheduling.weightPreference.dynamicWeight"),
        Arguments.of(scheduling(divided(new ClusterPreferences(null, null, null))),
            "placement.replicaScheduling.weightPreference"),
        Arguments.of(scheduling(new ReplicaSchedulingStrategy("Duplicated", null, null, List.of(limit("a", 1, 2)))),
            "placement.replicaScheduling.clusterReplicaLimits"),
        Arguments.of(scheduling(divided(new ClusterPreferences(null, null, new HierarchicalWeights(List.of(
            new RegionWeight("eu", 1, List.of(new ZoneWeight("eu-1", -3, null)))))))),
            "placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].zones[0].weight"),
        Arguments.of(scheduling(divided(new ClusterPreferences(null, null, new HierarchicalWeights(null)))),
            "placement.replicaScheduling.weightPreference.hierarchicalWeights.regions"),
        Arguments.of(affinity(new ClusterAffinity(new LabelSelector(null, List.of(new SelectorRequirement("env",
            "Like", List.of("x")))), null, null, null)), "placement.clusterAffinity.labelSelector.matchExpressions[0]"
            + ".operator"),
        Arguments.of(affinity(new ClusterAffinity(new LabelSelector(null, List.of(new SelectorRequirement("env",
            "In", null))), null, null, null)), "placement.clusterAffinity.labelSelector.matchExpressions[0].values"),
        Arguments.of(affinity(new ClusterAffinity(new LabelSelector(null, List.of(new SelectorRequirement("env",
            "Exists", List.of("x")))), null, null, null)),
            "placement.clusterAffinity.labelSelector.matchExpressions[0].values"),
        Arguments.of(affinity(new ClusterAffinity(null, new FieldSelector(List.of(new SelectorRequirement("rack",
            "In", List.of("x")))), null, null)), "placement.clusterAffinity.fieldSelector.matchExpressions[0].key"),
        Arguments.of(affinity(new ClusterAffinity(null, null, Arrays.asList("a", null), null)),
            "placement.clusterAffinity.clusterNames[1]"),
        Arguments.of(new Placement(ClusterAffinity.names("a"), List.of(term), null, null, null),
            "placement.clusterAffinities"),
        Arguments.of(new Placement(null, List.of(term, term), null, null, null),
            "placement.clusterAffinities[1].affinityName"),
        Arguments.of(new Placement(null, null, List.of(new Toleration("k", "Maybe", null, null, null)), null, null),
            "placement.clusterTolerations[0].operator"),
        Arguments.of(new Placement(null, null, List.of(new Toleration("k", "Exists", "v", null, null)), null, null),
            "placement.clusterTolerations[0].value"),
        Arguments.of(new Placement(null, null, List.of(new Toleration("k", null, null, "Sometimes", null)), null,
            null), "placement.clusterTolerations[0].effect"),
        Arguments.of(new Placement(null, null, List.of(new Toleration(null, "Equal", "v", null, null)), null, null),
            "placement.clusterTolerations[0].key"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidPolicies")
  void invalidPolicyIsReportedAtItsField(Placement placement, String expectedPath) {
    List<FieldError> errors = PlacementPolicyValidator.validate(placement);
    assertThat(errors).extracting(FieldError::field).containsExactly(expectedPath);
    assertThat(errors.get(0).message()).isNotBlank();
  }

  @Test
  void validPolicyHasNoErrors() {
    Placement placement = new Placement(null, List.of(new ClusterAffinityTerm("g", new LabelSelector(null,
        List.of(new SelectorRequirement("env", "Exists", null))), null, null, null)),
        List.of(new Toleration(ClusterInfo.NOT_READY_TAINT_KEY, "Exists", null, "NoSchedule", 300L)),
        List.of(new SpreadConstraint("zone", 3, 2)), divided(weights("a", 1), limit("a", 1, 3)));
    assertThat(PlacementPolicyValidator.validate(placement)).isEmpty();
  }

  @Test
  void customRootPrefixesEveryPath() {
    Placement placement = new Placement(null, null, null, List.of(new SpreadConstraint("zone", 1, 2)), null);
    assertThat(PlacementPolicyValidator.validate(placement, "spec.placement")).extracting(FieldError::field)
        .containsExactly("spec.placement.spreadConstraints[0].minGroups");
  }

  @Test
  void requestFieldsAreValidated() {
    List<ClusterInfo> clusters = List.of(
        new ClusterInfo("a", null, List.of(new Taint("k", null, "Evict")), true, -1, null),
        new ClusterInfo("a", null, null, true, null, null));
    PlacementRequest request = new PlacementRequest("k", -1, "Sometimes", null, clusters,
        List.of(new ClusterAssignment("", 1)));
    assertThat(PlacementPolicyValidator.validateRequest(request)).extracting(FieldError::field).containsExactly(
        "replicas", "mode", "clusters[0].availableReplicas", "clusters[0].taints[0].effect", "clusters[1].name",
        "current[0].name");
  }
}
