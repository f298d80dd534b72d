package dev.flotilla.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The label values one placement run reads, numbered. Every label key that the policy's selectors, weight and
 * limit rules, spread constraints or hierarchical weights read is known up front; each cluster's values for those
 * keys are read from its label map once, on first use, and stored as small integer ids (one id per distinct value
 * of a key). Matching and grouping then compare ids in one compact row per cluster instead of going back to every
 * cluster's label map (and its strings) in each step.
 */
final class LabelTable {
  /** The id of an absent label. */
  static final int ABSENT = -1;

  private final ClusterInfo[] clusters;
  private final Map<String, Integer> keyIndex = new HashMap<>();
  private final List<String> keys = new ArrayList<>();
  private final List<Map<String, Integer>> idsByKey = new ArrayList<>();
  private final List<List<String>> valuesByKey = new ArrayList<>();
  /** All rows in one array, {@link #width} cells per cluster; allocated when the first row is read. */
  private int[] cells;
  private boolean[] filled;
  private int width;
  /** {@link #keys} and {@link #idsByKey} as arrays once rows are read (the hot loop indexes them). */
  private String[] keyArray;
  private Map<String, Integer>[] idMaps;

  LabelTable(ClusterInfo[] clusters) {
    this.clusters = clusters;
  }

  /** Registers every label key the placement can read. Call before the first {@link #rowStart(int)}. */
  void registerKeysOf(Placement placement, boolean topology) {
    if (topology) {
      key(ClusterInfo.REGION_LABEL);
      key(ClusterInfo.ZONE_LABEL);
    }
    if (placement.clusterAffinity() != null) {
      registerKeysOf(placement.clusterAffinity());
    }
    for (ClusterAffinityTerm term : placement.clusterAffinities()) {
      registerKeysOf(term.toAffinity());
    }
    ReplicaSchedulingStrategy strategy = placement.replicaScheduling();
    if (strategy == null) {
      return;
    }
    for (ClusterReplicaLimit limit : strategy.clusterReplicaLimits()) {
      registerKeysOf(limit.targetCluster());
    }
    ClusterPreferences preferences = strategy.weightPreference();
    if (preferences == null) {
      return;
    }
    for (StaticClusterWeight rule : preferences.staticWeightList()) {
      registerKeysOf(rule.targetCluster());
    }
    if (preferences.hierarchicalWeights() != null) {
      for (RegionWeight region : preferences.hierarchicalWeights().regions()) {
        for (ZoneWeight zone : region.zones()) {
          for (StaticClusterWeight rule : zone.clusters()) {
            registerKeysOf(rule.targetCluster());
          }
        }
      }
    }
  }

  private void registerKeysOf(ClusterAffinity affinity) {
    LabelSelector selector = affinity.labelSelector();
    if (selector != null) {
      selector.matchLabels().keySet().forEach(this::key);
      selector.matchExpressions().forEach(requirement -> key(requirement.key()));
    }
    if (affinity.fieldSelector() != null) {
      for (SelectorRequirement requirement : affinity.fieldSelector().matchExpressions()) {
        switch (requirement.key()) {
          case FieldSelector.REGION -> key(ClusterInfo.REGION_LABEL);
          case FieldSelector.ZONE -> key(ClusterInfo.ZONE_LABEL);
          default -> {
            // provider is not a label
          }
        }
      }
    }
  }

  /** The index of a label key, registering it if new (only before the first row is read). */
  int key(String key) {
    Integer index = keyIndex.get(key);
    if (index != null) {
      return index;
    }
    if (cells != null) {
      throw new IllegalStateException("label key registered after rows were read: " + key);
    }
    keyIndex.put(key, keys.size());
    keys.add(key);
    idsByKey.add(new HashMap<>());
    valuesByKey.add(new ArrayList<>());
    return keys.size() - 1;
  }

  /** The id of a value of a key, numbering it if new. */
  int id(int key, String value) {
    Map<String, Integer> ids = idsByKey.get(key);
    Integer id = ids.get(value);
    if (id == null) {
      id = ids.size();
      ids.put(value, id);
      valuesByKey.get(key).add(value);
    }
    return id;
  }

  /** The value with an id, or null for {@link #ABSENT}. */
  String value(int key, int id) {
    return id == ABSENT ? null : valuesByKey.get(key).get(id);
  }

  /** How many distinct values of the key have ids so far. */
  int valueCount(int key) {
    return valuesByKey.get(key).size();
  }

  /**
   * Where the cluster's row starts in {@link #cells()}: its value id for key k ({@link #ABSENT} where the label
   * is missing) is at {@code rowStart + k}. The row is read from the cluster's labels on first use.
   */
  int rowStart(int cluster) {
    if (cells == null) {
      freeze();
    }
    int start = cluster * width;
    if (!filled[cluster]) {
      filled[cluster] = true;
      Map<String, String> labels = clusters[cluster].labels();
      for (int key = 0; key < width; key++) {
        String value = labels.get(keyArray[key]);
        if (value == null) {
          cells[start + key] = ABSENT;
        } else {
          Integer id = idMaps[key].get(value);
          cells[start + key] = id != null ? id : id(key, value);
        }
      }
    }
    return start;
  }

  @SuppressWarnings("unchecked")
  private void freeze() {
    width = keys.size();
    cells = new int[clusters.length * width];
    filled = new boolean[clusters.length];
    keyArray = keys.toArray(new String[0]);
    idMaps = idsByKey.toArray(new Map[0]);
  }

  /** The rows of all clusters; see {@link #rowStart(int)}. */
  int[] cells() {
    return cells;
  }
}
