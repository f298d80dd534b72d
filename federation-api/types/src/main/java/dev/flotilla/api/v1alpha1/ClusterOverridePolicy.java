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
 * A cluster-scoped OverridePolicy: applies to templates in any namespace and to cluster-scoped templates. Its rules
 * are applied before those of namespaced OverridePolicies.
 */
@Group(FlotillaApi.GROUP)
@Version(FlotillaApi.VERSION)
@Kind("ClusterOverridePolicy")
@Plural("clusteroverridepolicies")
@Singular("clusteroverridepolicy")
@Categories("flotilla")
@ShortNames({"cop"})
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since the object was created")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterOverridePolicy extends CustomResource<OverrideSpec, PolicyStatus> {

  private static final long serialVersionUID = 1L;

  /** Creates an empty ClusterOverridePolicy (apiVersion and kind are filled in from the annotations). */
  public ClusterOverridePolicy() {
  }
}
