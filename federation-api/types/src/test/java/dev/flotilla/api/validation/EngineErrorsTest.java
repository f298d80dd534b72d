package dev.flotilla.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How an engine error becomes a Kubernetes field error: type by wording, bad value read back from the object. */
class EngineErrorsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      is required                                   | x | f: Required value
      is required unless operator is Exists         | x | f: Required value: required unless operator is Exists
      must not be null                              |   | f: Required value
      must not be empty for In                      |   | f: Required value: must not be empty for In
      'unsupported value "x": must be A, B or C'    | x | f: Unsupported value: "x": supported values: "A", "B", "C"
      'unsupported value "null": must be A or B'    |   | f: Required value: supported values: "A", "B"
      duplicate zone "x"                            | x | f: Duplicate value: "x"
      applies only to Divided scheduling            | x | f: Forbidden: applies only to Divided scheduling
      'must be between 0 and 10, got 11'            | 11 | f: Invalid value: 11: must be between 0 and 10
      a rule the engine may add one day             | x | f: Invalid value: "x": a rule the engine may add one day
      """)
  void wordingChoosesTheType(String message, String value, String expected) {
    Object badValue = value == null ? null : value.matches("\\d+") ? (Object) Long.valueOf(value) : value;
    assertThat(EngineErrors.translate("f", message, badValue).message()).isEqualTo(expected);
  }

  @Test
  void badValuesAreReadAtTheEnginesPath() {
    var tree = new ObjectMapper().valueToTree(Map.of(
        "clusterAffinity", Map.of("labelSelector", Map.of("matchLabels", Map.of("topology.kubernetes.io/zone", "z1"))),
        "spreadConstraints", List.of(Map.of("minGroups", 3))));
    assertThat(EngineErrors.lookup(tree, ".spreadConstraints[0].minGroups")).isEqualTo(3L);
    assertThat(EngineErrors.lookup(tree, ".clusterAffinity.labelSelector.matchLabels[topology.kubernetes.io/zone]"))
        .isEqualTo("z1");
    assertThat(EngineErrors.lookup(tree, ".spreadConstraints[4].minGroups")).isNull();
    assertThat(EngineErrors.lookup(tree, ".spreadConstraints[0].maxGroups")).isNull();
  }
}
