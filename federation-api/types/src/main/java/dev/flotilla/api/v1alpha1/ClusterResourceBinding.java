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
 * The ResourceBinding of a cluster-scoped resource template (e.g. a Namespace).
 */
@Group(FlotillaApi.GROUP)
@Version(FlotillaApi.VERSION)
@Kind("ClusterResourceBinding")
@Plural("clusterresourcebindings")
@Singular("clusterresourcebinding")
@Categories("flotilla")
@ShortNames({"crb"})
@AdditionalPrinterColumn(name = "SCHEDULED", jsonPath = ".status.conditions[?(@.type==\"Scheduled\")].status", type = AdditionalPrinterColumn.Type.STRING, getDescription = "Whether the binding is scheduled")
@AdditionalPrinterColumn(name = "FULLYAPPLIED", jsonPath = ".status.conditions[?(@.type==\"FullyApplied\")].status", type = AdditionalPrinterColumn.Type.STRING, getDescription = "Whether every target cluster applied it")
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since the object was created")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterResourceBinding extends CustomResource<ResourceBindingSpec, ResourceBindingStatus> {

  private static final long serialVersionUID = 1L;

  /** Creates an empty ClusterResourceBinding (apiVersion and kind are filled in from the annotations). */
  public ClusterResourceBinding() {
  }
}
