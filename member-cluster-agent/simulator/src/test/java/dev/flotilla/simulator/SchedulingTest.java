package dev.flotilla.simulator;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulingTest {

    private static final long GI = 1L << 30;

    private static Scheduling.NodeView node(String name, long cpuMillis, long usedCpu, int pods, int usedPods) {
        return new Scheduling.NodeView(name, Map.of("zone", "a"), true, new Resources(cpuMillis, 8 * GI), pods,
                new Resources(usedCpu, 0), usedPods);
    }

    @Test
    void picksTheLeastAllocatedNodeThatFits() {
        var decision = Scheduling.place(new Resources(500, GI), Map.of(),
                List.of(node("full", 2000, 1800, 10, 3), node("busy", 2000, 1000, 10, 2), node("idle", 2000, 0, 10, 0)));
        assertThat(decision.nodeName()).isEqualTo("idle");
    }

    @Test
    void explainsWhyNothingFitsInTheSchedulersWords() {
        var decision = Scheduling.place(new Resources(1500, 9 * GI), Map.of(),
                List.of(node("a", 2000, 1000, 10, 1), node("b", 4000, 0, 1, 1)));
        assertThat(decision.placed()).isFalse();
        assertThat(decision.unschedulableMessage())
                .isEqualTo("0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory, 1 Too many pods.");
    }

    @Test
    void respectsNodeSelectorsAndCordonedNodes() {
        var cordoned = new Scheduling.NodeView("c", Map.of("zone", "a"), false, new Resources(2000, GI), 10,
                Resources.NONE, 0);
        var decision = Scheduling.place(Resources.NONE, Map.of("zone", "b"), List.of(node("a", 2000, 0, 10, 0),
                cordoned));
        assertThat(decision.unschedulableMessage()).isEqualTo(
                "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable.");
        assertThat(Scheduling.place(Resources.NONE, Map.of(), List.of()).unschedulableMessage())
                .isEqualTo("no nodes available to schedule pods");
    }

    @Test
    void podsWithoutRequestsStillCountAgainstThePodLimit() {
        var decision = Scheduling.place(Resources.NONE, null, List.of(node("a", 2000, 0, 2, 2)));
        assertThat(decision.unschedulableMessage()).isEqualTo("0/1 nodes are available: 1 Too many pods.");
    }
}
