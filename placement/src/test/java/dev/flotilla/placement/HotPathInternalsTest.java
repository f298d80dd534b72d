package dev.flotilla.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The structures of the engine's hot path against the plain computations they stand for: hashing from a shared
 * prefix, label value numbering, the radix sort of packed names, memoized weight rules, and the merge of the
 * current assignment with the sorted clusters.
 */
class HotPathInternalsTest {

  @Test
  void hashFromASharedPrefixEqualsTheHashOfTheWholeName() {
    String[] keys = {"", "shop/web", "ünïcode/1"};
    String[] names = {"member-00017", "member-00018", "member-", "m", "", "member-é1", "member-\u4e16", "été-1",
        "member-00017\u00ff"};
    for (String key : keys) {
      long keyState = StableHash.keyState(key);
      for (String name : names) {
        for (int prefix = 0; prefix <= name.length(); prefix++) {
          int ascii = StableHash.asciiLength(name, prefix);
          assertThat(ascii).isLessThanOrEqualTo(prefix);
          long state = StableHash.prefixState(keyState, name, ascii);
          assertThat(StableHash.of(state, name, ascii)).as("%s / %s from %d", key, name, ascii)
              .isEqualTo(StableHash.of(key, name));
        }
      }
    }
    assertThat(StableHash.asciiLength("ab\u00e9cd", 10)).isEqualTo(2);
  }

