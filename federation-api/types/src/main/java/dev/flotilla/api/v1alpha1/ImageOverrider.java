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
import java.util.Objects;

/**
 * Changes one component of container images (Karmada's {@code ImageOverrider}). Without a predicate it applies to
 * every container and init container of the workload's pod template.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"predicate", "component", "operator", "value"})
public class ImageOverrider implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("predicate")
  @JsonPropertyDescription("The single image field to change. Unset: every container image.")
  private ImagePredicate predicate;

  @JsonProperty("component")
  @JsonPropertyDescription("The part of the image to change: Registry, Repository or Tag.")
  @Required
  @SchemaFrom(type = ImageComponent.class)
  private String component;

  @JsonProperty("operator")
  @JsonPropertyDescription("add, remove or replace.")
  @Required
  @SchemaFrom(type = OverriderOperator.class)
  private String operator;

  @JsonProperty("value")
  @JsonPropertyDescription("The value to add or replace with; ignored for remove.")
  private String value;

  /** Creates an empty ImageOverrider; set fields with the setters. */
  public ImageOverrider() {
  }

  /** @return The single image field to change */
  public ImagePredicate getPredicate() {
    return predicate;
  }

  /** @param predicate The single image field to change */
  public void setPredicate(ImagePredicate predicate) {
    this.predicate = predicate;
  }

  /** @return The part of the image to change: Registry, Repository or Tag */
  public String getComponent() {
    return component;
  }

  /** @param component The part of the image to change: Registry, Repository or Tag */
  public void setComponent(String component) {
    this.component = component;
  }

  /** @return add, remove or replace */
  public String getOperator() {
    return operator;
  }

  /** @param operator add, remove or replace */
  public void setOperator(String operator) {
    this.operator = operator;
  }

  /** @return The value to add or replace with; ignored for remove */
  public String getValue() {
    return value;
  }

  /** @param value The value to add or replace with; ignored for remove */
  public void setValue(String value) {
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
    ImageOverrider that = (ImageOverrider) o;
    return Objects.equals(predicate, that.predicate)
        && Objects.equals(component, that.component)
        && Objects.equals(operator, that.operator)
        && Objects.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(predicate, component, operator, value);
  }

  @Override
  public String toString() {
    return "ImageOverrider{" + "predicate=" + predicate + ", component=" + component + ", operator=" + operator + ", value=" + value + "}";
  }
}
