package dev.flotilla.server.api;

import dev.flotilla.server.ControlPlane;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The RESTEasy Reactive edge of the resource API: every {@code /api/...} and {@code /apis/...} request is handed,
 * framework-free, to {@link ApiHandler}. Bodies are read as bytes whatever their content type, because kubectl
 * sends JSON, YAML, protobuf and the patch types, and sometimes no Content-Type at all.
 */
@Path("/")
public class ApiResource {

    private static final String API_PATH = "{path: apis?(/.*)?}";

    @Inject
    ControlPlane controlPlane;

    @Inject
    ApiMetrics metrics;

    @Context
    HttpServerRequest vertxRequest;

    @GET
    @Path(API_PATH)
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return handle("GET", uri, headers, new byte[0]);
    }

    @POST
    @Path(API_PATH)
    public Response post(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return handle("POST", uri, headers, body);
    }

    @PUT
    @Path(API_PATH)
    public Response put(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return handle("PUT", uri, headers, body);
    }

    @PATCH
    @Path(API_PATH)
    public Response patch(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return handle("PATCH", uri, headers, body);
    }

    @DELETE
    @Path(API_PATH)
    public Response delete(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return handle("DELETE", uri, headers, body);
    }

    private Response handle(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        Map<String, String> headerMap = new HashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headerMap.put(name.toLowerCase(), values.get(0));
            }
        });
        Map<String, List<String>> query = new HashMap<>(uri.getQueryParameters());
        ApiRequest request = new ApiRequest(method, vertxRequest.path(), query, headerMap.get("content-type"),
                headerMap.get("accept"), body == null ? new byte[0] : body, headerMap);
        long started = System.nanoTime();
        ApiResponse answer = controlPlane.api().handle(request);
        metrics.record(method, request.path(), answer.status(), System.nanoTime() - started);
        return toResponse(answer);
    }

    static Response toResponse(ApiResponse answer) {
        Response.ResponseBuilder builder = Response.status(answer.status())
                .entity(answer.body())
                .type(answer.contentType());
        for (String warning : answer.warnings()) {
            builder.header("Warning", "299 - \"" + warning.replace("\"", "'") + "\"");
        }
        return builder.build();
    }
}
