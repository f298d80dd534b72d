package dev.flotilla.apimachinery.openapi;

import dev.flotilla.apimachinery.registry.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrdLoaderTest {

    private static final String RESOURCE = "META-INF/fabric8/widgets.example.flotilla.dev-v1.yml";

    @Test
    void readsEveryServedVersionWithNamesScopeColumnsAndSubresources() {
        List<CustomKind> kinds = CrdLoader.fromResources(getClass().getClassLoader(), List.of(RESOURCE));

        assertThat(kinds).extracting(k -> k.type().kind()).containsExactly("Widget", "Gadget");
        CustomKind widget = kinds.get(0);
        ResourceType type = widget.type();
        assertThat(widget.crdName()).isEqualTo("widgets.example.flotilla.dev");
        assertThat(widget.storage()).isTrue();
        assertThat(type.group()).isEqualTo("example.flotilla.dev");
        assertThat(type.version()).isEqualTo("v1alpha1");
        assertThat(type.plural()).isEqualTo("widgets");
        assertThat(type.singular()).isEqualTo("widget");
        assertThat(type.namespaced()).isTrue();
        assertThat(type.shortNames()).containsExactly("wd");
        assertThat(type.categories()).containsExactly("all", "flotilla");
        assertThat(type.nativeKind()).isFalse();
        assertThat(type.statusSubresource()).isTrue();
        assertThat(type.scale()).isEqualTo(new ResourceType.ScaleSubresource("/spec/replicas", "/status/replicas", "/status/selector"));
        assertThat(type.columns()).containsExactly(
                new ResourceType.PrinterColumn("Replicas", "integer", null, null, ".spec.replicas", 0),
                new ResourceType.PrinterColumn("Color", "string", null, "the widget's colour", ".spec.color", 1));
        assertThat(widget.schema().at("/properties/spec/properties/size/x-kubernetes-int-or-string").asBoolean()).isTrue();
        assertThat(widget.schema().at("/properties/spec/properties/extra/x-kubernetes-preserve-unknown-fields").asBoolean()).isTrue();

        CustomKind gadget = kinds.get(1);
        assertThat(gadget.type().namespaced()).isFalse();
        assertThat(gadget.type().singular()).isEqualTo("gadget");
        assertThat(gadget.type().statusSubresource()).isFalse();
        assertThat(gadget.type().scale()).isNull();
        assertThat(gadget.schema()).isNull();
    }

    @Test
    void findsCrdFilesOnTheClassPath() {
        List<CustomKind> kinds = CrdLoader.fromClasspath(getClass().getClassLoader());
        assertThat(kinds).extracting(k -> k.type().plural()).contains("widgets", "gadgets");
    }

    @Test
    void rejectsOtherKindsNamingTheSource() {
        assertThatThrownBy(() -> CrdLoader.parse("apiVersion: v1\nkind: ConfigMap\n", "cm.yml"))
                .isInstanceOf(CrdLoadException.class)
                .hasMessageContaining("cm.yml").hasMessageContaining("ConfigMap");
    }

    @Test
    void namesTheMissingField() {
        String yaml = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: things.example.com}
                spec:
                  group: example.com
                  names: {kind: Thing}
                  scope: Namespaced
                  versions: [{name: v1, served: true, storage: true}]
                """;
        assertThatThrownBy(() -> CrdLoader.parse(yaml, "things.yml"))
                .isInstanceOf(CrdLoadException.class)
                .hasMessage("things.yml (things.example.com): spec.names.plural is required");
    }

    @Test
    void rejectsABadScopeAndBrokenYaml() {
        String yaml = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: things.example.com}
                spec:
                  group: example.com
                  names: {kind: Thing, plural: things}
                  scope: Galaxy
                  versions: [{name: v1, served: true, storage: true}]
                """;
        assertThatThrownBy(() -> CrdLoader.parse(yaml, "things.yml")).hasMessageContaining("spec.scope");
        assertThatThrownBy(() -> CrdLoader.parse("a: [unclosed", "broken.yml"))
                .isInstanceOf(CrdLoadException.class).hasMessageContaining("broken.yml");
    }

    @Test
    void convertsJsonPathsToPointers() {
        assertThat(CrdLoader.pointer(".spec.replicas")).isEqualTo("/spec/replicas");
        assertThat(CrdLoader.pointer("status.selector")).isEqualTo("/status/selector");
    }
}
