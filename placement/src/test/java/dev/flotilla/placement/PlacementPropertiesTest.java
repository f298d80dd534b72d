package dev.flotilla.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Invariants of the engine over random clusters, policies, totals and current assignments. */
class PlacementPropertiesTest {

  @Property(tries = 300)
  void everyReplicaIsPlacedOrReportedAndBoundsHold(@ForAll @IntRange(min = 1, max = 9) int clusterCount,
                                                   @ForAll @IntRange(min = 0, max = 80) int replicas,
                                                   @ForAll @IntRange(min = 0, max = 3) int kind,
                                                   @ForAll boolean steady, @ForAll long seed) {
    RandomScenario scenario = new RandomScenario(seed, clusterCount).withWeights(1).withCapacities(0.5)
        .withLimits(0.4, true);
    List<ClusterAssignment> current = steady ? randomCurrent(scenario) : List.of();
    PlacementRequest request = scenario.request(replicas, steady ? "Steady" : "Fresh",
        Fixtures.placement(scenario.strategy(kind)), current);
    PlacementResult result = PlacementEngine.place(request);

    assertThat(result.assignedReplicas() + result.unschedulable()).isEqualTo(replicas);
    assertThat(result.unschedulable()).isNotNegative();
    int sumOfReachableMinimums = 0;
    int sumOfCapacities = 0;
    for (ClusterInfo cluster : request.clusters()) {
      int cap = capacityOf(cluster, current);
      int reachableMin = Math.min(scenario.min.getOrDefault(cluster.name(), 0), cap);
      sumOfReachableMinimums += reachableMin;
      sumOfCapacities = saturatingAdd(sumOfCapacities, Math.min(cap, scenario.max.getOrDefault(cluster.name(),
          Integer.MAX_VALUE)));
    }
    for (ClusterInfo cluster : request.clusters()) {
      int placed = result.replicasOf(cluster.name());
      int cap = capacityOf(cluster, current);
      assertThat(placed).as("capacity of %s", cluster.name()).isLessThanOrEqualTo(cap);
      assertThat(placed).as("max of %s", cluster.name())
          .isLessThanOrEqualTo(scenario.max.getOrDefault(cluster.name(), Integer.MAX_VALUE));
      if (sumOfReachableMinimums <= replicas) {
        assertThat(placed).as("min of %s", cluster.name())
            .isGreaterThanOrEqualTo(Math.min(scenario.min.getOrDefault(cluster.name(), 0), cap));
      }
    }
    if (result.unschedulable() > 0) {
      assertThat(sumOfCapacities).as("replicas are unschedulable only when limits are exhausted")
          .isLessThan(replicas);
    }
  }

  @Property(tries = 200)
  void exclusionsHoldAndEveryClusterIsAccountedFor(@ForAll @IntRange(min = 1, max = 9) int clusterCount,
                                                  @ForAll @IntRange(min = 0, max = 40) int replicas,
                                                  @ForAll @IntRange(min = 0, max = 3) int kind,
                                                  @ForAll long seed) {
    RandomScenario scenario = new RandomScenario(seed, clusterCount).withWeights(0).withCapacities(0.3);
    Random random = new Random(seed ^ 0x5eed);
    List<ClusterInfo> clusters = new ArrayList<>();
    Set<String> forbidden = new HashSet<>();
    for (ClusterInfo cluster : scenario.clusters) {
      switch (random.nextInt(5)) {
        case 0 -> {
          clusters.add(Fixtures.withTaints(cluster, new Taint("dedicated", "x", Taint.NO_SCHEDULE)));
          forbidden.add(cluster.name());
        }
        case 1 -> {
          clusters.add(Fixtures.notReady(cluster));
          forbidden.add(cluster.name());
        }
        case 2 -> {
          clusters.add(cluster);
          forbidden.add(cluster.name()); // excluded by affinity below
        }
        default -> clusters.add(cluster);
      }
    }
    List<String> excludedByAffinity = clusters.stream().map(ClusterInfo::name)
        .filter(name -> forbidden.contains(name) && clusters.stream().noneMatch(c -> c.name().equals(name)
            && (!c.ready() || !c.taints().isEmpty()))).toList();
    Placement placement = new Placement(new ClusterAffinity(null, null, null, excludedByAffinity), null, null,
        List.of(new SpreadConstraint("zone", 1 + random.nextInt(4), 1)), scenario.strategy(kind));
    PlacementResult result = PlacementEngine.place(new PlacementRequest("k", replicas, "Fresh", placement,
        clusters, List.of()));

    Set<String> placed = new HashSet<>(RandomScenario.asMap(result).keySet());
    Set<String> excluded = new HashSet<>();
    result.excluded().forEach(reason -> excluded.add(reason.name()));
    assertThat(placed).noneMatch(forbidden::contains).noneMatch(excluded::contains);
    Set<String> all = new HashSet<>(placed);
    all.addAll(excluded);
    assertThat(all).hasSize(clusters.size());
    assertThat(result.excluded()).allMatch(reason -> !reason.reason().isBlank());
    for (ClusterInfo cluster : clusters) {
      if (scenario.weight.get(cluster.name()) == 0 && kind == 0) {
        assertThat(placed).doesNotContain(cluster.name());
      }
    }
  }

