package dev.flotilla.server.api;

import dev.flotilla.server.ControlPlane;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Prometheus metrics of the API ({@code /metrics}): request latency by verb, resource and code
 * ({@code flotilla_apiserver_request_seconds}), open watches, and the store's revision.
 */
@ApplicationScoped
public class ApiMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    ControlPlane controlPlane;

    void start(@Observes StartupEvent event) {
        Gauge.builder("flotilla_apiserver_open_watches", controlPlane, cp -> cp.watches().openWatches())
                .description("Watches open now").register(registry);
        Gauge.builder("flotilla_store_revision", controlPlane, cp -> cp.store().currentRevision())
                .description("The revision of the latest acknowledged write").register(registry);
        Gauge.builder("flotilla_store_compacted_revision", controlPlane, cp -> cp.store().compactedRevision())
                .description("The oldest revision watches may start from").register(registry);
    }

    /** Records one finished request. */
    public void record(String method, String path, int code, long nanos) {
        Timer.builder("flotilla_apiserver_request")
                .description("API requests by verb, resource and response code")
                .tags("verb", method, "resource", knownResource(resourceOf(path)), "code", Integer.toString(code))
                .publishPercentileHistogram(false)
                .register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Keeps label values bounded: paths that name no registered kind are counted as "other". */
    private String knownResource(String resource) {
        String plural = resource.contains("/") ? resource.substring(0, resource.indexOf('/')) : resource;
        if (resource.equals("discovery")
                || controlPlane.registry().all().stream().anyMatch(type -> type.plural().equals(plural))) {
            return resource;
        }
        return "other";
    }

    /** The resource a path names ({@code deployments}, {@code deployments/status}), for metric labels. */
    static String resourceOf(String path) {
        List<String> segments = ApiHandler.segments(path);
        int start = !segments.isEmpty() && segments.get(0).equals("api") ? 2 : 3;
        if (segments.size() <= start) {
            return "discovery";
        }
        List<String> rest = segments.subList(start, segments.size());
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.get(0);
        return rest.size() >= 3 ? resource + "/" + rest.get(2) : resource;
    }
}
