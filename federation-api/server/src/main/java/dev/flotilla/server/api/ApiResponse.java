package dev.flotilla.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.server.core.Json;

import java.util.List;

/** A response of the resource API: status code, content type, body, and any {@code Warning} headers. */
public record ApiResponse(int status, String contentType, byte[] body, List<String> warnings) {

    public static final String JSON = "application/json";

    public static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, JSON, Json.bytes(body), List.of());
    }

    public static ApiResponse json(int status, JsonNode body, List<String> warnings) {
        return new ApiResponse(status, JSON, Json.bytes(body), warnings);
    }

    public static ApiResponse error(ApiException error) {
        return new ApiResponse(error.code(), JSON, Json.bytes(StatusBodies.failure(error)), List.of());
    }
}
