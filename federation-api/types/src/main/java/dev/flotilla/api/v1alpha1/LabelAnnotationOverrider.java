package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.Map;
import java.util.Objects;

/**
 * Adds, removes or replaces labels or annotations of the resource (Karmada's {@code LabelAnnotationOverrider}).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"operator", "value"})
public class LabelAnnotationOverrider implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("operator")
  @JsonPropertyDescription("add, remove or replace.")
  @Required
  @SchemaFrom(type = OverriderOperator.class)
  private String operator;

  @JsonProperty("value")
  @JsonPropertyDescription("The keys and values; for remove only the keys count.")
  private Map<String, String> value;

  /** Creates an empty LabelAnnotationOverrider; set fields with the setters. */
  public LabelAnnotationOverrider() {
  }

  /** @return add, remove or replace */
  public String getOperator() {
    return operator;
  }

  /** @param operator add, remove or replace */
  public void setOperator(String operator) {
    this.operator = operator;
  }

  /** @return The keys and values; for remove only the keys count */
  public Map<String, String> getValue() {
    return value;
  }

  /** @param value The keys and values; for remove only the keys count */
  public void setValue(Map<String, String> value) {
    this.value = value;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    LabelAnnotationOverrider that = (LabelAnnotationOverrider) o;
    return Objects.equals(operator, that.operator)
        && Objects.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(operator, value);
  }

  @Override
  public String toString() {
    return "LabelAnnotationOverrider{" + "operator=" + operator + ", value=" + value + "}";
  }
}
