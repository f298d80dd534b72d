package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.api.FlotillaApi;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Asks where replicas would go under a placement, without changing anything. Review-style, like Kubernetes'
 * SubjectAccessReview: cluster-scoped, create only, answered inline in {@code status} and stored nowhere; the
 * answer comes from the very same placement engine as the scheduler's. A name is optional.
 */
@Group(FlotillaApi.GROUP)
@Version(FlotillaApi.VERSION)
@Kind("PlacementPreview")
@Plural("placementpreviews")
@Singular("placementpreview")
@Categories("flotilla")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlacementPreview extends CustomResource<PlacementPreviewSpec, PlacementPreviewStatus> {

  private static final long serialVersionUID = 1L;

  /** Creates an empty PlacementPreview (apiVersion and kind are filled in from the annotations). */
  public PlacementPreview() {
  }
}
