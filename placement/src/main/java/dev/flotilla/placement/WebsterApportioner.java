package dev.flotilla.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Divides seats (replicas) among parties (clusters) by the Webster / Sainte-Laguë divisor method, one seat at a
 * time, so the result for n+1 seats is the result for n plus one seat (house monotonicity by construction).
 *
 * <p>The next seat goes to the party with the highest priority {@code w / (s + 1/2)}; parties below their lower
 * bound come first, parties at their upper bound are skipped. Equal priorities are broken by a stable hash.
 *
 * <p>Plain Webster can give a party more than one seat away from its exact share {@code n·w/W} (it is rare in
 * politics but common with one heavy cluster and many light ones). When no bounds are set, the engine therefore
 * also applies Still's eligibility test (Still, 1979): a party may take the next seat only if that keeps it within
 * its upper quota and still lets every other party reach its lower quota at every later house size. Among eligible
 * parties the Webster priority decides. The result is house-monotone and always within quota. The test applies
 * only when building from no seats (Fresh, or Steady with nothing placed yet): a Steady reschedule grows from its
 * current seats by plain Webster priority, which keeps it house-monotone. Should no party be eligible, the plain
 * Webster choice is taken, so the method always completes.
 */
final class WebsterApportioner {
  /** Upper bound meaning "no bound". */
  static final int UNBOUNDED = Integer.MAX_VALUE;

  private final int parties;
  private final long[] weight;
  private final int[] lower;
  private final int[] upper;
  private final int[] rank;
  private final int[] seats;
  private final int[] fullSinceTotal;
  private int assigned;

  private final boolean quotaMode;
  private final long totalWeight;
  /**
   * Parties with the same weight and seat count make identical lower-quota claims, so Still's test counts them
   * as classes: key {@code weight << 21 | seats} (seats stay below 2^21), value the number of such parties.
   */
  private final Map<Long, int[]> claimClasses;

  /**
   * @param weight positive weights
   * @param lower  lower bounds (already capped at the upper bound)
   * @param upper  upper bounds or {@link #UNBOUNDED}
   * @param rank   distinct tie-break ranks: a lower rank wins a tie
   * @param start  initial seats (each within [0, upper])
   */
  WebsterApportioner(long[] weight, int[] lower, int[] upper, int[] rank, int[] start) {
    this.parties = weight.length;
    this.weight = weight;
    this.lower = lower;
    this.upper = upper;
    this.rank = rank;
    this.seats = start.clone();
    this.fullSinceTotal = new int[parties];
    boolean bounded = false;
    long sum = 0;
    for (int i = 0; i < parties; i++) {
      assigned += seats[i];
      sum += weight[i];
      bounded |= lower[i] > 0 || upper[i] != UNBOUNDED;
    }
    this.totalWeight = sum;
    // Still's test assumes every earlier seat was placed by it; from a Steady start it could reject everyone.
    this.quotaMode = !bounded && parties > 1 && assigned == 0;
    this.claimClasses = quotaMode ? new HashMap<>() : null;
  }

  int[] seats() {
    return seats;
  }

  int assigned() {
    return assigned;
  }

  /**
   * Whether the upper bound of a party limited it: it is full and a later seat was wanted after it filled up.
   */
  boolean upperBoundBinding(int party, int total) {
    return upper[party] != UNBOUNDED && seats[party] == upper[party] && fullSinceTotal[party] < total;
  }

  /** Adds seats until {@code total} are assigned or every party is full. */
  void growTo(int total) {
    IntHeap open = new IntHeap(parties, this::growsBefore);
    for (int i = 0; i < parties; i++) {
      if (seats[i] < upper[i]) {
        open.add(i);
      } else {
        fullSinceTotal[i] = assigned;
      }
    }
    if (quotaMode) {
      for (int i = 0; i < parties; i++) {
        claimClasses.computeIfAbsent(classKey(i), k -> new int[1])[0]++;
      }
    }
    List<Integer> passedOver = new ArrayList<>();
    while (assigned < total && !open.isEmpty()) {
      int chosen = -1;
      passedOver.clear();
      while (!open.isEmpty()) {
        int candidate = open.poll();
        if (!quotaMode || eligible(candidate, assigned + 1L)) {
          chosen = candidate;
          break;
        }
        passedOver.add(candidate);
      }
      if (chosen < 0) {
        chosen = passedOver.remove(0); // nobody eligible: plain Webster
      }
      for (int party : passedOver) {
        open.add(party);
      }
      if (quotaMode) {
        long oldKey = classKey(chosen);
        if (--claimClasses.get(oldKey)[0] == 0) {
          claimClasses.remove(oldKey);
        }
      }
      seats[chosen]++;
      assigned++;
      if (quotaMode) {
        claimClasses.computeIfAbsent(classKey(chosen), k -> new int[1])[0]++;
      }
      if (seats[chosen] < upper[chosen]) {
        open.add(chosen);
      } else {
        fullSinceTotal[chosen] = assigned;
      }
    }
  }

