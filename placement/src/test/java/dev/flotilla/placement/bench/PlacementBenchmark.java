package dev.flotilla.placement.bench;

import dev.flotilla.placement.ClusterAffinity;
import dev.flotilla.placement.ClusterInfo;
import dev.flotilla.placement.ClusterPreferences;
import dev.flotilla.placement.LabelSelector;
import dev.flotilla.placement.Placement;
import dev.flotilla.placement.PlacementEngine;
import dev.flotilla.placement.PlacementRequest;
import dev.flotilla.placement.PlacementResult;
import dev.flotilla.placement.ReplicaSchedulingStrategy;
import dev.flotilla.placement.SelectorRequirement;
import dev.flotilla.placement.SpreadConstraint;
import dev.flotilla.placement.StaticClusterWeight;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One placement over 100, 1,000 and 10,000 clusters spread over 6 regions × 3 zones, with a label-selector
 * affinity (90% of the clusters match), static weights by tier label, and a zone spread constraint (3..12 zones),
 * dividing 1,000 replicas. {@code fresh}: a full placement from nothing; {@code steadyScaleUp}: the same workload
 * scaled from 1,000 to 1,050 replicas in Steady mode from the previous result. Run with
 * {@code ./mvnw -o -pl placement test-compile exec:exec}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlacementBenchmark {
  @Param({"100", "1000", "10000"})
  public int clusters;

  private PlacementRequest fresh;
  private PlacementRequest steadyScaleUp;

  @Setup
  public void prepare() {
    Random random = new Random(42);
    String[] tiers = {"gold", "silver", "bronze"};
    List<ClusterInfo> candidates = new ArrayList<>();
    for (int i = 0; i < clusters; i++) {
      int region = random.nextInt(6);
      Map<String, String> labels = Map.of(
          ClusterInfo.REGION_LABEL, "region-" + region,
          ClusterInfo.ZONE_LABEL, "region-" + region + "-" + (char) ('a' + random.nextInt(3)),
          "env", random.nextInt(10) == 0 ? "staging" : "prod",
          "tier", tiers[random.nextInt(3)]);
      candidates.add(new ClusterInfo(String.format("member-%05d", i), labels, List.of(), true, null, null));
    }
    Collections.shuffle(candidates, random); // the engine must not rely on sorted input

    ClusterAffinity affinity = new ClusterAffinity(new LabelSelector(Map.of("env", "prod"),
        List.of(new SelectorRequirement("tier", SelectorRequirement.IN, List.of("gold", "silver", "bronze")))),
        null, null, null);
    List<StaticClusterWeight> weights = List.of(
        new StaticClusterWeight(tierAffinity("gold"), 3),
        new StaticClusterWeight(tierAffinity("silver"), 2),
        new StaticClusterWeight(tierAffinity("bronze"), 1));
    Placement placement = new Placement(affinity, null, null,
        List.of(new SpreadConstraint(SpreadConstraint.ZONE, 12, 3)),
        new ReplicaSchedulingStrategy(ReplicaSchedulingStrategy.DIVIDED, ReplicaSchedulingStrategy.WEIGHTED,
            new ClusterPreferences(weights, null, null), null));
    fresh = new PlacementRequest("shop/web", 1000, PlacementRequest.FRESH, placement, candidates, List.of());
    PlacementResult previous = PlacementEngine.place(fresh);
    steadyScaleUp = new PlacementRequest("shop/web", 1050, PlacementRequest.STEADY, placement, candidates,
        previous.clusters());
  }

  private static ClusterAffinity tierAffinity(String tier) {
    return new ClusterAffinity(new LabelSelector(Map.of("tier", tier), null), null, null, null);
  }

  @Benchmark
  public PlacementResult fresh() {
    return PlacementEngine.place(fresh);
  }

  @Benchmark
  public PlacementResult steadyScaleUp() {
    return PlacementEngine.place(steadyScaleUp);
  }
}
