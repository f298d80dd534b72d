package dev.flotilla.server.watch;

import dev.flotilla.server.ControlPlane;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.api.ApiHandler;
import dev.flotilla.server.api.ApiRequest;
import dev.flotilla.server.api.ApiResponse;
import dev.flotilla.server.core.ListOptions;
import dev.flotilla.server.table.Tables;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The watch endpoint: {@code GET ...?watch=true} (and the legacy {@code /api/v1/watch/...} paths) as a chunked
 * HTTP stream, or over a WebSocket when the client asks to upgrade. Streaming sits on the Vert.x router, ahead of
 * the RESTEasy resources that answer every other request, because a watch is a long-lived stream, not a response.
 */
@ApplicationScoped
public class WatchRoute {

    @Inject
    ControlPlane controlPlane;

    void register(@Observes Router router) {
        router.routeWithRegex(HttpMethod.GET, "/apis?(/.*)?").order(-100).handler(this::maybeWatch);
    }

    private void maybeWatch(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = request.path();
        String legacyPath = legacyWatchPath(path);
        String watchParam = request.getParam("watch");
        boolean watch = legacyPath != null || "true".equals(watchParam) || "1".equals(watchParam);
        if (!watch) {
            ctx.next();
            return;
        }
        String targetPath = legacyPath != null ? legacyPath : path;
        ApiRequest apiRequest = new ApiRequest("GET", targetPath, query(request.params()),
                request.getHeader("Content-Type"), request.getHeader("Accept"), new byte[0], headers(request.headers()));
        Context context = ctx.vertx().getOrCreateContext();
        ctx.vertx().executeBlocking(() -> {
            startWatch(ctx, apiRequest, context);
            return null;
        }, false).onFailure(error -> {
            ApiResponse answer = error instanceof ApiException api
                    ? ApiResponse.error(api) : ApiResponse.error(ApiException.internal(String.valueOf(error.getMessage())));
            if (!ctx.response().headWritten()) {
                ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", answer.contentType())
                        .end(Buffer.buffer(answer.body()));
            }
        });
    }

    private void startWatch(RoutingContext ctx, ApiRequest request, Context context) {
        ApiHandler api = controlPlane.api();
        ApiHandler.Resolved resolved = api.authorizeWatch(request);
        if (resolved.target().subresource() != null) {
            throw ApiException.methodNotAllowed("watch is not supported on " + resolved.target().subresource());
        }
        if (!resolved.target().isCollection()) {
            // The legacy /watch/.../{name} form watches one object: the same as a name field selector.
            String selector = request.param("fieldSelector");
            Map<String, List<String>> query = new HashMap<>(request.query());
            query.put("fieldSelector", List.of("metadata.name=" + resolved.target().name()
                    + (selector == null || selector.isEmpty() ? "" : "," + selector)));
            request = new ApiRequest(request.method(), request.path(), query, request.contentType(), request.accept(),
                    request.body(), request.headers());
        }
        ListOptions options = api.listOptions(request, resolved.type());
        String accept = request.accept();
        WatchEncoder encoder = new WatchEncoder(resolved.type(),
                Tables.wanted(accept) ? Tables.apiVersion(accept) : null, request.param("includeObject"),
                Clock.systemUTC());
        boolean bookmarks = request.flag("allowWatchBookmarks");
        long timeoutMillis = timeoutMillis(request.param("timeoutSeconds"));
        String upgrade = ctx.request().getHeader("Upgrade");
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            ctx.request().toWebSocket().onSuccess(socket -> {
                WatchSink sink = VertxSinks.webSocket(socket, context);
                startStreaming(ctx, resolved, options, bookmarks, encoder, sink, timeoutMillis);
            });
            return;
        }
        HttpServerResponse response = ctx.response();
        context.runOnContext(v -> {
            response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-cache, private");
            // Headers go out at once: clients wait for them before they expect events.
            response.write(Buffer.buffer());
        });
        WatchSink sink = VertxSinks.http(response, context);
        startStreaming(ctx, resolved, options, bookmarks, encoder, sink, timeoutMillis);
    }

    private void startStreaming(RoutingContext ctx, ApiHandler.Resolved resolved, ListOptions options,
                                boolean bookmarks, WatchEncoder encoder, WatchSink sink, long timeoutMillis) {
        try {
            controlPlane.watches().start(resolved.type(), resolved.target().namespace(), options, bookmarks,
                    encoder, sink);
        } catch (ApiException e) {
            sink.send(encoder.error(dev.flotilla.server.api.StatusBodies.failure(e)));
            sink.close();
            return;
        }
        ctx.vertx().setTimer(timeoutMillis, id -> sink.close());
    }

    /**
     * The timeout of a watch: the client's {@code timeoutSeconds}, or like kube-apiserver a random 30 to 60
     * minutes, so that clients spread their reconnects.
     */
    private static long timeoutMillis(String timeoutSeconds) {
        if (timeoutSeconds != null && !timeoutSeconds.isEmpty()) {
            try {
                long seconds = Long.parseLong(timeoutSeconds);
                if (seconds > 0) {
                    return seconds * 1000;
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("timeoutSeconds: Invalid value: \"" + timeoutSeconds + "\": must be an integer");
            }
        }
        return ThreadLocalRandom.current().nextLong(30 * 60_000L, 60 * 60_000L);
    }

    /** {@code /api/v1/watch/namespaces/x/pods} → {@code /api/v1/namespaces/x/pods}; {@code null} otherwise. */
    static String legacyWatchPath(String path) {
        String[] segments = path.split("/");
        int watchIndex = path.startsWith("/api/") ? 3 : path.startsWith("/apis/") ? 4 : -1;
        if (watchIndex < 0 || segments.length <= watchIndex || !segments[watchIndex].equals("watch")) {
            return null;
        }
        List<String> rest = new ArrayList<>(List.of(segments));
        rest.remove(watchIndex);
        return String.join("/", rest);
    }

    private static Map<String, List<String>> query(MultiMap params) {
        Map<String, List<String>> query = new HashMap<>();
        for (String name : params.names()) {
            query.put(name, params.getAll(name));
        }
        return query;
    }

    private static Map<String, String> headers(MultiMap headers) {
        Map<String, String> map = new HashMap<>();
        for (Map.Entry<String, String> header : headers) {
            map.putIfAbsent(header.getKey().toLowerCase(), header.getValue());
        }
        return map;
    }
}
