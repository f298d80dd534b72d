package dev.flotilla.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One placement computation over a validated request; see {@link PlacementEngine}. */
final class PlacementRun {
  private static final int UNBOUNDED = WebsterApportioner.UNBOUNDED;
  private static final long UNLIMITED_CAPACITY = Long.MAX_VALUE;
  /** Hierarchical shares are scaled to integers summing to about this. */
  private static final double HIERARCHY_SCALE = 1L << 30;

  private final String key;
  private final int replicas;
  private final boolean steady;
  private final Placement placement;
  private final ReplicaSchedulingStrategy strategy;
  private final boolean duplicated;
  private final boolean aggregated;
  private final ClusterInfo[] clusters;
  private final Map<String, Integer> current = new HashMap<>();

  PlacementRun(PlacementRequest request) {
    this.key = request.key() == null ? "" : request.key();
    this.replicas = request.replicas();
    this.steady = PlacementRequest.STEADY.equals(request.effectiveMode());
    this.placement = request.effectivePlacement();
    this.strategy = placement.replicaScheduling();
    this.duplicated = strategy == null || ReplicaSchedulingStrategy.DUPLICATED.equals(strategy.effectiveType());
    this.aggregated = !duplicated
        && ReplicaSchedulingStrategy.AGGREGATED.equals(strategy.effectiveDivisionPreference());
    this.clusters = request.clusters().toArray(new ClusterInfo[0]);
    Arrays.sort(clusters, Comparator.comparing(ClusterInfo::name));
    for (ClusterAssignment assignment : request.current()) {
      current.put(assignment.name(), assignment.replicas());
    }
  }

  PlacementResult run() {
    List<ClusterAffinityTerm> groups = placement.clusterAffinities();
    if (groups.isEmpty()) {
      return schedule(placement.clusterAffinity(), "clusterAffinity").toResult(null);
    }
    Outcome best = null;
    String bestName = null;
    for (ClusterAffinityTerm term : groups) {
      Outcome outcome = schedule(term.toAffinity(), "clusterAffinities \"" + term.affinityName() + "\"");
      if (outcome.holds()) {
        return outcome.toResult(term.affinityName());
      }
      if (best == null || outcome.unschedulable < best.unschedulable) {
        best = outcome;
        bestName = term.affinityName();
      }
    }
    best.warnings.add(0, "no clusterAffinities group can hold the workload; using \"" + bestName
        + "\", which leaves the fewest replicas unschedulable");
    return best.toResult(bestName);
  }

  /** Filter, select and divide within one affinity. */
  private Outcome schedule(ClusterAffinity affinity, String affinityPath) {
    Outcome out = new Outcome();
    List<Candidate> candidates = new ArrayList<>(clusters.length);
    for (int index = 0; index < clusters.length; index++) {
      Candidate candidate = filter(index, affinity, affinityPath, out);
      if (candidate != null) {
        candidates.add(candidate);
      }
    }
    if (duplicated) {
      duplicate(candidates, out);
    } else {
      divide(candidates, out);
    }
    return out;
  }

  /** Affinity and taints; returns null (with a reason recorded) when the cluster is filtered out. */
  private Candidate filter(int index, ClusterAffinity affinity, String affinityPath, Outcome out) {
    ClusterInfo cluster = clusters[index];
    if (affinity != null) {
      String mismatch = affinity.mismatch(cluster);
      if (mismatch != null) {
        out.exclude(index, "not selected by " + affinityPath + ": " + mismatch);
        return null;
      }
    }
    int currentReplicas = current.getOrDefault(cluster.name(), 0);
    int penalty = 0;
    String keepOnly = null;
    for (Taint taint : cluster.effectiveTaints()) {
      if (tolerated(taint)) {
        continue;
      }
      switch (taint.effect()) {
        case Taint.PREFER_NO_SCHEDULE -> penalty++;
        case Taint.NO_SCHEDULE -> {
          if (steady && currentReplicas > 0) {
            keepOnly = "taint " + taint + " not tolerated: keeps its " + currentReplicas
                + " current replicas, gets no new ones";
          } else {
            out.exclude(index, "taint " + taint + " not tolerated");
            return null;
          }
        }
        default -> {
          out.exclude(index, "taint " + taint + " not tolerated");
          return null;
        }
      }
    }
    Candidate candidate = new Candidate(index, cluster, currentReplicas, StableHash.of(key, cluster.name()));
    candidate.penalty = penalty;
    candidate.keepOnly = keepOnly;
    candidate.capacity = cluster.availableReplicas() == null ? UNLIMITED_CAPACITY
        : (long) currentReplicas + cluster.availableReplicas();
    return candidate;
  }

