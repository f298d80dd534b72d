package dev.flotilla.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP/JSON calls to the control plane (java.net.http), for setting up state without kubectl and for the
 * durability test. Requests go to 127.0.0.1 only, as HTTP/1.1, and time out after 30 s.
 */
public final class ApiClient {

    /** Shared, thread-safe JSON mapper. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI base;

    /** @param base the server, e.g. {@code http://127.0.0.1:PORT} */
    public ApiClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** One answer: the status code and the body as JSON (a missing node when the body is not JSON). */
    public record Response(int status, String body) {

        /** @return the body parsed as JSON, or a missing node */
        public JsonNode json() {
            try {
                return body.isEmpty() ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }
    }

    /** {@code GET path}. */
    public Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** {@code POST path} with a JSON body. */
    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Creates an object from JSON at {@code collectionPath} and insists on 201 Created. */
    public JsonNode create(String collectionPath, String json) {
        Response response = post(collectionPath, json);
        if (response.status() != 201) {
            throw new AssertionError("POST " + collectionPath + " answered " + response.status() + ": "
                    + response.body());
        }
        return response.json();
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(
                    request.timeout(TIMEOUT).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + base + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
