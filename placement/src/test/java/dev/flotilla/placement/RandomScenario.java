package dev.flotilla.placement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random clusters and policies for the property tests. Capacity is kept as a total per cluster so that
 * {@code availableReplicas} can be derived from whatever the cluster currently runs, as an agent would report it.
 */
final class RandomScenario {
  final Random random;
  final List<ClusterInfo> clusters = new ArrayList<>();
  /** Total replicas each cluster could run (null = unknown). */
  final Map<String, Integer> capacity = new HashMap<>();
  final Map<String, Long> weight = new HashMap<>();
  final Map<String, Integer> min = new HashMap<>();
  final Map<String, Integer> max = new HashMap<>();

  RandomScenario(long seed, int clusterCount) {
    this.random = new Random(seed);
    for (int i = 0; i < clusterCount; i++) {
      String name = "c" + i + "-" + Integer.toString(random.nextInt(1000), 36);
      clusters.add(Fixtures.cluster(name, "r" + random.nextInt(3), "z" + random.nextInt(5)));
    }
  }

  /** A skewed weight: usually small, sometimes huge, so quota violations of plain Webster would show. */
  long randomWeight(int minimum) {
    return switch (random.nextInt(4)) {
      case 0 -> minimum + random.nextInt(3);
      case 1 -> minimum + random.nextInt(20);
      case 2 -> 1 + random.nextInt(200);
      default -> 1 + random.nextInt(20_000);
    };
  }

  RandomScenario withWeights(int minimum) {
    for (ClusterInfo cluster : clusters) {
      weight.put(cluster.name(), randomWeight(minimum));
    }
    return this;
  }

  RandomScenario withCapacities(double probability) {
    for (ClusterInfo cluster : clusters) {
      if (random.nextDouble() < probability) {
        capacity.put(cluster.name(), random.nextInt(25));
      }
    }
    return this;
  }

  RandomScenario withLimits(double probability, boolean minimums) {
    for (ClusterInfo cluster : clusters) {
      if (random.nextDouble() < probability) {
        int low = minimums ? random.nextInt(6) : 0;
        min.put(cluster.name(), low);
        max.put(cluster.name(), low + random.nextInt(15));
      }
    }
    return this;
  }

  /** One Divided strategy: static weights, equal, dynamic by capacity, or aggregated. */
  ReplicaSchedulingStrategy strategy(int kind) {
    List<ClusterReplicaLimit> limits = new ArrayList<>();
    for (String name : min.keySet()) {
      limits.add(Fixtures.limit(name, min.get(name), max.get(name)));
    }
    Collections.sort(limits, (a, b) -> a.targetCluster().clusterNames().get(0)
        .compareTo(b.targetCluster().clusterNames().get(0)));
    ClusterPreferences preferences = switch (kind) {
      case 0 -> staticWeights();
      case 1 -> null;
      case 2 -> new ClusterPreferences(null, ClusterPreferences.AVAILABLE_REPLICAS, null);
      default -> null;
    };
    String division = kind == 3 ? ReplicaSchedulingStrategy.AGGREGATED : ReplicaSchedulingStrategy.WEIGHTED;
    return new ReplicaSchedulingStrategy(ReplicaSchedulingStrategy.DIVIDED, division, preferences, limits);
  }

  ClusterPreferences staticWeights() {
    List<StaticClusterWeight> rules = new ArrayList<>();
    for (ClusterInfo cluster : clusters) {
      if (weight.containsKey(cluster.name())) {
        rules.add(new StaticClusterWeight(ClusterAffinity.names(cluster.name()), weight.get(cluster.name())));
      }
    }
    return new ClusterPreferences(rules, null, null);
  }

  /** The clusters with availableReplicas derived from their capacity and the given current assignment. */
  List<ClusterInfo> clustersFor(List<ClusterAssignment> current) {
    Map<String, Integer> running = new HashMap<>();
    for (ClusterAssignment assignment : current) {
      running.put(assignment.name(), assignment.replicas());
    }
    List<ClusterInfo> result = new ArrayList<>();
    for (ClusterInfo cluster : clusters) {
      Integer total = capacity.get(cluster.name());
      Integer available = total == null ? null : Math.max(0, total - running.getOrDefault(cluster.name(), 0));
      result.add(new ClusterInfo(cluster.name(), cluster.labels(), cluster.taints(), cluster.ready(), available,
          cluster.provider()));
    }
    return result;
  }

  PlacementRequest request(int replicas, String mode, Placement placement, List<ClusterAssignment> current) {
    return new PlacementRequest("ns/app-" + random.nextInt(5), replicas, mode, placement, clustersFor(current),
        current);
  }

  static Map<String, Integer> asMap(PlacementResult result) {
    Map<String, Integer> map = new HashMap<>();
    for (ClusterAssignment assignment : result.clusters()) {
      map.put(assignment.name(), assignment.replicas());
    }
    return map;
  }
}
