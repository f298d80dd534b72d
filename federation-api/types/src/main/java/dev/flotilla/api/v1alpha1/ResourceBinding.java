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
 * One per propagated namespaced resource template, in the template's namespace: what is propagated, how many
 * replicas, where ({@code spec.clusters}), and its state in every target cluster ({@code status.aggregatedStatus}).
 * Made by the control plane, not by users.
 */
@Group(FlotillaApi.GROUP)
@Version(FlotillaApi.VERSION)
@Kind("ResourceBinding")
@Plural("resourcebindings")
@Singular("resourcebinding")
@Categories("flotilla")
@ShortNames({"rb"})
@AdditionalPrinterColumn(name = "SCHEDULED", jsonPath = ".status.conditions[?(@.type==\"Scheduled\")].status", type = AdditionalPrinterColumn.Type.STRING, getDescription = "Whether the binding is scheduled")
@AdditionalPrinterColumn(name = "FULLYAPPLIED", jsonPath = ".status.conditions[?(@.type==\"FullyApplied\")].status", type = AdditionalPrinterColumn.Type.STRING, getDescription = "Whether every target cluster applied it")
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since the object was created")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceBinding extends CustomResource<ResourceBindingSpec, ResourceBindingStatus> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** Creates an empty ResourceBinding (apiVersion and kind are filled in from the annotations). */
  public ResourceBinding() {
  }
}
