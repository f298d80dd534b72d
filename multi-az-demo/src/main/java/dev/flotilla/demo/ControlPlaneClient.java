package dev.flotilla.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The few calls the demo makes to the control plane, over its Kubernetes-style REST API with plain JSON: what a
 * script with curl would do. The demo needs no credentials: like {@code kubectl --server http://127.0.0.1:8080},
 * it talks to a control plane on loopback.
 */
final class ControlPlaneClient {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: on a busy machine a durable write can take seconds, and a retry would only add to the load. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Reads feed the live view: better a missed sample than a frozen view. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ControlPlaneClient(URI base) {
        this.base = base;
    }

    /**
     * Reads an object or a list.
     *
     * @return the body, or a missing node when the server answers 404
     * @throws IOException when the server cannot be reached or answers another error
     */
    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(READ_TIMEOUT).GET()
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return JSON.missingNode();
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /**
     * Creates an object in a collection, as {@code kubectl create} does.
     *
     * @throws IOException naming the object and the server's answer when it is refused
     */
    void create(String collection, JsonNode object) throws IOException, InterruptedException {
        String what = "creating " + object.path("kind").asText() + " " + object.path("metadata").path("name").asText()
                + " (POST " + collection + ")";
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(base.resolve(collection)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(object))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException(what + ": " + (e instanceof java.net.http.HttpTimeoutException
                    ? "no answer within " + TIMEOUT.toSeconds() + " s" : e.toString()), e);
        }
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IOException(what + " answered " + response.statusCode() + ": " + statusMessage(response.body()));
        }
    }

    /** The message of a {@code metav1.Status} body, or the body itself. */
    private static String statusMessage(String body) {
        try {
            JsonNode status = JSON.readTree(body);
            if (status.hasNonNull("message")) {
                return status.get("message").asText();
            }
        } catch (IOException notJson) {
            // fall through
        }
        return body;
    }
}
