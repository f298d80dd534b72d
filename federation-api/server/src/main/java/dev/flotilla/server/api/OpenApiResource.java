package dev.flotilla.server.api;

import dev.flotilla.server.ControlPlane;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code /openapi/v3}: the index and one document per group-version, which kubectl reads to validate manifests
 * on the server ({@code fieldValidation}) and to compute strategic merge patches. There is no v2: kubectl only
 * falls back to it when v3 is missing.
 */
@Path("/openapi")
public class OpenApiResource {

    @Inject
    ControlPlane controlPlane;

    @GET
    @Path("v3")
    public Response index() {
        return json(controlPlane.components().openApi().indexJson());
    }

    @GET
    @Path("v3/{path: .+}")
    public Response document(@PathParam("path") String path) {
        return controlPlane.components().openApi().document(path)
                .map(document -> json(document.json()))
                .orElseGet(() -> ApiResource.toResponse(ApiResponse.error(ApiException.pathNotFound())));
    }

    @GET
    @Path("v2")
    public Response v2() {
        return ApiResource.toResponse(ApiResponse.error(ApiException.pathNotFound()));
    }

    private static Response json(byte[] body) {
        return Response.ok(body).type("application/json").header("Cache-Control", "no-cache, private").build();
    }
}
