package dev.flotilla.apimachinery.openapi;

import dev.flotilla.apimachinery.TestTypes;
import dev.flotilla.apimachinery.registry.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.flotilla.apimachinery.TestTypes.json;
import static org.assertj.core.api.Assertions.assertThat;

class SchemaValidatorTest {

    private static final SchemaCatalog CATALOG = new SchemaCatalog();
    private static final SchemaValidator VALIDATOR = new SchemaValidator(CATALOG);
    private static final CustomKind WIDGET = CrdLoader.fromResources(SchemaValidatorTest.class.getClassLoader(),
            List.of("META-INF/fabric8/widgets.example.flotilla.dev-v1.yml")).get(0);

    static {
        CATALOG.register(WIDGET.type(), WIDGET.schema());
    }

    @Test
    void aValidDeploymentHasNoUnknownFields() {
        var deployment = json("""
                {'apiVersion':'apps/v1','kind':'Deployment',
                 'metadata':{'name':'web','labels':{'app':'web'},'annotations':{'a':'b'},'creationTimestamp':null},
                 'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}},
                   'strategy':{'rollingUpdate':{'maxSurge':'25%','maxUnavailable':0}},
                   'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'web','image':'nginx',
                     'resources':{'limits':{'cpu':'500m','memory':1024}},'ports':[{'containerPort':80}]}]}}}}""");
        assertThat(VALIDATOR.validate(deployment, TestTypes.deployment()).valid()).isTrue();
    }

    @Test
    void reportsUnknownFieldsWithKubesPaths() {
        var deployment = json("""
                {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','colour':'red'},
                 'spec':{'foo':1,'template':{'spec':{'containers':[{'name':'a'},{'name':'b','imag':'x'}]}}}}""");
        List<String> unknown = VALIDATOR.unknownFields(deployment, TestTypes.deployment());
        assertThat(unknown).containsExactly("metadata.colour", "spec.foo", "spec.template.spec.containers[1].imag");
        assertThat(SchemaValidator.strictDecodingError(unknown)).isEqualTo("strict decoding error: "
                + "unknown field \"metadata.colour\", unknown field \"spec.foo\", "
                + "unknown field \"spec.template.spec.containers[1].imag\"");
    }

    @Test
    void respectsPreserveUnknownFieldsAndAdditionalProperties() {
        var widget = json("""
                {'apiVersion':'example.flotilla.dev/v1alpha1','kind':'Widget','metadata':{'name':'w'},
                 'spec':{'replicas':1,'size':'10Gi','extra':{'anything':{'goes':[1]}},'tags':{'free':'form'},
                   'parts':[{'name':'p','weight':3}],'bogus':true},
                 'status':{'replicas':1}}""");
        assertThat(VALIDATOR.unknownFields(widget, WIDGET.type())).containsExactly("spec.parts[0].weight", "spec.bogus");
    }

    @Test
    void reportsTypeMismatches() {
        var widget = json("{'spec':{'replicas':'three','size':true,'tags':{'a':1}}}");
        SchemaValidator.Result result = VALIDATOR.validate(widget, WIDGET.type());
        assertThat(result.typeMismatches()).extracting(SchemaValidator.TypeMismatch::field)
                .containsExactly("spec.replicas", "spec.size", "spec.tags.a");
        assertThat(result.typeMismatches().get(0).message())
                .isEqualTo("spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"");
        assertThat(result.valid()).isFalse();
    }

    @Test
    void unknownNativeKindsAcceptAnything() {
        ResourceType unknownNative = new ResourceType("example.k8s.io", "v1", "Mystery", "mysteries", "mystery", true,
                List.of(), List.of(), false, null, true, List.of());
        assertThat(VALIDATOR.unknownFields(json("{'metadata':{'name':'m'},'spec':{'x':1}}"), unknownNative)).isEmpty();
        assertThat(VALIDATOR.unknownFields(json("{'metadata':{'nam':'m'}}"), unknownNative)).containsExactly("metadata.nam");
    }
}
