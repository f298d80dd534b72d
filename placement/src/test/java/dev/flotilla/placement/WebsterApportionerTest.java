package dev.flotilla.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Quota-mode growth (Fresh, no bounds) groups parties into classes of equal weight and seats. This checks it seat
 * by seat against a direct transcription of the rule, party by party: the next seat goes to the first party in
 * Webster order (w/(s+1/2) descending, then rank) that passes Still's test, or to the first party when none does.
 * Weights come from a small pool so that classes hold several parties; ranks are sparse, as the engine's are.
 */
class WebsterApportionerTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void classGrowthMatchesPartyByPartyRule(long seed) {
    Random random = new Random(seed);
    for (int round = 0; round < 60; round++) {
      int parties = 2 + random.nextInt(7);
      long[] pool = {1 + random.nextInt(3), 1 + random.nextInt(12), 1 + random.nextInt(40)};
      long[] weight = new long[parties];
      int[] rank = new int[parties];
      for (int i = 0; i < parties; i++) {
        weight[i] = pool[random.nextInt(random.nextBoolean() ? 1 : pool.length)];
        rank[i] = i * 3 + random.nextInt(3); // distinct, not dense
      }
      shuffle(rank, random);
      int total = random.nextInt(45);
      int[] unbounded = new int[parties];
      java.util.Arrays.fill(unbounded, WebsterApportioner.UNBOUNDED);
      WebsterApportioner apportioner =
          new WebsterApportioner(weight, new int[parties], unbounded, rank, new int[parties]);
      apportioner.growTo(total);
      assertThat(apportioner.seats()).as("weights %s ranks %s total %d", java.util.Arrays.toString(weight),
          java.util.Arrays.toString(rank), total).containsExactly(partyByParty(weight, rank, total));
    }
  }

  /** The quota-mode rule, one party at a time, with Still's test checked at every house size. */
  private static int[] partyByParty(long[] weight, int[] rank, int total) {
    int parties = weight.length;
    long totalWeight = 0;
    for (long w : weight) {
      totalWeight += w;
    }
    int[] seats = new int[parties];
    for (int house = 1; house <= total; house++) {
      Integer[] order = new Integer[parties];
      for (int i = 0; i < parties; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> {
        long left = weight[a] * (2L * seats[b] + 1);
        long right = weight[b] * (2L * seats[a] + 1);
        return left != right ? Long.compare(right, left) : Integer.compare(rank[a], rank[b]);
      });
      int chosen = order[0];
      for (int party : order) {
        if (passesStill(party, house, weight, seats, totalWeight)) {
          chosen = party;
          break;
        }
      }
      seats[chosen]++;
    }
    return seats;
  }

  /**
   * Upper quota: after the seat the party holds at most its exact share of {@code house} seats, rounded up. Lower
   * quota: at every later house size t before the party's own lower quota rises past its new seat count, the
   * seats the other parties are owed by then (their lower quota floor(t·w/W) above what they hold) must fit into
   * the t - house seats still to come.
   */
  private static boolean passesStill(int party, long house, long[] weight, int[] seats, long totalWeight) {
    if (house * weight[party] <= (long) seats[party] * totalWeight) {
      return false;
    }
    for (long t = house; ; t++) {
      if (t * weight[party] >= (seats[party] + 1L) * totalWeight) {
        return true; // from here the party is owed the seat it takes now
      }
      long owed = 0;
      for (int other = 0; other < weight.length; other++) {
        owed += Math.max(0, t * weight[other] / totalWeight - seats[other]);
      }
      if (owed > t - house) {
        return false;
      }
    }
  }

  private static void shuffle(int[] values, Random random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }
}
