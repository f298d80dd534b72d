package dev.flotilla.apimachinery.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.apimachinery.TestTypes;
import dev.flotilla.apimachinery.openapi.SchemaCatalog;
import dev.flotilla.apimachinery.registry.ResourceType;
import org.junit.jupiter.api.Test;

import static dev.flotilla.apimachinery.TestTypes.bytes;
import static dev.flotilla.apimachinery.TestTypes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Strategic merge against the real Deployment schema, with the bodies kubectl sends. */
class StrategicMergePatchTest {

    private static final SchemaCatalog CATALOG = new SchemaCatalog();
    private static final Patcher PATCHER = new Patcher(CATALOG);
    private static final ResourceType DEPLOYMENT = TestTypes.deployment();

    private static final String WEB = """
            {'apiVersion':'apps/v1','kind':'Deployment',
             'metadata':{'name':'web','namespace':'default','labels':{'app':'web','tier':'frontend'},
                         'finalizers':['a.example/one','b.example/two'],
                         'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}\\n'}},
             'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}},
               'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1,'maxUnavailable':0}},
               'template':{'metadata':{'labels':{'app':'web'}},'spec':{
                 'containers':[
                   {'name':'web','image':'nginx:1.27','ports':[{'containerPort':80,'protocol':'TCP'}],
                    'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],
                    'volumeMounts':[{'name':'data','mountPath':'/data'}]},
                   {'name':'sidecar','image':'busybox'}],
                 'volumes':[{'name':'data','emptyDir':{}}],
                 'tolerations':[{'key':'k','operator':'Exists'}]}}}}
            """;

    private JsonNode patch(String original, String patch) {
        return PATCHER.apply(PatchType.STRATEGIC, json(original), bytes(patch), DEPLOYMENT);
    }

    private JsonNode patch(String patch) {
        return patch(WEB, patch);
    }

    @Test
    void kubectlImageChangeMergesTheContainerByNameAndKeepsTheOrder() {
        JsonNode result = patch("""
                {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'sidecar'}],
                  'containers':[{'image':'nginx:1.28','name':'web'}]}}}}""");
        JsonNode containers = result.at("/spec/template/spec/containers");
        assertThat(containers).hasSize(2);
        assertThat(containers.get(0).get("name").asText()).isEqualTo("web");
        assertThat(containers.get(0).get("image").asText()).isEqualTo("nginx:1.28");
        assertThat(containers.get(0).get("env")).hasSize(2);
        assertThat(containers.get(1)).isEqualTo(json("{'name':'sidecar','image':'busybox'}"));
        assertThat(result.toString()).doesNotContain("$setElementOrder");
    }

