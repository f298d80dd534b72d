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
  private final List<ValueIds> idsByKey = new ArrayList<>();
  /** All rows in one array, {@link #width} cells per cluster; allocated when the first row is read. */
  private int[] cells;
  private boolean[] filled;
  private int width;
  /** {@link #keys} and {@link #idsByKey} as arrays once rows are read (the hot loop indexes them). */
  private String[] keyArray;
  private ValueIds[] idArray;

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
    idsByKey.add(new ValueIds());
    return keys.size() - 1;
  }

  /** The id of a (non-null) value of a key, numbering it if new. */
  int id(int key, String value) {
    return idsByKey.get(key).id(value);
  }

  /** The value with an id, or null for {@link #ABSENT}. */
  String value(int key, int id) {
    return id == ABSENT ? null : (idArray != null ? idArray[key] : idsByKey.get(key)).values[id];
  }

  /** How many distinct values of the key have ids so far. */
  int valueCount(int key) {
    return idsByKey.get(key).count;
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
        cells[start + key] = value == null ? ABSENT : idArray[key].id(value);
      }
    }
    return start;
  }

  /**
   * Reads every cluster's row now, taking the clusters in the order of the request's list ({@code rowOf[j]} is
   * the row of the j-th cluster of that list): that is usually the order they were built in, and so the order
   * their labels lie in memory.
   */
  void readAllRows(int[] rowOf) {
    if (cells == null) {
      freeze();
    }
    if (width == 0) {
      return;
    }
    for (int row : rowOf) {
      if (!filled[row]) {
        filled[row] = true;
        Map<String, String> labels = clusters[row].labels();
        int start = row * width;
        for (int key = 0; key < width; key++) {
          String value = labels.get(keyArray[key]);
          cells[start + key] = value == null ? ABSENT : idArray[key].id(value);
        }
      }
    }
  }

  private void freeze() {
    width = keys.size();
    cells = new int[clusters.length * width];
    filled = new boolean[clusters.length];
    keyArray = keys.toArray(new String[0]);
    idArray = idsByKey.toArray(new ValueIds[0]);
  }

  /** The rows of all clusters; see {@link #rowStart(int)}. */
  int[] cells() {
    return cells;
  }

  /**
   * The values of one key numbered 0, 1, ... in order of first sight: an open-addressing table of the values with
   * their cached hash codes and ids side by side, so a lookup reads no map node and unboxes no id.
   */
  static final class ValueIds {
    /** Values by id. */
    String[] values = new String[8];
    int count;
    private String[] slots = new String[16];
    private int[] slotHashes = new int[16];
    private int[] slotIds = new int[16];

    /** The id of a non-null value, numbering it if new. */
    int id(String value) {
      int hash = value.hashCode();
      int mask = slots.length - 1;
      int slot = slotOf(hash, mask);
      for (String held; (held = slots[slot]) != null; slot = (slot + 1) & mask) {
        if (held == value || (slotHashes[slot] == hash && held.equals(value))) {
          return slotIds[slot];
        }
      }
      if (count == values.length) {
        values = java.util.Arrays.copyOf(values, count * 2);
      }
      values[count] = value;
      slots[slot] = value;
      slotHashes[slot] = hash;
      slotIds[slot] = count;
      if (++count * 2 > slots.length) {
        rehash();
      }
      return count - 1;
    }

    private void rehash() {
      int size = slots.length * 2;
      slots = new String[size];
      slotHashes = new int[size];
      slotIds = new int[size];
      for (int id = 0; id < count; id++) {
        int hash = values[id].hashCode();
        int slot = slotOf(hash, size - 1);
        while (slots[slot] != null) {
          slot = (slot + 1) & (size - 1);
        }
        slots[slot] = values[id];
        slotHashes[slot] = hash;
        slotIds[slot] = id;
      }
    }

    private static int slotOf(int hash, int mask) {
      int mixed = hash * 0x9e3779b9;
      return (mixed ^ mixed >>> 16) & mask;
    }
  }
}
