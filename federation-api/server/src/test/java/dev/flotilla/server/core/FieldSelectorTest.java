package dev.flotilla.server.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldSelectorTest {

    private final ObjectNode secret = Json.parseObject(
            "{\"metadata\":{\"name\":\"token\",\"namespace\":\"shop\"},\"type\":\"Opaque\"}".getBytes(StandardCharsets.UTF_8));

    @Test
    void matchesNameNamespaceAndKindFields() {
        assertThat(FieldSelector.parse("metadata.name=token", Set.of()).matches(secret)).isTrue();
        assertThat(FieldSelector.parse("metadata.name==other", Set.of()).matches(secret)).isFalse();
        assertThat(FieldSelector.parse("metadata.namespace!=shop", Set.of()).matches(secret)).isFalse();
        assertThat(FieldSelector.parse("metadata.name=token,type=Opaque", Set.of("type")).matches(secret)).isTrue();
    }

    @Test
    void pinsTheNameForDirectLookups() {
        assertThat(FieldSelector.parse("metadata.name=token", Set.of()).pinnedName()).isEqualTo("token");
        assertThat(FieldSelector.parse("metadata.name!=token", Set.of()).pinnedName()).isNull();
    }

    @Test
    void refusesFieldsTheKindDoesNotIndex() {
        assertThatThrownBy(() -> FieldSelector.parse("spec.nodeName=n1", Set.of()))
                .hasMessage("field label not supported: spec.nodeName");
        assertThatThrownBy(() -> FieldSelector.parse("metadata.name", Set.of()))
                .hasMessageContaining("invalid selector");
    }
}