    @Test
    void kubectlReplicasChangeWithLastAppliedAnnotation() {
        String lastApplied = "{\\\"apiVersion\\\":\\\"apps/v1\\\",\\\"kind\\\":\\\"Deployment\\\"}\\n";
        JsonNode result = patch("{'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'"
                + lastApplied + "'}},'spec':{'replicas':3}}");
        assertThat(result.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(result.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration").asText())
                .isEqualTo("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"}\n");
        assertThat(result.at("/metadata/labels")).isEqualTo(json("{'app':'web','tier':'frontend'}"));
        assertThat(result.at("/spec/template")).isEqualTo(json(WEB).at("/spec/template"));
    }

    /** The body kubectl 1.32.5 computed from our own OpenAPI v3 document (recorded with a stand-in server). */
    @Test
    void recordedKubectlApplyBodyWithNestedElementOrder() {
        String original = """
                {'metadata':{'name':'web','annotations':{'kubectl.kubernetes.io/last-applied-configuration':'old'}},
                 'spec':{'replicas':2,'template':{'spec':{'containers':[
                   {'image':'nginx:1.27','name':'web','env':[{'name':'A','value':'1'}]},{'image':'busybox','name':'side'}]}}}}""";
        JsonNode result = patch(original, """
                {'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'new'}},
                 'spec':{'replicas':3,'template':{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'side'}],
                   'containers':[{'$setElementOrder/env':[{'name':'A'},{'name':'B'}],'env':[{'name':'B','value':'2'}],
                     'image':'nginx:1.28','name':'web'}]}}}}""");
        assertThat(result).isEqualTo(json("""
                {'metadata':{'name':'web','annotations':{'kubectl.kubernetes.io/last-applied-configuration':'new'}},
                 'spec':{'replicas':3,'template':{'spec':{'containers':[
                   {'image':'nginx:1.28','name':'web','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]},
                   {'image':'busybox','name':'side'}]}}}}"""));
    }

    @Test
    void nullRemovesALabel() {
        JsonNode result = patch("{'metadata':{'labels':{'tier':null}}}");
        assertThat(result.at("/metadata/labels")).isEqualTo(json("{'app':'web'}"));
    }

    @Test
    void nestedListsMergeByTheirOwnKeys() {
        JsonNode result = patch("""
                {'spec':{'template':{'spec':{'containers':[{'name':'web',
                  'env':[{'name':'B','value':'two'},{'name':'C','value':'3'}],
                  'ports':[{'containerPort':443,'protocol':'TCP'}],
                  'volumeMounts':[{'mountPath':'/data','readOnly':true}]}],
                  'volumes':[{'name':'cache','emptyDir':{}}]}}}}""");
        JsonNode web = result.at("/spec/template/spec/containers/0");
        assertThat(web.get("env")).isEqualTo(json("[{'name':'A','value':'1'},{'name':'B','value':'two'},{'name':'C','value':'3'}]"));
        assertThat(web.get("ports")).isEqualTo(json("[{'containerPort':80,'protocol':'TCP'},{'containerPort':443,'protocol':'TCP'}]"));
        assertThat(web.get("volumeMounts")).isEqualTo(json("[{'name':'data','mountPath':'/data','readOnly':true}]"));
        assertThat(result.at("/spec/template/spec/volumes")).isEqualTo(json("[{'name':'data','emptyDir':{}},{'name':'cache','emptyDir':{}}]"));
    }

    @Test
    void listsWithoutAStrategyAreReplaced() {
        JsonNode result = patch("{'spec':{'template':{'spec':{'tolerations':[{'key':'other','operator':'Exists'}]}}}}");
        assertThat(result.at("/spec/template/spec/tolerations")).isEqualTo(json("[{'key':'other','operator':'Exists'}]"));
    }

    @Test
    void finalizersAreUnionedAndDeletedFromThePrimitiveList() {
        JsonNode union = patch("{'metadata':{'finalizers':['b.example/two','c.example/three']}}");
        assertThat(union.at("/metadata/finalizers")).isEqualTo(json("['a.example/one','b.example/two','c.example/three']"));
        JsonNode deleted = patch("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a.example/one']}}");
        assertThat(deleted.at("/metadata/finalizers")).isEqualTo(json("['b.example/two']"));
    }

    @Test
    void deleteDirectiveRemovesAnElementByMergeKey() {
        JsonNode result = patch("{'spec':{'template':{'spec':{'containers':[{'name':'sidecar','$patch':'delete'}]}}}}");
        assertThat(result.at("/spec/template/spec/containers")).hasSize(1);
        assertThat(result.at("/spec/template/spec/containers/0/name").asText()).isEqualTo("web");
    }

    @Test
    void replaceDirectiveInAListReplacesTheWholeList() {
        JsonNode result = patch("{'spec':{'template':{'spec':{'containers':[{'$patch':'replace'},{'name':'only','image':'x'}]}}}}");
        assertThat(result.at("/spec/template/spec/containers")).isEqualTo(json("[{'name':'only','image':'x'}]"));
    }

    @Test
    void replaceDirectiveOnAMapReplacesTheMap() {
        JsonNode result = patch("{'metadata':{'labels':{'$patch':'replace','new':'yes'}}}");
        assertThat(result.at("/metadata/labels")).isEqualTo(json("{'new':'yes'}"));
    }

    @Test
    void deleteDirectiveOnAMapRemovesIt() {
        JsonNode result = patch("{'metadata':{'labels':{'$patch':'delete'}}}");
        assertThat(result.at("/metadata").has("labels")).isFalse();
    }

    @Test
    void mergeDirectiveIsTheDefault() {
        JsonNode result = patch("{'metadata':{'labels':{'$patch':'merge','new':'yes'}}}");
        assertThat(result.at("/metadata/labels")).isEqualTo(json("{'app':'web','tier':'frontend','new':'yes'}"));
    }

    @Test
    void retainKeysDropsTheOtherMemberOfAUnion() {
        JsonNode result = patch("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}");
        assertThat(result.at("/spec/strategy")).isEqualTo(json("{'type':'Recreate'}"));
    }

    @Test
    void retainKeysOnVolumesSwitchesTheSource() {
        JsonNode result = patch("""
                {'spec':{'template':{'spec':{'volumes':[{'name':'data','$retainKeys':['name','configMap'],
                  'configMap':{'name':'settings'}}]}}}}""");
        assertThat(result.at("/spec/template/spec/volumes")).isEqualTo(json("[{'name':'data','configMap':{'name':'settings'}}]"));
    }

    @Test
    void patchContentOutsideRetainKeysIsInvalid() {
        assertThatThrownBy(() -> patch("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','rollingUpdate':{}}}}"))
                .isInstanceOfSatisfying(PatchException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("rollingUpdate").contains("spec.strategy");
                });
    }

    @Test
    void setElementOrderKeepsServerOnlyElementsInPlace() {
        String original = "{'spec':{'template':{'spec':{'containers':[{'name':'a'},{'name':'server'},{'name':'b'}]}}}}";
        JsonNode result = patch(original, """
                {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'},{'name':'c'}],
                  'containers':[{'name':'c','image':'new'}]}}}}""");
        // As apimachinery orders it: a server-only element goes before a listed one it preceded originally.
        assertThat(result.at("/spec/template/spec/containers").findValuesAsText("name"))
                .containsExactly("server", "b", "a", "c");
        JsonNode unchangedOrder = patch(original, """
                {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'a'},{'name':'b'}],
                  'containers':[{'name':'b','image':'new'}]}}}}""");
        assertThat(unchangedOrder.at("/spec/template/spec/containers").findValuesAsText("name"))
                .containsExactly("a", "server", "b");
    }

    @Test
    void setElementOrderOrdersPrimitiveLists() {
        JsonNode result = patch("{'metadata':{'$setElementOrder/finalizers':['b.example/two','a.example/one']}}");
        assertThat(result.at("/metadata/finalizers")).isEqualTo(json("['b.example/two','a.example/one']"));
    }

    @Test
    void directivesAndNullsInsideNewValuesDoNotLeak() {
        JsonNode result = patch("""
                {'spec':{'template':{'spec':{'containers':[{'name':'new','image':'x','args':null,
                  '$setElementOrder/env':[{'name':'X'}],'env':[{'name':'X','value':'1'}]}]}}}}""");
        JsonNode added = result.at("/spec/template/spec/containers/2");
        assertThat(added).isEqualTo(json("{'name':'new','image':'x','env':[{'name':'X','value':'1'}]}"));
    }

    @Test
    void missingMergeKeyIsABadRequest() {
        assertThatThrownBy(() -> patch("{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}"))
                .isInstanceOfSatisfying(PatchException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("does not contain declared merge key: name")
                            .contains("spec.template.spec.containers");
                });
    }

