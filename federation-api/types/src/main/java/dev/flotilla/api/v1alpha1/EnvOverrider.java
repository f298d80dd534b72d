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
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * Flotilla addition: adds, removes or replaces environment variables of one container. add sets a variable (adding
 * it if missing), replace changes only variables that exist, remove drops variables by name.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"containerName", "operator", "value"})
public class EnvOverrider implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("containerName")
  @JsonPropertyDescription("The container whose environment changes.")
  @Required
  private String containerName;

  @JsonProperty("operator")
  @JsonPropertyDescription("add, remove or replace.")
  @Required
  @SchemaFrom(type = OverriderOperator.class)
  private String operator;

  @JsonProperty("value")
  @JsonPropertyDescription("The variables; for remove only the names count.")
  private List<EnvVar> value;

  /** Creates an empty EnvOverrider; set fields with the setters. */
  public EnvOverrider() {
  }

  /** @return The container whose environment changes */
  public String getContainerName() {
    return containerName;
  }

  /** @param containerName The container whose environment changes */
  public void setContainerName(String containerName) {
    this.containerName = containerName;
  }

  /** @return add, remove or replace */
  public String getOperator() {
    return operator;
  }

  /** @param operator add, remove or replace */
  public void setOperator(String operator) {
    this.operator = operator;
  }

  /** @return The variables; for remove only the names count */
  public List<EnvVar> getValue() {
    return value;
  }

  /** @param value The variables; for remove only the names count */
  public void setValue(List<EnvVar> value) {
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
    EnvOverrider that = (EnvOverrider) o;
    return Objects.equals(containerName, that.containerName)
        && Objects.equals(operator, that.operator)
        && Objects.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(containerName, operator, value);
  }

  @Override
  public String toString() {
    return "EnvOverrider{" + "containerName=" + containerName + ", operator=" + operator + ", value=" + value + "}";
  }
}
