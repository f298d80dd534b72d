package dev.flotilla.placement;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ClusterAffinity} compiled once per placement run against the run's {@link LabelTable}, so matching a
 * cluster compares label value ids in the cluster's row instead of walking the records' lists and every
 * cluster's label map. Same answers, phrase for phrase, as {@link ClusterAffinity#mismatch(ClusterInfo)}; the
 * input has been validated.
 */
final class ClusterMatcher {
  static final String EXCLUDED = "listed in exclude";
  static final String NOT_NAMED = "not in clusterNames";
  static final String LABELS_DIFFER = "labels do not match labelSelector";
  static final String FIELDS_DIFFER = "fields do not match fieldSelector";

  /** Lists up to this long are searched in place; longer ones get a hash set. */
  private static final int LINEAR_SEARCH_LIMIT = 8;

  private static final int IN = 0;
  private static final int NOT_IN = 1;
  private static final int EXISTS = 2;
  private static final int DOES_NOT_EXIST = 3;
  private static final int UNKNOWN_OPERATOR = 4;

  private final LabelTable table;
  /** Null when nothing is excluded. */
  private final StringSet exclude;
  /** Null when any name is allowed. */
  private final StringSet names;
  private final boolean hasLabelSelector;
  private final int[] matchLabelKeys;
  private final int[] matchLabelIds;
  private final Requirement[] labelRequirements;
  /** Null when there is no field selector. */
  private final Requirement[] fieldRequirements;

  ClusterMatcher(ClusterAffinity affinity, LabelTable table) {
    this.table = table;
    this.exclude = affinity.exclude().isEmpty() ? null : new StringSet(affinity.exclude());
    this.names = affinity.clusterNames().isEmpty() ? null : new StringSet(affinity.clusterNames());
    LabelSelector selector = affinity.labelSelector();
    this.hasLabelSelector = selector != null;
    if (selector == null) {
      matchLabelKeys = new int[0];
      matchLabelIds = new int[0];
      labelRequirements = new Requirement[0];
    } else {
      int size = selector.matchLabels().size();
      matchLabelKeys = new int[size];
      matchLabelIds = new int[size];
      int i = 0;
      for (Map.Entry<String, String> entry : selector.matchLabels().entrySet()) {
        matchLabelKeys[i] = table.key(entry.getKey());
        matchLabelIds[i] = table.id(matchLabelKeys[i], entry.getValue());
        i++;
      }
      labelRequirements = new Requirement[selector.matchExpressions().size()];
      for (int r = 0; r < labelRequirements.length; r++) {
        SelectorRequirement requirement = selector.matchExpressions().get(r);
        labelRequirements[r] = new Requirement(requirement, table.key(requirement.key()), table);
      }
    }
    FieldSelector fieldSelector = affinity.fieldSelector();
    if (fieldSelector == null) {
      fieldRequirements = null;
    } else {
      fieldRequirements = new Requirement[fieldSelector.matchExpressions().size()];
      for (int r = 0; r < fieldRequirements.length; r++) {
        SelectorRequirement requirement = fieldSelector.matchExpressions().get(r);
        int labelKey = switch (requirement.key()) {
          case FieldSelector.REGION -> table.key(ClusterInfo.REGION_LABEL);
          case FieldSelector.ZONE -> table.key(ClusterInfo.ZONE_LABEL);
          default -> Requirement.NOT_A_LABEL; // provider, read from the cluster itself
        };
        fieldRequirements[r] = new Requirement(requirement, labelKey, table);
      }
    }
  }

  /**
   * The label keys this matcher reads, when its answer depends on nothing else (no names, no provider); null
   * otherwise. Clusters with the same values of these keys get the same answer.
   */
  int[] labelKeysRead() {
    if (exclude != null || names != null) {
      return null;
    }
    int[] read = new int[0];
    for (int key : matchLabelKeys) {
      read = withKey(read, key);
    }
    for (Requirement requirement : labelRequirements) {
      read = withKey(read, requirement.labelKey);
    }
    if (fieldRequirements != null) {
      for (Requirement requirement : fieldRequirements) {
        if (requirement.labelKey == Requirement.NOT_A_LABEL) {
          return null;
        }
        read = withKey(read, requirement.labelKey);
      }
    }
    return read;
  }

  private static int[] withKey(int[] keys, int key) {
    for (int known : keys) {
      if (known == key) {
        return keys;
      }
    }
    int[] grown = java.util.Arrays.copyOf(keys, keys.length + 1);
    grown[keys.length] = key;
    return grown;
  }

