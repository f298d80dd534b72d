package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * The changes one override rule makes (Karmada's {@code Overriders}, plus {@code envOverrider}). They are applied
 * in this order: imageOverrider, commandOverrider, argsOverrider, envOverrider, labelsOverrider,
 * annotationsOverrider, plaintext.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"plaintext", "imageOverrider", "commandOverrider", "argsOverrider", "envOverrider", "labelsOverrider", "annotationsOverrider"})
public class Overriders implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("plaintext")
  @JsonPropertyDescription("JSON patch operations, applied last.")
  private List<PlaintextOverrider> plaintext;

  @JsonProperty("imageOverrider")
  @JsonPropertyDescription("Image registry, repository or tag changes.")
  private List<ImageOverrider> imageOverrider;

  @JsonProperty("commandOverrider")
  @JsonPropertyDescription("Container command changes.")
  private List<CommandArgsOverrider> commandOverrider;

  @JsonProperty("argsOverrider")
  @JsonPropertyDescription("Container args changes.")
  private List<CommandArgsOverrider> argsOverrider;

  @JsonProperty("envOverrider")
  @JsonPropertyDescription("Flotilla addition: container environment changes.")
  private List<EnvOverrider> envOverrider;

  @JsonProperty("labelsOverrider")
  @JsonPropertyDescription("Label changes.")
  private List<LabelAnnotationOverrider> labelsOverrider;

  @JsonProperty("annotationsOverrider")
  @JsonPropertyDescription("Annotation changes.")
  private List<LabelAnnotationOverrider> annotationsOverrider;

  /** Creates an empty Overriders; set fields with the setters. */
  public Overriders() {
  }

  /** @return JSON patch operations, applied last */
  public List<PlaintextOverrider> getPlaintext() {
    return plaintext;
  }

  /** @param plaintext JSON patch operations, applied last */
  public void setPlaintext(List<PlaintextOverrider> plaintext) {
    this.plaintext = plaintext;
  }

  /** @return Image registry, repository or tag changes */
  public List<ImageOverrider> getImageOverrider() {
    return imageOverrider;
  }

  /** @param imageOverrider Image registry, repository or tag changes */
  public void setImageOverrider(List<ImageOverrider> imageOverrider) {
    this.imageOverrider = imageOverrider;
  }

  /** @return Container command changes */
  public List<CommandArgsOverrider> getCommandOverrider() {
    return commandOverrider;
  }

  /** @param commandOverrider Container command changes */
  public void setCommandOverrider(List<CommandArgsOverrider> commandOverrider) {
    this.commandOverrider = commandOverrider;
  }

  /** @return Container args changes */
  public List<CommandArgsOverrider> getArgsOverrider() {
    return argsOverrider;
  }

  /** @param argsOverrider Container args changes */
  public void setArgsOverrider(List<CommandArgsOverrider> argsOverrider) {
    this.argsOverrider = argsOverrider;
  }

  /** @return Flotilla addition: container environment changes */
  public List<EnvOverrider> getEnvOverrider() {
    return envOverrider;
  }

  /** @param envOverrider Flotilla addition: container environment changes */
  public void setEnvOverrider(List<EnvOverrider> envOverrider) {
    this.envOverrider = envOverrider;
  }

  /** @return Label changes */
  public List<LabelAnnotationOverrider> getLabelsOverrider() {
    return labelsOverrider;
  }

  /** @param labelsOverrider Label changes */
  public void setLabelsOverrider(List<LabelAnnotationOverrider> labelsOverrider) {
    this.labelsOverrider = labelsOverrider;
  }

  /** @return Annotation changes */
  public List<LabelAnnotationOverrider> getAnnotationsOverrider() {
    return annotationsOverrider;
  }

  /** @param annotationsOverrider Annotation changes */
  public void setAnnotationsOverrider(List<LabelAnnotationOverrider> annotationsOverrider) {
    this.annotationsOverrider = annotationsOverrider;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    Overriders that = (Overriders) o;
    return Objects.equals(plaintext, that.plaintext)
        && Objects.equals(imageOverrider, that.imageOverrider)
        && Objects.equals(commandOverrider, that.commandOverrider)
        && Objects.equals(argsOverrider, that.argsOverrider)
        && Objects.equals(envOverrider, that.envOverrider)
        && Objects.equals(labelsOverrider, that.labelsOverrider)
        && Objects.equals(annotationsOverrider, that.annotationsOverrider);
  }

  @Override
  public int hashCode() {
    return Objects.hash(plaintext, imageOverrider, commandOverrider, argsOverrider, envOverrider, labelsOverrider, annotationsOverrider);
  }

  @Override
  public String toString() {
    return "Overriders{" + "plaintext=" + plaintext + ", imageOverrider=" + imageOverrider + ", commandOverrider=" + commandOverrider + ", argsOverrider=" + argsOverrider + ", envOverrider=" + envOverrider + ", labelsOverrider=" + labelsOverrider + ", annotationsOverrider=" + annotationsOverrider + "}";
  }
}
