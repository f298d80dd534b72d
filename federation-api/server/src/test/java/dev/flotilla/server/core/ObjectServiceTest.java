package dev.flotilla.server.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.store.DurableObjectStore;
import dev.flotilla.store.ObjectStores;
import dev.flotilla.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API's object semantics over a real durable store (no HTTP). */
class ObjectServiceTest {

    @TempDir
    Path dataDir;

    private DurableObjectStore store;
    private ObjectService objects;
    private final ResourceRegistry registry = ResourceRegistry.withNativeTypes();
    private ResourceType namespaces;
    private ResourceType deployments;
    private ResourceType configMaps;

    @BeforeEach
    void open() {
        store = ObjectStores.open(StoreConfig.builder(dataDir).build());
        Validator replicasNotNegative = (type, object, previous) -> object.path("spec").path("replicas").asInt(0) < 0
                ? List.of(new ApiException.Cause("FieldValueInvalid", "spec.replicas",
                "Invalid value: " + object.path("spec").path("replicas").asInt() + ": must be greater than or equal to 0"))
                : List.of();
        objects = new ObjectService(store, replicasNotNegative,
                Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));
        namespaces = registry.byResource("", "v1", "namespaces").orElseThrow();
        deployments = registry.byResource("apps", "v1", "deployments").orElseThrow();
        configMaps = registry.byResource("", "v1", "configmaps").orElseThrow();
        objects.create(namespaces, null, json("{\"metadata\":{\"name\":\"shop\"}}"), WriteOptions.DEFAULT);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void createSetsIdentityAndStoresNothingOnDryRun() {
        ObjectNode dryRun = objects.create(deployments, "shop", deployment("web", 3),
                new WriteOptions(true, "Strict"));
        assertThat(dryRun.path("metadata").path("uid").asText()).isNotEmpty();
        assertThat(objects.find(deployments, "shop", "web")).isEmpty();

        ObjectNode created = objects.create(deployments, "shop", deployment("web", 3), WriteOptions.DEFAULT);
        assertThat(created.path("metadata").path("namespace").asText()).isEqualTo("shop");
        assertThat(created.path("metadata").path("generation").asLong()).isEqualTo(1);
        assertThat(created.path("metadata").path("creationTimestamp").asText()).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(created.path("status").isMissingNode()).as("status is dropped on create").isTrue();
        assertThat(Long.parseLong(created.path("metadata").path("resourceVersion").asText()))
                .isEqualTo(store.currentRevision());
        assertThat(objects.get(deployments, "shop", "web")).isEqualTo(created);
    }

    @Test
    void createRefusesDuplicatesMissingNamespacesAndInvalidObjects() {
        objects.create(deployments, "shop", deployment("web", 3), WriteOptions.DEFAULT);
        assertThatThrownBy(() -> objects.create(deployments, "shop", deployment("web", 3), WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.reason()).isEqualTo("AlreadyExists");
                    assertThat(e.getMessage()).isEqualTo("deployments.apps \"web\" already exists");
                });
        assertThatThrownBy(() -> objects.create(deployments, "nowhere", deployment("web", 3), WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("namespaces \"nowhere\" not found"));
        long before = store.currentRevision();
        assertThatThrownBy(() -> objects.create(deployments, "shop", deployment("api", -2), WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("Deployment.apps \"api\" is invalid: spec.replicas: "
                            + "Invalid value: -2: must be greater than or equal to 0");
                });
        assertThat(store.currentRevision()).as("nothing stored").isEqualTo(before);
        assertThatThrownBy(() -> objects.create(deployments, "other", json(
                "{\"metadata\":{\"name\":\"x\",\"namespace\":\"shop\"},\"spec\":{}}"), WriteOptions.DEFAULT))
                .hasMessageContaining("does not match the namespace");
        assertThatThrownBy(() -> objects.create(deployments, "shop", json(
                "{\"apiVersion\":\"apps/v2\",\"metadata\":{\"name\":\"x\"}}"), WriteOptions.DEFAULT))
                .hasMessageContaining("does not match the expected API version");
    }

    @Test
    void generateNameMakesAUniqueName() {
        ObjectNode created = objects.create(configMaps, "shop", json("{\"metadata\":{\"generateName\":\"cfg-\"}}"),
                WriteOptions.DEFAULT);
        assertThat(created.path("metadata").path("name").asText()).matches("cfg-[a-z0-9]{5}");
    }

