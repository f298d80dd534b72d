package dev.flotilla.placement;

import java.util.List;
import java.util.Map;

/**
 * A Kubernetes label selector: every {@code matchLabels} entry and every {@code matchExpressions} requirement
 * must hold. An empty selector matches every cluster.
 *
 * @param matchLabels      labels that must be present with exactly these values
 * @param matchExpressions requirements that must all hold
 */
public record LabelSelector(Map<String, String> matchLabels, List<SelectorRequirement> matchExpressions) {
  public LabelSelector {
    matchLabels = Copies.map(matchLabels);
    matchExpressions = Copies.list(matchExpressions);
  }

  /** Whether the labels satisfy this selector. */
  public boolean matches(Map<String, String> labels) {
    for (Map.Entry<String, String> wanted : matchLabels.entrySet()) {
      if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
        return false;
      }
    }
    for (SelectorRequirement requirement : matchExpressions) {
      if (!requirement.matches(labels.get(requirement.key()))) {
        return false;
      }
    }
    return true;
  }
}
