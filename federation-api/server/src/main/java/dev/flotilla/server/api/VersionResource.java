package dev.flotilla.server.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /version}. kubectl checks only {@code gitVersion} (strict semver); the dispatcher installed on these
 * machines runs the kubectl whose minor version matches it, so Flotilla reports the Kubernetes API level it
 * implements.
 */
@Path("/version")
public class VersionResource {

    /** The Kubernetes API level this server speaks. */
    public static final String KUBERNETES_VERSION = "v1.33.0";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> version() {
        Map<String, String> version = new LinkedHashMap<>();
        version.put("major", "1");
        version.put("minor", "33");
        version.put("gitVersion", KUBERNETES_VERSION + "+flotilla");
        version.put("gitCommit", "flotilla");
        version.put("gitTreeState", "clean");
        version.put("buildDate", "2026-11-25T00:00:00Z");
        version.put("goVersion", "java" + Runtime.version().feature());
        version.put("compiler", "javac");
        version.put("platform", System.getProperty("os.name").toLowerCase() + "/" + System.getProperty("os.arch"));
        return version;
    }
}
