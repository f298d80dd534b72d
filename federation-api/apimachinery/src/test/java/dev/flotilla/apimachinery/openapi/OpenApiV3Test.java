package dev.flotilla.apimachinery.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.apimachinery.TestTypes;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiV3Test {

    private static ResourceRegistry registry;
    private static SchemaCatalog catalog;
    private static OpenApiV3 openApi;

    @BeforeAll
    static void build() {
        registry = ResourceRegistry.withNativeTypes();
        catalog = new SchemaCatalog();
        List<CustomKind> crds = CrdLoader.fromResources(OpenApiV3Test.class.getClassLoader(),
                List.of("META-INF/fabric8/widgets.example.flotilla.dev-v1.yml"));
        crds.forEach(k -> registry.register(k.type()));
        catalog.registerAll(crds);
        openApi = new OpenApiV3(registry, catalog);
    }

    private static JsonNode doc(String path) {
        return openApi.document(path).orElseThrow().tree();
    }

    @Test
    void indexListsEveryGroupVersionWithAHashedUrl() throws IOException {
        JsonNode index = TestTypes.MAPPER.readTree(openApi.indexJson());
        JsonNode paths = index.get("paths");
        assertThat(paths.fieldNames()).toIterable().contains("api/v1", "apis/apps/v1", "apis/batch/v1",
                "apis/example.flotilla.dev/v1alpha1", "apis/autoscaling/v2");
        OpenApiV3.Document apps = openApi.document("apis/apps/v1").orElseThrow();
        assertThat(paths.at("/apis~1apps~1v1/serverRelativeURL").asText())
                .isEqualTo("/openapi/v3/apis/apps/v1?hash=" + apps.hash())
                .isEqualTo(apps.serverRelativeUrl());
        assertThat(apps.hash()).matches("[0-9A-F]{128}");
        assertThat(openApi.document("/openapi/v3/apis/apps/v1")).contains(apps);
        assertThat(openApi.document("apis/nothing/v1")).isEmpty();
    }

    @Test
    void patchOperationTellsKubectlTheServerValidatesAndTakesStrategicMerge() {
        JsonNode patch = doc("apis/apps/v1").at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}/patch");
        assertThat(patch.get("x-kubernetes-group-version-kind"))
                .isEqualTo(TestTypes.json("{'group':'apps','kind':'Deployment','version':'v1'}"));
        assertThat(patch.get("x-kubernetes-action").asText()).isEqualTo("patch");
        assertThat(patch.get("operationId").asText()).isEqualTo("patchAppsV1NamespacedDeployment");
        List<String> parameters = new ArrayList<>();
        patch.get("parameters").forEach(p -> parameters.add(p.get("name").asText() + "@" + p.get("in").asText()));
        assertThat(parameters).contains("fieldValidation@query");
        assertThat(patch.at("/requestBody/content").fieldNames()).toIterable().containsExactlyInAnyOrder(
                "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml",
                "application/strategic-merge-patch+json");
    }

    @Test
    void customKindsGetNoStrategicMerge() {
        JsonNode patch = doc("apis/example.flotilla.dev/v1alpha1")
                .at("/paths/~1apis~1example.flotilla.dev~1v1alpha1~1namespaces~1{namespace}~1widgets~1{name}/patch");
        assertThat(patch.at("/requestBody/content").has("application/merge-patch+json")).isTrue();
        assertThat(patch.at("/requestBody/content").has("application/strategic-merge-patch+json")).isFalse();
        assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Widget");
    }

    @Test
    void everyOperationOfEveryResourceIsThere() {
        JsonNode paths = doc("apis/apps/v1").get("paths");
        String collection = "/apis/apps/v1/namespaces/{namespace}/deployments";
        assertThat(actions(paths.get(collection))).containsExactlyInAnyOrder("list", "post", "deletecollection");
        assertThat(actions(paths.get(collection + "/{name}"))).containsExactlyInAnyOrder("get", "put", "patch", "delete");
        assertThat(actions(paths.get(collection + "/{name}/status"))).containsExactlyInAnyOrder("get", "put", "patch");
        assertThat(actions(paths.get("/apis/apps/v1/deployments"))).containsExactly("list");
        JsonNode scale = paths.get(collection + "/{name}/scale").get("patch");
        assertThat(scale.get("x-kubernetes-group-version-kind"))
                .isEqualTo(TestTypes.json("{'group':'autoscaling','kind':'Scale','version':'v1'}"));
        assertThat(scale.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.api.autoscaling.v1.Scale");

        JsonNode core = doc("api/v1").get("paths");
        assertThat(core.has("/api/v1/namespaces/{name}")).isTrue();
        assertThat(core.has("/api/v1/namespaces/{namespace}/configmaps/{name}")).isTrue();
        assertThat(core.get("/api/v1/namespaces/{name}").get("patch").get("operationId").asText())
                .isEqualTo("patchCoreV1Namespace");
        assertThat(core.has("/api/v1/namespaces/{namespace}/configmaps/{name}/status")).isFalse();
    }

    @Test
    void componentsCarryKindSchemasWithGroupVersionKindArraysAndReferences() {
        JsonNode schemas = doc("apis/apps/v1").at("/components/schemas");
        JsonNode deployment = schemas.get("io.k8s.api.apps.v1.Deployment");
        assertThat(deployment.get("x-kubernetes-group-version-kind"))
                .isEqualTo(TestTypes.json("[{'group':'apps','kind':'Deployment','version':'v1'}]"));
        assertThat(deployment.at("/properties/metadata/$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        assertThat(schemas.has("io.k8s.api.apps.v1.DeploymentList")).isTrue();
        assertThat(schemas.has("io.k8s.apimachinery.pkg.apis.meta.v1.Status")).isTrue();
        assertThat(schemas.has("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")).isTrue();
        // Every $ref resolves inside the document.
        List<String> refs = new ArrayList<>();
        collectRefs(doc("apis/apps/v1"), refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref ->
                assertThat(schemas.has(ref.substring("#/components/schemas/".length()))).as(ref).isTrue());
    }

    @Test
    void nativeSchemasMapJavaTypesAndCarryPatchStrategies() {
        JsonNode schemas = doc("apis/apps/v1").at("/components/schemas");
        assertThat(schemas.at("/io.k8s.api.apps.v1.DeploymentSpec/properties/replicas"))
                .isEqualTo(TestTypes.json("{'type':'integer','format':'int32'}"));
        assertThat(schemas.at("/io.k8s.api.apps.v1.DeploymentSpec/properties/paused/type").asText()).isEqualTo("boolean");
        assertThat(schemas.at("/io.k8s.api.apps.v1.DeploymentSpec/properties/strategy/x-kubernetes-patch-strategy").asText())
                .isEqualTo("retainKeys");
        assertThat(schemas.at("/io.k8s.api.apps.v1.RollingUpdateDeployment/properties/maxSurge/x-kubernetes-int-or-string")
                .asBoolean()).isTrue();
        JsonNode containers = schemas.at("/io.k8s.api.core.v1.PodSpec/properties/containers");
        assertThat(containers.get("type").asText()).isEqualTo("array");
        assertThat(containers.get("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
        assertThat(containers.get("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
        assertThat(containers.at("/items/$ref").asText()).isEqualTo("#/components/schemas/io.k8s.api.core.v1.Container");
        JsonNode ports = schemas.at("/io.k8s.api.core.v1.Container/properties/ports");
        assertThat(ports.get("x-kubernetes-patch-merge-key").asText()).isEqualTo("containerPort");
        assertThat(ports.get("x-kubernetes-list-map-keys")).isEqualTo(TestTypes.json("['containerPort','protocol']"));
        assertThat(schemas.at("/io.k8s.api.core.v1.ResourceRequirements/properties/limits/additionalProperties/x-kubernetes-int-or-string")
                .asBoolean()).isTrue();
        JsonNode meta = schemas.get("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").get("properties");
        assertThat(meta.at("/creationTimestamp")).isEqualTo(TestTypes.json("{'type':'string','format':'date-time'}"));
        assertThat(meta.at("/generation/format").asText()).isEqualTo("int64");
        assertThat(meta.at("/labels")).isEqualTo(TestTypes.json("{'type':'object','additionalProperties':{'type':'string'}}"));
        assertThat(meta.at("/finalizers/x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
        assertThat(meta.at("/ownerReferences/x-kubernetes-patch-merge-key").asText()).isEqualTo("uid");
        assertThat(meta.has("additionalProperties")).isFalse();
        assertThat(schemas.at("/io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry/properties/fieldsV1"))
                .isEqualTo(TestTypes.json("{'type':'object','x-kubernetes-preserve-unknown-fields':true}"));
    }

    @Test
    void customSchemasComeFromTheCrdWithRealObjectMeta() {
        JsonNode schemas = doc("apis/example.flotilla.dev/v1alpha1").at("/components/schemas");
        JsonNode widget = schemas.get("dev.flotilla.example.v1alpha1.Widget");
        assertThat(widget.get("x-kubernetes-group-version-kind"))
                .isEqualTo(TestTypes.json("[{'group':'example.flotilla.dev','kind':'Widget','version':'v1alpha1'}]"));
        assertThat(widget.at("/properties/metadata/$ref").asText()).endsWith("meta.v1.ObjectMeta");
        assertThat(widget.at("/properties/spec/properties/replicas/type").asText()).isEqualTo("integer");
        assertThat(schemas.has("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")).isTrue();
        assertThat(schemas.has("dev.flotilla.example.v1alpha1.WidgetList")).isTrue();
        assertThat(schemas.has("io.k8s.api.apps.v1.Deployment")).isFalse();
    }

    @Test
    void documentsAreDeterministicAndCachedUntilTheRegistryChanges() {
        OpenApiV3.Document first = openApi.document("apis/apps/v1").orElseThrow();
        assertThat(openApi.document("apis/apps/v1").orElseThrow()).isSameAs(first);

        ResourceRegistry otherRegistry = ResourceRegistry.withNativeTypes();
        OpenApiV3 other = new OpenApiV3(otherRegistry, new SchemaCatalog());
        OpenApiV3.Document fresh = other.document("apis/apps/v1").orElseThrow();
        assertThat(fresh.json()).isEqualTo(first.json());
        assertThat(fresh.hash()).isEqualTo(first.hash());

        otherRegistry.register(new dev.flotilla.apimachinery.registry.ResourceType("apps", "v1", "ControllerRevision",
                "controllerrevisions", "controllerrevision", true, List.of(), List.of(), false, null, true, List.of()));
        OpenApiV3.Document changed = other.document("apis/apps/v1").orElseThrow();
        assertThat(changed.hash()).isNotEqualTo(first.hash());
        assertThat(changed.tree().at("/components/schemas/io.k8s.api.apps.v1.ControllerRevision/properties/data")
                .isMissingNode()).isFalse();
        assertThat(other.document("api/v1").orElseThrow().hash())
                .isEqualTo(openApi.document("api/v1").orElseThrow().hash());
    }

    private static List<String> actions(JsonNode pathItem) {
        List<String> actions = new ArrayList<>();
        pathItem.fields().forEachRemaining(e -> {
            if (e.getValue().has("x-kubernetes-action")) {
                actions.add(e.getValue().get("x-kubernetes-action").asText());
            }
        });
        return actions;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            if (node.has("$ref")) {
                refs.add(node.get("$ref").asText());
            }
            node.elements().forEachRemaining(child -> collectRefs(child, refs));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