    @Test
    void malformedDirectivesAreBadRequests() {
        for (String bad : new String[]{
                "{'metadata':{'labels':{'$patch':'explode'}}}",
                "{'spec':{'strategy':{'$retainKeys':'type'}}}",
                "{'metadata':{'$deleteFromPrimitiveList/finalizers':'x'}}",
                "{'metadata':{'$setElementOrder/finalizers':'x'}}",
                "{'metadata':{'$unknownDirective':1}}"}) {
            assertThatThrownBy(() -> patch(bad)).as(bad)
                    .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }

    @Test
    void unparseableOrNonObjectBodiesAreBadRequests() {
        assertThatThrownBy(() -> patch("{'spec':"))
                .isInstanceOfSatisfying(PatchException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("BadRequest");
                    assertThat(e.getMessage()).contains("not valid JSON");
                });
        assertThatThrownBy(() -> patch("[1]"))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void customKindsRefuseStrategicMergeWithKubesWording() {
        assertThatThrownBy(() -> PATCHER.apply(PatchType.STRATEGIC, json("{}"), bytes("{}"), TestTypes.widget()))
                .isInstanceOfSatisfying(UnsupportedPatchTypeException.class, e -> {
                    assertThat(e.status()).isEqualTo(415);
                    assertThat(e.getMessage()).isEqualTo("the body of the request was in an unknown format - accepted "
                            + "media types include: application/json-patch+json, application/merge-patch+json, "
                            + "application/apply-patch+yaml");
                });
    }

    @Test
    void theOriginalIsNotModified() {
        JsonNode original = json(WEB);
        PATCHER.apply(PatchType.STRATEGIC, original, bytes("{'spec':{'replicas':9,'template':{'spec':{'containers':[{'name':'web','image':'x'}]}}}}"), DEPLOYMENT);
        assertThat(original).isEqualTo(json(WEB));
    }

    @Test
    void withoutSchemaKnowledgeListsReplace() {
        JsonNode result = StrategicMergePatch.apply(json("{'a':[{'name':'x'}],'m':{'k':1}}"),
                json("{'a':[{'name':'y'}],'m':{'j':2}}"), PatchMeta.NONE);
        assertThat(result).isEqualTo(json("{'a':[{'name':'y'}],'m':{'k':1,'j':2}}"));
    }

    @Test
    void mergeKeysMatchAcrossNumberRepresentations() {
        String original = "{'spec':{'template':{'spec':{'containers':[{'name':'web','ports':[{'containerPort':8080,'name':'http'}]}]}}}}";
        JsonNode result = patch(original, "{'spec':{'template':{'spec':{'containers':[{'name':'web','ports':[{'containerPort':8080.0,'protocol':'TCP'}]}]}}}}");
        assertThat(result.at("/spec/template/spec/containers/0/ports")).hasSize(1);
        assertThat(result.at("/spec/template/spec/containers/0/ports/0/name").asText()).isEqualTo("http");
    }
}
