package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.Objects;

/**
 * A JSON patch operation on the rendered manifest (Karmada's {@code PlaintextOverrider}).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"path", "operator", "value"})
public class PlaintextOverrider implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("path")
  @JsonPropertyDescription("JSON pointer to the field, e.g. /spec/replicas.")
  @Required
  private String path;

  @JsonProperty("operator")
  @JsonPropertyDescription("add, remove or replace.")
  @Required
  @SchemaFrom(type = OverriderOperator.class)
  private String operator;

  @JsonProperty("value")
  @JsonPropertyDescription("Any JSON value; ignored for remove.")
  @PreserveUnknownFields
  private JsonNode value;

  /** Creates an empty PlaintextOverrider; set fields with the setters. */
  public PlaintextOverrider() {
  }

  /** @return JSON pointer to the field, e.g */
  public String getPath() {
    return path;
  }

  /** @param path JSON pointer to the field, e.g */
  public void setPath(String path) {
    this.path = path;
  }

  /** @return add, remove or replace */
  public String getOperator() {
    return operator;
  }

  /** @param operator add, remove or replace */
  public void setOperator(String operator) {
    this.operator = operator;
  }

  /** @return Any JSON value; ignored for remove */
  public JsonNode getValue() {
    return value;
  }

  /** @param value Any JSON value; ignored for remove */
  public void setValue(JsonNode value) {
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
    PlaintextOverrider that = (PlaintextOverrider) o;
    return Objects.equals(path, that.path)
        && Objects.equals(operator, that.operator)
        && Objects.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, operator, value);
  }

  @Override
  public String toString() {
    return "PlaintextOverrider{" + "path=" + path + ", operator=" + operator + ", value=" + value + "}";
  }
}
