package dev.flotilla.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** One placement computation over a validated request; see {@link PlacementEngine}. */
final class PlacementRun {
  private static final int UNBOUNDED = WebsterApportioner.UNBOUNDED;
  private static final long UNLIMITED_CAPACITY = Long.MAX_VALUE;
  /** Hierarchical shares are scaled to integers summing to about this. */
  private static final double HIERARCHY_SCALE = 1L << 30;
  /** Spread groups are hashed as these prefixes followed by their names. */
  private static final String REGION_HASH_PREFIX = "region:";
  private static final String ZONE_HASH_PREFIX = "zone:";

  private final String key;
  private final int replicas;
  private final boolean steady;
  private final Placement placement;
  private final ReplicaSchedulingStrategy strategy;
  private final boolean duplicated;
  private final boolean aggregated;
  private final ClusterInfo[] clusters;
  /** Replicas the current assignment gives each cluster, by name-order index. */
  private final int[] currentReplicas;
  /** Whether sorting the clusters showed that their names are distinct. */
  private final boolean namesKnownDistinct;
  /** Whether a name repeats in the current assignment (the request is then invalid). */
  private boolean currentNamesRepeat;
  /** The hash state after the workload key: group hashes continue from it. */
  private final long keyState;
  /**
   * The hash state after the workload key and the ASCII prefix that every cluster name shares (its length is
   * {@link #sharedPrefix}): each cluster's tie-break hash continues from it, so the prefix is hashed once.
   */
  private final long namePrefixState;
  private final int sharedPrefix;
  /** Tie-break hashes by name-order index, computed on first use and shared by all affinity groups. */
  private final long[] hashes;
  private final boolean[] hashed;
  /** Every cluster's position in hash order, by name-order index, when every name was hashed up front; or null. */
  private int[] hashRanks;
  private final Toleration[] tolerations;
  /** Whether spread constraints or hierarchical weights read the clusters' region and zone. */
  private final boolean needsTopology;
  /** The label values the policy reads, numbered per key, one row per cluster. */
  private final LabelTable labels;
  /** Label keys of region and zone in {@link #labels} (when {@link #needsTopology}), and the ids of "null". */
  private final int regionKey;
  private final int zoneKey;
  private final int nullRegion;
  private final int nullZone;
  /** Weight and limit rules, compiled on first use. */
  private WeightRules staticWeights;
  private ClusterMatcher[] limitMatchers;
  private final Map<ZoneWeight, WeightRules> zoneClusterWeights = new IdentityHashMap<>();
  /** Reasons are built once per distinct text, not once per cluster. */
  private final Map<Taint, String> taintReasons = new HashMap<>();

  PlacementRun(PlacementRequest request) {
    this.key = request.key() == null ? "" : request.key();
    this.replicas = request.replicas();
    this.steady = PlacementRequest.STEADY.equals(request.effectiveMode());
    this.placement = request.effectivePlacement();
    this.strategy = placement.replicaScheduling();
    this.duplicated = strategy == null || ReplicaSchedulingStrategy.DUPLICATED.equals(strategy.effectiveType());
    this.aggregated = !duplicated
        && ReplicaSchedulingStrategy.AGGREGATED.equals(strategy.effectiveDivisionPreference());
    List<ClusterInfo> input = request.clusters();
    NameOrder.Sorted sorted = NameOrder.of(input);
    int[] order = sorted.positions();
    this.namesKnownDistinct = sorted.distinct();
    this.clusters = new ClusterInfo[order.length];
    for (int i = 0; i < order.length; i++) {
      clusters[i] = input.get(order[i]);
    }
    this.currentReplicas = new int[clusters.length];
    readCurrent(request.current());
    this.keyState = StableHash.keyState(key);
    if (clusters.length == 0) {
      sharedPrefix = 0;
    } else {
      // Sorted names: the prefix all of them share is the one the first and the last share.
      String first = clusters[0].name();
      String last = clusters[clusters.length - 1].name();
      int common = 0;
      int limit = Math.min(first.length(), last.length());
      while (common < limit && first.charAt(common) == last.charAt(common)) {
        common++;
      }
      sharedPrefix = StableHash.asciiLength(first, common);
    }
    this.namePrefixState = clusters.length == 0 ? keyState
        : StableHash.prefixState(keyState, clusters[0].name(), sharedPrefix);
    this.hashes = new long[clusters.length];
    this.hashed = new boolean[clusters.length];
    this.tolerations = placement.clusterTolerations().toArray(new Toleration[0]);
    this.needsTopology = !placement.spreadConstraints().isEmpty()
        || (strategy != null && strategy.weightPreference() != null
            && strategy.weightPreference().hierarchicalWeights() != null);
    this.labels = new LabelTable(clusters);
    labels.registerKeysOf(placement, needsTopology);
    if (needsTopology) {
      regionKey = labels.key(ClusterInfo.REGION_LABEL);
      zoneKey = labels.key(ClusterInfo.ZONE_LABEL);
      // Spread groups are keyed by String.valueOf(label), so a missing label and the value "null" share a group.
      nullRegion = labels.id(regionKey, "null");
      nullZone = labels.id(zoneKey, "null");
    } else {
      regionKey = zoneKey = nullRegion = nullZone = LabelTable.ABSENT;
    }
    if (everyClusterIsRead(placement)) {
      // Nearly every cluster will be a candidate: hash every name and read every row now, taking the clusters in
      // the order of the request's list (the order their data was most likely built, and lies, in memory).
      int[] rowOf = new int[order.length];
      for (int row = 0; row < order.length; row++) {
        rowOf[order[row]] = row;
      }
      for (int row : rowOf) {
        hashOf(row);
      }
      hashRanks = ranksOf(hashOrder(hashes, null));
      labels.readAllRows(rowOf);
    }
  }

