package dev.flotilla.server.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelSelectorTest {

    private static final Map<String, String> LABELS = Map.of("app", "web", "tier", "frontend",
            "topology.kubernetes.io/zone", "eu-1a");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                  | true",
            "app=web                             | true",
            "app==web                            | true",
            "app=api                             | false",
            "app!=api                            | true",
            "app!=web                            | false",
            "missing!=x                          | true",
            "app in (web,api)                    | true",
            "app in (api)                        | false",
            "app notin (api,db)                  | true",
            "app notin (web)                     | false",
            "tier                                | true",
            "missing                             | false",
            "!missing                            | true",
            "!tier                               | false",
            "app=web,tier=frontend               | true",
            "app=web,tier=backend                | false",
            "app in (web, api),!missing,tier     | true",
            "topology.kubernetes.io/zone=eu-1a   | true",
    })
    void matchesLikeKubernetes(String selector, boolean expected) {
        assertThat(LabelSelector.parse(selector).matches(LABELS)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"app=we b", "app in (web", "app in web", "=web", "-app=web", "app=web)", ",app=web"})
    void rejectsMalformedSelectors(String selector) {
        assertThatThrownBy(() -> LabelSelector.parse(selector)).isInstanceOf(IllegalArgumentException.class);
    }
}
