package dev.flotilla.propagation.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.FlotillaApi;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterHealthTest {

  private static final HealthSettings SETTINGS = HealthSettings.DEFAULTS;
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private static ClusterHealth.Observation observe(String ready, Duration sinceRenewal, int renewals,
                                                   List<Taint> taints) {
    return new ClusterHealth.Observation(ready, null, null, T0, renewals, false, false, taints, true,
        T0.plus(sinceRenewal));
  }

  private static List<String> keys(ClusterHealth.Verdict verdict) {
    return verdict.taints().stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
  }

  private static Taint taint(String key, String effect, String added) {
    Taint taint = new Taint();
    taint.setKey(key);
    taint.setEffect(effect);
    taint.setTimeAdded(added);
    return taint;
  }

  @Test
  void aFreshLeaseWithReadyTrueIsHealthyAndUntainted() {
    ClusterHealth.Verdict verdict = ClusterHealth.evaluate(observe("True", Duration.ofSeconds(1), 5, List.of()),
        SETTINGS);
    assertThat(verdict.ready()).isEqualTo("True");
    assertThat(verdict.healthy()).isTrue();
    assertThat(verdict.taints()).isEmpty();
    assertThat(verdict.recheckAt()).isEqualTo(T0.plusMillis(4500));
  }

  @Test
  void aHeartbeatDelayedByThreeSecondsMovesNothing() {
    // 1 s interval plus 3 s of delay: the gap is 4 s, inside the 4.5 s grace.
    ClusterHealth.Verdict verdict = ClusterHealth.evaluate(observe("True", Duration.ofSeconds(4), 5, List.of()),
        SETTINGS);
    assertThat(verdict.ready()).isEqualTo("True");
    assertThat(verdict.taints()).isEmpty();
  }

  @Test
  void aLeaseMissedPastTheGraceIsUnknownAndTaintedUnreachableBothWays() {
    ClusterHealth.Verdict verdict = ClusterHealth.evaluate(observe("True", Duration.ofMillis(4600), 5, List.of()),
        SETTINGS);
    assertThat(verdict.ready()).isEqualTo("Unknown");
    assertThat(verdict.reason()).isEqualTo("ClusterStatusUnknown");
    assertThat(verdict.message()).contains("4.6s").contains("grace period 4.5s");
    assertThat(keys(verdict)).containsExactly(FlotillaApi.TAINT_UNREACHABLE + ":NoSchedule",
        FlotillaApi.TAINT_UNREACHABLE + ":NoExecute");
    assertThat(verdict.taints()).allSatisfy(t -> assertThat(t.getTimeAdded()).isEqualTo("2026-11-25T10:00:04.600Z"));
    assertThat(verdict.recheckAt()).isNull();
  }

  @Test
  void anAgentReportingNotReadyGetsTheNotReadyTaints() {
    ClusterHealth.Verdict verdict = ClusterHealth.evaluate(observe("False", Duration.ofSeconds(1), 0, List.of()),
        SETTINGS);
    assertThat(verdict.ready()).isEqualTo("False");
    assertThat(verdict.reason()).isNull();
    assertThat(keys(verdict)).containsExactly(FlotillaApi.TAINT_NOT_READY + ":NoSchedule",
        FlotillaApi.TAINT_NOT_READY + ":NoExecute");
  }

  @Test
  void unreachableTurningNotReadyKeepsTheTimeTheClusterFirstFailed() {
    List<Taint> unreachable = List.of(taint(FlotillaApi.TAINT_UNREACHABLE, "NoSchedule", "2026-11-25T09:59:00Z"),
        taint(FlotillaApi.TAINT_UNREACHABLE, "NoExecute", "2026-11-25T09:59:00Z"));
    ClusterHealth.Verdict verdict = ClusterHealth.evaluate(observe("False", Duration.ofSeconds(1), 1, unreachable),
        SETTINGS);
    assertThat(keys(verdict)).containsExactly(FlotillaApi.TAINT_NOT_READY + ":NoSchedule",
        FlotillaApi.TAINT_NOT_READY + ":NoExecute");
    Taint noExecute = verdict.taints().get(1);
    assertThat(noExecute.getTimeAdded()).isEqualTo("2026-11-25T09:59:00Z");
  }

  @Test
  void oneGoodHeartbeatAfterAnOutageKeepsTheTaintsUntilTheSuccessThreshold() {
    List<Taint> unreachable = List.of(taint(FlotillaApi.TAINT_UNREACHABLE, "NoSchedule", "2026-11-25T09:59:00Z"),
        taint(FlotillaApi.TAINT_UNREACHABLE, "NoExecute", "2026-11-25T09:59:00Z"));
    ClusterHealth.Verdict first = ClusterHealth.evaluate(observe("True", Duration.ZERO, 1, unreachable), SETTINGS);
    assertThat(first.ready()).isEqualTo("True");
    assertThat(first.tainted()).isTrue();
    assertThat(first.taints()).extracting(Taint::getTimeAdded).containsOnly("2026-11-25T09:59:00Z");
    ClusterHealth.Verdict second = ClusterHealth.evaluate(observe("True", Duration.ZERO, 2, unreachable), SETTINGS);
    assertThat(second.taints()).isEmpty();
    assertThat(second.tainted()).isFalse();
  }

  @Test
  void whenNoOtherClusterIsHealthyNothingIsEvictedOnlyCordoned() {
    ClusterHealth.Observation alone = new ClusterHealth.Observation("True", null, null, T0, 3, false, false,
        List.of(), false, T0.plusSeconds(10));
    ClusterHealth.Verdict verdict = ClusterHealth.evaluate(alone, SETTINGS);
    assertThat(keys(verdict)).containsExactly(FlotillaApi.TAINT_UNREACHABLE + ":NoSchedule");
  }

  @Test
  void cordonAndDrainBecomeTaintsAndOthersTaintsStayInTheirOrder() {
    Taint user = taint("dedicated", "NoSchedule", null);
    Taint userExecute = taint("maintenance", "NoExecute", null);
    ClusterHealth.Observation drained = new ClusterHealth.Observation("True", null, null, T0, 3, false, true,
        List.of(user, userExecute, taint(FlotillaApi.TAINT_UNSCHEDULABLE, "NoSchedule", "2026-11-25T09:00:00Z")),
        true, T0.plusSeconds(1));
    ClusterHealth.Verdict verdict = ClusterHealth.evaluate(drained, SETTINGS);
    assertThat(keys(verdict)).containsExactly("dedicated:NoSchedule", "maintenance:NoExecute",
        FlotillaApi.TAINT_UNSCHEDULABLE + ":NoSchedule", FlotillaApi.TAINT_DRAINING + ":NoExecute");
    assertThat(verdict.taints().get(0).getTimeAdded()).isNull();
    assertThat(verdict.taints().get(1).getTimeAdded()).isEqualTo("2026-11-25T10:00:01Z");
    assertThat(verdict.taints().get(2).getTimeAdded()).isEqualTo("2026-11-25T09:00:00Z");

    ClusterHealth.Observation uncordoned = new ClusterHealth.Observation("True", null, null, T0, 3, false, false,
        verdict.taints(), true, T0.plusSeconds(2));
    assertThat(keys(ClusterHealth.evaluate(uncordoned, SETTINGS)))
        .containsExactly("dedicated:NoSchedule", "maintenance:NoExecute");
  }

  @Test
  void aFreshLeaseBeforeTheAgentsNextReportKeepsTheTaintsWithoutStartingOver() {
    // The control plane wrote Ready=Unknown while the lease had lapsed; the lease is renewed again but the agent
    // has not reported yet: still recovering (taints kept), but not failing (good renewals keep counting).
    List<Taint> unreachable = List.of(taint(FlotillaApi.TAINT_UNREACHABLE, "NoSchedule", "2026-11-25T09:59:00Z"),
        taint(FlotillaApi.TAINT_UNREACHABLE, "NoExecute", "2026-11-25T09:59:00Z"));
    ClusterHealth.Verdict verdict = ClusterHealth.evaluate(observe("Unknown", Duration.ZERO, 1, unreachable),
        SETTINGS);
    assertThat(verdict.failing()).isFalse();
    assertThat(verdict.healthy()).isFalse();
    assertThat(keys(verdict)).containsExactly(FlotillaApi.TAINT_UNREACHABLE + ":NoSchedule",
        FlotillaApi.TAINT_UNREACHABLE + ":NoExecute");
    assertThat(ClusterHealth.evaluate(observe("True", Duration.ofSeconds(5), 3, List.of()), SETTINGS).failing())
        .isTrue();
  }
}
