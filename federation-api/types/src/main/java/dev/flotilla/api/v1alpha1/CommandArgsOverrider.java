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
import java.util.List;
import java.util.Objects;

/**
 * Adds to or removes from a container's command or args (Karmada's {@code CommandArgsOverrider}).
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"containerName", "operator", "value"})
public class CommandArgsOverrider implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("containerName")
  @JsonPropertyDescription("The container whose command or args change.")
  @Required
  private String containerName;

  @JsonProperty("operator")
  @JsonPropertyDescription("add (append the values) or remove (drop each matching value).")
  @Required
  @SchemaFrom(type = OverriderOperator.class)
  private String operator;

  @JsonProperty("value")
  @JsonPropertyDescription("The values to add or remove.")
  private List<String> value;

  /** Creates an empty CommandArgsOverrider; set fields with the setters. */
  public CommandArgsOverrider() {
  }

  /** @return The container whose command or args change */
  public String getContainerName() {
    return containerName;
  }

  /** @param containerName The container whose command or args change */
  public void setContainerName(String containerName) {
    this.containerName = containerName;
  }

  /** @return add (append the values) or remove (drop each matching value) */
  public String getOperator() {
    return operator;
  }

  /** @param operator add (append the values) or remove (drop each matching value) */
  public void setOperator(String operator) {
    this.operator = operator;
  }

  /** @return The values to add or remove */
  public List<String> getValue() {
    return value;
  }

  /** @param value The values to add or remove */
  public void setValue(List<String> value) {
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
    CommandArgsOverrider that = (CommandArgsOverrider) o;
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
    return "CommandArgsOverrider{" + "containerName=" + containerName + ", operator=" + operator + ", value=" + value + "}";
  }
}
