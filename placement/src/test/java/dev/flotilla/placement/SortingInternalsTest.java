package dev.flotilla.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's packed-key sorts against the plain comparator sorts they replace, on inputs built to hit their
 * edge cases: names that share long prefixes or whole packed windows, characters beyond 8 bits, names that are
 * prefixes of others, and hashes whose top bits (or all bits) tie.
 */
class SortingInternalsTest {

  @ParameterizedTest(name = "names seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void nameOrderSortsLikeStringCompareTo(long seed) {
    Random random = new Random(seed);
    for (int round = 0; round < 40; round++) {
      List<String> names = randomDistinctNames(random, 1 + random.nextInt(400));
      ClusterInfo[] clusters = names.stream().map(name -> ClusterInfo.of(name, Map.of())).toArray(ClusterInfo[]::new);
      NameOrder.sort(clusters);
      List<String> expected = new ArrayList<>(names);
      expected.sort(Comparator.naturalOrder());
      assertThat(Arrays.stream(clusters).map(ClusterInfo::name).toList()).isEqualTo(expected);
    }
  }

  private static List<String> randomDistinctNames(Random random, int count) {
    String[] prefixes = {"", "member-0", "cluster-eu-west-", "\u00e9t\u00e9-", "\u4e16\u754c-", "a"};
    char[] alphabet = {'a', 'b', '0', '1', '-', '\u00ff', '\u0100', '\u4e16', '\uffff', '\u0000'};
    String prefix = prefixes[random.nextInt(prefixes.length)];
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    while (names.size() < count) {
      StringBuilder name = new StringBuilder(prefix);
      // Short suffixes over a small alphabet: many names are prefixes of others or share every packed character.
      int length = random.nextInt(random.nextBoolean() ? 3 : 14);
      for (int i = 0; i < length; i++) {
        name.append(alphabet[random.nextInt(random.nextInt(4) == 0 ? alphabet.length : 5)]);
      }
      names.add(name.toString());
    }
    List<String> shuffled = new ArrayList<>(names);
    java.util.Collections.shuffle(shuffled, random);
    return shuffled;
  }

  @Test
  void nameOrderKeepsAnAlreadySortedArray() {
    ClusterInfo[] clusters = IntStream.range(0, 100).mapToObj(i -> ClusterInfo.of(String.format("c-%03d", i), Map.of()))
        .toArray(ClusterInfo[]::new);
    ClusterInfo[] before = clusters.clone();
    NameOrder.sort(clusters);
    assertThat(clusters).containsExactly(before);
  }

  @ParameterizedTest(name = "hashes seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15})
  void hashRanksFollowByHashEvenWhenHashesTie(long seed) {
    Random random = new Random(seed);
    for (int round = 0; round < 50; round++) {
      int count = 1 + random.nextInt(300);
      // Few distinct high parts and low parts: many hashes tie in their top bits, some tie completely.
      long[] highs = {0, 1L << 63, -1L << 20, 0x7fff_ffff_ffff_f000L, random.nextLong()};
      List<Integer> indexes = new ArrayList<>(IntStream.range(0, count).boxed().toList());
      java.util.Collections.shuffle(indexes, random); // distinct name-order indexes, as in a real run
      List<PlacementRun.Candidate> candidates = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        long hash = highs[random.nextInt(highs.length)] | random.nextInt(4);
        candidates.add(new PlacementRun.Candidate(indexes.get(i), ClusterInfo.of("c" + i, Map.of()), 0, hash));
      }
      Integer[] expectedOrder = IntStream.range(0, count).boxed().toArray(Integer[]::new);
      Arrays.sort(expectedOrder, (a, b) -> PlacementRun.byHash(candidates.get(a), candidates.get(b)));
      int[] expectedRanks = new int[count];
      for (int position = 0; position < count; position++) {
        expectedRanks[expectedOrder[position]] = position;
      }
      assertThat(PlacementRun.hashRanks(candidates)).containsExactly(expectedRanks);
    }
  }

  @Test
  void denseRanksNumberDistinctValuesInOrder() {
    long[] few = {5, -3, 5, Long.MAX_VALUE, -3, 0};
    int[] ranks = new int[few.length];
    assertThat(DenseRanks.of(few, ranks)).isEqualTo(4);
    assertThat(ranks).containsExactly(2, 0, 2, 3, 0, 1);

    long[] many = randomLongs(40, 7);
    int[] manyRanks = new int[many.length];
    int distinct = DenseRanks.of(many, manyRanks);
    long[] sortedDistinct = Arrays.stream(many).sorted().distinct().toArray();
    assertThat(distinct).isEqualTo(sortedDistinct.length);
    for (int i = 0; i < many.length; i++) {
      assertThat(sortedDistinct[manyRanks[i]]).isEqualTo(many[i]);
    }
    assertThat(DenseRanks.bitsFor(1)).isZero();
    assertThat(DenseRanks.bitsFor(2)).isEqualTo(1);
    assertThat(DenseRanks.bitsFor(9)).isEqualTo(4);
  }

  private static long[] randomLongs(int count, long seed) {
    Random random = new Random(seed);
    return random.longs(count, -20, 20).toArray();
  }
}
