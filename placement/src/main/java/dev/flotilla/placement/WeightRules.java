package dev.flotilla.placement;

import java.util.Arrays;
import java.util.List;

/**
 * A list of weight rules ({@code staticWeightList}, or a zone's cluster rules in {@code hierarchicalWeights})
 * compiled for one placement run: a cluster's weight is the highest weight of the rules that match it.
 *
 * <p>When the rules read nothing but labels (no {@code clusterNames}, {@code exclude} or {@code provider}), the
 * answer depends only on the cluster's values of the few label keys they read, and clusters share few such
 * values (a tier, a region). The answer is then kept per combination of value ids, and each further cluster with
 * the same combination costs one lookup instead of matching every rule.
 */
final class WeightRules {
  /** {@link #highest} when no rule matches. */
  static final long NO_MATCH = -1;
  /** Memo slot not yet computed (weights are never negative, and NO_MATCH is -1). */
  private static final long UNKNOWN = Long.MIN_VALUE;
  /** Value ids fit in this many bits each when up to three keys are packed into one memo key. */
  private static final int ID_BITS = 21;

  private final LabelTable table;
  private final long[] weights;
  private final ClusterMatcher[] matchers;
  /** The label keys the rules read, when that is all they read; null when the answer is not kept. */
  private final int[] keys;
  /** One key: answers by value id + 1 (0 = label absent). */
  private long[] byValue = new long[0];
  /** No key (every rule matches everything) or several keys: answers by packed value ids. */
  private final LongMap<Long> byValues = new LongMap<>();

  WeightRules(List<StaticClusterWeight> rules, LabelTable table) {
    this.table = table;
    this.weights = new long[rules.size()];
    this.matchers = new ClusterMatcher[rules.size()];
    int[] read = new int[0];
    boolean labelsOnly = true;
    for (int i = 0; i < matchers.length; i++) {
      weights[i] = rules.get(i).weight();
      matchers[i] = new ClusterMatcher(rules.get(i).targetCluster(), table);
      int[] ruleKeys = matchers[i].labelKeysRead();
      if (ruleKeys == null) {
        labelsOnly = false;
      } else {
        for (int key : ruleKeys) {
          if (Arrays.stream(read).noneMatch(k -> k == key)) {
            read = Arrays.copyOf(read, read.length + 1);
            read[read.length - 1] = key;
          }
        }
      }
    }
    this.keys = labelsOnly && read.length <= 3 ? read : null;
  }

  /** The highest weight among the rules matching the cluster at this name-order index, or {@link #NO_MATCH}. */
  long highest(int index, ClusterInfo cluster) {
    if (keys == null) {
      return evaluate(index, cluster);
    }
    int rowStart = keys.length == 0 ? 0 : table.rowStart(index);
    int[] cells = table.cells();
    if (keys.length == 1) {
      int slot = cells[rowStart + keys[0]] + 1; // ABSENT (-1) takes slot 0
      if (slot >= byValue.length) {
        int grown = byValue.length;
        byValue = Arrays.copyOf(byValue, Math.max(slot + 1, 2 * byValue.length));
        Arrays.fill(byValue, grown, byValue.length, UNKNOWN);
      }
      long known = byValue[slot];
      if (known == UNKNOWN) {
        known = evaluate(index, cluster);
        byValue[slot] = known;
      }
      return known;
    }
    long packed = 0;
    for (int key : keys) {
      int slot = cells[rowStart + key] + 1;
      if (slot >>> ID_BITS != 0) {
        return evaluate(index, cluster); // more distinct values than the packing holds: match directly
      }
      packed = packed << ID_BITS | slot;
    }
    Long known = byValues.get(packed);
    if (known == null) {
      known = evaluate(index, cluster);
      byValues.put(packed, known);
    }
    return known;
  }

  private long evaluate(int index, ClusterInfo cluster) {
    long best = NO_MATCH;
    for (int i = 0; i < matchers.length; i++) {
      if (weights[i] > best && matchers[i].matches(index, cluster)) {
        best = weights[i];
      }
    }
    return best;
  }
}