    @Test
    void updateWithStaleVersionConflictsAndLeavesTheObject() {
        ObjectNode created = objects.create(deployments, "shop", deployment("web", 3), WriteOptions.DEFAULT);
        String version = created.path("metadata").path("resourceVersion").asText();
        ObjectNode first = created.deepCopy();
        first.with("spec").put("replicas", 5);
        ObjectNode updated = objects.update(deployments, "shop", "web", first, ObjectService.Scope.MAIN,
                WriteOptions.DEFAULT);
        assertThat(updated.path("metadata").path("generation").asLong()).isEqualTo(2);

        ObjectNode stale = created.deepCopy();
        stale.with("spec").put("replicas", 9);
        assertThat(stale.path("metadata").path("resourceVersion").asText()).isEqualTo(version);
        assertThatThrownBy(() -> objects.update(deployments, "shop", "web", stale, ObjectService.Scope.MAIN,
                WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.reason()).isEqualTo("Conflict");
                });
        assertThat(objects.get(deployments, "shop", "web").path("spec").path("replicas").asInt()).isEqualTo(5);
    }

    @Test
    void metadataOnlyChangesKeepTheGenerationAndStatusIsWrittenSeparately() {
        objects.create(deployments, "shop", deployment("web", 3), WriteOptions.DEFAULT);
        ObjectNode labelled = objects.mutate(deployments, "shop", "web", null, ObjectService.Scope.MAIN,
                WriteOptions.DEFAULT, d -> {
                    d.with("metadata").with("labels").put("tier", "frontend");
                    d.with("status").put("replicas", 99);
                    return d;
                });
        assertThat(labelled.path("metadata").path("generation").asLong()).isEqualTo(1);
        assertThat(labelled.path("status").isMissingNode()).as("main writes ignore status").isTrue();

        ObjectNode withStatus = objects.mutate(deployments, "shop", "web", null, ObjectService.Scope.STATUS,
                WriteOptions.DEFAULT, d -> {
                    d.with("status").put("readyReplicas", 3);
                    d.with("spec").put("replicas", 50);
                    return d;
                });
        assertThat(withStatus.path("status").path("readyReplicas").asInt()).isEqualTo(3);
        assertThat(withStatus.path("spec").path("replicas").asInt()).as("status writes ignore spec").isEqualTo(3);
    }

    @Test
    void finalizersDelayDeletionUntilRemoved() {
        ObjectNode body = deployment("web", 1);
        body.with("metadata").putArray("finalizers").add("flotilla.dev/propagation");
        objects.create(deployments, "shop", body, WriteOptions.DEFAULT);

        ObjectNode marked = objects.delete(deployments, "shop", "web", DeleteOptions.DEFAULT);
        assertThat(marked.path("metadata").path("deletionTimestamp").asText()).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(objects.find(deployments, "shop", "web")).isPresent();

        assertThatThrownBy(() -> objects.mutate(deployments, "shop", "web", null, ObjectService.Scope.MAIN,
                WriteOptions.DEFAULT, d -> {
                    d.with("metadata").withArray("finalizers").add("another");
                    return d;
                })).hasMessageContaining("no new finalizers can be added");

        objects.mutate(deployments, "shop", "web", null, ObjectService.Scope.MAIN, WriteOptions.DEFAULT, d -> {
            d.with("metadata").remove("finalizers");
            return d;
        });
        assertThat(objects.find(deployments, "shop", "web")).as("gone once the last finalizer is removed").isEmpty();
    }

    @Test
    void deletePreconditionsAreChecked() {
        ObjectNode created = objects.create(configMaps, "shop", json("{\"metadata\":{\"name\":\"cfg\"}}"),
                WriteOptions.DEFAULT);
        assertThatThrownBy(() -> objects.delete(configMaps, "shop", "cfg",
                new DeleteOptions(false, null, "not-the-uid", null)))
                .hasMessageContaining("Precondition failed: UID in precondition");
        assertThatThrownBy(() -> objects.delete(configMaps, "shop", "cfg", new DeleteOptions(false, null, null, "1")))
                .hasMessageContaining("Precondition failed: ResourceVersion in precondition");
        objects.delete(configMaps, "shop", "cfg", new DeleteOptions(false, null,
                created.path("metadata").path("uid").asText(), null));
        assertThatThrownBy(() -> objects.get(configMaps, "shop", "cfg"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(404));
    }

    @Test
    void listsFilterByLabelsAndPageConsistently() {
        for (int i = 0; i < 7; i++) {
            objects.create(configMaps, "shop", json("{\"metadata\":{\"name\":\"cfg-" + i + "\",\"labels\":{\"parity\":\""
                    + (i % 2 == 0 ? "even" : "odd") + "\"}}}"), WriteOptions.DEFAULT);
        }
        ListOptions even = new ListOptions(LabelSelector.parse("parity=even"), FieldSelector.EVERYTHING, null, 0, null);
        assertThat(objects.list(configMaps, "shop", even).items()).extracting(o -> o.path("metadata").path("name").asText())
                .containsExactly("cfg-0", "cfg-2", "cfg-4", "cfg-6");

        ObjectService.Page first = objects.list(configMaps, "shop",
                new ListOptions(LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, null, 3, null));
        assertThat(first.items()).hasSize(3);
        assertThat(first.continueToken()).isNotNull();
        // A write between pages does not show up: the pages are consistent at the first page's version.
        objects.create(configMaps, "shop", json("{\"metadata\":{\"name\":\"cfg-5a\"}}"), WriteOptions.DEFAULT);
        ObjectService.Page second = objects.list(configMaps, "shop",
                new ListOptions(LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, null, 10, first.continueToken()));
        assertThat(second.items()).extracting(o -> o.path("metadata").path("name").asText())
                .containsExactly("cfg-3", "cfg-4", "cfg-5", "cfg-6");
        assertThat(second.continueToken()).isNull();
        assertThatThrownBy(() -> objects.list(configMaps, "shop",
                new ListOptions(LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, null, 1, "garbage")))
                .hasMessageContaining("continue key is not valid");
    }

    @Test
    void upsertAllCreatesAndChangesTogetherAndSkipsWhatIsUnchanged() {
        ObjectNode web = objects.create(deployments, "shop", deployment("web", 3), WriteOptions.DEFAULT);
        ObjectNode settings = objects.create(configMaps, "shop",
                json("{\"metadata\":{\"name\":\"settings\"},\"data\":{\"a\":\"1\"}}"), WriteOptions.DEFAULT);

        List<ObjectNode> stored = objects.upsertAll(List.of(
                new ObjectService.Upsert(deployments, "shop", "web", deployment("web", 1), ObjectService.Scope.MAIN,
                        d -> replicas(d, 5)),
                new ObjectService.Upsert(deployments, "shop", "api", deployment("api", 2), ObjectService.Scope.MAIN,
                        d -> replicas(d, 9)),
                new ObjectService.Upsert(configMaps, "shop", "settings", null, ObjectService.Scope.MAIN, c -> c)),
                WriteOptions.DEFAULT);

        assertThat(stored.get(0).at("/spec/replicas").asInt()).as("present: changed").isEqualTo(5);
        assertThat(stored.get(0).at("/metadata/generation").asLong()).isEqualTo(2);
        assertThat(stored.get(0).at("/metadata/uid")).isEqualTo(web.at("/metadata/uid"));
        assertThat(stored.get(1).at("/spec/replicas").asInt()).as("missing: created as given").isEqualTo(2);
        assertThat(stored.get(1).at("/metadata/generation").asLong()).isEqualTo(1);
        assertThat(stored.get(2)).as("unchanged: not written").isEqualTo(settings);
        long webVersion = Long.parseLong(stored.get(0).at("/metadata/resourceVersion").asText());
        long apiVersion = Long.parseLong(stored.get(1).at("/metadata/resourceVersion").asText());
        assertThat(apiVersion).as("one commit: consecutive revisions").isEqualTo(webVersion + 1);
        assertThat(objects.get(deployments, "shop", "web")).hasToString(stored.get(0).toString());
        assertThat(objects.get(deployments, "shop", "api")).hasToString(stored.get(1).toString());
    }

    @Test
    void upsertAllWritesNothingWhenOneObjectIsInvalid() {
        objects.create(deployments, "shop", deployment("web", 3), WriteOptions.DEFAULT);
        long before = store.currentRevision();
        assertThatThrownBy(() -> objects.upsertAll(List.of(
                new ObjectService.Upsert(deployments, "shop", "web", null, ObjectService.Scope.MAIN,
                        d -> replicas(d, 4)),
                new ObjectService.Upsert(deployments, "shop", "api", deployment("api", -1), ObjectService.Scope.MAIN,
                        d -> d)), WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.replicas");
                });
        assertThat(store.currentRevision()).isEqualTo(before);
        assertThat(objects.get(deployments, "shop", "web").at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(objects.find(deployments, "shop", "api")).isEmpty();
    }

    @Test
    void upsertAllRedoesAloneAnObjectSomeoneElseChangedMeanwhile() {
        objects.create(deployments, "shop", deployment("web", 3), WriteOptions.DEFAULT);
        java.util.concurrent.atomic.AtomicBoolean raced = new java.util.concurrent.atomic.AtomicBoolean();
        List<ObjectNode> stored = objects.upsertAll(List.of(new ObjectService.Upsert(deployments, "shop", "web", null,
                ObjectService.Scope.MAIN, d -> {
                    if (raced.compareAndSet(false, true)) {
                        // Another writer gets in between this read and the batch's write.
                        objects.mutate(deployments, "shop", "web", null, ObjectService.Scope.MAIN,
                                WriteOptions.DEFAULT, other -> {
                                    other.with("metadata").with("labels").put("team", "blue");
                                    return other;
                                });
                    }
                    return replicas(d, 6);
                })), WriteOptions.DEFAULT);
        assertThat(stored.get(0).at("/spec/replicas").asInt()).isEqualTo(6);
        assertThat(stored.get(0).at("/metadata/labels/team").asText()).as("the other write is kept").isEqualTo("blue");
        assertThat(objects.get(deployments, "shop", "web")).hasToString(stored.get(0).toString());
    }

    private static ObjectNode replicas(ObjectNode deployment, int replicas) {
        deployment.with("spec").put("replicas", replicas);
        return deployment;
    }

    private static ObjectNode deployment(String name, int replicas) {
        return json("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"replicas\":" + replicas + ",\"selector\":{\"matchLabels\":{\"app\":\"" + name
                + "\"}}},\"status\":{\"replicas\":7}}");
    }

    private static ObjectNode json(String text) {
        return Json.parseObject(text.getBytes(StandardCharsets.UTF_8));
    }
}
