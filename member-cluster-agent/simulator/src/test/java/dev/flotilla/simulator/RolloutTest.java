package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutTest {

    private static Rollout.ReplicaSetState rs(String name, int spec, int current, int available) {
        return new Rollout.ReplicaSetState(name, spec, current, available);
    }

    @Test
    void withoutOldReplicaSetsTheNewOneTakesTheDesiredCount() {
        assertThat(Rollout.plan(5, false, null, null, rs("new", 2, 2, 2), List.of())).containsEntry("new", 5);
        assertThat(Rollout.plan(1, false, null, null, rs("new", 4, 4, 4), List.of(rs("old", 0, 0, 0))))
                .containsEntry("new", 1).containsEntry("old", 0);
    }

    @Test
    void aRollingUpdateSurgesFirstThenRemovesOldPodsAsNewOnesBecomeAvailable() {
        // 4 desired, default 25%: surge 1, unavailable 1.
        Map<String, Integer> first = Rollout.plan(4, false, null, null, rs("new", 0, 0, 0), List.of(rs("old", 4, 4, 4)));
        assertThat(first).containsEntry("new", 1).containsEntry("old", 3);

        Map<String, Integer> later = Rollout.plan(4, false, null, null, rs("new", 2, 2, 2), List.of(rs("old", 3, 3, 3)));
        assertThat(later).containsEntry("new", 2).containsEntry("old", 1);

        Map<String, Integer> done = Rollout.plan(4, false, null, null, rs("new", 4, 4, 4), List.of(rs("old", 1, 1, 1)));
        assertThat(done).containsEntry("new", 4).containsEntry("old", 0);
    }

    @Test
    void maxUnavailableZeroNeverGoesBelowTheDesiredAvailability() {
        IntOrString zero = new IntOrString(0);
        Map<String, Integer> plan = Rollout.plan(3, false, new IntOrString(1), zero, rs("new", 1, 1, 0),
                List.of(rs("old", 3, 3, 3)));
        assertThat(plan).containsEntry("new", 1).containsEntry("old", 3);
    }

    @Test
    void unavailableOldPodsGoFirst() {
        // 3 desired, at least 2 available: 1 is available, so only one of the 2 unavailable old Pods may go (as in
        // Kubernetes: the cleanup may not drop the total below minAvailable).
        Map<String, Integer> plan = Rollout.plan(3, false, new IntOrString(0), new IntOrString(1), rs("new", 0, 0, 0),
                List.of(rs("old", 3, 3, 1)));
        assertThat(plan).containsEntry("old", 2).containsEntry("new", 0);
    }

    @Test
    void recreateEmptiesTheOldReplicaSetsBeforeStartingTheNewOne() {
        assertThat(Rollout.plan(3, true, null, null, rs("new", 0, 0, 0), List.of(rs("old", 3, 3, 3))))
                .containsEntry("new", 0).containsEntry("old", 0);
        assertThat(Rollout.plan(3, true, null, null, rs("new", 0, 0, 0), List.of(rs("old", 0, 2, 0))))
                .containsEntry("new", 0);
        assertThat(Rollout.plan(3, true, null, null, rs("new", 0, 0, 0), List.of(rs("old", 0, 0, 0))))
                .containsEntry("new", 3);
    }

    @ParameterizedTest
    @CsvSource({"25%, 4, true, 1", "25%, 3, true, 1", "25%, 3, false, 0", "50%, 5, false, 2", "2, 10, true, 2"})
    void percentagesRoundLikeKubernetes(String value, int desired, boolean roundUp, int expected) {
        IntOrString parsed = value.endsWith("%") ? new IntOrString(value) : new IntOrString(Integer.parseInt(value));
        assertThat(Rollout.resolve(parsed, desired, roundUp, "25%")).isEqualTo(expected);
    }

    @Test
    void anInvalidPercentageIsReported() {
        assertThatThrownBy(() -> Rollout.resolve(new IntOrString("lots%"), 3, true, "25%"))
                .hasMessageContaining("lots%");
    }
}
