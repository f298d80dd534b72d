package dev.flotilla.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kubernetes' name, label and annotation rules, messages word for word. */
class NameValidationTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "my-name", "123-abc", "a1"})
  void validLabels(String name) {
    assertThat(NameValidation.isDns1123Label(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-a", "a-", "A", "a.b", "a_b"})
  void invalidLabels(String name) {
    assertThat(NameValidation.isDns1123Label(name)).containsExactly(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
            + "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  }

  @Test
  void labelLongerThan63IsReportedAsSuch() {
    assertThat(NameValidation.isDns1123Label("a".repeat(64))).containsExactly("must be no more than 63 characters");
  }

  @Test
  void subdomains() {
    assertThat(NameValidation.isDns1123Subdomain("example.com")).isEmpty();
    assertThat(NameValidation.isDns1123Subdomain("a".repeat(253))).isEmpty();
    assertThat(NameValidation.isDns1123Subdomain("a".repeat(254)))
        .containsExactly("must be no more than 253 characters");
    assertThat(NameValidation.isDns1123Subdomain("Web_1")).containsExactly(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
            + "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  }

  @Test
  void qualifiedNames() {
    assertThat(NameValidation.isQualifiedName("app")).isEmpty();
    assertThat(NameValidation.isQualifiedName("topology.kubernetes.io/zone")).isEmpty();
    assertThat(NameValidation.isQualifiedName("/zone")).containsExactly("prefix part must be non-empty");
    assertThat(NameValidation.isQualifiedName("Example.com/zone")).singleElement().asString()
        .startsWith("prefix part a lowercase RFC 1123 subdomain");
    assertThat(NameValidation.isQualifiedName("a/b/c")).singleElement().asString()
        .startsWith("a qualified name must consist of alphanumeric characters")
        .endsWith("with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    assertThat(NameValidation.isQualifiedName("x/")).containsExactly("name part must be non-empty",
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
            + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    assertThat(NameValidation.isQualifiedName("a".repeat(64)))
        .containsExactly("name part must be no more than 63 characters");
  }

  @Test
  void labelValues() {
    assertThat(NameValidation.isValidLabelValue("")).isEmpty();
    assertThat(NameValidation.isValidLabelValue("my_value-1.2")).isEmpty();
    assertThat(NameValidation.isValidLabelValue("a".repeat(64))).containsExactly("must be no more than 63 characters");
    assertThat(NameValidation.isValidLabelValue("-x")).singleElement().asString()
        .startsWith("a valid label must be an empty string or consist of alphanumeric characters");
  }

  @Test
  void objectMetaNameNamespaceAndScope() {
    ObjectMeta meta = new ObjectMetaBuilder().withName("Bad_Name").build();
    List<FieldError> errors = MetadataValidation.validateObjectMeta(meta, true,
        NameValidation.DNS1123_SUBDOMAIN_NAME);
    assertThat(errors).extracting(FieldError::field).containsExactly("metadata.name", "metadata.namespace");
    assertThat(errors.get(0).message()).startsWith("metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123");
    assertThat(errors.get(1).message()).isEqualTo("metadata.namespace: Required value");

    List<FieldError> clusterScoped = MetadataValidation.validateObjectMeta(
        new ObjectMetaBuilder().withName("x").withNamespace("ns").build(), false, NameValidation.DNS1123_LABEL_NAME);
    assertThat(clusterScoped).extracting(FieldError::message)
        .containsExactly("metadata.namespace: Forbidden: not allowed on this type");

    List<FieldError> noName = MetadataValidation.validateObjectMeta(new ObjectMeta(), false,
        NameValidation.DNS1123_LABEL_NAME);
    assertThat(noName).extracting(FieldError::message)
        .containsExactly("metadata.name: Required value: name or generateName is required");
    assertThat(MetadataValidation.validateObjectMeta(new ObjectMetaBuilder().withGenerateName("web-").build(), false,
        NameValidation.DNS1123_LABEL_NAME)).isEmpty();
  }

  @Test
  void labelsAndAnnotations() {
    ObjectMeta meta = new ObjectMetaBuilder().withName("ok").withLabels(Map.of("bad key!", "v", "app", "-bad"))
        .withAnnotations(Map.of("note", "x".repeat(NameValidation.TOTAL_ANNOTATION_SIZE_LIMIT_BYTES))).build();
    List<FieldError> errors = MetadataValidation.validateObjectMeta(meta, false, NameValidation.DNS1123_LABEL_NAME);
    assertThat(errors).extracting(FieldError::field)
        .containsExactly("metadata.labels[app]", "metadata.labels", "metadata.annotations");
    assertThat(errors.get(1).badValue()).isEqualTo("bad key!");
    assertThat(errors.get(2).message())
        .isEqualTo("metadata.annotations: Too long: may not be more than 262144 bytes");
    assertThat(errors.get(2).type().reason()).isEqualTo("FieldValueTooLong");
  }

  @Test
  void finalizersMustBeQualifiedAndUnique() {
    ObjectMeta meta = new ObjectMetaBuilder().withName("ok").withFinalizers("flotilla.dev/cleanup",
        "flotilla.dev/cleanup").build();
    assertThat(MetadataValidation.validateObjectMeta(meta, false, NameValidation.DNS1123_LABEL_NAME))
        .extracting(FieldError::message)
        .containsExactly("metadata.finalizers[1]: Duplicate value: \"flotilla.dev/cleanup\"");
  }
}