  /**
   * Whether the placement reads the labels of (nearly) every cluster, so that reading all rows up front wastes
   * nothing: no affinity names its clusters. When one does, only those clusters' rows are read, on first use.
   */
  private static boolean everyClusterIsRead(Placement placement) {
    if (placement.clusterAffinity() != null && !placement.clusterAffinity().clusterNames().isEmpty()) {
      return false;
    }
    for (ClusterAffinityTerm term : placement.clusterAffinities()) {
      if (!term.clusterNames().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private long hashOf(int index) {
    if (!hashed[index]) {
      hashes[index] = StableHash.of(namePrefixState, clusters[index].name(), sharedPrefix);
      hashed[index] = true;
    }
    return hashes[index];
  }

  /**
   * Reads the replicas of each cluster (by name-order index) from the current assignment, whose entries for
   * unknown clusters are ignored. An assignment sorted by name (a previous result is) is merged with the sorted
   * clusters; the merge checks on the way that the names strictly ascend, which also proves that none repeats.
   * Any other order is looked up by name, which finds repeats. Names are non-null (validated).
   */
  private void readCurrent(List<ClusterAssignment> current) {
    if (current.isEmpty() || mergeCurrent(current)) {
      return;
    }
    Arrays.fill(currentReplicas, 0);
    Map<String, ClusterAssignment> byName = new HashMap<>(Math.max(16, current.size() * 2));
    for (int i = 0; i < current.size(); i++) {
      ClusterAssignment assignment = current.get(i);
      currentNamesRepeat |= byName.put(assignment.name(), assignment) != null;
    }
    for (int index = 0; index < clusters.length; index++) {
      ClusterAssignment assignment = byName.get(clusters[index].name());
      currentReplicas[index] = assignment == null ? 0 : assignment.replicas();
    }
  }

  /**
   * Merges a current assignment whose names strictly ascend with the sorted clusters; false, leaving partial
   * results, as soon as two names are found out of order. A name matched to a cluster follows the one before it
   * (the clusters ascend, and an unmatched name was below the cluster that came next), so only names that match
   * no cluster are compared with their predecessor.
   */
  private boolean mergeCurrent(List<ClusterAssignment> current) {
    int at = 0;
    String previous = null;
    for (int index = 0; index < clusters.length && at < current.size(); index++) {
      String name = clusters[index].name();
      while (at < current.size()) {
        String held = current.get(at).name();
        int order = compareNames(held, name);
        if (order > 0) {
          break; // this cluster has no entry
        }
        if (order == 0) {
          currentReplicas[index] = current.get(at).replicas();
        } else if (previous != null && compareNames(previous, held) >= 0) {
          return false; // not a cluster of the request, and out of order
        }
        previous = held;
        at++;
        if (order == 0) {
          break;
        }
      }
    }
    for (; at < current.size(); at++) { // past the last cluster: none of these is a cluster of the request
      String held = current.get(at).name();
      if (previous != null && compareNames(previous, held) >= 0) {
        return false;
      }
      previous = held;
    }
    return true;
  }

  /** {@link String#compareTo}, answering at once for the same instance (a previous result shares its names). */
  private static int compareNames(String a, String b) {
    return a == b ? 0 : a.compareTo(b);
  }

  /** Whether two clusters, or two entries of the current assignment, share a name (the request is invalid). */
  boolean hasDuplicateNames() {
    if (currentNamesRepeat) {
      return true;
    }
    if (namesKnownDistinct) {
      return false;
    }
    for (int i = 1; i < clusters.length; i++) {
      if (clusters[i].name().equals(clusters[i - 1].name())) {
        return true;
      }
    }
    return false;
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
    ClusterMatcher matcher = affinity == null ? null : new ClusterMatcher(affinity, labels);
    // mismatch() answers one of four constant phrases, so there are at most four distinct affinity reasons.
    Map<String, String> affinityReasons = new HashMap<>();
    ClusterPreferences preferences = duplicated || aggregated ? null : strategy.weightPreference();
    List<Candidate> candidates = new ArrayList<>(clusters.length);
    for (int index = 0; index < clusters.length; index++) {
      Candidate candidate = filter(index, matcher, affinityPath, affinityReasons, out);
      // Divided: weight and bounds in the same pass, while the cluster's row is at hand.
      if (candidate != null && (duplicated || weighAndBound(candidate, preferences, out))) {
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
  private Candidate filter(int index, ClusterMatcher affinity, String affinityPath,
                           Map<String, String> affinityReasons, Outcome out) {
    ClusterInfo cluster = clusters[index];
    if (affinity != null) {
      String mismatch = affinity.mismatch(index, cluster);
      if (mismatch != null) {
        out.exclude(index, affinityReasons.computeIfAbsent(mismatch,
            phrase -> "not selected by " + affinityPath + ": " + phrase));
        return null;
      }
    }
    int currentReplicas = this.currentReplicas[index];
    int penalty = 0;
    String keepOnly = null;
    List<Taint> taints = cluster.effectiveTaints();
    for (int t = 0; t < taints.size(); t++) { // indexed: an iterator per cluster showed up in allocation
      Taint taint = taints.get(t);
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
            out.exclude(index, taintReason(taint));
            return null;
          }
        }
        default -> {
          out.exclude(index, taintReason(taint));
          return null;
        }
      }
    }
    Candidate candidate = new Candidate(index, cluster, currentReplicas, hashOf(index));
    if (hashRanks != null) {
      candidate.hashRank = hashRanks[index];
    }
    if (needsTopology) {
      int rowStart = labels.rowStart(index);
      int regionId = labels.cells()[rowStart + regionKey];
      int zoneId = labels.cells()[rowStart + zoneKey];
      candidate.region = labels.value(regionKey, regionId);
      candidate.zone = labels.value(zoneKey, zoneId);
      candidate.regionId = regionId == LabelTable.ABSENT ? nullRegion : regionId;
      candidate.zoneId = zoneId == LabelTable.ABSENT ? nullZone : zoneId;
    }
    candidate.penalty = penalty;
    candidate.keepOnly = keepOnly;
    candidate.capacity = cluster.availableReplicas() == null ? UNLIMITED_CAPACITY
        : (long) currentReplicas + cluster.availableReplicas();
    return candidate;
  }

  private String taintReason(Taint taint) {
    return taintReasons.computeIfAbsent(taint, t -> "taint " + t + " not tolerated");
  }

  private boolean tolerated(Taint taint) {
    for (Toleration toleration : tolerations) {
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
    if (!placement.spreadConstraints().isEmpty()) {
      assignHashRanks(fitting); // the spread selection sorts by them
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

  /**
   * Divided: sets the candidate's weight and bounds; false (with the reason recorded) when they leave it no
   * replicas.
   */
  private boolean weighAndBound(Candidate candidate, ClusterPreferences preferences, Outcome out) {
    String problem = assignRawWeight(candidate, preferences);
    if (problem != null) {
      out.exclude(candidate.index, problem);
      return false;
    }
    applyLimits(candidate);
    if (candidate.upper == 0) {
      out.exclude(candidate.index, candidate.upperReason());
      return false;
    }
    return true;
  }

  /** Divided, over the candidates with a weight and room for replicas. */
  private void divide(List<Candidate> weighted, Outcome out) {
    ClusterPreferences preferences = aggregated ? null : strategy.weightPreference();
    assignHashRanks(weighted);
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
    if (staticWeights == null) {
      staticWeights = new WeightRules(preferences.staticWeightList(), labels);
    }
    long best = staticWeights.highest(candidate.index, candidate.cluster);
    if (best < 0) {
      return "no staticWeightList rule matches it";
    }
    if (best == 0) {
      return "its staticWeightList weight is 0";
    }
    candidate.weight = best;
    return null;
  }

  private String hierarchyWeight(Candidate candidate, HierarchicalWeights hierarchy) {
    String region = candidate.region;
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
    ZoneWeight zoneEntry = null;
    if (!regionWeight.zones().isEmpty()) {
      String zone = candidate.zone;
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
      zoneEntry = found;
    }
    long clusterWeight = 1;
    if (!clusterRules.isEmpty()) {
      WeightRules compiled = zoneClusterWeights.computeIfAbsent(zoneEntry, z -> new WeightRules(z.clusters(), labels));
      clusterWeight = compiled.highest(candidate.index, candidate.cluster);
      if (clusterWeight < 0) {
        return "no hierarchicalWeights cluster rule of its zone matches it";
      }
      if (clusterWeight == 0) {
        return "its hierarchicalWeights cluster weight is 0";
      }
    }
    candidate.hierarchy = new long[] {regionWeight.weight(), zoneWeight, clusterWeight};
    candidate.weight = regionWeight.weight() * zoneWeight * clusterWeight; // ranking only; ≤ 1e18
    return null;
  }

  /** Bounds from clusterReplicaLimits (first matching rule), capacity and a Steady NoSchedule taint. */
  private void applyLimits(Candidate candidate) {
    List<ClusterReplicaLimit> limits = strategy.clusterReplicaLimits();
    if (limitMatchers == null) {
      limitMatchers = new ClusterMatcher[limits.size()];
      for (int i = 0; i < limitMatchers.length; i++) {
        limitMatchers[i] = new ClusterMatcher(limits.get(i).targetCluster(), labels);
      }
    }
    Integer min = null;
    Integer max = null;
    for (int i = 0; i < limitMatchers.length; i++) {
      if (limitMatchers[i].matches(candidate.index, candidate.cluster)) {
        min = limits.get(i).minReplicas();
        max = limits.get(i).maxReplicas();
        break;
      }
    }
    int upper = UNBOUNDED;
    int boundBy = Candidate.UNBOUND;
    if (candidate.capacity < upper) {
      upper = (int) candidate.capacity;
      boundBy = Candidate.BY_CAPACITY;
    }
    if (max != null && max < upper) {
      upper = max;
      boundBy = Candidate.BY_MAX_REPLICAS;
    }
    if (candidate.keepOnly != null && candidate.current < upper) {
      upper = candidate.current;
      boundBy = Candidate.BY_TAINT;
    }
    candidate.upper = upper;
    candidate.boundBy = boundBy;
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
      String region = String.valueOf(candidate.region);
      String zone = region + "\u0000" + candidate.zone;
      long[] weights = candidate.hierarchy;
      regionWeights.putIfAbsent(region, weights[0]);
      if (zoneSeen.putIfAbsent(zone, weights[1]) == null) {
        zoneWeightsByRegion.merge(region, weights[1], Long::sum);
      }
      clusterWeightsByZone.merge(zone, weights[2], Long::sum);
    }
    long regionTotal = 0;
    for (long weight : regionWeights.values()) {
      regionTotal += weight;
    }
    for (Candidate candidate : selected) {
      String region = String.valueOf(candidate.region);
      String zone = region + "\u0000" + candidate.zone;
      long[] weights = candidate.hierarchy;
      double share = (double) weights[0] / regionTotal
          * weights[1] / zoneWeightsByRegion.get(region)
          * weights[2] / clusterWeightsByZone.get(zone);
      candidate.weight = Math.max(1, Math.round(share * HIERARCHY_SCALE));
    }
  }

  private void webster(List<Candidate> selected, Outcome out) {
    int count = selected.size();
    long[] weights = new long[count];
    int[] lower = new int[count];
    int[] upper = new int[count];
    int[] start = new int[count];
    int[] ranks = new int[count];
    long totalWeight = 0;
    for (int i = 0; i < count; i++) {
      Candidate candidate = selected.get(i);
      ranks[i] = candidate.hashRank; // ranks within a superset keep their order, which is all Webster uses
      weights[i] = candidate.weight;
      lower[i] = candidate.lower;
      upper[i] = candidate.upper;
      start[i] = steady ? Math.min(candidate.current, candidate.upper) : 0;
      totalWeight += candidate.weight;
    }
    WebsterApportioner apportioner =
        new WebsterApportioner(weights, lower, upper, ranks, start);
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
    // The zero-share text depends only on the weight, and many clusters usually share a few weights.
    Map<Long, String> zeroShareReasons = new HashMap<>();
    long weightTotal = totalWeight;
    for (int i = 0; i < count; i++) {
      Candidate candidate = selected.get(i);
      out.assigned[candidate.index] = seats[i];
      String shortfall = minimumShortfall(candidate, seats[i], minimumTotal);
      if (seats[i] == 0) {
        out.exclude(candidate.index, shortfall != null ? shortfall
            : zeroShareReasons.computeIfAbsent(candidate.weight, weight -> zeroShareReason(weight, weightTotal)));
      } else if (shortfall != null) {
        out.cap(candidate.index, shortfall);
      } else if (apportioner.upperBoundBinding(i, replicas)) {
        out.cap(candidate.index, candidate.upperReason());
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
      return "minReplicas " + candidate.minReplicas + " not met: " + candidate.upperReason();
    }
    return "minReplicas " + candidate.minReplicas + " not met: " + replicas
        + " replicas for minimums totalling " + minimumTotal;
  }

  private String zeroShareReason(long weight, long totalWeight) {
    if (replicas == 0) {
      return "the workload has 0 replicas";
    }
    // Hundredths by integer arithmetic: String.format here cost more than the whole division.
    long hundredths = Math.round(100.0 * replicas * weight / totalWeight);
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
      } else if (laterUsed && seats[i] == candidate.upper && candidate.boundBy != Candidate.UNBOUND) {
        out.cap(candidate.index, candidate.upperReason());
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

  /**
   * Sets each candidate's {@link Candidate#hashRank}, its position in {@link #byHash} order; nothing to do when
   * the ranks of all clusters were set up front (ranks over a superset keep the order, which is all they are
   * used for).
   */
  private void assignHashRanks(List<Candidate> candidates) {
    if (hashRanks != null) {
      return;
    }
    int[] order = hashOrder(candidates);
    for (int position = 0; position < order.length; position++) {
      candidates.get(order[position]).hashRank = position;
    }
  }

  /** Each candidate's position in {@link #byHash} order. */
  static int[] hashRanks(List<Candidate> candidates) {
    return ranksOf(hashOrder(candidates));
  }

  private static int[] ranksOf(int[] order) {
    int[] ranks = new int[order.length];
    for (int position = 0; position < order.length; position++) {
      ranks[order[position]] = position;
    }
    return ranks;
  }

  /** The candidates' list positions in {@link #byHash} order. */
  private static int[] hashOrder(List<Candidate> candidates) {
    long[] hashes = new long[candidates.size()];
    int[] indexes = new int[candidates.size()];
    for (int i = 0; i < hashes.length; i++) {
      Candidate candidate = candidates.get(i);
      hashes[i] = candidate.hash;
      indexes[i] = candidate.index;
    }
    return hashOrder(hashes, indexes);
  }

  /**
   * Positions {@code 0..n-1} ordered by their hash (unsigned), then by their index ({@code indexes == null}: the
   * position itself), as {@link #byHash} orders candidates. The hashes are uniform, so a counting sort on their top
   * bits (about two buckets per entry) spreads them out in one pass; the few that share a bucket are then ordered
   * in full.
   */
  static int[] hashOrder(long[] hashes, int[] indexes) {
    int count = hashes.length;
    int bucketBits = Math.min(20, DenseRanks.bitsFor(count) + 1);
    int[] bounds = new int[(1 << bucketBits) + 1];
    for (int i = 0; i < count; i++) {
      bounds[bucketOf(hashes[i], bucketBits) + 1]++;
    }
    for (int bucket = 1; bucket < bounds.length; bucket++) {
      bounds[bucket] += bounds[bucket - 1]; // bounds[b]: where bucket b starts
    }
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[bounds[bucketOf(hashes[i], bucketBits)]++] = i; // leaves bounds[b] where bucket b ends
    }
    int from = 0;
    for (int bucket = 0; bucket + 1 < bounds.length; bucket++) {
      int to = bounds[bucket];
      if (to - from > 1) {
        sortBucket(hashes, indexes, order, from, to);
      }
      from = to;
    }
    return order;
  }

  private static int bucketOf(long hash, int bucketBits) {
    return bucketBits == 0 ? 0 : (int) (hash >>> (64 - bucketBits));
  }

  /** Whether position a comes after position b: {@link #byHash} on the arrays. */
  private static boolean after(long[] hashes, int[] indexes, int a, int b) {
    int byHash = Long.compareUnsigned(hashes[a], hashes[b]);
    if (byHash != 0) {
      return byHash > 0;
    }
    return indexes == null ? a > b : indexes[a] > indexes[b];
  }

  /** Orders {@code order[from..to)}: insertion sort for the usual handful, else a full sort. */
  private static void sortBucket(long[] hashes, int[] indexes, int[] order, int from, int to) {
    if (to - from > 16) {
      Integer[] boxed = new Integer[to - from];
      for (int i = 0; i < boxed.length; i++) {
        boxed[i] = order[from + i];
      }
      Arrays.sort(boxed, (a, b) -> after(hashes, indexes, a, b) ? 1 : after(hashes, indexes, b, a) ? -1 : 0);
      for (int i = 0; i < boxed.length; i++) {
        order[from + i] = boxed[i];
      }
      return;
    }
    for (int i = from + 1; i < to; i++) {
      int moving = order[i];
      int at = i;
      while (at > from && after(hashes, indexes, order[at - 1], moving)) {
        order[at] = order[at - 1];
        at--;
      }
      order[at] = moving;
    }
  }

  // ---------------------------------------------------------------- spread selection

  /** Applies spread constraints: picks regions, then zones round-robin over regions, then clusters. */
  private final class SpreadSelection {
    private final List<Candidate> candidates;
    private final Outcome out;
    private SpreadConstraint byRegion;
    private SpreadConstraint byZone;
    private SpreadConstraint byCluster;

    /** Takes over {@code candidates}: the list is filtered and sorted in place. */
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
      // Filtered in place: the caller hands the list over.
      List<Candidate> labelled = candidates;
      int kept = 0;
      for (int i = 0; i < labelled.size(); i++) {
        Candidate candidate = labelled.get(i);
        if (byRegion != null && candidate.region == null) {
          out.exclude(candidate.index, "spread by region: no " + ClusterInfo.REGION_LABEL + " label");
        } else if (byZone != null && candidate.zone == null) {
          out.exclude(candidate.index, "spread by zone: no " + ClusterInfo.ZONE_LABEL + " label");
        } else {
          labelled.set(kept++, candidate);
        }
      }
      if (kept < labelled.size()) {
        labelled.subList(kept, labelled.size()).clear();
      }
      sortByPreference(labelled); // the one sort: every later list keeps this order

      List<Group> regions = groups(labelled, 0);
      List<Candidate> remaining = keep(labelled, regions, 0, byRegion, "region");
      // Lower levels are grouped only when a constraint at or below them needs them.
      List<Group> zones = byZone == null && byCluster == null ? List.of() : groups(remaining, 1);
      remaining = keep(remaining, zones, 1, byZone, "zone");
      List<Group> singles = byCluster == null ? List.of() : groups(remaining, 2);
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
    private List<Group> groups(List<Candidate> ranked, int level) {
      List<Group> result = new ArrayList<>();
      // One loop per level (this runs for every candidate): the group is found by label id where there is one.
      if (level == 0) {
        Group[] regionsById = new Group[labels.valueCount(regionKey)];
        for (int i = 0; i < ranked.size(); i++) {
          Candidate candidate = ranked.get(i);
          Group group = regionsById[candidate.regionId];
          if (group == null) {
            group = new Group(labels.value(regionKey, candidate.regionId), REGION_HASH_PREFIX);
            regionsById[candidate.regionId] = group;
            result.add(group);
          }
          group.add(candidate);
          candidate.regionGroup = group;
        }
      } else if (level == 1) {
        Map<String, Group> byKey = new HashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
          Candidate candidate = ranked.get(i);
          Group group = zoneGroup(candidate, byKey);
          if (group == null) {
            group = new Group(zoneKey(candidate), ZONE_HASH_PREFIX);
            byKey.put(group.name, group);
            candidate.regionGroup.zonesById[candidate.zoneId] = group;
            result.add(group);
          }
          group.add(candidate);
          candidate.zoneGroup = group;
        }
      } else {
        for (int i = 0; i < ranked.size(); i++) {
          Candidate candidate = ranked.get(i);
          Group group = new Group(candidate.cluster.name(), candidate.hash);
          result.add(group);
          group.add(candidate);
          candidate.clusterGroup = group;
        }
      }
      result.sort(Group::compareTo);
      if (level > 0) {
        for (Group group : result) {
          Group parent = group.first.group(level - 1);
          group.sortKey = (long) parent.roundsUsed++ << 32 | parent.position;
        }
        result.sort(Comparator.comparingLong(g -> g.sortKey)); // stable: keeps rank order within a round
      }
      for (int position = 0; position < result.size(); position++) {
        result.get(position).position = position;
      }
      return result;
    }

    /**
     * The zone group of a candidate, found through its region group so that the zone key string is built once
     * per zone rather than once per cluster.
     */
    private Group zoneGroup(Candidate candidate, Map<String, Group> byKey) {
      Group region = candidate.group(0);
      if (region.zonesById == null) {
        region.zonesById = new Group[labels.valueCount(zoneKey)];
      }
      Group group = region.zonesById[candidate.zoneId];
      if (group == null) {
        // Two (region, zone) pairs can share a key when labels hold NUL characters; the key decides, as it
        // always has.
        group = byKey.get(zoneKey(candidate));
        region.zonesById[candidate.zoneId] = group;
      }
      return group;
    }

    private static String zoneKey(Candidate candidate) {
      return candidate.region + "\u0000" + candidate.zone;
    }

    private List<Candidate> keep(List<Candidate> ranked, List<Group> groups, int level, SpreadConstraint constraint,
                                 String field) {
      if (constraint == null || constraint.maxGroups() == null || groups.size() <= constraint.maxGroups()) {
        return ranked;
      }
      int limit = constraint.maxGroups();
      String reason = "spread: " + field + " limit reached (maxGroups " + limit + ")";
      List<Candidate> kept = new ArrayList<>(ranked.size());
      for (Candidate candidate : ranked) {
        if (candidate.group(level).position < limit) {
          kept.add(candidate);
        } else {
          out.exclude(candidate.index, reason);
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
      int distinct = 0;
      for (Candidate candidate : selected) {
        Group group = candidate.group(level);
        if (!group.counted) { // each group belongs to one level, so one flag per group suffices
          group.counted = true;
          distinct++;
        }
      }
      if (distinct < wanted) {
        out.spreadUnmet = true;
        out.warnings.add("spread by " + field + ": minGroups " + wanted + " not met, only " + distinct + " "
            + plural + " available");
      }
    }

    private void markSeeds(List<Group> groups, SpreadConstraint constraint) {
      if (constraint == null || constraint.minGroups() == null) {
        return;
      }
      for (int position = 0; position < Math.min(constraint.minGroups(), groups.size()); position++) {
        groups.get(position).first.seed = true;
      }
    }
  }

  /**
   * Sorts candidates in {@link #clusterOrder()} without comparing candidates pairwise. Each ordering field is
   * replaced by the dense rank of its value (most fields take few distinct values) and the ranks are packed into
   * one "major" key. The candidates are laid out in hash order by their hash rank, then ordered by major key:
   * by a stable counting sort when there are few possible keys, else by one primitive sort of the major key
   * packed above the hash rank. When the ranks need more than 31 bits, the comparator sort runs instead. Needs
   * {@link Candidate#hashRank} over a superset of the list.
   */
  private void sortByPreference(List<Candidate> list) {
    int count = list.size();
    if (count < 2) {
      return;
    }
    // One pass finds the fields that differ at all (often only the weight does), and the largest hash rank.
    Candidate first = list.get(0);
    boolean[] varies = new boolean[4];
    int maxHashRank = 0;
    for (int i = 0; i < count; i++) {
      Candidate candidate = list.get(i);
      varies[0] |= candidate.current != first.current;
      varies[1] |= candidate.penalty != first.penalty;
      varies[2] |= candidate.capacity != first.capacity;
      varies[3] |= candidate.weight != first.weight;
      maxHashRank = Math.max(maxHashRank, candidate.hashRank);
    }
    // Each field that varies is replaced by the dense rank of its value, and the ranks are packed into one key,
    // most significant field first.
    long[] values = new long[count];
    int[] fieldRanks = new int[count];
    int[] major = new int[count];
    int usedBits = 0;
    for (int field = steady ? 0 : 1; field < 4; field++) {
      if (!varies[field]) {
        continue; // one value: its rank would be 0 for all, adding no bits
      }
      for (int i = 0; i < count; i++) {
        values[i] = preferenceValue(list.get(i), field);
      }
      int distinct = DenseRanks.of(values, fieldRanks);
      int bits = DenseRanks.bitsFor(distinct);
      usedBits += bits;
      if (usedBits > 31) {
        list.sort(clusterOrder());
        return;
      }
      for (int i = 0; i < count; i++) {
        major[i] = major[i] << bits | fieldRanks[i];
      }
    }
    int[] positionByHashRank = new int[maxHashRank + 1];
    Arrays.fill(positionByHashRank, -1);
    for (int i = 0; i < count; i++) {
      positionByHashRank[list.get(i).hashRank] = i;
    }
    Candidate[] sorted = new Candidate[count];
    if (1L << usedBits <= 2L * count) {
      // Stable counting sort by major key of the candidates taken in hash order.
      int[] next = new int[(1 << usedBits) + 1];
      for (int i = 0; i < count; i++) {
        next[major[i] + 1]++;
      }
      for (int key = 1; key < next.length; key++) {
        next[key] += next[key - 1];
      }
      for (int position : positionByHashRank) {
        if (position >= 0) {
          sorted[next[major[position]]++] = list.get(position);
        }
      }
    } else {
      int hashBits = DenseRanks.bitsFor(maxHashRank + 1);
      long[] keys = new long[count];
      for (int i = 0; i < count; i++) {
        keys[i] = (long) major[i] << hashBits | list.get(i).hashRank;
      }
      Arrays.sort(keys);
      long hashMask = (1L << hashBits) - 1;
      for (int i = 0; i < count; i++) {
        sorted[i] = list.get(positionByHashRank[(int) (keys[i] & hashMask)]);
      }
    }
    for (int i = 0; i < count; i++) {
      list.set(i, sorted[i]);
    }
  }

  /**
   * A preference field as a value that sorts ascending: 0 current replicas (Steady only), 1 PreferNoSchedule
   * taints, 2 capacity, 3 weight. Negated where more is preferred: all are non-negative, so negation cannot
   * overflow.
   */
  private static long preferenceValue(Candidate candidate, int field) {
    return switch (field) {
      case 0 -> -candidate.current;
      case 1 -> candidate.penalty;
      case 2 -> -candidate.capacity;
      default -> -candidate.weight;
    };
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
    /** The group's most preferred member (members are added in preference order). */
    Candidate first;
    /** A region's zone groups by zone label id (region groups only, created on first use). */
    Group[] zonesById;
    boolean counted;
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

    /** A region or zone group, hashed as {@code prefix + name} under the workload key. */
    Group(String name, String hashPrefix) {
      // Same as hashing hashPrefix + name: the prefix is ASCII, so the state after it continues into the name.
      this(name, StableHash.of(StableHash.prefixState(keyState, hashPrefix, hashPrefix.length()), name, 0));
    }

    void add(Candidate candidate) {
      if (first == null) {
        first = candidate;
      }
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
    /** Hierarchical weights only: the region's, the zone's and the cluster's weight (null otherwise). */
    long[] hierarchy;
    int minReplicas;
    int lower;
    int upper;
    /** Which bound set {@link #upper}; its reason text is built only if a result mentions it. */
    int boundBy;
    boolean seed;
    /** Position in {@link #byHash} order among the candidates of one affinity group. */
    int hashRank;
    String region;
    String zone;
    /** Label ids of region and zone, with a missing label counted as the value "null" (as spread groups are). */
    int regionId;
    int zoneId;
    /** The candidate's spread groups (fields, not an array: one object less per cluster). */
    private Group regionGroup;
    private Group zoneGroup;
    private Group clusterGroup;

    static final int UNBOUND = 0;
    static final int BY_CAPACITY = 1;
    static final int BY_MAX_REPLICAS = 2;
    static final int BY_TAINT = 3;

    Candidate(int index, ClusterInfo cluster, int current, long hash) {
      this.index = index;
      this.cluster = cluster;
      this.current = current;
      this.hash = hash;
    }

    /** The candidate's spread group at a level: 0 region, 1 zone, 2 cluster. */
    Group group(int level) {
      return switch (level) {
        case 0 -> regionGroup;
        case 1 -> zoneGroup;
        default -> clusterGroup;
      };
    }

    void setGroup(int level, Group group) {
      switch (level) {
        case 0 -> regionGroup = group;
        case 1 -> zoneGroup = group;
        default -> clusterGroup = group;
      }
    }

    /** Why {@link #upper} is what it is, or null when no bound applies. */
    String upperReason() {
      return switch (boundBy) {
        case BY_CAPACITY -> "capacity " + capacity;
        case BY_MAX_REPLICAS -> "maxReplicas " + upper;
        case BY_TAINT -> keepOnly;
        default -> null;
      };
    }
  }

  /** The result of one affinity group, indexed by the clusters' name order. */
  private final class Outcome {
    final int[] assigned = new int[clusters.length];
    final String[] excluded = new String[clusters.length];
    /** Allocated when the first cluster is capped: most placements cap none. */
    String[] capped;
    final List<String> warnings = new ArrayList<>();
    int unschedulable;
    boolean spreadUnmet;

    void exclude(int index, String reason) {
      excluded[index] = reason;
    }

    void cap(int index, String reason) {
      if (capped == null) {
        capped = new String[clusters.length];
      }
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
      int placedCount = 0;
      int leftCount = 0;
      int limitedCount = 0;
      for (int index = 0; index < clusters.length; index++) {
        if (assigned[index] > 0) {
          placedCount++;
          limitedCount += capped != null && capped[index] != null ? 1 : 0;
        } else if (excluded[index] != null) {
          leftCount++;
        }
      }
      List<ClusterAssignment> placed = new ArrayList<>(placedCount);
      List<ClusterReason> left = new ArrayList<>(leftCount);
      List<ClusterReason> limited = new ArrayList<>(limitedCount);
      for (int index = 0; index < clusters.length; index++) {
        String name = clusters[index].name();
        if (assigned[index] > 0) {
          placed.add(new ClusterAssignment(name, assigned[index]));
        } else if (excluded[index] != null) {
          left.add(new ClusterReason(name, excluded[index]));
        }
        if (capped != null && capped[index] != null && assigned[index] > 0) {
          limited.add(new ClusterReason(name, capped[index]));
        }
      }
      return new PlacementResult(placed, unschedulable, left, limited, affinityName, warnings);
    }
  }
}
