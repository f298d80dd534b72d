package dev.flotilla.demo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryTest {

    @Test
    void passedListsTheFigures() {
        Summary summary = new Summary().figure("RTO 7.2 s (goal 10 s)").figure("whole run 74 s");

        assertThat(summary.passed()).isTrue();
        assertThat(summary.line()).isEqualTo("demo: PASSED — RTO 7.2 s (goal 10 s); whole run 74 s");
    }

    @Test
    void failedSaysWhyFirstThenTheFigures() {
        Summary summary = new Summary().figure("RTO 12.1 s (goal 10 s)").failure("RTO 12.1 s missed the goal of 10 s")
                .failures(List.of("recovery: rebalanced not seen"));

        assertThat(summary.passed()).isFalse();
        assertThat(summary.line()).isEqualTo("demo: FAILED — RTO 12.1 s missed the goal of 10 s; recovery: rebalanced "
                + "not seen (RTO 12.1 s (goal 10 s))");
    }

    @Test
    void aFailureWithoutFiguresIsJustTheReason() {
        assertThat(new Summary().failure("the control plane did not start").line())
                .isEqualTo("demo: FAILED — the control plane did not start");
    }
}
