package dev.flotilla.dns.replica;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.dns.records.DnsSettings;
import dev.flotilla.dns.server.DnsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Feeds a standalone DNS replica from the control plane's API: lists the DNSRecordSets, then watches from the
 * list's resourceVersion (with bookmarks), publishing a new snapshot after every event. On any failure (the
 * control plane away, a watch expired with 410 Gone) it waits and relists, while the server keeps answering from
 * the last snapshot: a replica outlives its control plane. Runs on its own thread until {@link #close()}.
 */
public final class ControlPlaneFeed implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ControlPlaneFeed.class.getName());
    static final String PATH = "/apis/flotilla.dev/v1alpha1/dnsrecordsets";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final String token;
    private final DnsSettings settings;
    private final DnsServer server;
    private final RecordSetIndex index = new RecordSetIndex();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean synced;
    private volatile InputStream watchBody;

    /**
     * @param controlPlane the API server's base URL, e.g. {@code http://127.0.0.1:8080}
     * @param token        a bearer token, or null
     */
    public ControlPlaneFeed(URI controlPlane, String token, DnsSettings settings, DnsServer server) {
        String s = controlPlane.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.token = token;
        this.settings = settings;
        this.server = server;
        this.thread = new Thread(this::run, "dns-replica-feed");
        this.thread.setDaemon(true);
    }

    public ControlPlaneFeed start() {
        thread.start();
        return this;
    }

    /** True once a first list has been published. */
    public boolean synced() {
        return synced;
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            try {
                long revision = relist();
                failures = 0;
                watch(revision);
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                failures++;
                long delay = Math.min(MAX_BACKOFF.toMillis(), 250L << Math.min(failures, 6));
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                LOG.log(System.Logger.Level.WARNING, "DNS replica: cannot follow " + base + PATH + ": " + why
                        + "; serving the last zone, retrying in " + delay + " ms");
                sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long relist() throws IOException, InterruptedException {
        HttpResponse<InputStream> response = send(base + PATH);
        JsonNode list;
        try (InputStream in = response.body()) {
            list = MAPPER.readTree(in);
        }
        Map<String, JsonNode> objects = new HashMap<>();
        for (JsonNode item : list.path("items")) {
            objects.put(key(item), item);
        }
        index.replaceAll(objects);
        long revision = list.path("metadata").path("resourceVersion").asLong(0);
        publish(revision);
        synced = true;
        return revision;
    }

    private void watch(long revision) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = send(base + PATH + "?watch=true&allowWatchBookmarks=true"
                + "&resourceVersion=" + revision);
        try (InputStream in = response.body();
             JsonParser parser = MAPPER.getFactory().createParser(in);
             MappingIterator<JsonNode> events = MAPPER.readValues(parser, JsonNode.class)) {
            watchBody = in;
            while (!closed && events.hasNextValue()) {
                JsonNode event = events.nextValue();
                JsonNode object = event.path("object");
                long rv = object.path("metadata").path("resourceVersion").asLong(revision);
                switch (event.path("type").asText()) {
                    case "ADDED", "MODIFIED" -> index.put(key(object), object);
                    case "DELETED" -> index.remove(key(object));
                    case "BOOKMARK" -> {
                        revision = rv;
                        continue;
                    }
                    case "ERROR" -> throw new IOException("watch ended by the control plane: "
                            + object.path("message").asText(object.toString()));
                    default -> {
                        continue;
                    }
                }
                revision = Math.max(revision, rv);
                publish(revision);
            }
        }
        if (!closed) {
            throw new IOException("watch closed by the control plane");
        }
    }

    private HttpResponse<InputStream> send(String uri) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).header("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        return response;
    }

    private void publish(long revision) {
        server.update(index.snapshot(settings, revision));
    }

    private static String key(JsonNode object) {
        return object.path("metadata").path("namespace").asText() + "/" + object.path("metadata").path("name").asText();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        InputStream body = watchBody;
        if (body != null) {
            try {
                body.close();
            } catch (IOException ignored) {
                // Closing to end the blocking read; nothing else to do.
            }
        }
        thread.interrupt();
    }
}
