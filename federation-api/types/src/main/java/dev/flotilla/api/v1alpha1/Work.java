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
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The manifests to apply in one member cluster for one resource template. Lives in the member's execution namespace
 * {@code flotilla-es-<cluster>}, where that member's agent watches; the agent applies {@code spec.workload.manifests}
 * and reports {@code status}.
 */
@Group(FlotillaApi.GROUP)
@Version(FlotillaApi.VERSION)
@Kind("Work")
@Plural("works")
@Singular("work")
@Categories("flotilla")
@AdditionalPrinterColumn(name = "APPLIED", jsonPath = ".status.conditions[?(@.type==\"Applied\")].status", type = AdditionalPrinterColumn.Type.STRING, getDescription = "Whether the member applied the manifests")
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since the object was created")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Work extends CustomResource<WorkSpec, WorkStatus> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** Creates an empty Work (apiVersion and kind are filled in from the annotations). */
  public Work() {
  }
}
