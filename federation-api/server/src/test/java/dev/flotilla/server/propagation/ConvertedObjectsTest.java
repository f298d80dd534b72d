package dev.flotilla.server.propagation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.core.DeleteOptions;
import dev.flotilla.server.core.Json;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import dev.flotilla.store.DurableObjectStore;
import dev.flotilla.store.ObjectStores;
import dev.flotilla.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Objects converted once per stored version, and never served once gone. */
class ConvertedObjectsTest {

    @TempDir
    Path dataDir;

    /** What the test converts to: the object's name and its data value, from one conversion. */
    private record Converted(String name, String value) {
    }

    @Test
    void convertsEachVersionOnceAndFollowsChangesAndDeletions() {
        ResourceRegistry registry = ResourceRegistry.withNativeTypes();
        ResourceType namespaces = registry.byResource("", "v1", "namespaces").orElseThrow();
        ResourceType configMaps = registry.byResource("", "v1", "configmaps").orElseThrow();
        try (DurableObjectStore store = ObjectStores.open(StoreConfig.builder(dataDir).build())) {
            ObjectService objects = new ObjectService(store, (type, object, previous) -> List.of(),
                    Clock.systemUTC());
            for (String namespace : List.of("one", "two")) {
                objects.create(namespaces, null, json("{\"metadata\":{\"name\":\"" + namespace + "\"}}"),
                        WriteOptions.DEFAULT);
            }
            objects.create(configMaps, "one", configMap("a", "1"), WriteOptions.DEFAULT);
            objects.create(configMaps, "one", configMap("b", "1"), WriteOptions.DEFAULT);
            objects.create(configMaps, "two", configMap("c", "1"), WriteOptions.DEFAULT);
            AtomicInteger conversions = new AtomicInteger();
            ConvertedObjects<Converted> converted = new ConvertedObjects<>(objects, configMaps, node -> {
                conversions.incrementAndGet();
                return new Converted(node.at("/metadata/name").asText(), node.at("/data/v").asText());
            });

            List<Converted> first = converted.list(null);
            assertThat(first).extracting(Converted::name).containsExactly("a", "b", "c");
            List<Converted> again = converted.list(null);
            assertThat(conversions).as("nothing changed: nothing converted again").hasValue(3);
            assertThat(again.get(0)).isSameAs(first.get(0));

            objects.mutate(configMaps, "one", "b", null, ObjectService.Scope.MAIN, WriteOptions.DEFAULT, cm -> {
                cm.with("data").put("v", "2");
                return cm;
            });
            objects.delete(configMaps, "one", "a", DeleteOptions.DEFAULT);
            assertThat(converted.list("one")).containsExactly(new Converted("b", "2"));
            assertThat(conversions).as("only the changed one").hasValue(4);
            assertThat(converted.list("two")).containsExactly(new Converted("c", "1"));
            assertThat(converted.list(null)).extracting(Converted::name).containsExactly("b", "c");
            assertThat(conversions).hasValue(4);
        }
    }

    private static ObjectNode configMap(String name, String value) {
        return json("{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"v\":\"" + value + "\"}}");
    }

    private static ObjectNode json(String text) {
        return Json.parseObject(text.getBytes(StandardCharsets.UTF_8));
    }
}
