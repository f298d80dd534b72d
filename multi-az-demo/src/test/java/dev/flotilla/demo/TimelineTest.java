package dev.flotilla.demo;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelineTest {

    private static final long S = 1_000_000_000L;
    private static final long T0 = 5_000 * S;

    private Timeline timeline() {
        return new Timeline("Outage", T0, List.of(
                new Timeline.Milestone("detect", "detection", null),
                new Timeline.Milestone("evict", "eviction", null),
                new Timeline.Milestone("ready", "replicas ready elsewhere", Duration.ofSeconds(10))));
    }

    @Test
    void aMilestoneIsMarkedTheFirstTimeOnly() {
        Timeline timeline = timeline();

        assertThat(timeline.mark("detect", T0 + 4_600_000_000L, "seen")).isTrue();
        assertThat(timeline.mark("detect", T0 + 9 * S, "seen again")).isFalse();

        assertThat(timeline.elapsed("detect")).hasValue(4_600_000_000L);
        assertThat(timeline.eventLine("detect")).isEqualTo("[  +4.60 s] detection                 seen");
        assertThat(timeline.reached("evict")).isFalse();
        assertThat(timeline.complete()).isFalse();
    }

    @Test
    void theReportListsMilestonesInTheOrderReachedWithTheirGoals() {
        Timeline timeline = timeline();
        timeline.mark("evict", T0 + 6_700_000_000L, "moved");
        timeline.mark("detect", T0 + 4_600_000_000L, "unknown");
        timeline.mark("ready", T0 + 7_900_000_000L, "12/12");

        assertThat(timeline.complete()).isTrue();
        assertThat(timeline.report()).containsExactly("Outage",
                "    +4.60 s  detection                 unknown",
                "    +6.70 s  eviction                  moved",
                "    +7.90 s  replicas ready elsewhere  12/12  (goal 10 s: met)");
        assertThat(timeline.failures()).isEmpty();
    }

    @Test
    void aMissedGoalAndAMilestoneNeverReachedAreFailures() {
        Timeline timeline = timeline();
        timeline.mark("detect", T0 + 5 * S, "unknown");
        timeline.mark("ready", T0 + 12_340_000_000L, "12/12");

        assertThat(timeline.failures()).containsExactly("eviction not seen",
                "replicas ready elsewhere took 12.3 s (goal 10 s)");
        assertThat(timeline.report()).contains("   +12.34 s  replicas ready elsewhere  12/12  (goal 10 s: MISSED)",
                "             eviction                  NOT SEEN");
    }

    @Test
    void unknownMilestonesAreAProgrammingError() {
        assertThatThrownBy(() -> timeline().mark("nope", T0, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no milestone nope");
    }

    @Test
    void secondsAreShownWithOneDecimalUnlessWhole() {
        assertThat(Timeline.seconds(7_250_000_000L)).isEqualTo("7.3 s");
        assertThat(Timeline.seconds(Duration.ofSeconds(10))).isEqualTo("10 s");
        assertThat(Timeline.seconds(Duration.ofMillis(4500))).isEqualTo("4.5 s");
        assertThat(Timeline.offset(-1)).isEqualTo("  -0.00 s");
    }
}