  /** Whether the cluster at this name-order index matches. */
  boolean matches(int index, ClusterInfo cluster) {
    return mismatch(index, cluster) == null;
  }

  /** Why the cluster at this name-order index does not match (a constant phrase), or null when it matches. */
  String mismatch(int index, ClusterInfo cluster) {
    if (exclude != null && exclude.contains(cluster.name())) {
      return EXCLUDED;
    }
    if (names != null && !names.contains(cluster.name())) {
      return NOT_NAMED;
    }
    if (hasLabelSelector && !labelsMatch(table.rowStart(index))) {
      return LABELS_DIFFER;
    }
    if (fieldRequirements != null && !fieldsMatch(index, cluster)) {
      return FIELDS_DIFFER;
    }
    return null;
  }

  private boolean labelsMatch(int rowStart) {
    int[] cells = table.cells();
    for (int i = 0; i < matchLabelKeys.length; i++) {
      if (cells[rowStart + matchLabelKeys[i]] != matchLabelIds[i]) {
        return false;
      }
    }
    for (Requirement requirement : labelRequirements) {
      if (!requirement.matches(cells[rowStart + requirement.labelKey])) {
        return false;
      }
    }
    return true;
  }

  private boolean fieldsMatch(int index, ClusterInfo cluster) {
    for (Requirement requirement : fieldRequirements) {
      boolean matches;
      if (requirement.labelKey == Requirement.NOT_A_LABEL) {
        matches = requirement.matches(cluster.field(requirement.fieldName));
      } else {
        int rowStart = table.rowStart(index); // first: it allocates the cells on first use
        matches = requirement.matches(table.cells()[rowStart + requirement.labelKey]);
      }
      if (!matches) {
        return false;
      }
    }
    return true;
  }

  /**
   * One selector requirement with its operator decoded. On a label it compares value ids; on the provider field
   * it compares strings.
   */
  private static final class Requirement {
    static final int NOT_A_LABEL = -1;

    final int labelKey;
    final String fieldName;
    final int operator;
    /** Whether each value id of the key is among the values (ids numbered later are not). */
    private boolean[] listed = new boolean[0];
    private final StringSet values;

    Requirement(SelectorRequirement requirement, int labelKey, LabelTable table) {
      this.labelKey = labelKey;
      this.fieldName = requirement.key();
      this.operator = switch (String.valueOf(requirement.operator())) {
        case SelectorRequirement.IN -> IN;
        case SelectorRequirement.NOT_IN -> NOT_IN;
        case SelectorRequirement.EXISTS -> EXISTS;
        case SelectorRequirement.DOES_NOT_EXIST -> DOES_NOT_EXIST;
        default -> UNKNOWN_OPERATOR;
      };
      this.values = new StringSet(requirement.values());
      if (labelKey != NOT_A_LABEL) {
        for (String value : requirement.values()) {
          int id = table.id(labelKey, value);
          if (id >= listed.length) {
            listed = java.util.Arrays.copyOf(listed, Math.max(id + 1, 2 * listed.length));
          }
          listed[id] = true;
        }
      }
    }

    /** Same as {@link SelectorRequirement#matches(String)}, on a label value id. */
    boolean matches(int id) {
      boolean present = id != LabelTable.ABSENT;
      boolean isListed = present && id < listed.length && listed[id];
      return switch (operator) {
        case IN -> isListed;
        case NOT_IN -> !isListed;
        case EXISTS -> present;
        case DOES_NOT_EXIST -> !present;
        default -> false;
      };
    }

    /** Same as {@link SelectorRequirement#matches(String)}. */
    boolean matches(String actual) {
      return switch (operator) {
        case IN -> actual != null && values.contains(actual);
        case NOT_IN -> actual == null || !values.contains(actual);
        case EXISTS -> actual != null;
        case DOES_NOT_EXIST -> actual == null;
        default -> false;
      };
    }
  }

  /** Membership in a list of strings: a plain scan for short lists, a hash set for long ones. */
  private static final class StringSet {
    private final String[] small;
    private final Set<String> large;

    StringSet(List<String> values) {
      if (values.size() <= LINEAR_SEARCH_LIMIT) {
        small = values.toArray(new String[0]);
        large = null;
      } else {
        small = null;
        large = new HashSet<>(values);
      }
    }

    boolean contains(String value) {
      if (large != null) {
        return large.contains(value);
      }
      for (String candidate : small) {
        if (candidate.equals(value)) {
          return true;
        }
      }
      return false;
    }
  }
}
