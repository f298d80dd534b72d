package dev.flotilla.server.propagation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.server.core.Json;
import dev.flotilla.store.ObjectKey;
import dev.flotilla.store.StoredObject;
import dev.flotilla.store.WatchEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as a change for a loop: only the parts of an object it reads. */
class ViewFilterTest {

    private static final ObjectKey WORK = new ObjectKey("flotilla.dev", "works", "flotilla-es-a", "shop-web");

    private final Propagation.ViewFilter spec = new Propagation.ViewFilter(
            work -> Propagation.view(work, "/metadata/labels", "/spec"));

    @Test
    void statusReportsDoNotCountButSpecLabelsAndDeletionDo() {
        assertThat(spec.changed(WatchEvent.Type.ADDED, work(1, "{}", "{}"))).as("first sight").isTrue();
        assertThat(spec.changed(WatchEvent.Type.MODIFIED, work(2, "{}", "{\"applied\":true}")))
                .as("status only").isFalse();
        assertThat(spec.changed(WatchEvent.Type.ADDED, work(2, "{}", "{\"applied\":true}")))
                .as("listed again after a lost watch, unchanged").isFalse();
        assertThat(spec.changed(WatchEvent.Type.MODIFIED, work(3, "{\"replicas\":2}", "{}"))).as("spec").isTrue();
        ObjectNode labelled = Json.parseObject(work(4, "{\"replicas\":2}", "{}").value());
        labelled.with("metadata").with("labels").put("team", "blue");
        assertThat(spec.changed(WatchEvent.Type.MODIFIED, stored(4, labelled))).as("labels").isTrue();
        ObjectNode deleting = labelled.deepCopy();
        deleting.with("metadata").put("deletionTimestamp", "2026-11-25T12:00:00Z");
        assertThat(spec.changed(WatchEvent.Type.MODIFIED, stored(5, deleting))).as("deletion mark").isTrue();
        assertThat(spec.changed(WatchEvent.Type.DELETED, stored(6, deleting))).as("deleted").isTrue();
        assertThat(spec.changed(WatchEvent.Type.ADDED, stored(7, deleting))).as("created again").isTrue();
    }

    @Test
    void aTemplateWithoutItsStatusKeepsEverythingElse() {
        ObjectNode deployment = Json.parseObject(("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":"
                + "{\"name\":\"web\",\"resourceVersion\":\"9\",\"generation\":2,\"labels\":{\"a\":\"b\"}},"
                + "\"spec\":{\"replicas\":3},\"status\":{\"readyReplicas\":1}}").getBytes(StandardCharsets.UTF_8));
        String view = Propagation.withoutStatus(deployment);
        assertThat(view).contains("generation:2").contains("\"replicas\":3").contains("\"a\":\"b\"")
                .doesNotContain("readyReplicas").doesNotContain("resourceVersion");
        assertThat(deployment.has("status")).as("the event's object is left alone").isTrue();
    }

    private static StoredObject work(long revision, String spec, String status) {
        return stored(revision, Json.parseObject(("{\"apiVersion\":\"flotilla.dev/v1alpha1\",\"kind\":\"Work\","
                + "\"metadata\":{\"name\":\"shop-web\",\"namespace\":\"flotilla-es-a\",\"labels\":{\"x\":\"y\"}},"
                + "\"spec\":" + spec + ",\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8)));
    }

    private static StoredObject stored(long revision, ObjectNode object) {
        return new StoredObject(WORK, 1, revision, Json.bytes(object));
    }
}
