package dev.flotilla.apimachinery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Shared fixtures: the registry's native kinds, a custom kind, JSON parsing with single quotes. */
public final class TestTypes {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private TestTypes() {
    }

    public static ResourceType nativeKind(String group, String kind) {
        return ResourceRegistry.nativeTypes().stream()
                .filter(t -> t.group().equals(group) && t.kind().equals(kind))
                .findFirst().orElseThrow();
    }

    public static ResourceType deployment() {
        return nativeKind("apps", "Deployment");
    }

    public static ResourceType widget() {
        return new ResourceType("example.flotilla.dev", "v1alpha1", "Widget", "widgets", "widget", true,
                List.of("wd"), List.of(), true, null, false, List.of());
    }

    /** Parses JSON written with single quotes for readability. */
    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String text) {
        return text.replace('\'', '"').getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