  @Property(tries = 150)
  void houseMonotoneInFreshMode(@ForAll @IntRange(min = 1, max = 9) int clusterCount,
                                @ForAll @IntRange(min = 0, max = 3) int kind, @ForAll long seed) {
    RandomScenario scenario = new RandomScenario(seed, clusterCount).withWeights(1).withCapacities(0.4)
        .withLimits(0.4, true);
    Placement placement = Fixtures.placement(scenario.strategy(kind));
    Map<String, Integer> previous = Map.of();
    for (int total = 0; total <= 60; total++) {
      PlacementRequest request = new PlacementRequest("ns/app", total, "Fresh", placement,
          scenario.clustersFor(List.of()), List.of());
      Map<String, Integer> next = RandomScenario.asMap(PlacementEngine.place(request));
      for (Map.Entry<String, Integer> entry : previous.entrySet()) {
        assertThat(next.getOrDefault(entry.getKey(), 0)).as("%s at %d replicas", entry.getKey(), total)
            .isGreaterThanOrEqualTo(entry.getValue());
      }
      previous = next;
    }
  }

  @Property(tries = 150)
  void houseMonotoneInSteadyModeFromThePreviousResult(@ForAll @IntRange(min = 1, max = 9) int clusterCount,
                                                      @ForAll @IntRange(min = 0, max = 3) int kind,
                                                      @ForAll long seed) {
    RandomScenario scenario = new RandomScenario(seed, clusterCount).withWeights(1).withCapacities(0.4)
        .withLimits(0.4, true);
    Placement placement = Fixtures.placement(scenario.strategy(kind));
    List<ClusterAssignment> current = randomCurrent(scenario);
    PlacementResult result = PlacementEngine.place(scenario.request(0, "Steady", placement, current));
    for (int total = 1; total <= 50; total++) {
      Map<String, Integer> previous = RandomScenario.asMap(result);
      result = PlacementEngine.place(new PlacementRequest("ns/app", total, "Steady", placement,
          scenario.clustersFor(result.clusters()), result.clusters()));
      for (Map.Entry<String, Integer> entry : previous.entrySet()) {
        assertThat(result.replicasOf(entry.getKey())).as("%s at %d replicas", entry.getKey(), total)
            .isGreaterThanOrEqualTo(entry.getValue());
      }
    }
  }

  @Property(tries = 200)
  void withinQuotaWhenNoBoundIsSet(@ForAll @IntRange(min = 1, max = 12) int clusterCount,
                                   @ForAll @IntRange(min = 0, max = 300) int replicas,
                                   @ForAll boolean steadyFromNothing, @ForAll long seed) {
    RandomScenario scenario = new RandomScenario(seed, clusterCount).withWeights(1);
    PlacementRequest request = new PlacementRequest("ns/app", replicas, steadyFromNothing ? "Steady" : "Fresh",
        Fixtures.placement(scenario.strategy(0)), scenario.clusters, List.of());
    PlacementResult result = PlacementEngine.place(request);

    long totalWeight = scenario.weight.values().stream().mapToLong(Long::longValue).sum();
    for (ClusterInfo cluster : scenario.clusters) {
      long numerator = (long) replicas * scenario.weight.get(cluster.name());
      long floor = numerator / totalWeight;
      long ceil = (numerator + totalWeight - 1) / totalWeight;
      assertThat((long) result.replicasOf(cluster.name())).as("%s, quota %d/%d", cluster.name(), numerator,
          totalWeight).isBetween(floor, ceil);
    }
  }

