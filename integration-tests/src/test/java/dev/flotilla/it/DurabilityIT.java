package dev.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.it.support.ApiClient;
import dev.flotilla.demo.local.ControlPlaneProcess;
import dev.flotilla.it.support.Workspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's promise, end to end: a write the API acknowledged survives {@code kill -9}. Concurrent clients
 * create ConfigMaps over HTTP; the moment the last one is acknowledged the server's JVM gets SIGKILL; a new
 * server on the same data directory must have every acknowledged object, unchanged, and its next write must
 * get a resourceVersion above all earlier ones.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DurabilityIT {

    private static final int CREATES = 1_000;
    private static final int CLIENTS = 8;
    private static final String NAMESPACE = "durability";
    private static final String CONFIGMAPS = "/api/v1/namespaces/" + NAMESPACE + "/configmaps";

    private Path workDir;
    private ControlPlaneProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
        Workspace.deleteQuietly(workDir == null ? null : workDir.resolve("data"));
    }

    @Test
    void everyAcknowledgedCreateSurvivesKill9() throws Exception {
        workDir = Workspace.newWorkDir("DurabilityIT");
        Path dataDir = workDir.resolve("data");
        Path log = workDir.resolve("server.log");
        server = ControlPlaneProcess.start(dataDir, log);
        ApiClient api = new ApiClient(server.baseUri());
        api.create("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                + "\"metadata\":{\"name\":\"" + NAMESPACE + "\"}}");

        Map<String, Long> acknowledged = createConcurrently(api);
        // Straight after the last acknowledgement: no graceful shutdown, no chance to flush anything.
        assertThat(server.jvm().info().command()).as("the launcher exec'd the JVM").hasValueSatisfying(
                command -> assertThat(command).endsWith("java"));
        server.kill9();
        assertThat(server.isAlive()).isFalse();

        assertThat(acknowledged).as("every create was acknowledged with 201").hasSize(CREATES);

        server = ControlPlaneProcess.start(dataDir, log);
        ApiClient restarted = new ApiClient(server.baseUri());

        Map<String, Long> present = listAll(restarted);
        assertThat(present).as("objects after kill -9 and restart").containsAllEntriesOf(acknowledged);
        assertThat(present).as("nothing else appeared").hasSize(acknowledged.size());

        long highestBefore = acknowledged.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        JsonNode next = restarted.create(CONFIGMAPS, configMap("after-restart"));
        long nextVersion = Long.parseLong(next.path("metadata").path("resourceVersion").asText());
        assertThat(nextVersion).as("resourceVersions keep rising across the crash").isGreaterThan(highestBefore);
    }

    /** Creates {@value #CREATES} ConfigMaps from {@value #CLIENTS} clients; returns name → resourceVersion. */
    private static Map<String, Long> createConcurrently(ApiClient api) throws Exception {
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        Map<String, String> refusals = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = next.getAndIncrement(); i < CREATES; i = next.getAndIncrement()) {
                        String name = "cm-" + i;
                        ApiClient.Response response = api.post(CONFIGMAPS, configMap(name));
                        if (response.status() == 201) {
                            String version = response.json().path("metadata").path("resourceVersion").asText();
                            acknowledged.put(name, Long.parseLong(version));
                        } else {
                            refusals.put(name, response.status() + " " + response.body());
                        }
                    }
                }, clients));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } finally {
            clients.shutdownNow();
        }
        assertThat(refusals).as("creates the server refused").isEmpty();
        return acknowledged;
    }

    /** Lists every ConfigMap of the namespace, page by page; returns name → resourceVersion. */
    private static Map<String, Long> listAll(ApiClient api) {
        Map<String, Long> found = new HashMap<>();
        String continueToken = "";
        do {
            String path = CONFIGMAPS + "?limit=300"
                    + (continueToken.isEmpty() ? "" : "&continue="
                    + URLEncoder.encode(continueToken, StandardCharsets.UTF_8));
            ApiClient.Response page = api.get(path);
            assertThat(page.status()).as("LIST %s: %s", path, page.body()).isEqualTo(200);
            JsonNode json = page.json();
            for (JsonNode item : json.path("items")) {
                JsonNode metadata = item.path("metadata");
                assertThat(item.path("data").path("index").asText())
                        .as("data of %s", metadata.path("name").asText())
                        .isEqualTo(metadata.path("name").asText());
                found.put(metadata.path("name").asText(), Long.parseLong(metadata.path("resourceVersion").asText()));
            }
            continueToken = json.path("metadata").path("continue").asText("");
        } while (!continueToken.isEmpty());
        return found;
    }

    private static String configMap(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"data\":{\"index\":\"" + name + "\",\"payload\":\"" + "x".repeat(200) + "\"}}";
    }
}
