package dev.flotilla.server.crd;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Any other kind, through CustomResourceDefinitions: defined, served, validated, and removed with its objects. */
@QuarkusTest
class CustomResourceDefinitionsTest {

    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String WIDGETS = "/apis/example.com/v1/namespaces/default/widgets";

    private static final String WIDGET_CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wdg]}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                additionalPrinterColumns:
                - {name: Size, type: integer, jsonPath: .spec.size}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          size: {type: integer}
                          color: {type: string}
                      status:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
            """;

    @Test
    void aDefinedKindIsServedThenRemovedWithItsObjects() {
        given().contentType("application/yaml").body(WIDGET_CRD.getBytes()).post(CRDS).then().statusCode(201);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(CRDS + "/widgets.example.com").then()
                .statusCode(200).body("status.conditions.type", hasItem("Established"))
                .body("status.acceptedNames.kind", equalTo("Widget")));
        given().get("/apis/example.com/v1").then().statusCode(200).body("resources.name", hasItem("widgets"));

        given().contentType(ContentType.JSON).body("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\","
                + "\"metadata\":{\"name\":\"w1\"},\"spec\":{\"size\":3,\"color\":\"red\"}}").post(WIDGETS)
                .then().statusCode(201).body("spec.size", equalTo(3));
        given().header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io").get(WIDGETS).then().statusCode(200)
                .body("columnDefinitions.name", equalTo(java.util.List.of("Name", "Size", "Age")))
                .body("rows[0].cells[1]", equalTo(3));
        // The CRD's schema is enforced: unknown fields under Strict, wrong types always.
        given().contentType(ContentType.JSON).queryParam("fieldValidation", "Strict")
                .body("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w2\"},"
                        + "\"spec\":{\"sise\":3}}").post(WIDGETS)
                .then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("spec.sise"));
        // Custom kinds take merge and JSON patches; strategic merge is 415, as kube-apiserver answers.
        given().contentType("application/merge-patch+json").body("{\"spec\":{\"size\":5}}".getBytes())
                .patch(WIDGETS + "/w1").then().statusCode(200).body("spec.size", equalTo(5));
        given().contentType("application/strategic-merge-patch+json").body("{\"spec\":{\"size\":6}}".getBytes())
                .patch(WIDGETS + "/w1").then().statusCode(415);
        given().get("/openapi/v3/apis/example.com/v1").then().statusCode(200);

        given().delete(CRDS + "/widgets.example.com").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            given().get(CRDS + "/widgets.example.com").then().statusCode(404);
            given().get("/apis/example.com/v1").then().statusCode(404);
        });
        given().get(WIDGETS + "/w1").then().statusCode(404);
    }

    @Test
    void definitionsMayNotTakeOverServedGroupsOrMisnameThemselves() {
        given().contentType("application/yaml").body(WIDGET_CRD.replace("example.com", "apps").getBytes()).post(CRDS)
                .then().statusCode(422).body("details.causes.field", hasItem("spec.group"));
        given().contentType("application/yaml").body(WIDGET_CRD.replace("name: widgets.example.com",
                "name: gadgets.example.com").getBytes()).post(CRDS)
                .then().statusCode(422).body("details.causes.field", hasItem("metadata.name"));
        given().get(CRDS + "/widgets.apps").then().statusCode(404);
    }
}
