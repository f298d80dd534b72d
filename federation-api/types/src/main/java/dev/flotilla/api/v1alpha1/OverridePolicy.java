package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.api.FlotillaApi;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Per-cluster changes to the manifests rendered from the resource templates of its namespace: image, command, args,
 * environment, labels, annotations and JSON patches (Karmada's {@code OverridePolicy} field names).
 */
@Group(FlotillaApi.GROUP)
@Version(FlotillaApi.VERSION)
@Kind("OverridePolicy")
@Plural("overridepolicies")
@Singular("overridepolicy")
@Categories("flotilla")
@ShortNames({"op"})
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since the object was created")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OverridePolicy extends CustomResource<OverrideSpec, PolicyStatus> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** Creates an empty OverridePolicy (apiVersion and kind are filled in from the annotations). */
  public OverridePolicy() {
  }
}
