package dev.flotilla.server.auth;

import dev.flotilla.server.ServerConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Bootstrap tokens register members; agent tokens reach their own cluster and execution namespace only. */
@QuarkusTest
class AgentAuthTest {

    @Inject
    ServerConfig config;

    @Test
    void registrationAndTheAgentsScope() throws Exception {
        String bootstrap = Files.readString(Path.of(config.dataDir(), BootstrapTokens.FILE_NAME)).trim();

        as("abcdef.0123456789abcdef").get("/api/v1/namespaces/default/configmaps").then().statusCode(401)
                .body("reason", equalTo("Unauthorized"));
        as("not-a-token").get("/apis").then().statusCode(401);
        as(bootstrap).get("/api/v1/namespaces/default/configmaps").then().statusCode(403)
                .body("reason", equalTo("Forbidden"));

        String token = register(bootstrap, "member-a", "id-a");
        as(bootstrap).get("/apis/flotilla.dev/v1alpha1/clusters/member-a").then().statusCode(403);
        given().get("/apis/flotilla.dev/v1alpha1/clusters/member-a").then().statusCode(200)
                .body("spec.id", equalTo("id-a"))
                .body("metadata.labels.'topology.kubernetes.io/zone'", equalTo("zone-a"));
        given().get("/api/v1/namespaces/flotilla-es-member-a").then().statusCode(200);

        // Its own Cluster and status: yes. Anything else: no.
        as(token).get("/apis/flotilla.dev/v1alpha1/clusters/member-a").then().statusCode(200);
        as(token).contentType("application/merge-patch+json")
                .body("{\"status\":{\"kubernetesVersion\":\"v1.33.1\"}}".getBytes())
                .patch("/apis/flotilla.dev/v1alpha1/clusters/member-a/status").then().statusCode(200)
                .body("status.kubernetesVersion", equalTo("v1.33.1"));
        as(token).queryParam("fieldSelector", "metadata.name=member-a").get("/apis/flotilla.dev/v1alpha1/clusters")
                .then().statusCode(200);
        as(token).get("/apis/flotilla.dev/v1alpha1/clusters").then().statusCode(403);
        as(token).delete("/apis/flotilla.dev/v1alpha1/clusters/member-a").then().statusCode(403);
        as(token).get("/api/v1/namespaces/flotilla-system/secrets").then().statusCode(403);

        // Its execution namespace: Works (read, status), its Lease, Events.
        given().contentType(ContentType.JSON).body("{\"apiVersion\":\"flotilla.dev/v1alpha1\",\"kind\":\"Work\","
                        + "\"metadata\":{\"name\":\"w\"},\"spec\":{\"workload\":{\"manifests\":[]}}}")
                .post("/apis/flotilla.dev/v1alpha1/namespaces/flotilla-es-member-a/works").then().statusCode(201);
        as(token).get("/apis/flotilla.dev/v1alpha1/namespaces/flotilla-es-member-a/works").then().statusCode(200);
        as(token).contentType("application/merge-patch+json").body("{\"status\":{\"conditions\":[]}}".getBytes())
                .patch("/apis/flotilla.dev/v1alpha1/namespaces/flotilla-es-member-a/works/w/status").then().statusCode(200);
        as(token).delete("/apis/flotilla.dev/v1alpha1/namespaces/flotilla-es-member-a/works/w").then().statusCode(403);
        as(token).contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"member-a\"},\"spec\":{\"holderIdentity\":\"agent\"}}")
                .post("/apis/coordination.k8s.io/v1/namespaces/flotilla-es-member-a/leases").then().statusCode(201);

        // Another member's namespace and cluster are out of reach.
        String other = register(bootstrap, "member-b", "id-b");
        as(token).get("/apis/flotilla.dev/v1alpha1/namespaces/flotilla-es-member-b/works").then().statusCode(403);
        as(token).get("/apis/flotilla.dev/v1alpha1/clusters/member-b").then().statusCode(403);
        as(other).get("/apis/flotilla.dev/v1alpha1/clusters/member-b").then().statusCode(200);

        // The same member coming back gets a new token (the old one stops working); a different one is refused.
        String again = register(bootstrap, "member-a", "id-a");
        as(again).get("/apis/flotilla.dev/v1alpha1/clusters/member-a").then().statusCode(200);
        as(token).get("/apis/flotilla.dev/v1alpha1/clusters/member-a").then().statusCode(401);
        as(bootstrap).contentType(ContentType.JSON).body("{\"spec\":{\"clusterId\":\"someone-else\"}}")
                .post("/apis/flotilla.dev/v1alpha1/clusters/member-a/token").then().statusCode(409)
                .body("reason", equalTo("Conflict"));
        as(bootstrap).contentType(ContentType.JSON).body("{\"spec\":{}}")
                .post("/apis/flotilla.dev/v1alpha1/clusters/member-c/token").then().statusCode(422)
                .body("details.causes[0].field", equalTo("spec.clusterId"));
        as(bootstrap).contentType(ContentType.JSON).body("{\"spec\":{\"clusterId\":\"x\"}}")
                .post("/apis/flotilla.dev/v1alpha1/clusters/Bad_Name/token").then().statusCode(422);
    }

    @Test
    void deletingTheBootstrapSecretRevokesIt() {
        String[] parts = {"zzzzzz", "0123456789abcdef"};
        given().contentType(ContentType.JSON).body(BootstrapTokens.secret(new Tokens.BootstrapToken(parts[0], parts[1]),
                "test", null).toString()).post("/api/v1/namespaces/flotilla-system/secrets").then().statusCode(201);
        String token = parts[0] + "." + parts[1];
        as(token).contentType(ContentType.JSON).body("{\"spec\":{\"clusterId\":\"rev\"}}")
                .post("/apis/flotilla.dev/v1alpha1/clusters/revoked/token").then().statusCode(201);
        given().delete("/api/v1/namespaces/flotilla-system/secrets/bootstrap-token-zzzzzz").then().statusCode(200);
        as(token).contentType(ContentType.JSON).body("{\"spec\":{\"clusterId\":\"rev\"}}")
                .post("/apis/flotilla.dev/v1alpha1/clusters/revoked/token").then().statusCode(401);
    }

    private static String register(String bootstrap, String name, String id) {
        return as(bootstrap).contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"flotilla.dev/v1alpha1\",\"kind\":\"ClusterTokenRequest\",\"spec\":{\"clusterId\":\""
                        + id + "\",\"labels\":{\"topology.kubernetes.io/zone\":\"zone-a\"}}}")
                .post("/apis/flotilla.dev/v1alpha1/clusters/" + name + "/token")
                .then().statusCode(201).body("status.token", startsWith("flotilla-agent." + name + "."))
                .extract().path("status.token");
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }
}
