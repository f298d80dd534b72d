package dev.flotilla.propagation.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flotilla.api.v1alpha1.AggregatedStatusItem;
import dev.flotilla.api.v1alpha1.FailoverBehavior;
import dev.flotilla.api.v1alpha1.GracefulEvictionTask;
import dev.flotilla.api.v1alpha1.TargetCluster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GracefulEvictionTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private static TargetCluster target(String name, Integer replicas) {
    return new TargetCluster(name, replicas);
  }

  private static AggregatedStatusItem ready(String cluster, int readyReplicas) {
    AggregatedStatusItem item = new AggregatedStatusItem();
    item.setClusterName(cluster);
    item.setApplied(true);
    item.setStatus(JsonNodeFactory.instance.objectNode().put("readyReplicas", readyReplicas));
    return item;
  }

  @Test
  void anEvictedClusterKeepsItsOldReplicasUntilTheReplacementsAreReady() {
    List<TargetCluster> before = List.of(target("a", 4), target("b", 4), target("c", 4));
    List<TargetCluster> after = List.of(target("b", 6), target("c", 6));
    List<GracefulEvictionTask> tasks = GracefulEviction.afterScheduling(before, after,
        Map.of("a", "ClusterUnreachable"), Map.of(), false, null, null, NOW);
    assertThat(tasks).singleElement().satisfies(t -> {
      assertThat(t.getFromCluster()).isEqualTo("a");
      assertThat(t.getReplicas()).isEqualTo(4);
      assertThat(t.getReason()).isEqualTo("ClusterUnreachable");
      assertThat(t.getPurgeMode()).isEqualTo("Gracefully");
      assertThat(t.getGracePeriodSeconds()).isEqualTo(600);
      assertThat(t.getCreationTimestamp()).isEqualTo("2026-11-25T10:00:00Z");
    });
    assertThat(GracefulEviction.workTargets(after, tasks))
        .containsExactly(target("b", 6), target("c", 6), target("a", 4));

    GracefulEvictionTask task = tasks.get(0);
    assertThat(GracefulEviction.finished(task, after, List.of(ready("b", 6), ready("c", 5)), true,
        NOW.plusSeconds(3))).isEmpty();
    assertThat(GracefulEviction.finished(task, after, List.of(ready("b", 6), ready("c", 6)), true,
        NOW.plusSeconds(4))).contains("ReplacementsReady");
    assertThat(GracefulEviction.finished(task, after, List.of(), true, NOW.plusSeconds(600)))
        .contains("GracePeriodExpired");
    assertThat(GracefulEviction.finished(task, after, List.of(), false, NOW)).contains("ClusterRemoved");
  }

  @Test
  void purgeModesDirectlyAndNever() {
    List<TargetCluster> before = List.of(target("a", 2), target("b", 2));
    List<TargetCluster> after = List.of(target("b", 4));
    FailoverBehavior directly = new FailoverBehavior();
    directly.setPurgeMode("Directly");
    assertThat(GracefulEviction.afterScheduling(before, after, Map.of("a", "Drain"), Map.of(), false, null,
        directly, NOW)).isNull();
    FailoverBehavior never = new FailoverBehavior();
    never.setPurgeMode("Never");
    GracefulEvictionTask kept = GracefulEviction.afterScheduling(before, after, Map.of("a", "Drain"), Map.of(), false,
        null, never, NOW).get(0);
    assertThat(GracefulEviction.finished(kept, after, List.of(ready("b", 4)), true, NOW.plusSeconds(100000)))
        .isEmpty();
  }

  @Test
  void aRebalanceShrinkIsGracefulAndOtherLossesAreImmediate() {
    List<TargetCluster> before = List.of(target("b", 6), target("c", 6));
    List<TargetCluster> after = List.of(target("a", 4), target("b", 4), target("c", 4));
    List<GracefulEvictionTask> rebalance = GracefulEviction.afterScheduling(before, after, Map.of(), Map.of(), true,
        null, null, NOW);
    assertThat(rebalance).extracting(GracefulEvictionTask::getFromCluster).containsExactly("b", "c");
    assertThat(rebalance).extracting(GracefulEvictionTask::getReason).containsOnly("Rebalance");
    assertThat(GracefulEviction.workTargets(after, rebalance))
        .containsExactly(target("a", 4), target("b", 6), target("c", 6));
    assertThat(GracefulEviction.afterScheduling(before, after, Map.of(), Map.of(), false, null, null, NOW)).isNull();
  }

  @Test
  void aTaskEndsWhenItsClusterIsTargetedAgainWithAsManyReplicas() {
    GracefulEvictionTask task = GracefulEviction.afterScheduling(List.of(target("a", 4)), List.of(target("b", 4)),
        Map.of("a", "ClusterNotReady"), Map.of(), false, null, null, NOW).get(0);
    List<TargetCluster> back = List.of(target("a", 4), target("b", 4));
    assertThat(GracefulEviction.afterScheduling(List.of(target("b", 4)), back, Map.of(), Map.of(), true,
        List.of(task), null, NOW)).isNull();
    List<TargetCluster> partly = List.of(target("a", 2), target("b", 6));
    assertThat(GracefulEviction.afterScheduling(List.of(target("b", 4)), partly, Map.of(), Map.of(), true,
        List.of(task), null, NOW)).containsExactly(task);
  }

  @Test
  void kindsWithoutReplicasNeedAppliedAndNotUnhealthy() {
    List<TargetCluster> targets = List.of(target("b", null));
    AggregatedStatusItem applied = new AggregatedStatusItem();
    applied.setClusterName("b");
    applied.setApplied(true);
    assertThat(GracefulEviction.allReady(targets, List.of(applied))).isTrue();
    applied.setHealth("Unhealthy");
    assertThat(GracefulEviction.allReady(targets, List.of(applied))).isFalse();
    assertThat(GracefulEviction.allReady(targets, List.of())).isFalse();
  }
}