  private boolean tolerated(Taint taint) {
    for (Toleration toleration : placement.clusterTolerations()) {
      if (toleration.tolerates(taint)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- Duplicated

  private void duplicate(List<Candidate> candidates, Outcome out) {
    List<Candidate> fitting = new ArrayList<>(candidates.size());
    for (Candidate candidate : candidates) {
      if (candidate.capacity < replicas) {
        out.exclude(candidate.index, "capacity " + candidate.capacity + " is below the " + replicas
            + " replicas every cluster runs when Duplicated");
      } else {
        candidate.upper = UNBOUNDED;
        candidate.weight = 1; // ranking only: a group with more clusters runs more copies
        fitting.add(candidate);
      }
    }
    List<Candidate> selected = new SpreadSelection(fitting, out).select();
    for (Candidate candidate : selected) {
      if (replicas == 0) {
        out.exclude(candidate.index, "the workload has 0 replicas");
      } else {
        out.assigned[candidate.index] = replicas;
      }
    }
    if (selected.isEmpty() && replicas > 0) {
      out.unschedulable = replicas;
      out.warnings.add("no cluster can run the workload");
    }
  }

  // ---------------------------------------------------------------- Divided

  private void divide(List<Candidate> candidates, Outcome out) {
    ClusterPreferences preferences = aggregated ? null : strategy.weightPreference();
    List<Candidate> weighted = new ArrayList<>(candidates.size());
    for (Candidate candidate : candidates) {
      String problem = assignRawWeight(candidate, preferences);
      if (problem != null) {
        out.exclude(candidate.index, problem);
        continue;
      }
      applyLimits(candidate);
      if (candidate.upper == 0) {
        out.exclude(candidate.index, candidate.upperReason);
        continue;
      }
      weighted.add(candidate);
    }
    List<Candidate> selected = new SpreadSelection(weighted, out).select();
    if (aggregated) {
      aggregate(selected, out);
    } else {
      if (preferences != null && preferences.dynamicWeight() != null) {
        capacityWeights(selected);
      } else if (preferences != null && preferences.hierarchicalWeights() != null) {
        normalizeHierarchy(selected);
      }
      webster(selected, out);
    }
  }

  /** Sets the candidate's ranking weight; returns why it gets no replicas, or null. */
  private String assignRawWeight(Candidate candidate, ClusterPreferences preferences) {
    candidate.weight = 1;
    if (preferences == null || preferences.dynamicWeight() != null) {
      return null;
    }
    if (preferences.hierarchicalWeights() != null) {
      return hierarchyWeight(candidate, preferences.hierarchicalWeights());
    }
    long best = highestMatchingWeight(preferences.staticWeightList(), candidate.cluster);
    if (best < 0) {
      return "no staticWeightList rule matches it";
    }
    if (best == 0) {
      return "its staticWeightList weight is 0";
    }
    candidate.weight = best;
    return null;
  }

  private static long highestMatchingWeight(List<StaticClusterWeight> rules, ClusterInfo cluster) {
    long best = -1;
    for (StaticClusterWeight rule : rules) {
      if (rule.weight() > best && rule.targetCluster().matches(cluster)) {
        best = rule.weight();
      }
    }
    return best;
  }

  private static String hierarchyWeight(Candidate candidate, HierarchicalWeights hierarchy) {
    String region = candidate.cluster.region();
    RegionWeight regionWeight = null;
    for (RegionWeight entry : hierarchy.regions()) {
      if (entry.name().equals(region)) {
        regionWeight = entry;
        break;
      }
    }
    if (regionWeight == null) {
      return "hierarchicalWeights lists no region \"" + region + "\"";
    }
    if (regionWeight.weight() == 0) {
      return "hierarchicalWeights gives region \"" + region + "\" weight 0";
    }
    long zoneWeight = 1;
    List<StaticClusterWeight> clusterRules = List.of();
    if (!regionWeight.zones().isEmpty()) {
      String zone = candidate.cluster.zone();
      ZoneWeight found = null;
      for (ZoneWeight entry : regionWeight.zones()) {
        if (entry.name().equals(zone)) {
          found = entry;
          break;
        }
      }
      if (found == null) {
        return "hierarchicalWeights lists no zone \"" + zone + "\" in region \"" + region + "\"";
      }
      if (found.weight() == 0) {
        return "hierarchicalWeights gives zone \"" + zone + "\" weight 0";
      }
      zoneWeight = found.weight();
      clusterRules = found.clusters();
    }
    long clusterWeight = 1;
    if (!clusterRules.isEmpty()) {
      clusterWeight = highestMatchingWeight(clusterRules, candidate.cluster);
      if (clusterWeight < 0) {
        return "no hierarchicalWeights cluster rule of its zone matches it";
      }
      if (clusterWeight == 0) {
        return "its hierarchicalWeights cluster weight is 0";
      }
    }
    candidate.regionWeight = regionWeight.weight();
    candidate.zoneWeight = zoneWeight;
    candidate.clusterWeight = clusterWeight;
    candidate.weight = regionWeight.weight() * zoneWeight * clusterWeight; // ranking only; ≤ 1e18
    return null;
  }

  /** Bounds from clusterReplicaLimits (first matching rule), capacity and a Steady NoSchedule taint. */
  private void applyLimits(Candidate candidate) {
    Integer min = null;
    Integer max = null;
    for (ClusterReplicaLimit limit : strategy.clusterReplicaLimits()) {
      if (limit.targetCluster().matches(candidate.cluster)) {
        min = limit.minReplicas();
        max = limit.maxReplicas();
        break;
      }
    }
    int upper = UNBOUNDED;
    String reason = null;
    if (candidate.capacity < upper) {
      upper = (int) candidate.capacity;
      reason = "capacity " + candidate.capacity;
    }
    if (max != null && max < upper) {
      upper = max;
      reason = "maxReplicas " + max;
    }
    if (candidate.keepOnly != null && candidate.current < upper) {
      upper = candidate.current;
      reason = candidate.keepOnly;
    }
    candidate.upper = upper;
    candidate.upperReason = reason;
    candidate.minReplicas = min == null ? 0 : min;
    candidate.lower = Math.min(candidate.minReplicas, upper);
  }

  /** dynamicWeight AvailableReplicas: weight = capacity; unknown capacity counts as the largest known one. */
  private static void capacityWeights(List<Candidate> selected) {
    long largestKnown = 0;
    for (Candidate candidate : selected) {
      if (candidate.capacity != UNLIMITED_CAPACITY) {
        largestKnown = Math.max(largestKnown, Math.min(candidate.capacity, PlacementPolicyValidator.MAX_WEIGHT));
      }
    }
    long unknown = Math.max(1, largestKnown);
    for (Candidate candidate : selected) {
      candidate.weight = candidate.capacity == UNLIMITED_CAPACITY ? unknown
          : Math.max(1, Math.min(candidate.capacity, PlacementPolicyValidator.MAX_WEIGHT));
    }
  }

  /** Turns region/zone/cluster weights into one integer weight per cluster, over the clusters selected. */
  private static void normalizeHierarchy(List<Candidate> selected) {
    Map<String, Long> regionWeights = new HashMap<>();
    Map<String, Long> zoneWeightsByRegion = new HashMap<>();
    Map<String, Long> zoneSeen = new HashMap<>();
    Map<String, Long> clusterWeightsByZone = new HashMap<>();
    for (Candidate candidate : selected) {
      String region = String.valueOf(candidate.cluster.region());
      String zone = region + "\u0000" + candidate.cluster.zone();
      regionWeights.putIfAbsent(region, candidate.regionWeight);
      if (zoneSeen.putIfAbsent(zone, candidate.zoneWeight) == null) {
        zoneWeightsByRegion.merge(region, candidate.zoneWeight, Long::sum);
      }
      clusterWeightsByZone.merge(zone, candidate.clusterWeight, Long::sum);
    }
    long regionTotal = 0;
    for (long weight : regionWeights.values()) {
      regionTotal += weight;
    }
    for (Candidate candidate : selected) {
      String region = String.valueOf(candidate.cluster.region());
      String zone = region + "\u0000" + candidate.cluster.zone();
      double share = (double) candidate.regionWeight / regionTotal
          * candidate.zoneWeight / zoneWeightsByRegion.get(region)
          * candidate.clusterWeight / clusterWeightsByZone.get(zone);
      candidate.weight = Math.max(1, Math.round(share * HIERARCHY_SCALE));
    }
  }

  private void webster(List<Candidate> selected, Outcome out) {
    int count = selected.size();
    long[] weights = new long[count];
    int[] lower = new int[count];
    int[] upper = new int[count];
    int[] start = new int[count];
    long totalWeight = 0;
    for (int i = 0; i < count; i++) {
      Candidate candidate = selected.get(i);
      weights[i] = candidate.weight;
      lower[i] = candidate.lower;
      upper[i] = candidate.upper;
      start[i] = steady ? Math.min(candidate.current, candidate.upper) : 0;
      totalWeight += candidate.weight;
    }
    WebsterApportioner apportioner =
        new WebsterApportioner(weights, lower, upper, hashRanks(selected), start);
    if (apportioner.assigned() > replicas) {
      apportioner.shrinkTo(replicas);
      apportioner.restoreMinimums();
    } else {
      apportioner.growTo(replicas);
      if (steady) {
        apportioner.restoreMinimums();
      }
    }
    int[] seats = apportioner.seats();
    out.unschedulable = replicas - apportioner.assigned();
    int minimumTotal = 0;
    for (Candidate candidate : selected) {
      minimumTotal += candidate.minReplicas;
    }
    for (int i = 0; i < count; i++) {
      Candidate candidate = selected.get(i);
      out.assigned[candidate.index] = seats[i];
      String shortfall = minimumShortfall(candidate, seats[i], minimumTotal);
      if (seats[i] == 0) {
        out.exclude(candidate.index, shortfall != null ? shortfall : zeroShareReason(candidate, totalWeight));
      } else if (shortfall != null) {
        out.cap(candidate.index, shortfall);
      } else if (apportioner.upperBoundBinding(i, replicas)) {
        out.cap(candidate.index, candidate.upperReason);
      }
    }
    if (out.unschedulable > 0) {
      out.warnings.add(out.unschedulable + " replicas fit nowhere: every selected cluster is at its limit");
    }
  }

  private String minimumShortfall(Candidate candidate, int seats, int minimumTotal) {
    if (seats >= candidate.minReplicas) {
      return null;
    }
    if (candidate.lower < candidate.minReplicas) {
      return "minReplicas " + candidate.minReplicas + " not met: " + candidate.upperReason;
    }
    return "minReplicas " + candidate.minReplicas + " not met: " + replicas
        + " replicas for minimums totalling " + minimumTotal;
  }

  private String zeroShareReason(Candidate candidate, long totalWeight) {
    if (replicas == 0) {
      return "the workload has 0 replicas";
    }
    // Hundredths by integer arithmetic: String.format here cost more than the whole division.
    long hundredths = Math.round(100.0 * replicas * candidate.weight / totalWeight);
    String fraction = hundredths % 100 < 10 ? "0" + hundredths % 100 : String.valueOf(hundredths % 100);
    return "received no replicas: its weight share is " + hundredths / 100 + "." + fraction + " of " + replicas
        + " replicas";
  }

  /** Aggregated: as few clusters as can hold the workload, in preference order. */
  private void aggregate(List<Candidate> selected, Outcome out) {
    List<Candidate> order = new ArrayList<>(selected);
    order.sort(aggregateOrder());
    int count = order.size();
    int[] seats = new int[count];
    int sum = 0;
    if (steady) {
      for (int i = 0; i < count; i++) {
        seats[i] = Math.min(order.get(i).current, order.get(i).upper);
        sum += seats[i];
      }
      // Shrink from the least preferred end: first down to minimums (leaving room for the minimums not yet
      // met), then, if the minimums alone exceed the total, entirely.
      int deficit = 0;
      for (int i = 0; i < count; i++) {
        deficit += Math.max(0, order.get(i).lower - seats[i]);
      }
      for (int pass = 0; pass < 2; pass++) {
        int target = pass == 0 ? Math.max(0, replicas - deficit) : replicas;
        for (int i = count - 1; i >= 0 && sum > target; i--) {
          int floor = pass == 0 ? order.get(i).lower : 0;
          int take = Math.min(seats[i] - floor, sum - target);
          if (take > 0) {
            seats[i] -= take;
            sum -= take;
          }
        }
      }
    }
    // Fill in three passes: minimums, one replica per spread seed, then as full as possible.
    for (int pass = 0; pass < 3 && sum < replicas; pass++) {
      for (int i = 0; i < count && sum < replicas; i++) {
        Candidate candidate = order.get(i);
        int target = switch (pass) {
          case 0 -> candidate.lower;
          case 1 -> candidate.seed ? Math.min(1, candidate.upper) : 0;
          default -> candidate.upper;
        };
        int give = (int) Math.min((long) target - seats[i], replicas - sum);
        if (give > 0) {
          seats[i] += give;
          sum += give;
        }
      }
    }
    out.unschedulable = replicas - sum;
    boolean laterUsed = out.unschedulable > 0;
    for (int i = count - 1; i >= 0; i--) {
      Candidate candidate = order.get(i);
      out.assigned[candidate.index] = seats[i];
      if (seats[i] == 0) {
        out.exclude(candidate.index, replicas == 0 ? "the workload has 0 replicas"
            : "not needed: Aggregated fits the replicas into fewer clusters");
      } else if (seats[i] < candidate.minReplicas) {
        out.cap(candidate.index, "minReplicas " + candidate.minReplicas + " not met");
      } else if (laterUsed && seats[i] == candidate.upper && candidate.upperReason != null) {
        out.cap(candidate.index, candidate.upperReason);
      }
      laterUsed |= seats[i] > 0;
    }
    if (out.unschedulable > 0) {
      out.warnings.add(out.unschedulable + " replicas fit nowhere: every selected cluster is at its limit");
    }
  }

  private Comparator<Candidate> aggregateOrder() {
    Comparator<Candidate> order = Comparator.comparingInt(c -> 0);
    if (steady) {
      order = Comparator.comparingInt((Candidate c) -> -c.current);
    }
    return order.thenComparingInt(c -> c.penalty)
        .thenComparing((a, b) -> Long.compare(b.upper, a.upper))
        .thenComparing(PlacementRun::byHash);
  }

  /** Ranks by the stable (key, name) hash; the index (name order) only settles a 64-bit collision. */
  static int byHash(Candidate a, Candidate b) {
    int byHash = Long.compareUnsigned(a.hash, b.hash);
    return byHash != 0 ? byHash : Integer.compare(a.index, b.index);
  }

  private static int[] hashRanks(List<Candidate> selected) {
    Integer[] order = new Integer[selected.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> byHash(selected.get(a), selected.get(b)));
    int[] ranks = new int[order.length];
    for (int position = 0; position < order.length; position++) {
      ranks[order[position]] = position;
    }
    return ranks;
  }

  // ---------------------------------------------------------------- spread selection

  /** Applies spread constraints: picks regions, then zones round-robin over regions, then clusters. */
  private final class SpreadSelection {
    private final List<Candidate> candidates;
    private final Outcome out;
    private SpreadConstraint byRegion;
    private SpreadConstraint byZone;
    private SpreadConstraint byCluster;

    SpreadSelection(List<Candidate> candidates, Outcome out) {
      this.candidates = candidates;
      this.out = out;
      for (SpreadConstraint constraint : placement.spreadConstraints()) {
        switch (constraint.spreadByField()) {
          case SpreadConstraint.REGION -> byRegion = constraint;
          case SpreadConstraint.ZONE -> byZone = constraint;
          default -> byCluster = constraint;
        }
      }
    }

    List<Candidate> select() {
      if (byRegion == null && byZone == null && byCluster == null) {
        return candidates;
      }
      List<Candidate> labelled = new ArrayList<>(candidates.size());
      for (Candidate candidate : candidates) {
        if (byRegion != null && candidate.cluster.region() == null) {
          out.exclude(candidate.index, "spread by region: no " + ClusterInfo.REGION_LABEL + " label");
        } else if (byZone != null && candidate.cluster.zone() == null) {
          out.exclude(candidate.index, "spread by zone: no " + ClusterInfo.ZONE_LABEL + " label");
        } else {
          labelled.add(candidate);
        }
      }
      labelled.sort(clusterOrder()); // the one sort: every later list keeps this order

      List<Group> regions = groups(labelled, 0, c -> String.valueOf(c.cluster.region()), "region:");
      List<Candidate> remaining = keep(labelled, regions, 0, byRegion, "region");
      // Lower levels are grouped only when a constraint at or below them needs them.
      List<Group> zones = byZone == null && byCluster == null ? List.of()
          : groups(remaining, 1, c -> c.cluster.region() + "\u0000" + c.cluster.zone(), "zone:");
      remaining = keep(remaining, zones, 1, byZone, "zone");
      List<Group> singles = byCluster == null ? List.of() : groups(remaining, 2, c -> c.cluster.name(), "cluster:");
      remaining = keep(remaining, singles, 2, byCluster, "cluster");

      checkMinimum(byRegion, "region", "regions", remaining, 0);
      checkMinimum(byZone, "zone", "zones", remaining, 1);
      checkMinimum(byCluster, "cluster", "clusters", remaining, 2);
      markSeeds(regions, byRegion);
      markSeeds(zones, byZone);
      markSeeds(singles, byCluster);
      return remaining;
    }

    /**
     * Groups ranked candidates at a level (0 region, 1 zone, 2 cluster), ranks the groups, then interleaves them
     * round-robin over their parent groups (so zones alternate between regions and clusters between zones).
     */
    private List<Group> groups(List<Candidate> ranked, int level,
                               java.util.function.Function<Candidate, String> keyOf, String hashPrefix) {
      Map<String, Group> byKey = new HashMap<>();
      List<Group> result = new ArrayList<>();
      for (Candidate candidate : ranked) {
        Group group = level == 2 ? null : byKey.get(keyOf.apply(candidate));
        if (group == null) {
          group = level == 2 ? new Group(candidate.cluster.name(), candidate.hash)
              : new Group(keyOf.apply(candidate), StableHash.of(key, hashPrefix + keyOf.apply(candidate)));
          if (level < 2) {
            byKey.put(group.name, group);
          }
          result.add(group);
        }
        group.add(candidate);
        candidate.groups[level] = group;
      }
      result.sort(Group::compareTo);
      if (level > 0) {
        for (Group group : result) {
          Group parent = group.members.get(0).groups[level - 1];
          group.sortKey = (long) parent.roundsUsed++ << 32 | parent.position;
        }
        result.sort(Comparator.comparingLong(g -> g.sortKey)); // stable: keeps rank order within a round
      }
      for (int position = 0; position < result.size(); position++) {
        result.get(position).position = position;
      }
      return result;
    }

    private List<Candidate> keep(List<Candidate> ranked, List<Group> groups, int level, SpreadConstraint constraint,
                                 String field) {
      if (constraint == null || constraint.maxGroups() == null || groups.size() <= constraint.maxGroups()) {
        return ranked;
      }
      int limit = constraint.maxGroups();
      List<Candidate> kept = new ArrayList<>(ranked.size());
      for (Candidate candidate : ranked) {
        if (candidate.groups[level].position < limit) {
          kept.add(candidate);
        } else {
          out.exclude(candidate.index, "spread: " + field + " limit reached (maxGroups " + limit + ")");
        }
      }
      groups.subList(limit, groups.size()).clear();
      return kept;
    }

    private void checkMinimum(SpreadConstraint constraint, String field, String plural, List<Candidate> selected,
                              int level) {
      if (constraint == null) {
        return;
      }
      int wanted = constraint.minGroups() == null ? 1 : constraint.minGroups();
      java.util.Set<Group> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      for (Candidate candidate : selected) {
        distinct.add(candidate.groups[level]);
      }
      if (distinct.size() < wanted) {
        out.spreadUnmet = true;
        out.warnings.add("spread by " + field + ": minGroups " + wanted + " not met, only " + distinct.size() + " "
            + plural + " available");
      }
    }

    private void markSeeds(List<Group> groups, SpreadConstraint constraint) {
      if (constraint == null || constraint.minGroups() == null) {
        return;
      }
      for (int position = 0; position < Math.min(constraint.minGroups(), groups.size()); position++) {
        groups.get(position).members.get(0).seed = true;
      }
    }
  }

  /** Cluster preference: current replicas (Steady), fewer PreferNoSchedule taints, capacity, weight, hash. */
  private Comparator<Candidate> clusterOrder() {
    return (a, b) -> {
      if (steady && a.current != b.current) {
        return Integer.compare(b.current, a.current);
      }
      if (a.penalty != b.penalty) {
        return Integer.compare(a.penalty, b.penalty);
      }
      if (a.capacity != b.capacity) {
        return Long.compare(b.capacity, a.capacity);
      }
      if (a.weight != b.weight) {
        return Long.compare(b.weight, a.weight);
      }
      return byHash(a, b);
    };
  }

  /** A spread group (a region, a zone or a single cluster) with its aggregate score. */
  private final class Group implements Comparable<Group> {
    final String name;
    final long hash;
    final List<Candidate> members = new ArrayList<>(2);
    long currentReplicas;
    long capacity;
    long weight;
    int position;
    int roundsUsed;
    long sortKey;

    Group(String name, long hash) {
      this.name = name;
      this.hash = hash;
    }

    void add(Candidate candidate) {
      members.add(candidate);
      currentReplicas += candidate.current;
      capacity = saturatingAdd(capacity, candidate.capacity);
      weight = saturatingAdd(weight, candidate.weight);
    }

    @Override
    public int compareTo(Group other) {
      if (steady && currentReplicas != other.currentReplicas) {
        return Long.compare(other.currentReplicas, currentReplicas);
      }
      if (capacity != other.capacity) {
        return Long.compare(other.capacity, capacity);
      }
      if (weight != other.weight) {
        return Long.compare(other.weight, weight);
      }
      int byHash = Long.compareUnsigned(hash, other.hash);
      return byHash != 0 ? byHash : name.compareTo(other.name);
    }
  }

  private static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return sum < a ? Long.MAX_VALUE : sum;
  }

  /** Per-cluster working state. */
  static final class Candidate {
    final int index;
    final ClusterInfo cluster;
    final int current;
    final long hash;
    long capacity;
    int penalty;
    String keepOnly;
    long weight;
    long regionWeight;
    long zoneWeight;
    long clusterWeight;
    int minReplicas;
    int lower;
    int upper;
    String upperReason;
    boolean seed;
    /** The candidate's spread groups: region, zone, cluster. */
    final Group[] groups = new Group[3];

    Candidate(int index, ClusterInfo cluster, int current, long hash) {
      this.index = index;
      this.cluster = cluster;
      this.current = current;
      this.hash = hash;
    }
  }

  /** The result of one affinity group, indexed by the clusters' name order. */
  private final class Outcome {
    final int[] assigned = new int[clusters.length];
    final String[] excluded = new String[clusters.length];
    final String[] capped = new String[clusters.length];
    final List<String> warnings = new ArrayList<>();
    int unschedulable;
    boolean spreadUnmet;

    void exclude(int index, String reason) {
      excluded[index] = reason;
    }

    void cap(int index, String reason) {
      capped[index] = reason;
    }

    boolean holds() {
      if (unschedulable > 0 || spreadUnmet) {
        return false;
      }
      for (int replicasThere : assigned) {
        if (replicasThere > 0) {
          return true;
        }
      }
      return replicas == 0;
    }

    PlacementResult toResult(String affinityName) {
      List<ClusterAssignment> placed = new ArrayList<>();
      List<ClusterReason> left = new ArrayList<>();
      List<ClusterReason> limited = new ArrayList<>();
      for (int index = 0; index < clusters.length; index++) {
        String name = clusters[index].name();
        if (assigned[index] > 0) {
          placed.add(new ClusterAssignment(name, assigned[index]));
        } else if (excluded[index] != null) {
          left.add(new ClusterReason(name, excluded[index]));
        }
        if (capped[index] != null && assigned[index] > 0) {
          limited.add(new ClusterReason(name, capped[index]));
        }
      }
      return new PlacementResult(placed, unschedulable, left, limited, affinityName, warnings);
    }
  }
}
