package dev.flotilla.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages rendered as Kubernetes' field.Error renders them. */
class FieldErrorTest {

  private static final FieldPath REPLICAS = FieldPath.root("spec").child("replicas");

  @Test
  void eachTypeHasKubernetesWordsAndReason() {
    assertThat(FieldError.invalid(REPLICAS, -2, "must be greater than or equal to 0").message())
        .isEqualTo("spec.replicas: Invalid value: -2: must be greater than or equal to 0");
    assertThat(FieldError.required(REPLICAS, "").message()).isEqualTo("spec.replicas: Required value");
    assertThat(FieldError.notSupported(REPLICAS, "X", List.of("A", "B")).message())
        .isEqualTo("spec.replicas: Unsupported value: \"X\": supported values: \"A\", \"B\"");
    assertThat(FieldError.duplicate(REPLICAS, "a").message()).isEqualTo("spec.replicas: Duplicate value: \"a\"");
    assertThat(FieldError.tooMany(REPLICAS, 5, 3).message())
        .isEqualTo("spec.replicas: Too many: 5: must have at most 3 items");
    assertThat(FieldError.forbidden(REPLICAS, "not here").message()).isEqualTo("spec.replicas: Forbidden: not here");
    assertThat(FieldError.tooLong(REPLICAS, "xxxx", 3).errorBody()).isEqualTo("Too long: may not be more than 3 bytes");
    assertThat(FieldError.invalid(REPLICAS, "say \"hi\"\n", "x").errorBody())
        .isEqualTo("Invalid value: \"say \\\"hi\\\"\\n\": x");
    assertThat(FieldError.invalid(REPLICAS, null, "x").errorBody()).isEqualTo("Invalid value: null: x");

    assertThat(FieldError.Type.REQUIRED.reason()).isEqualTo("FieldValueRequired");
    assertThat(FieldError.Type.INVALID.reason()).isEqualTo("FieldValueInvalid");
    assertThat(FieldError.Type.NOT_SUPPORTED.reason()).isEqualTo("FieldValueNotSupported");
    assertThat(FieldError.Type.DUPLICATE.reason()).isEqualTo("FieldValueDuplicate");
    assertThat(FieldError.Type.TOO_MANY.reason()).isEqualTo("FieldValueTooMany");
    assertThat(FieldError.Type.FORBIDDEN.reason()).isEqualTo("FieldValueForbidden");
  }

  @Test
  void pathsRenderLikeKubernetes() {
    assertThat(FieldPath.root("spec").child("placement").child("spreadConstraints").index(0).child("minGroups"))
        .hasToString("spec.placement.spreadConstraints[0].minGroups");
    assertThat(FieldPath.root("metadata").child("labels").key("app")).hasToString("metadata.labels[app]");
  }

  @Test
  void invalidStatusMessage() {
    FieldError one = FieldError.required(REPLICAS, "");
    FieldError two = FieldError.invalid(FieldPath.root("spec").child("mode"), "x", "bad");
    assertThat(FieldError.invalidMessage("Cluster", "flotilla.dev", "a", List.of(one)))
        .isEqualTo("Cluster.flotilla.dev \"a\" is invalid: spec.replicas: Required value");
    assertThat(FieldError.invalidMessage("Deployment", "apps", "w", List.of(one, two, one)))
        .isEqualTo("Deployment.apps \"w\" is invalid: [spec.replicas: Required value, spec.mode: Invalid value: "
            + "\"x\": bad]");
  }
}
