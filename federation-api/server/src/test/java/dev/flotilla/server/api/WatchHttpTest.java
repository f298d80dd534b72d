package dev.flotilla.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.server.ControlPlane;
import dev.flotilla.server.core.Json;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Watches over chunked HTTP and WebSocket, from a version, with bookmarks and 410 Gone. */
@QuarkusTest
class WatchHttpTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    ControlPlane controlPlane;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void fromAVersionEveryChangeArrivesInOrder() throws Exception {
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"w1\"}}")
                .post("/api/v1/namespaces/default/configmaps").then().statusCode(201);
        String version = given().get("/api/v1/namespaces/default/configmaps").then().extract().path("metadata.resourceVersion");
        try (EventStream stream = open("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + version)) {
            for (int i = 0; i < 5; i++) {
                given().contentType(ContentType.JSON)
                        .body("{\"metadata\":{\"name\":\"w1\"},\"data\":{\"n\":\"" + i + "\"}}")
                        .put("/api/v1/namespaces/default/configmaps/w1").then().statusCode(200);
            }
            given().delete("/api/v1/namespaces/default/configmaps/w1").then().statusCode(200);
            long last = Long.parseLong(version);
            for (int i = 0; i < 5; i++) {
                JsonNode event = stream.next();
                assertThat(event.path("type").asText()).isEqualTo("MODIFIED");
                assertThat(event.path("object").path("data").path("n").asText()).isEqualTo(Integer.toString(i));
                long rv = event.path("object").path("metadata").path("resourceVersion").asLong();
                assertThat(rv).isGreaterThan(last);
                last = rv;
            }
            assertThat(stream.next().path("type").asText()).isEqualTo("DELETED");
        }
    }

    @Test
    void withoutAVersionTheCurrentStateComesFirstAndSelectorsFilter() throws Exception {
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"sel-a\",\"labels\":{\"team\":\"a\"}}}")
                .post("/api/v1/namespaces/default/configmaps").then().statusCode(201);
        try (EventStream stream = open("/api/v1/namespaces/default/configmaps?watch=1&labelSelector=team%3Da")) {
            JsonNode first = stream.next();
            assertThat(first.path("type").asText()).isEqualTo("ADDED");
            assertThat(first.path("object").path("metadata").path("name").asText()).isEqualTo("sel-a");
            given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"sel-b\",\"labels\":{\"team\":\"b\"}}}")
                    .post("/api/v1/namespaces/default/configmaps").then().statusCode(201);
            given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"sel-c\",\"labels\":{\"team\":\"a\"}}}")
                    .post("/api/v1/namespaces/default/configmaps").then().statusCode(201);
            JsonNode next = stream.next();
            assertThat(next.path("object").path("metadata").path("name").asText()).isEqualTo("sel-c");
            // Relabelling moves objects out of and into the selection: DELETED and ADDED for this watcher.
            given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"sel-a\",\"labels\":{\"team\":\"b\"}}}")
                    .put("/api/v1/namespaces/default/configmaps/sel-a").then().statusCode(200);
            given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"sel-b\",\"labels\":{\"team\":\"a\"}}}")
                    .put("/api/v1/namespaces/default/configmaps/sel-b").then().statusCode(200);
            JsonNode left = stream.next();
            assertThat(left.path("type").asText()).isEqualTo("DELETED");
            assertThat(left.path("object").path("metadata").path("name").asText()).isEqualTo("sel-a");
            JsonNode entered = stream.next();
            assertThat(entered.path("type").asText()).isEqualTo("ADDED");
            assertThat(entered.path("object").path("metadata").path("name").asText()).isEqualTo("sel-b");
        }
    }

    @Test
    void bookmarksCarryTheVersionReached() throws Exception {
        String version = given().get("/api/v1/namespaces/default/configmaps").then().extract().path("metadata.resourceVersion");
        try (EventStream stream = open("/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=" + version)) {
            JsonNode bookmark = stream.next();
            assertThat(bookmark.path("type").asText()).isEqualTo("BOOKMARK");
            assertThat(bookmark.path("object").path("kind").asText()).isEqualTo("ConfigMap");
            assertThat(bookmark.path("object").path("metadata").path("resourceVersion").asLong())
                    .isGreaterThanOrEqualTo(Long.parseLong(version));
        }
    }

    @Test
    void aCompactedVersionIsGone() throws Exception {
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"gone-" + i + "\"}}")
                    .post("/api/v1/namespaces/default/configmaps").then().statusCode(201);
        }
        controlPlane.store().compact(controlPlane.store().currentRevision());
        try (EventStream stream = open("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1")) {
            JsonNode error = stream.next();
            assertThat(error.path("type").asText()).isEqualTo("ERROR");
            assertThat(error.path("object").path("code").asInt()).isEqualTo(410);
            assertThat(error.path("object").path("reason").asText()).isEqualTo("Expired");
        }
    }

    @Test
    void webSocketWatch() throws Exception {
        String version = given().get("/api/v1/namespaces/default/configmaps").then().extract().path("metadata.resourceVersion");
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        URI uri = URI.create(base.toString().replace("http://", "ws://")
                + "api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + version);
        WebSocket socket = http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        try {
            given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"over-ws\"}}")
                    .post("/api/v1/namespaces/default/configmaps").then().statusCode(201);
            String message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).isNotNull();
            JsonNode event = Json.parse(message.getBytes(StandardCharsets.UTF_8));
            assertThat(event.path("type").asText()).isEqualTo("ADDED");
            assertThat(event.path("object").path("metadata").path("name").asText()).isEqualTo("over-ws");
        } finally {
            socket.abort();
        }
    }

    @Test
    void watchRequestsWithBadParametersAreRefusedBeforeStreaming() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(
                "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=abc")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.parse(response.body().getBytes(StandardCharsets.UTF_8)).path("kind").asText()).isEqualTo("Status");
    }

    private EventStream open(String path) throws Exception {
        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        return new EventStream(response.body());
    }

    /** Reads one JSON event per line from a watch stream, failing after a timeout instead of hanging. */
    static final class EventStream implements AutoCloseable {
        private final java.io.InputStream body;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        EventStream(java.io.InputStream body) {
            this.body = body;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (!line.isBlank()) {
                            lines.add(line);
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // The stream was closed by the test.
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        JsonNode next() throws Exception {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("an event within 10 s").isNotNull();
            return Json.parse(line.getBytes(StandardCharsets.UTF_8));
        }

        List<String> pending() {
            return List.copyOf(lines);
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }
}
