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
 * A member cluster of the federation. Cluster-scoped; its labels {@code topology.kubernetes.io/region} and
 * {@code topology.kubernetes.io/zone} place it in a region and zone. Created by the member's agent when it registers
 * (pull mode) or by a person (push mode); the agent keeps its status current.
 *
 * <p>The name is a DNS-1123 label of at most {@link FlotillaApi#MAX_CLUSTER_NAME_LENGTH} characters, so that the
 * execution namespace {@code flotilla-es-<name>} is a valid namespace name.
 */
@Group(FlotillaApi.GROUP)
@Version(FlotillaApi.VERSION)
@Kind("Cluster")
@Plural("clusters")
@Singular("cluster")
@Categories("flotilla")
@ShortNames({"fc"})
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING, getDescription = "Whether the cluster is Ready")
@AdditionalPrinterColumn(name = "REGION", jsonPath = ".metadata.labels.topology\\.kubernetes\\.io/region", type = AdditionalPrinterColumn.Type.STRING, getDescription = "Region of the cluster")
@AdditionalPrinterColumn(name = "ZONE", jsonPath = ".metadata.labels.topology\\.kubernetes\\.io/zone", type = AdditionalPrinterColumn.Type.STRING, getDescription = "Zone of the cluster")
@AdditionalPrinterColumn(name = "VERSION", jsonPath = ".status.kubernetesVersion", type = AdditionalPrinterColumn.Type.STRING, getDescription = "Kubernetes version of the member")
@AdditionalPrinterColumn(name = "MODE", jsonPath = ".spec.syncMode", type = AdditionalPrinterColumn.Type.STRING, priority = 1, getDescription = "Push or Pull")
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since the object was created")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Cluster extends CustomResource<ClusterSpec, ClusterStatus> {

  private static final long serialVersionUID = 1L;

  /** Creates an empty Cluster (apiVersion and kind are filled in from the annotations). */
  public Cluster() {
  }

  /**
   * Short-cut for the region label.
   *
   * @return the value of {@code topology.kubernetes.io/region}, or null
   */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public String getRegion() {
    return getMetadata() == null || getMetadata().getLabels() == null ? null
        : getMetadata().getLabels().get(FlotillaApi.LABEL_REGION);
  }

  /**
   * Short-cut for the zone label.
   *
   * @return the value of {@code topology.kubernetes.io/zone}, or null
   */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public String getZone() {
    return getMetadata() == null || getMetadata().getLabels() == null ? null
        : getMetadata().getLabels().get(FlotillaApi.LABEL_ZONE);
  }

  /**
   * Whether the cluster's Ready condition is True.
   *
   * @return true only when status.conditions has type Ready with status True
   */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isReady() {
    return getStatus() != null && Conditions.isTrue(getStatus().getConditions(), Conditions.READY);
  }
}
