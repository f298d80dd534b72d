package dev.flotilla.bare;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmark's baseline: the least a Quarkus JSON endpoint does. {@code GET /bare?bytes=N} answers with a JSON
 * object that Jackson serializes to exactly N bytes; {@code POST /bare?bytes=N} also reads the request body as
 * JSON and answers 201 with such an object. No store, no validation, no routing beyond RESTEasy Reactive's.
 */
@Path("/bare")
public class BareResource {

    /** What is sent; {@code padding} makes the serialized size exact. */
    public record Payload(String kind, String apiVersion, String padding) {
    }

    private static final int MAX_BYTES = 16 * 1024 * 1024;
    /** Serialized size of a payload with empty padding: {@code {"kind":"Bare","apiVersion":"v1","padding":""}}. */
    private static final int OVERHEAD = "{\"kind\":\"Bare\",\"apiVersion\":\"v1\",\"padding\":\"\"}".length();

    private final Map<Integer, Payload> bySize = new ConcurrentHashMap<>();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Payload get(@QueryParam("bytes") int bytes) {
        return payload(bytes);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@QueryParam("bytes") int bytes, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException("body: expected a JSON object");
        }
        return Response.status(Response.Status.CREATED).entity(payload(bytes)).build();
    }

    private Payload payload(int bytes) {
        if (bytes < OVERHEAD || bytes > MAX_BYTES) {
            throw new BadRequestException("bytes: must be between " + OVERHEAD + " and " + MAX_BYTES);
        }
        return bySize.computeIfAbsent(bytes, n -> new Payload("Bare", "v1", "x".repeat(n - OVERHEAD)));
    }
}
