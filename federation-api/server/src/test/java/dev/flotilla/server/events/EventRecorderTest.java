package dev.flotilla.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.server.AgentByHand;
import dev.flotilla.server.ControlPlane;
import dev.flotilla.server.core.ListOptions;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events as kubectl reads them: one per distinct happening, repeats counted, expired after their TTL. */
@QuarkusTest
class EventRecorderTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Inject
    ControlPlane plane;

    private EventRecorder at(Instant now) {
        return new EventRecorder(plane.objects(), plane.registry(), Clock.fixed(now, ZoneOffset.UTC));
    }

    private List<ObjectNode> eventsAbout(String name) {
        return plane.objects().list(AgentByHand.type(plane, "", "events"), null, ListOptions.all()).items().stream()
                .filter(e -> e.path("involvedObject").path("name").asText().equals(name)).toList();
    }

    @Test
    void repeatsAreCountedAndOldEventsExpire() {
        JsonNode cluster = AgentByHand.json("{'apiVersion':'flotilla.dev/v1alpha1','kind':'Cluster','metadata':"
                + "{'name':'ev-c1','uid':'u-1'}}");
        at(T0).warning(cluster, "ClusterUnreachable", "lease lapsed");
        at(T0.plusSeconds(30)).warning(cluster, "ClusterUnreachable", "lease lapsed");
        at(T0.plus(Duration.ofMinutes(50))).normal(cluster, "ClusterRecovered", "back");

        List<ObjectNode> events = eventsAbout("ev-c1");
        assertThat(events).hasSize(2);
        ObjectNode repeated = events.stream().filter(e -> e.path("reason").asText().equals("ClusterUnreachable"))
                .findFirst().orElseThrow();
        assertThat(repeated.path("count").asInt()).isEqualTo(2);
        assertThat(repeated.path("type").asText()).isEqualTo("Warning");
        assertThat(repeated.path("metadata").path("namespace").asText()).isEqualTo("default");
        assertThat(repeated.path("firstTimestamp").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(repeated.path("lastTimestamp").asText()).isEqualTo("2026-11-25T10:00:30Z");
        assertThat(repeated.path("involvedObject").path("kind").asText()).isEqualTo("Cluster");
        assertThat(repeated.path("source").path("component").asText()).isEqualTo(EventRecorder.COMPONENT);

        // An hour after the first was last seen it goes; the later one stays.
        assertThat(at(T0.plus(Duration.ofMinutes(61))).expire(Duration.ofHours(1))).isGreaterThanOrEqualTo(1);
        assertThat(eventsAbout("ev-c1")).extracting(e -> e.path("reason").asText()).containsExactly("ClusterRecovered");
    }
}
