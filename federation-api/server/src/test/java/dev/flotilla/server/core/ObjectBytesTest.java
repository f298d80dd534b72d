package dev.flotilla.server.core;

import dev.flotilla.store.ObjectKey;
import dev.flotilla.store.StoredObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectBytesTest {

    private static final ObjectKey KEY = new ObjectKey("", "configmaps", "default", "cfg");

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\"},\"data\":{\"a\":\"1\"}}",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{},\"data\":{}}",
            // A value that contains the key's text, and metadata after other fields: still the top-level one.
            "{\"data\":{\"x\":\"\\\"metadata\\\":{\",\"metadata\":{\"y\":1}},\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"cfg\"}}",
            // Non-compact JSON takes the general path.
            "{\"apiVersion\": \"v1\", \"metadata\" : {\"name\": \"cfg\"}}",
            // No metadata at all.
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"}"})
    void splicesTheVersionLikeTheTreePathDoes(String json) throws Exception {
        StoredObject stored = new StoredObject(KEY, 3, 42, json.getBytes(StandardCharsets.UTF_8));
        byte[] spliced = ObjectBytes.bytes(stored);
        assertThat(Json.parse(spliced)).isEqualTo(ObjectService.toApi(stored));
        assertThat(Json.parse(spliced).path("metadata").path("resourceVersion").asText()).isEqualTo("42");
    }
}
