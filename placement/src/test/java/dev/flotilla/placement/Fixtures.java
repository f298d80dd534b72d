package dev.flotilla.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders that keep the test tables readable. */
final class Fixtures {
  private Fixtures() {
  }

  static ClusterInfo cluster(String name, String region, String zone) {
    return new ClusterInfo(name, topology(region, zone), List.of(), true, null, null);
  }

  static ClusterInfo cluster(String name, String region, String zone, Integer available) {
    return new ClusterInfo(name, topology(region, zone), List.of(), true, available, null);
  }

  static Map<String, String> topology(String region, String zone) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (region != null) {
      labels.put(ClusterInfo.REGION_LABEL, region);
    }
    if (zone != null) {
      labels.put(ClusterInfo.ZONE_LABEL, zone);
    }
    return labels;
  }

  static ClusterInfo withLabel(ClusterInfo cluster, String key, String value) {
    Map<String, String> labels = new LinkedHashMap<>(cluster.labels());
    labels.put(key, value);
    return new ClusterInfo(cluster.name(), labels, cluster.taints(), cluster.ready(), cluster.availableReplicas(),
        cluster.provider());
  }

  static ClusterInfo withTaints(ClusterInfo cluster, Taint... taints) {
    return new ClusterInfo(cluster.name(), cluster.labels(), List.of(taints), cluster.ready(),
        cluster.availableReplicas(), cluster.provider());
  }

  static ClusterInfo notReady(ClusterInfo cluster) {
    return new ClusterInfo(cluster.name(), cluster.labels(), cluster.taints(), false, cluster.availableReplicas(),
        cluster.provider());
  }

  /** Clusters a, b, c in eu/eu-1, d in eu/eu-2, e in us/us-1. */
  static List<ClusterInfo> fiveClusters() {
    return List.of(cluster("a", "eu", "eu-1"), cluster("b", "eu", "eu-1"), cluster("c", "eu", "eu-1"),
        cluster("d", "eu", "eu-2"), cluster("e", "us", "us-1"));
  }

  static ReplicaSchedulingStrategy divided(ClusterPreferences preferences, ClusterReplicaLimit... limits) {
    return new ReplicaSchedulingStrategy(ReplicaSchedulingStrategy.DIVIDED, ReplicaSchedulingStrategy.WEIGHTED,
        preferences, Arrays.asList(limits));
  }

  static ReplicaSchedulingStrategy aggregated(ClusterReplicaLimit... limits) {
    return new ReplicaSchedulingStrategy(ReplicaSchedulingStrategy.DIVIDED, ReplicaSchedulingStrategy.AGGREGATED,
        null, Arrays.asList(limits));
  }

  static ReplicaSchedulingStrategy duplicated() {
    return new ReplicaSchedulingStrategy(ReplicaSchedulingStrategy.DUPLICATED, null, null, null);
  }

  static ClusterPreferences weights(Object... nameWeightPairs) {
    List<StaticClusterWeight> rules = new ArrayList<>();
    for (int i = 0; i < nameWeightPairs.length; i += 2) {
      rules.add(new StaticClusterWeight(ClusterAffinity.names((String) nameWeightPairs[i]),
          ((Number) nameWeightPairs[i + 1]).longValue()));
    }
    return new ClusterPreferences(rules, null, null);
  }

  static ClusterReplicaLimit limit(String name, Integer min, Integer max) {
    return new ClusterReplicaLimit(ClusterAffinity.names(name), min, max);
  }

  static Placement placement(ReplicaSchedulingStrategy scheduling) {
    return new Placement(null, null, null, null, scheduling);
  }

  static PlacementRequest request(int replicas, Placement placement, List<ClusterInfo> clusters) {
    return new PlacementRequest("shop/web", replicas, PlacementRequest.FRESH, placement, clusters, List.of());
  }

  /** Parses "a=2,b=3" into an assignment list. */
  static List<ClusterAssignment> assignment(String spec) {
    List<ClusterAssignment> result = new ArrayList<>();
    if (spec.isBlank()) {
      return result;
    }
    for (String part : spec.split(",")) {
      String[] nameAndCount = part.trim().split("=");
      result.add(new ClusterAssignment(nameAndCount[0], Integer.parseInt(nameAndCount[1])));
    }
    return result;
  }

  /** Renders a result's assignment as "a=2,b=3" (name order). */
  static String render(PlacementResult result) {
    StringBuilder text = new StringBuilder();
    for (ClusterAssignment assignment : result.clusters()) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(assignment.name()).append('=').append(assignment.replicas());
    }
    return text.toString();
  }

  static List<String> names(String csv) {
    return csv.isBlank() ? List.of() : Arrays.asList(csv.split(","));
  }
}
