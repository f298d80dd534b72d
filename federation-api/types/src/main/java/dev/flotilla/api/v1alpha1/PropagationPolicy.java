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
 * Says which resource templates of its namespace are propagated to which member clusters, and how their replicas
 * are placed (Karmada's {@code PropagationPolicy} field names).
 */
@Group(FlotillaApi.GROUP)
@Version(FlotillaApi.VERSION)
@Kind("PropagationPolicy")
@Plural("propagationpolicies")
@Singular("propagationpolicy")
@Categories("flotilla")
@ShortNames({"pp"})
@AdditionalPrinterColumn(name = "PRIORITY", jsonPath = ".spec.priority", type = AdditionalPrinterColumn.Type.INTEGER, getDescription = "Priority among matching policies")
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since the object was created")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PropagationPolicy extends CustomResource<PropagationSpec, PolicyStatus> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** Creates an empty PropagationPolicy (apiVersion and kind are filled in from the annotations). */
  public PropagationPolicy() {
  }
}
