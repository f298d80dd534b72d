package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.Objects;

/**
 * Where an image overrider finds the image to change, when it is not a container's image.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"path"})
public class ImagePredicate implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("path")
  @JsonPropertyDescription("JSON pointer to the image field, e.g. /spec/template/spec/containers/0/image.")
  @Required
  private String path;

  /** Creates an empty ImagePredicate; set fields with the setters. */
  public ImagePredicate() {
  }

  /** @return JSON pointer to the image field, e.g */
  public String getPath() {
    return path;
  }

  /** @param path JSON pointer to the image field, e.g */
  public void setPath(String path) {
    this.path = path;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ImagePredicate that = (ImagePredicate) o;
    return Objects.equals(path, that.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path);
  }

  @Override
  public String toString() {
    return "ImagePredicate{" + "path=" + path + "}";
  }
}
