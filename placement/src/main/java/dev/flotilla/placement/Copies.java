package dev.flotilla.placement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defensive, immutable copies that keep null elements, so the validator (not a constructor) can report
 * them with a field path.
 */
final class Copies {
  private Copies() {
  }

  static <T> List<T> list(List<T> source) {
    if (source == null || source.isEmpty()) {
      // One shared empty list (it answers contains(null) with false, as the copies do): most clusters have no
      // taints, and the engine reads every cluster's taints on every placement.
      return Collections.emptyList();
    }
    return Collections.unmodifiableList(new ArrayList<>(source));
  }

  static <K, V> Map<K, V> map(Map<K, V> source) {
    return source == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(source));
  }
}
