package dev.flotilla.apimachinery.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.apimachinery.TestTypes;
import dev.flotilla.apimachinery.registry.ResourceType;
import org.junit.jupiter.api.Test;

import static dev.flotilla.apimachinery.TestTypes.bytes;
import static dev.flotilla.apimachinery.TestTypes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatcherTest {

    private static final Patcher PATCHER = new Patcher(type -> PatchMeta.NONE);
    private static final ResourceType WIDGET = TestTypes.widget();
    private static final JsonNode ORIGINAL = json("{'metadata':{'name':'w','labels':{'a':'1'}},'spec':{'replicas':2,'items':[1,2]}}");

    @Test
    void jsonPatchAppliesOperationsInOrder() {
        JsonNode result = PATCHER.apply(PatchType.JSON, ORIGINAL, bytes("""
                [{'op':'test','path':'/spec/replicas','value':2},
                 {'op':'replace','path':'/spec/replicas','value':6},
                 {'op':'add','path':'/metadata/labels/b','value':'2'},
                 {'op':'remove','path':'/spec/items/0'}]"""), WIDGET);
        assertThat(result).isEqualTo(json("{'metadata':{'name':'w','labels':{'a':'1','b':'2'}},'spec':{'replicas':6,'items':[2]}}"));
        assertThat(ORIGINAL.at("/spec/replicas").asInt()).isEqualTo(2);
    }

    @Test
    void failingJsonPatchOperationsAreInvalid() {
        for (String patch : new String[]{
                "[{'op':'test','path':'/spec/replicas','value':3}]",
                "[{'op':'remove','path':'/spec/missing'}]",
                "[{'op':'replace','path':'/nope/deeper','value':1}]",
                "[{'op':'explode','path':'/spec'}]"}) {
            assertThatThrownBy(() -> PATCHER.apply(PatchType.JSON, ORIGINAL, bytes(patch), WIDGET)).as(patch)
                    .isInstanceOfSatisfying(PatchException.class, e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.reason()).isEqualTo("Invalid");
                        assertThat(e.getMessage()).startsWith("JSON patch could not be applied");
                    });
        }
    }

    @Test
    void malformedJsonPatchesAreBadRequests() {
        for (String patch : new String[]{"{'op':'add'}", "[1]", "[{'op':", ""}) {
            assertThatThrownBy(() -> PATCHER.apply(PatchType.JSON, ORIGINAL, bytes(patch), WIDGET)).as(patch)
                    .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }

    @Test
    void mergePatchAsKubectlLabelSendsIt() {
        JsonNode added = PATCHER.apply(PatchType.MERGE, ORIGINAL, bytes("{'metadata':{'labels':{'tier':'frontend'}}}"), WIDGET);
        assertThat(added.at("/metadata/labels")).isEqualTo(json("{'a':'1','tier':'frontend'}"));
        JsonNode removed = PATCHER.apply(PatchType.MERGE, added, bytes("{'metadata':{'labels':{'tier':null}}}"), WIDGET);
        assertThat(removed.at("/metadata/labels")).isEqualTo(json("{'a':'1'}"));
    }

    @Test
    void mergePatchReplacesLists() {
        JsonNode result = PATCHER.apply(PatchType.MERGE, ORIGINAL, bytes("{'spec':{'items':[9]}}"), WIDGET);
        assertThat(result.at("/spec/items")).isEqualTo(json("[9]"));
    }

    @Test
    void mergePatchMustBeAnObject() {
        assertThatThrownBy(() -> PATCHER.apply(PatchType.MERGE, ORIGINAL, bytes("[1]"), WIDGET))
                .isInstanceOfSatisfying(PatchException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("must be a JSON object");
                });
    }
}
