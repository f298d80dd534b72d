package dev.flotilla.server.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** The HTTP edge as kubectl and client-go see it: discovery, verbs, content types and Status errors. */
@QuarkusTest
class ApiHttpTest {

    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

    @Test
    void versionIsStrictSemver() {
        given().get("/version").then().statusCode(200)
                .body("gitVersion", startsWith("v1.33.0"))
                .body("major", equalTo("1"));
    }

    @Test
    void discoveryAnswersLegacyAndAggregatedForms() {
        given().get("/api").then().statusCode(200).body("kind", equalTo("APIVersions"));
        given().get("/apis").then().statusCode(200).body("kind", equalTo("APIGroupList"))
                .body("groups.name", hasItem("apps"));
        given().get("/apis/apps/v1").then().statusCode(200)
                .body("resources.name", hasItem("deployments"))
                .body("resources.name", hasItem("deployments/scale"));
        Response aggregated = given()
                .header("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json")
                .get("/apis");
        assertThat(aggregated.statusCode()).isEqualTo(200);
        assertThat(aggregated.contentType()).isEqualTo(Discovery.AGGREGATED_V2);
        assertThat(aggregated.jsonPath().getList("items.metadata.name")).contains("apps");
        given().get("/apis/nothing.example.com/v1").then().statusCode(404).body("kind", equalTo("Status"));
    }

    @Test
    void createGetConflictAndDeleteSpeakStatus() {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"http-cfg\"},\"data\":{\"a\":\"1\"}}";
        String version = given().contentType(ContentType.JSON).body(body).post(CONFIGMAPS)
                .then().statusCode(201).body("metadata.namespace", equalTo("default"))
                .extract().path("metadata.resourceVersion");
        given().get(CONFIGMAPS + "/http-cfg").then().statusCode(200).body("data.a", equalTo("1"))
                .body("metadata.resourceVersion", equalTo(version));
        given().contentType(ContentType.JSON).body(body).post(CONFIGMAPS)
                .then().statusCode(409).body("reason", equalTo("AlreadyExists"))
                .body("details.name", equalTo("http-cfg"));

        String stale = "{\"metadata\":{\"name\":\"http-cfg\",\"resourceVersion\":\"1\"},\"data\":{\"a\":\"2\"}}";
        given().contentType(ContentType.JSON).body(stale).put(CONFIGMAPS + "/http-cfg")
                .then().statusCode(409).body("reason", equalTo("Conflict"));

        given().contentType(ContentType.JSON).body("{\"propagationPolicy\":\"Background\"}")
                .delete(CONFIGMAPS + "/http-cfg").then().statusCode(200);
        given().get(CONFIGMAPS + "/http-cfg").then().statusCode(404)
                .body("kind", equalTo("Status")).body("reason", equalTo("NotFound"))
                .body("message", equalTo("configmaps \"http-cfg\" not found"));
    }

    @Test
    void chunkedRequestBodiesAreAccepted() throws Exception {
        byte[] body = "{\"metadata\":{\"name\":\"chunked-cfg\"},\"data\":{\"k\":\"v\"}}".getBytes();
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":"
                                + io.restassured.RestAssured.port + CONFIGMAPS))
                        .header("Content-Type", "application/json")
                        // An InputStream of unknown length is sent with Transfer-Encoding: chunked.
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(body)))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        given().get(CONFIGMAPS + "/chunked-cfg").then().statusCode(200).body("data.k", equalTo("v"));
    }

    @Test
    void yamlBodiesAreAccepted() {
        String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml-cfg\ndata:\n  key: value\n";
        given().contentType("application/yaml").body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(CONFIGMAPS).then().statusCode(201)
                .body("data.key", equalTo("value"));
    }

    @Test
    void clientMistakesAre4xxAndStoreNothing() {
        String before = given().get(CONFIGMAPS).then().extract().path("metadata.resourceVersion");
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":").post(CONFIGMAPS)
                .then().statusCode(400).body("reason", equalTo("BadRequest"));
        given().contentType(ContentType.JSON).body("[1,2]").post(CONFIGMAPS).then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\"}}")
                .post(CONFIGMAPS).then().statusCode(400);
        given().contentType("text/csv").body("a,b".getBytes()).post(CONFIGMAPS).then().statusCode(415)
                .body("reason", equalTo("UnsupportedMediaType"));
        given().contentType(ContentType.JSON).body("{\"metadata\":{}}").post(CONFIGMAPS).then().statusCode(422)
                .body("reason", equalTo("Invalid")).body("details.causes[0].field", equalTo("metadata.name"));
        given().queryParam("labelSelector", "app in (web").get(CONFIGMAPS).then().statusCode(400);
        given().queryParam("fieldSelector", "spec.foo=bar").get(CONFIGMAPS).then().statusCode(400)
                .body("message", equalTo("field label not supported: spec.foo"));
        given().queryParam("limit", "abc").get(CONFIGMAPS).then().statusCode(400);
        given().get("/api/v1/namespaces/default/nothings").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"big\"},\"data\":{\"x\":\""
                + "y".repeat(3 * 1024 * 1024 + 10) + "\"}}").post(CONFIGMAPS)
                .then().statusCode(413).body("reason", equalTo("RequestEntityTooLarge"));
        String after = given().get(CONFIGMAPS).then().extract().path("metadata.resourceVersion");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void tablesForKubectlGet() {
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"table-cfg\"},\"data\":{\"a\":\"1\",\"b\":\"2\"}}")
                .post(CONFIGMAPS).then().statusCode(201);
        Response table = given().header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
                .queryParam("fieldSelector", "metadata.name=table-cfg").get(CONFIGMAPS);
        table.then().statusCode(200)
                .body("kind", equalTo("Table"))
                .body("columnDefinitions.name", equalTo(java.util.List.of("Name", "Data", "Age")))
                .body("rows[0].cells[0]", equalTo("table-cfg"))
                .body("rows[0].cells[1]", equalTo(2))
                .body("rows[0].object.kind", equalTo("PartialObjectMetadata"));
    }

    @Test
    void namespacesAreEmptiedThenDeleted() {
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"doomed\"}}").post("/api/v1/namespaces")
                .then().statusCode(201).body("status.phase", equalTo("Active"));
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"inside\"}}")
                .post("/api/v1/namespaces/doomed/configmaps").then().statusCode(201);
        given().delete("/api/v1/namespaces/doomed").then().statusCode(200)
                .body("status.phase", equalTo("Terminating"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/api/v1/namespaces/doomed").then().statusCode(404));
        given().get("/api/v1/namespaces/doomed/configmaps/inside").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"late\"}}")
                .post("/api/v1/namespaces/doomed/configmaps").then().statusCode(404);
    }

    @Test
    void healthAndMetrics() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get(CONFIGMAPS).then().statusCode(200);
        String metrics = given().get("/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("flotilla_apiserver_request_seconds_count")
                .contains("resource=\"configmaps\"")
                .contains("flotilla_apiserver_open_watches")
                .contains("flotilla_store_operation_seconds_count{operation=\"list\",outcome=\"ok\"")
                .contains("flotilla_store_revision");
    }
}