  @Test
  void valueIdsNumberValuesInOrderOfFirstSightByEquality() {
    LabelTable.ValueIds ids = new LabelTable.ValueIds();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      values.add("value-" + i);
    }
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < values.size(); i++) {
        String equalButNotSame = new String(values.get(i).toCharArray());
        assertThat(ids.id(equalButNotSame)).isEqualTo(i);
      }
    }
    assertThat(ids.count).isEqualTo(200);
    assertThat(ids.values[123]).isEqualTo("value-123");
    // Values whose hash codes collide still get their own ids.
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    assertThat(ids.id("Aa")).isEqualTo(200);
    assertThat(ids.id("BB")).isEqualTo(201);
    assertThat(ids.id("Aa")).isEqualTo(200);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void radixSortOfPackedNamesOrdersByTheirCharacters(long seed) {
    Random random = new Random(seed);
    for (int round = 0; round < 30; round++) {
      int count = 1 + random.nextInt(2000);
      int indexBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, count - 1));
      long[] packed = new long[count];
      int differingBytes = 1 + random.nextInt(6);
      for (int i = 0; i < count; i++) {
        long characters = random.nextLong() & ((1L << (8 * differingBytes)) - 1);
        if (random.nextInt(4) == 0) {
          characters &= 0xff00ff; // many keys that agree on whole bytes, and ties
        }
        characters &= (1L << (63 - indexBits)) - 1;
        packed[i] = characters << indexBits | i;
      }
      long[] expected = packed.clone();
      Arrays.sort(expected); // ties keep index order, as the stable radix sort must
      NameOrder.sortByCharacters(packed, indexBits);
      assertThat(packed).containsExactly(expected);
    }
  }

  @Test
  void nameOrderKeepsTheListOrderOfEqualNames() {
    List<ClusterInfo> clusters = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      clusters.add(ClusterInfo.of("member-" + (i % 150), Map.of()));
    }
    Collections.shuffle(clusters, new Random(3));
    int[] order = NameOrder.order(clusters);
    for (int i = 1; i < order.length; i++) {
      String before = clusters.get(order[i - 1]).name();
      String after = clusters.get(order[i]).name();
      assertThat(before.compareTo(after)).isLessThanOrEqualTo(0);
      if (before.equals(after)) {
        assertThat(order[i - 1]).isLessThan(order[i]);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void memoizedWeightRulesAnswerAsMatchingEveryRule(long seed) {
    Random random = new Random(seed);
    String[] tiers = {"gold", "silver", "bronze"};
    List<ClusterInfo> clusters = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Map<String, String> labels = new LinkedHashMap<>();
      if (random.nextInt(10) != 0) {
        labels.put("tier", tiers[random.nextInt(3)]);
      }
      labels.put(ClusterInfo.REGION_LABEL, "r" + random.nextInt(3));
      if (random.nextBoolean()) {
        labels.put("env", random.nextBoolean() ? "prod" : "dev");
      }
      clusters.add(new ClusterInfo("c" + i, labels, List.of(), true, null, random.nextBoolean() ? "aws" : null));
    }
    for (int round = 0; round < 40; round++) {
      List<StaticClusterWeight> rules = new ArrayList<>();
      for (int r = random.nextInt(5); r >= 0; r--) {
        rules.add(new StaticClusterWeight(randomTarget(random, tiers, clusters), random.nextInt(4)));
      }
      ClusterInfo[] sorted = clusters.toArray(new ClusterInfo[0]);
      NameOrder.sort(sorted);
      LabelTable table = new LabelTable(sorted);
      for (StaticClusterWeight rule : rules) {
        registerKeys(table, rule.targetCluster());
      }
      WeightRules compiled = new WeightRules(rules, table);
      for (int index = 0; index < sorted.length; index++) {
        long expected = WeightRules.NO_MATCH;
        for (StaticClusterWeight rule : rules) {
          if (rule.weight() > expected && rule.targetCluster().matches(sorted[index])) {
            expected = rule.weight();
          }
        }
        assertThat(compiled.highest(index, sorted[index])).as("round %d, %s", round, sorted[index])
            .isEqualTo(expected);
      }
    }
  }

  private static void registerKeys(LabelTable table, ClusterAffinity affinity) {
    if (affinity.labelSelector() != null) {
      affinity.labelSelector().matchLabels().keySet().forEach(table::key);
      affinity.labelSelector().matchExpressions().forEach(requirement -> table.key(requirement.key()));
    }
    if (affinity.fieldSelector() != null) {
      table.key(ClusterInfo.REGION_LABEL);
    }
  }

  /** Targets that read one label, two, none, names (not memoized) or the provider field (not memoized). */
  private static ClusterAffinity randomTarget(Random random, String[] tiers, List<ClusterInfo> clusters) {
    return switch (random.nextInt(6)) {
      case 0 -> new ClusterAffinity(new LabelSelector(Map.of("tier", tiers[random.nextInt(3)]), null), null, null,
          null);
      case 1 -> new ClusterAffinity(new LabelSelector(Map.of("env", "prod"), List.of(new SelectorRequirement("tier",
          random.nextBoolean() ? SelectorRequirement.NOT_IN : SelectorRequirement.IN, List.of("gold")))), null, null,
          null);
      case 2 -> new ClusterAffinity(new LabelSelector(null, List.of(new SelectorRequirement("tier",
          random.nextBoolean() ? SelectorRequirement.EXISTS : SelectorRequirement.DOES_NOT_EXIST, List.of()))),
          new FieldSelector(List.of(new SelectorRequirement(FieldSelector.REGION, SelectorRequirement.IN,
              List.of("r1")))), null, null);
      case 3 -> new ClusterAffinity(null, null, null, null);
      case 4 -> ClusterAffinity.names(clusters.get(random.nextInt(clusters.size())).name());
      default -> new ClusterAffinity(null, new FieldSelector(List.of(new SelectorRequirement(FieldSelector.PROVIDER,
          SelectorRequirement.IN, List.of("aws")))), null, null);
    };
  }

  @Test
  void theOrderOfTheCurrentAssignmentDoesNotMatter() {
    List<ClusterInfo> clusters = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      clusters.add(Fixtures.cluster(String.format("member-%03d", i), "r" + i % 2, "z" + i % 4));
    }
    Placement placement = Fixtures.placement(Fixtures.divided(null));
    PlacementResult previous = PlacementEngine.place(
        new PlacementRequest("ns/app", 100, PlacementRequest.FRESH, placement, clusters, List.of()));
    List<ClusterAssignment> sorted = new ArrayList<>(previous.clusters());
    sorted.add(0, new ClusterAssignment("gone-a", 3)); // unknown clusters are ignored wherever they sort
    sorted.add(new ClusterAssignment("member-050x", 2));
    sorted.add(new ClusterAssignment("zz-gone", 1));
    sorted.sort(Comparator.comparing(ClusterAssignment::name));
    List<ClusterAssignment> shuffled = new ArrayList<>(sorted);
    Collections.shuffle(shuffled, new Random(5));

    PlacementResult fromSorted = PlacementEngine.place(
        new PlacementRequest("ns/app", 130, PlacementRequest.STEADY, placement, clusters, sorted));
    PlacementResult fromShuffled = PlacementEngine.place(
        new PlacementRequest("ns/app", 130, PlacementRequest.STEADY, placement, clusters, shuffled));
    assertThat(fromSorted).isEqualTo(fromShuffled);
    for (ClusterAssignment before : previous.clusters()) {
      assertThat(fromSorted.replicasOf(before.name())).isGreaterThanOrEqualTo(before.replicas()); // it grew
    }
  }

  @Test
  void aRepeatedNameInTheCurrentAssignmentIsReportedSortedOrNot() {
    List<ClusterInfo> clusters = List.of(Fixtures.cluster("a", "r", "z"), Fixtures.cluster("b", "r", "z"));
    Placement placement = Fixtures.placement(Fixtures.divided(null));
    for (List<ClusterAssignment> current : List.of(
        List.of(new ClusterAssignment("a", 1), new ClusterAssignment("a", 2)),
        List.of(new ClusterAssignment("b", 1), new ClusterAssignment("a", 2), new ClusterAssignment("b", 3)),
        List.of(new ClusterAssignment("x", 1), new ClusterAssignment("x", 2)))) {
      PlacementRequest request = new PlacementRequest("k", 4, PlacementRequest.STEADY, placement, clusters, current);
      assertThatThrownBy(() -> PlacementEngine.place(request))
          .isInstanceOfSatisfying(PlacementValidationException.class, e -> assertThat(e.errors())
              .isEqualTo(PlacementPolicyValidator.validateRequest(request))
              .extracting(FieldError::message).anyMatch(message -> message.startsWith("duplicate cluster name")));
    }
  }
}
