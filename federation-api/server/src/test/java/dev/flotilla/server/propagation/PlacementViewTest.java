package dev.flotilla.server.propagation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.server.core.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A heartbeat must not look like a change to placement; readiness, labels, taints and cordon must. */
class PlacementViewTest {

    private static ObjectNode cluster(String ready, String heartbeat, String zone, boolean cordoned) {
        return Json.parseObject(("{\"metadata\":{\"name\":\"c\",\"labels\":{\"topology.kubernetes.io/zone\":\"" + zone
                + "\"}},\"spec\":{\"unschedulable\":" + cordoned + "},\"status\":{\"lastHeartbeatTime\":\"" + heartbeat
                + "\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + ready + "\",\"lastHeartbeatTime\":\""
                + heartbeat + "\"}],\"resourceSummary\":{\"allocated\":{\"cpu\":\"" + heartbeat.length() + "\"}}}}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void heartbeatsAndCapacityDoNotChangeIt() {
        assertThat(Propagation.placementView(cluster("True", "2026-11-25T12:00:00Z", "a", false)))
                .isEqualTo(Propagation.placementView(cluster("True", "2026-11-25T12:00:02.5Z", "a", false)));
    }

    @Test
    void readinessLabelsAndCordonDo() {
        String base = Propagation.placementView(cluster("True", "t", "a", false));
        assertThat(Propagation.placementView(cluster("Unknown", "t", "a", false))).isNotEqualTo(base);
        assertThat(Propagation.placementView(cluster("True", "t", "b", false))).isNotEqualTo(base);
        assertThat(Propagation.placementView(cluster("True", "t", "a", true))).isNotEqualTo(base);
    }
}
