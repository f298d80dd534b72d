package dev.flotilla.propagation.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.FailoverBehavior;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvictionsTest {

  private static final Instant ADDED = Instant.parse("2026-11-25T10:00:00Z");

  private static Taint taint(String key, String effect) {
    Taint taint = new Taint();
    taint.setKey(key);
    taint.setEffect(effect);
    taint.setTimeAdded(ADDED.toString());
    return taint;
  }

  private static Toleration toleration(String key, String effect, Long seconds) {
    Toleration toleration = new Toleration();
    toleration.setKey(key);
    toleration.setOperator("Exists");
    toleration.setEffect(effect);
    toleration.setTolerationSeconds(seconds);
    return toleration;
  }

  private static final List<Taint> UNREACHABLE = List.of(taint(FlotillaApi.TAINT_UNREACHABLE, "NoSchedule"),
      taint(FlotillaApi.TAINT_UNREACHABLE, "NoExecute"));

  @Test
  void aHealthTaintStaysForTheDefaultTolerationThenEvicts() {
    Evictions.ClusterView early = Evictions.view(UNREACHABLE, null, null, ADDED.plusMillis(1999));
    assertThat(early.evicting()).isNull();
    assertThat(early.taints()).extracting(Taint::getEffect).containsExactly("NoSchedule", "NoSchedule");
    assertThat(early.changesAt()).isEqualTo(ADDED.plusSeconds(2));

    Evictions.ClusterView late = Evictions.view(UNREACHABLE, null, null, ADDED.plusSeconds(2));
    assertThat(late.evicting()).isNotNull();
    assertThat(Evictions.reason(late.evicting())).isEqualTo("ClusterUnreachable");
    assertThat(late.taints()).extracting(Taint::getEffect).containsExactly("NoSchedule", "NoExecute");
    assertThat(late.changesAt()).isNull();
  }

  @Test
  void thePolicysFailoverTolerationAndOptOutAreHonoured() {
    FailoverBehavior patient = new FailoverBehavior();
    patient.setTolerationSeconds(30);
    assertThat(Evictions.view(UNREACHABLE, null, patient, ADDED.plusSeconds(29)).evicting()).isNull();
    assertThat(Evictions.view(UNREACHABLE, null, patient, ADDED.plusSeconds(30)).evicting()).isNotNull();

    FailoverBehavior off = new FailoverBehavior();
    off.setEnabled(false);
    Evictions.ClusterView never = Evictions.view(UNREACHABLE, null, off, ADDED.plusSeconds(3600));
    assertThat(never.evicting()).isNull();
    assertThat(never.changesAt()).isNull();
    assertThat(never.taints()).extracting(Taint::getEffect).containsExactly("NoSchedule", "NoExecute");
  }

  @Test
  void explicitTolerationsWinTimedByTheSmallestSecondsUntimedForEver() {
    List<Toleration> timed = List.of(toleration(FlotillaApi.TAINT_UNREACHABLE, "NoExecute", 60L),
        toleration(null, "NoExecute", 10L));
    assertThat(Evictions.view(UNREACHABLE, timed, null, ADDED.plusSeconds(9)).evicting()).isNull();
    assertThat(Evictions.view(UNREACHABLE, timed, null, ADDED.plusSeconds(10)).evicting()).isNotNull();

    List<Toleration> forever = List.of(toleration(FlotillaApi.TAINT_UNREACHABLE, "NoExecute", null));
    Evictions.ClusterView view = Evictions.view(UNREACHABLE, forever, null, ADDED.plusSeconds(3600));
    assertThat(view.evicting()).isNull();
    assertThat(view.taints().get(1).getEffect()).isEqualTo("NoExecute");
    assertThat(Evictions.engineTolerations(List.of(timed.get(0), forever.get(0)))).containsExactly(forever.get(0));
  }

  @Test
  void aDrainOrAUsersNoExecuteTaintEvictsAtOnce() {
    Evictions.ClusterView drain = Evictions.view(List.of(taint(FlotillaApi.TAINT_DRAINING, "NoExecute")), null,
        null, ADDED);
    assertThat(Evictions.reason(drain.evicting())).isEqualTo("Drain");
    Evictions.ClusterView user = Evictions.view(List.of(taint("maintenance", "NoExecute")), null, null, ADDED);
    assertThat(Evictions.reason(user.evicting())).isEqualTo("TaintNoExecute");
    Evictions.ClusterView noSchedule = Evictions.view(List.of(taint("dedicated", "NoSchedule")), null, null, ADDED);
    assertThat(noSchedule.evicting()).isNull();
  }
}
