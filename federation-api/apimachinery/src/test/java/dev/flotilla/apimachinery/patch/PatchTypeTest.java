package dev.flotilla.apimachinery.patch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchTypeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/json-patch+json|JSON",
            "application/merge-patch+json|MERGE",
            "application/strategic-merge-patch+json|STRATEGIC",
            "application/strategic-merge-patch+json; charset=utf-8|STRATEGIC",
            "Application/Merge-Patch+JSON;charset=UTF-8|MERGE",
            " application/json-patch+json |JSON"})
    void recognisesContentTypesIgnoringParametersAndCase(String header, PatchType expected) {
        assertThat(PatchType.fromContentType(header)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/apply-patch+yaml", "text/plain", " "})
    void rejectsOtherTypesWith415AndKubesWording(String header) {
        assertThatThrownBy(() -> PatchType.fromContentType(header))
                .isInstanceOfSatisfying(UnsupportedPatchTypeException.class, e -> {
                    assertThat(e.status()).isEqualTo(415);
                    assertThat(e.reason()).isEqualTo("UnsupportedMediaType");
                    assertThat(e.getMessage()).startsWith(
                            "the body of the request was in an unknown format - accepted media types include: "
                                    + "application/json-patch+json, application/merge-patch+json");
                });
    }

    @org.junit.jupiter.api.Test
    void missingHeaderIsUnsupported() {
        assertThatThrownBy(() -> PatchType.fromContentType(null)).isInstanceOf(UnsupportedPatchTypeException.class);
    }
}
