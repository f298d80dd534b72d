package dev.flotilla.placement;

import java.util.ArrayList;
import java.util.List;

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
 *
 * <p>In quota mode, parties with the same weight and seat count are interchangeable but for their tie-break rank:
 * they have the same priority and pass or fail Still's test together. Growth therefore keeps one queue per such
 * class (its parties by rank) and a heap of classes, and tests each class once instead of each party.
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
   * Quota mode: the parties grouped by weight and seat count, key {@code weight << 21 | seats} (seats stay below
   * 2^21). Parties of one class make identical lower-quota claims, so Still's test counts them per class.
   */
  private final LongMap<SeatClass> seatClasses;
  /** Quota mode: the same classes in an array, for Still's test to walk; and its scratch heap. */
  private SeatClass[] live;
  private int liveCount;
  private SeatClass[] dueHeap;

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
    this.seatClasses = quotaMode ? new LongMap<>() : null;
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
    if (quotaMode) {
      growByClasses(total);
      return;
    }
    IntHeap open = new IntHeap(parties, this::growsBefore);
    int[] growing = new int[parties];
    int count = 0;
    for (int i = 0; i < parties; i++) {
      if (seats[i] < upper[i]) {
        growing[count++] = i;
      } else {
        fullSinceTotal[i] = assigned;
      }
    }
    open.addAll(growing, count);
    while (assigned < total && !open.isEmpty()) {
      int chosen = open.poll();
      seats[chosen]++;
      assigned++;
      if (seats[chosen] < upper[chosen]) {
        open.add(chosen);
      } else {
        fullSinceTotal[chosen] = assigned;
      }
    }
  }

  /**
   * Quota-mode growth (no bounds, so no party is ever full): each seat goes to the best class whose parties pass
   * Still's test, to that class's lowest-ranked party; when no class passes, to the best party (plain Webster).
   * This is the party-by-party rule exactly: the parties in heap order are the classes in heap order, each
   * class's parties in rank order, and a class passes or fails as one.
   */
  private void growByClasses(int total) {
    seatClasses.clear();
    live = new SeatClass[parties]; // every live class has a party
    liveCount = 0;
    dueHeap = new SeatClass[parties];
    for (int party : partiesByRank()) {
      SeatClass seatClass = seatClasses.get(classKey(party));
      if (seatClass == null) {
        seatClass = new SeatClass(weight[party], seats[party], 4);
        addLive(seatClass);
      }
      seatClass.push(party);
    }
    ClassHeap open = new ClassHeap();
    for (int i = 0; i < liveCount; i++) {
      open.add(live[i]);
    }
    List<SeatClass> passedOver = new ArrayList<>();
    while (assigned < total) {
      SeatClass from = open.top();
      if (!eligible(from, assigned + 1L)) {
        passedOver.clear();
        from = null;
        while (!open.isEmpty()) {
          SeatClass next = open.poll();
          passedOver.add(next);
          if (eligible(next, assigned + 1L)) {
            from = next;
            break;
          }
        }
        if (from == null) {
          from = passedOver.get(0); // nobody eligible: plain Webster
        }
        for (SeatClass polled : passedOver) {
          open.add(polled);
        }
      }
      int chosen = from.poll();
      seats[chosen]++;
      assigned++;
      SeatClass to = from.up;
      if (to == null || to.size == 0) {
        to = seatClasses.get(classKey(chosen));
      }
      if (from.size == 0) {
        open.remove(from);
        removeLive(from);
      } else {
        open.changed(from);
      }
      if (to == null) {
        to = new SeatClass(weight[chosen], seats[chosen], from.size + 1); // most of from's parties follow
        addLive(to);
        to.push(chosen);
        open.add(to);
      } else {
        to.push(chosen);
        open.changed(to);
      }
      from.up = from.size == 0 ? null : to;
    }
  }

  /** Takes seats away (the least deserved first, parties above their minimum first) down to {@code total}. */
  void shrinkTo(int total) {
    IntHeap holders = new IntHeap(parties, this::shrinksBefore);
    int[] holding = new int[parties];
    int count = 0;
    for (int i = 0; i < parties; i++) {
      if (seats[i] > 0) {
        holding[count++] = i;
      }
    }
    holders.addAll(holding, count);
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
   * Still's test for giving seat number {@code house} to the parties of a class (they pass or fail together):
   * upper quota, then for every house size t before the class's own lower quota catches up (its horizon), the
   * claims of all parties falling due by t must fit into the t - house seats still to come. The class's own
   * claims all fall at or after its horizon, so they never count; claims are walked in due order, one entry per
   * class with its multiplicity.
   */
  private boolean eligible(SeatClass candidate, long house) {
    if (house * candidate.weight <= candidate.seats * totalWeight) {
      return false; // one more seat would exceed the upper quota
    }
    if ((candidate.seats + 1L) * totalWeight <= house * candidate.weight) {
      return true; // the party is owed this seat by its lower quota (claimDue(.., 1) <= house, without dividing)
    }
    long horizon = candidate.firstDue;
    // Walk the claims in due order, one entry per class (its parties claim together). Claims falling due at the
    // same house size may be walked in any order: the test at the last of them counts them all, and it is the
    // strictest.
    // Shortcut: when every claim due before the horizon fits after the earliest of them, no walk can fail.
    int pending = 0;
    long earliest = Long.MAX_VALUE;
    long claimsBeforeHorizon = 0;
    boolean shortcut = true; // false once a product would overflow: then the walk decides
    for (int i = 0; i < liveCount; i++) {
      SeatClass seatClass = live[i];
      long first = seatClass.firstDue;
      if (first < horizon) {
        seatClass.nextDue = first;
        seatClass.claimNumber = 1;
        dueHeap[pending] = seatClass;
        siftDueUp(pending++);
        earliest = Math.min(earliest, first);
        // Claim k is due before the horizon when seats + k <= floor((horizon - 1) * weight / totalWeight).
        if (shortcut && Math.multiplyHigh(horizon - 1, seatClass.weight) == 0
            && (horizon - 1) * seatClass.weight >= 0) {
          long lowerQuota = (horizon - 1) * seatClass.weight / totalWeight;
          long classClaims = (lowerQuota - seatClass.seats) * seatClass.size;
          shortcut = classClaims / seatClass.size == lowerQuota - seatClass.seats
              && claimsBeforeHorizon + classClaims >= claimsBeforeHorizon;
          claimsBeforeHorizon += classClaims;
        } else {
          shortcut = false;
        }
      }
    }
    if (pending == 0 || (shortcut && claimsBeforeHorizon <= earliest - house)) {
      return true;
    }
    long claims = 0;
    while (pending > 0) {
      SeatClass next = dueHeap[0];
      claims += next.size;
      if (next.nextDue < house + claims) {
        return false;
      }
      long later = claimDue(next.weight, next.seats, next.claimNumber + 1);
      if (later < horizon) {
        next.nextDue = later;
        next.claimNumber++;
      } else {
        dueHeap[0] = dueHeap[--pending];
      }
      siftDueDown(0, pending);
    }
    return true;
  }

  /** The party indexes in rank order (ranks are distinct ints). */
  private int[] partiesByRank() {
    int[] order = new int[parties];
    int minRank = Integer.MAX_VALUE;
    int maxRank = Integer.MIN_VALUE;
    for (int party = 0; party < parties; party++) {
      minRank = Math.min(minRank, rank[party]);
      maxRank = Math.max(maxRank, rank[party]);
    }
    if (parties > 0 && (long) maxRank - minRank < 4L * parties) {
      // Ranks close together (the engine's are positions in hash order): place each party at its rank.
      int[] byRank = new int[maxRank - minRank + 1];
      java.util.Arrays.fill(byRank, -1);
      for (int party = 0; party < parties; party++) {
        byRank[rank[party] - minRank] = party;
      }
      int next = 0;
      for (int party : byRank) {
        if (party >= 0) {
          order[next++] = party;
        }
      }
      return order;
    }
    long[] packed = new long[parties];
    for (int party = 0; party < parties; party++) {
      packed[party] = (long) rank[party] << 32 | party;
    }
    java.util.Arrays.sort(packed);
    for (int i = 0; i < parties; i++) {
      order[i] = (int) packed[i];
    }
    return order;
  }

  private void siftDueUp(int slot) {
    SeatClass moving = dueHeap[slot];
    while (slot > 0) {
      int parent = (slot - 1) >>> 1;
      if (dueHeap[parent].nextDue <= moving.nextDue) {
        break;
      }
      dueHeap[slot] = dueHeap[parent];
      slot = parent;
    }
    dueHeap[slot] = moving;
  }

  private void siftDueDown(int slot, int size) {
    if (size == 0) {
      return;
    }
    SeatClass moving = dueHeap[slot];
    while (true) {
      int child = 2 * slot + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && dueHeap[child + 1].nextDue < dueHeap[child].nextDue) {
        child++;
      }
      if (moving.nextDue <= dueHeap[child].nextDue) {
        break;
      }
      dueHeap[slot] = dueHeap[child];
      slot = child;
    }
    dueHeap[slot] = moving;
  }

  /** Adds a new class to the quota-mode bookkeeping. */
  private void addLive(SeatClass seatClass) {
    seatClasses.put(seatClass.key(), seatClass);
    seatClass.liveSlot = liveCount;
    live[liveCount++] = seatClass;
  }

  /** Drops a class that has no parties left. */
  private void removeLive(SeatClass seatClass) {
    seatClasses.remove(seatClass.key());
    SeatClass last = live[--liveCount];
    live[seatClass.liveSlot] = last;
    last.liveSlot = seatClass.liveSlot;
    live[liveCount] = null;
  }

  /**
   * Quota mode: the parties with one weight and seat count, lowest rank first, kept as a queue. Growth starts from
   * no seats and fills each class in rank order; a class receives parties only from the class one seat below,
   * in the order they leave it, which (by induction from the first classes) is rank order. So arrivals come in
   * rank order and the queue stays sorted by appending; {@link #push} still inserts in place should one not.
   */
  private final class SeatClass {
    final long weight;
    final int seats;
    /** The tie-break rank of {@link #head()}, kept as the queue changes (heap comparisons read it often). */
    int headRank = Integer.MAX_VALUE;
    /** The least house size at which the class's parties have a lower quota of one seat more (fixed per class). */
    final long firstDue;
    /** The queue is {@code members[first .. first + size)}. */
    private int[] members;
    private int first;
    int size;
    /** Position in the {@link ClassHeap}. */
    int slot = -1;
    /** The class one seat up, once known; only valid while it still has members. */
    SeatClass up;
    /** Position in {@link #live}. */
    int liveSlot;
    /** Scratch for Still's test: the house size at which the class's next claim falls due, and its number. */
    long nextDue;
    long claimNumber;

    SeatClass(long weight, int seats, int capacity) {
      this.weight = weight;
      this.seats = seats;
      this.firstDue = claimDue(weight, seats, 1);
      this.members = new int[Math.max(4, capacity)];
    }

    long key() {
      return weight << 21 | seats;
    }

    int head() {
      return members[first];
    }

    void push(int party) {
      if (first + size == members.length) {
        if (first > 0) {
          System.arraycopy(members, first, members, 0, size); // reuse the room freed at the front
          first = 0;
        }
        if (size == members.length) {
          members = java.util.Arrays.copyOf(members, size * 2);
        }
      }
      int at = first + size++;
      while (at > first && rank[members[at - 1]] > rank[party]) {
        members[at] = members[at - 1]; // out of rank order: not expected, but keep the queue sorted
        at--;
      }
      members[at] = party;
      headRank = rank[members[first]];
    }

    int poll() {
      size--;
      int party = members[first++];
      headRank = size == 0 ? Integer.MAX_VALUE : rank[members[first]];
      return party;
    }

    /** Webster order of the classes' head parties: higher w/(s+1/2) first, then the lower rank. */
    boolean before(SeatClass other) {
      long left = weight * (2L * other.seats + 1);
      long right = other.weight * (2L * seats + 1);
      if (left != right) {
        return left > right;
      }
      return headRank < other.headRank;
    }
  }

  /** A binary heap of the non-empty seat classes in {@link SeatClass#before} order. */
  private static final class ClassHeap {
    private SeatClass[] heap = new SeatClass[8];
    private int size;

    boolean isEmpty() {
      return size == 0;
    }

    SeatClass top() {
      return heap[0];
    }

    void add(SeatClass seatClass) {
      if (size == heap.length) {
        heap = java.util.Arrays.copyOf(heap, size * 2);
      }
      place(seatClass, size++);
      changed(seatClass);
    }

    SeatClass poll() {
      SeatClass top = heap[0];
      remove(top);
      return top;
    }

    void remove(SeatClass seatClass) {
      int slot = seatClass.slot;
      SeatClass last = heap[--size];
      heap[size] = null;
      seatClass.slot = -1;
      if (slot < size) {
        place(last, slot);
        changed(last);
      }
    }

    /** Restores the heap order after the class's head (and so its position) may have changed. */
    void changed(SeatClass seatClass) {
      int slot = seatClass.slot;
      while (slot > 0) {
        int parent = (slot - 1) >>> 1;
        if (!seatClass.before(heap[parent])) {
          break;
        }
        place(heap[parent], slot);
        slot = parent;
      }
      while (true) {
        int child = 2 * slot + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && heap[child + 1].before(heap[child])) {
          child++;
        }
        if (!heap[child].before(seatClass)) {
          break;
        }
        place(heap[child], slot);
        slot = child;
      }
      place(seatClass, slot);
    }

    private void place(SeatClass seatClass, int slot) {
      heap[slot] = seatClass;
      seatClass.slot = slot;
    }
  }
}
