package dev.flotilla.server.placement;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** PlacementPreview over HTTP: the scheduler's engine, answered inline, stored nowhere. */
@QuarkusTest
class PlacementPreviewHttpTest {

    private static final String PREVIEWS = "/apis/flotilla.dev/v1alpha1/placementpreviews";

    @Test
    void weightedSplitOverHypotheticalClusters() {
        String yaml = """
                apiVersion: flotilla.dev/v1alpha1
                kind: PlacementPreview
                spec:
                  replicas: 12
                  key: shop/web
                  placement:
                    clusterTolerations: []
                    replicaScheduling:
                      replicaSchedulingType: Divided
                      replicaDivisionPreference: Weighted
                      weightPreference:
                        staticWeightList:
                        - targetCluster: {labelSelector: {matchLabels: {topology.kubernetes.io/zone: eu-1a}}}
                          weight: 2
                        - targetCluster: {labelSelector: {matchLabels: {topology.kubernetes.io/zone: eu-1b}}}
                          weight: 1
                  clusters:
                  - {name: a, labels: {topology.kubernetes.io/region: eu-1, topology.kubernetes.io/zone: eu-1a}, ready: true}
                  - {name: b, labels: {topology.kubernetes.io/region: eu-1, topology.kubernetes.io/zone: eu-1b}, ready: true}
                  - name: c
                    labels: {topology.kubernetes.io/region: eu-1, topology.kubernetes.io/zone: eu-1b}
                    ready: true
                    taints: [{key: maintenance, value: "true", effect: NoSchedule}]
                """;
        given().contentType("application/yaml").body(yaml.getBytes()).post(PREVIEWS).then().statusCode(201)
                .body("kind", equalTo("PlacementPreview"))
                .body("status.clusters.name", contains("a", "b"))
                .body("status.clusters.replicas", contains(8, 4))
                .body("status.excluded.name", contains("c"))
                .body("status.excluded[0].reason", org.hamcrest.Matchers.containsString("maintenance"));
        // Stored nowhere: the kind has no list, and nothing was written.
        given().get(PREVIEWS).then().statusCode(405);
    }

    @Test
    void defaultsToTheRegisteredClustersAndExplainsWhoIsLeftOut() {
        for (String[] cluster : List.of(new String[] {"pv-1", "eu-1a"}, new String[] {"pv-2", "eu-1b"})) {
            given().contentType(ContentType.JSON).body("{\"apiVersion\":\"flotilla.dev/v1alpha1\",\"kind\":\"Cluster\","
                    + "\"metadata\":{\"name\":\"" + cluster[0] + "\",\"labels\":{\"topology.kubernetes.io/zone\":\""
                    + cluster[1] + "\"}},\"spec\":{\"syncMode\":\"Pull\"}}")
                    .post("/apis/flotilla.dev/v1alpha1/clusters").then().statusCode(201);
        }
        given().contentType("application/merge-patch+json").body(("{\"status\":{\"conditions\":[{\"type\":\"Ready\","
                + "\"status\":\"True\",\"reason\":\"AgentHeartbeat\",\"message\":\"ok\","
                + "\"lastTransitionTime\":\"2026-11-25T12:00:00Z\"}]}}").getBytes())
                .patch("/apis/flotilla.dev/v1alpha1/clusters/pv-1/status").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"spec\":{\"replicas\":3,\"placement\":{\"clusterAffinity\":"
                        + "{\"clusterNames\":[\"pv-1\",\"pv-2\"]},\"replicaScheduling\":{\"replicaSchedulingType\":\"Divided\"}}}}")
                .post(PREVIEWS).then().statusCode(201)
                .body("status.clusters.name", contains("pv-1"))
                .body("status.clusters.replicas", contains(3))
                .body("status.excluded.name", hasItem("pv-2"));
    }

    @Test
    void anInvalidPolicyIs422WithTheField() {
        given().contentType(ContentType.JSON).body("{\"spec\":{\"replicas\":4,\"placement\":{\"spreadConstraints\":"
                        + "[{\"spreadByField\":\"zone\",\"minGroups\":3,\"maxGroups\":2}]}}}")
                .post(PREVIEWS).then().statusCode(422)
                .body("reason", equalTo("Invalid"))
                .body("details.kind", equalTo("PlacementPreview"))
                .body("details.causes.field", hasItem("spec.placement.spreadConstraints[0].minGroups"));
        given().contentType(ContentType.JSON).body("{\"spec\":{\"replicas\":-1}}").post(PREVIEWS).then().statusCode(422)
                .body("details.causes.field", hasItem("spec.replicas"));
    }
}