  @Property(tries = 200)
  void steadyRemovalMovesOnlyTheRemovedClustersReplicas(@ForAll @IntRange(min = 2, max = 9) int clusterCount,
                                                        @ForAll @IntRange(min = 0, max = 80) int replicas,
                                                        @ForAll @IntRange(min = 0, max = 3) int kind,
                                                        @ForAll long seed) {
    RandomScenario scenario = new RandomScenario(seed, clusterCount).withWeights(1).withCapacities(0.3)
        .withLimits(0.3, false);
    Placement placement = Fixtures.placement(scenario.strategy(kind));
    PlacementResult before = PlacementEngine.place(new PlacementRequest("ns/app", replicas, "Fresh", placement,
        scenario.clustersFor(List.of()), List.of()));
    String removed = scenario.clusters.get(scenario.random.nextInt(clusterCount)).name();
    List<ClusterInfo> remaining = scenario.clustersFor(before.clusters()).stream()
        .filter(cluster -> !cluster.name().equals(removed)).toList();
    PlacementResult after = PlacementEngine.place(new PlacementRequest("ns/app", replicas, "Steady", placement,
        remaining, before.clusters()));

    int gained = 0;
    for (ClusterInfo cluster : remaining) {
      int delta = after.replicasOf(cluster.name()) - before.replicasOf(cluster.name());
      assertThat(delta).as("%s must not lose replicas", cluster.name()).isNotNegative();
      gained += delta;
    }
    assertThat(gained).isLessThanOrEqualTo(before.replicasOf(removed));
    assertThat(gained + after.unschedulable()).isEqualTo(before.replicasOf(removed) + before.unschedulable());
  }

  @Property(tries = 150)
  void deterministicAndIndependentOfClusterOrder(@ForAll @IntRange(min = 1, max = 10) int clusterCount,
                                                 @ForAll @IntRange(min = 0, max = 60) int replicas,
                                                 @ForAll @IntRange(min = 0, max = 3) int kind,
                                                 @ForAll @LongRange(min = 0, max = 3) long spreadKind,
                                                 @ForAll boolean steady, @ForAll long seed) {
    RandomScenario scenario = new RandomScenario(seed, clusterCount).withWeights(0).withCapacities(0.4)
        .withLimits(0.3, true);
    List<SpreadConstraint> spread = switch ((int) spreadKind) {
      case 0 -> List.of();
      case 1 -> List.of(new SpreadConstraint("zone", 2, 1));
      case 2 -> List.of(new SpreadConstraint("region", 2, 2), new SpreadConstraint("cluster", 3, 1));
      default -> List.of(new SpreadConstraint("zone", 3, 2), new SpreadConstraint("cluster", 4, 2));
    };
    Placement placement = new Placement(null, null, null, spread, scenario.strategy(kind));
    List<ClusterAssignment> current = steady ? randomCurrent(scenario) : List.of();
    PlacementRequest request = scenario.request(replicas, steady ? "Steady" : "Fresh", placement, current);
    List<ClusterInfo> shuffled = new ArrayList<>(request.clusters());
    Collections.shuffle(shuffled, new Random(seed));
    List<ClusterAssignment> shuffledCurrent = new ArrayList<>(current);
    Collections.shuffle(shuffledCurrent, new Random(seed + 1));

    PlacementResult first = PlacementEngine.place(request);
    assertThat(PlacementEngine.place(request)).isEqualTo(first);
    assertThat(PlacementEngine.place(new PlacementRequest(request.key(), replicas, request.mode(), placement,
        shuffled, shuffledCurrent))).isEqualTo(first);
  }

  private static List<ClusterAssignment> randomCurrent(RandomScenario scenario) {
    List<ClusterAssignment> current = new ArrayList<>();
    for (ClusterInfo cluster : scenario.clusters) {
      if (scenario.random.nextBoolean()) {
        int cap = scenario.capacity.getOrDefault(cluster.name(), 30);
        int replicas = cap == 0 ? 0 : scenario.random.nextInt(cap + 1);
        current.add(new ClusterAssignment(cluster.name(), replicas));
      }
    }
    if (scenario.random.nextBoolean()) {
      current.add(new ClusterAssignment("vanished", 4)); // a cluster that no longer exists
    }
    return current;
  }

  private static int capacityOf(ClusterInfo cluster, List<ClusterAssignment> current) {
    if (cluster.availableReplicas() == null) {
      return Integer.MAX_VALUE;
    }
    int running = current.stream().filter(a -> a.name().equals(cluster.name())).mapToInt(ClusterAssignment::replicas)
        .sum();
    return running + cluster.availableReplicas();
  }

  private static int saturatingAdd(int a, int b) {
    long sum = (long) a + b;
    return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
  }
}