  /** Takes seats away (the least deserved first, parties above their minimum first) down to {@code total}. */
  void shrinkTo(int total) {
    IntHeap holders = new IntHeap(parties, this::shrinksBefore);
    for (int i = 0; i < parties; i++) {
      if (seats[i] > 0) {
        holders.add(i);
      }
    }
    while (assigned > total && !holders.isEmpty()) {
      int loser = holders.poll();
      seats[loser]--;
      assigned--;
      if (seats[loser] > 0) {
        holders.add(loser);
      }
    }
  }

  /** Moves single seats from parties above their minimum to parties below it, fewest moves first. */
  void restoreMinimums() {
    while (true) {
      int needy = -1;
      int donor = -1;
      for (int i = 0; i < parties; i++) {
        if (seats[i] < lower[i] && (needy < 0 || growsBefore(i, needy))) {
          needy = i;
        }
        if (seats[i] > lower[i] && (donor < 0 || shrinksBefore(i, donor))) {
          donor = i;
        }
      }
      if (needy < 0 || donor < 0) {
        return;
      }
      seats[donor]--;
      seats[needy]++;
    }
  }

  /** Growth order: below-minimum first, then highest w/(s+1/2), then the tie-break rank. */
  private boolean growsBefore(int a, int b) {
    boolean aNeedy = seats[a] < lower[a];
    boolean bNeedy = seats[b] < lower[b];
    if (aNeedy != bNeedy) {
      return aNeedy;
    }
    long left = weight[a] * (2L * seats[b] + 1);
    long right = weight[b] * (2L * seats[a] + 1);
    if (left != right) {
      return left > right;
    }
    return rank[a] < rank[b];
  }

  /** Shrink order: above-minimum first, then lowest w/(s-1/2), then the reverse tie-break rank. */
  private boolean shrinksBefore(int a, int b) {
    boolean aSpare = seats[a] > lower[a];
    boolean bSpare = seats[b] > lower[b];
    if (aSpare != bSpare) {
      return aSpare;
    }
    long left = weight[a] * (2L * seats[b] - 1);
    long right = weight[b] * (2L * seats[a] - 1);
    if (left != right) {
      return left < right;
    }
    return rank[a] > rank[b];
  }

  private long classKey(int party) {
    return weight[party] << 21 | seats[party];
  }

  /** The least house size at which a party with this weight and seat count has a lower quota of seats + extra. */
  private long claimDue(long partyWeight, long partySeats, long extra) {
    long needed = (partySeats + extra) * totalWeight;
    return (needed + partyWeight - 1) / partyWeight;
  }

  /**
   * Still's test for giving seat number {@code house} to {@code party}: upper quota, then for every house size
   * t before the party's own lower quota catches up (its horizon), the claims of all parties falling due by t
   * must fit into the t - house seats still to come. The party's own claims all fall at or after its horizon, so
   * they never count; claims are walked in due order, one entry per class with its multiplicity.
   */
  private boolean eligible(int party, long house) {
    if (house * weight[party] <= seats[party] * totalWeight) {
      return false; // one more seat would exceed the upper quota
    }
    long horizon = claimDue(weight[party], seats[party], 1);
    if (horizon <= house) {
      return true; // the party is owed this seat by its lower quota
    }
    PriorityQueue<long[]> due = null; // {due, weight, seats, claim number, parties in class}
    for (Map.Entry<Long, int[]> entry : claimClasses.entrySet()) {
      long classWeight = entry.getKey() >>> 21;
      long classSeats = entry.getKey() & ((1L << 21) - 1);
      long first = claimDue(classWeight, classSeats, 1);
      if (first < horizon) {
        if (due == null) {
          due = new PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
        }
        due.add(new long[] {first, classWeight, classSeats, 1, entry.getValue()[0]});
      }
    }
    long claims = 0;
    while (due != null && !due.isEmpty()) {
      long[] next = due.poll();
      claims += next[4];
      if (next[0] < house + claims) {
        return false;
      }
      long later = claimDue(next[1], next[2], next[3] + 1);
      if (later < horizon) {
        next[0] = later;
        next[3]++;
        due.add(next);
      }
    }
    return true;
  }
}
