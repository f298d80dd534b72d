package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.api.FlotillaApi;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A cluster-scoped PropagationPolicy: may select templates in any namespace and cluster-scoped templates. A
 * namespaced PropagationPolicy that matches a template wins over any ClusterPropagationPolicy.
 */
@Group(FlotillaApi.GROUP)
@Version(FlotillaApi.VERSION)
@Kind("ClusterPropagationPolicy")
@Plural("clusterpropagationpolicies")
@Singular("clusterpropagationpolicy")
@Categories("flotilla")
@ShortNames({"cpp"})
@AdditionalPrinterColumn(name = "PRIORITY", jsonPath = ".spec.priority", type = AdditionalPrinterColumn.Type.INTEGER, getDescription = "Priority among matching policies")
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since the object was created")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterPropagationPolicy extends CustomResource<PropagationSpec, PolicyStatus> {

  private static final long serialVersionUID = 1L;

  /** Creates an empty ClusterPropagationPolicy (apiVersion and kind are filled in from the annotations). */
  public ClusterPropagationPolicy() {
  }
}
