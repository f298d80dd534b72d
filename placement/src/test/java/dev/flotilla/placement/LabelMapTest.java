package dev.flotilla.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The labels ClusterInfo keeps behave as the read-only LinkedHashMap copy they replace. */
class LabelMapTest {

  @ParameterizedTest(name = "{0} labels")
  @ValueSource(ints = {0, 1, 4, 16, 17, 40, 300})
  void answersAsTheMapItCopies(int size) {
    Random random = new Random(size);
    Map<String, String> source = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      source.put("key-" + random.nextInt(1000) + "/" + i, random.nextInt(5) == 0 ? null : "v" + random.nextInt(3));
    }
    Map<String, String> expected = Collections.unmodifiableMap(new LinkedHashMap<>(source));
    LabelMap labels = LabelMap.copyOf(source);

    assertThat(labels).isEqualTo(expected);
    assertThat(expected).isEqualTo(labels);
    assertThat(labels.hashCode()).isEqualTo(expected.hashCode());
    assertThat(labels.toString()).isEqualTo(expected.toString());
    assertThat(new ArrayList<>(labels.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
    assertThat(labels.size()).isEqualTo(expected.size());
    for (String key : source.keySet()) {
      String equalButNotSame = new String(key.toCharArray()); // lookups by equal keys, not only the same ones
      assertThat(labels.get(equalButNotSame)).isEqualTo(expected.get(key));
      assertThat(labels.containsKey(equalButNotSame)).isTrue();
    }
    assertThat(labels.get("missing")).isNull();
    assertThat(labels.containsKey("missing")).isFalse();
    assertThat(labels.get(42)).isNull();
    List<String> visited = new ArrayList<>();
    labels.forEach((key, value) -> visited.add(key + "=" + value));
    List<String> expectedVisits = new ArrayList<>();
    expected.forEach((key, value) -> expectedVisits.add(key + "=" + value));
    assertThat(visited).isEqualTo(expectedVisits);
  }

  @Test
  void keepsNullKeysAndValuesAndKnowsWhetherItIsWellFormed() {
    Map<String, String> source = new HashMap<>();
    source.put(null, "x");
    source.put("a", null);
    LabelMap labels = LabelMap.copyOf(source);
    assertThat(labels.get(null)).isEqualTo("x");
    assertThat(labels.containsKey("a")).isTrue();
    assertThat(labels.get("a")).isNull();
    assertThat(labels.wellFormed()).isFalse();

    assertThat(LabelMap.copyOf(Map.of(" ", "x")).wellFormed()).isFalse();
    assertThat(LabelMap.copyOf(Map.of("a", "")).wellFormed()).isTrue();
    assertThat(LabelMap.copyOf(null)).isEmpty();
    assertThat(LabelMap.copyOf(null).wellFormed()).isTrue();
    LabelMap copy = LabelMap.copyOf(Map.of("a", "b"));
    assertThat(LabelMap.copyOf(copy)).isSameAs(copy);
  }

  @Test
  void largeMapsFindNullKeysAndEqualKeysThroughTheirIndex() {
    Map<String, String> source = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      source.put("k" + i, "v" + i);
    }
    source.put(null, "null key");
    LabelMap labels = LabelMap.copyOf(source);
    assertThat(labels.get(null)).isEqualTo("null key");
    assertThat(labels.get(new String("k49"))).isEqualTo("v49");
    assertThat(labels.containsKey("k50")).isFalse();
    assertThat(labels.get(7)).isNull();
  }

  @Test
  void isReadOnly() {
    LabelMap labels = LabelMap.copyOf(Map.of("a", "b"));
    assertThatThrownBy(() -> labels.put("c", "d")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> labels.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(labels::clear).isInstanceOf(UnsupportedOperationException.class);
    // Mutators that would change nothing still refuse, as Collections.unmodifiableMap's do.
    assertThatThrownBy(() -> labels.putIfAbsent("a", "b")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> labels.computeIfAbsent("a", k -> "b"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> labels.merge("a", "b", (x, y) -> x)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> labels.entrySet().iterator().next().setValue("c"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> labels.keySet().remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(labels).containsExactly(Map.entry("a", "b"));
  }

  @Test
  void clusterInfoKeepsItsLabelsAsALabelMap() {
    Map<String, String> source = new LinkedHashMap<>(Map.of("a", "b"));
    ClusterInfo cluster = ClusterInfo.of("c", source);
    source.put("later", "change");
    assertThat(cluster.labels()).isInstanceOf(LabelMap.class).containsExactly(Map.entry("a", "b"));
  }
}
