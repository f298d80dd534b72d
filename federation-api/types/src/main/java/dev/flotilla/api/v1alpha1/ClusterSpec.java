package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.SecretReference;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Objects;

/**
 * The spec of a member Cluster.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "syncMode", "apiEndpoint", "secretRef", "provider", "taints", "unschedulable", "drain"})
public class ClusterSpec implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("id")
  @JsonPropertyDescription("Identity of the member cluster itself (e.g. the uid of its kube-system namespace), used to recognise the same cluster joining again. Immutable once set.")
  private String id;

  @JsonProperty("syncMode")
  @JsonPropertyDescription("Push (the control plane connects to the member) or Pull (an agent in the member connects out). Defaults to Pull.")
  @SchemaFrom(type = SyncMode.class)
  private String syncMode;

  @JsonProperty("apiEndpoint")
  @JsonPropertyDescription("URL of the member's Kubernetes API server; required with Push.")
  private String apiEndpoint;

  @JsonProperty("secretRef")
  @JsonPropertyDescription("With Push: the Secret holding the credentials for apiEndpoint.")
  private SecretReference secretRef;

  @JsonProperty("provider")
  @JsonPropertyDescription("Cloud or infrastructure provider, matched by fieldSelector key provider.")
  private String provider;

  @JsonProperty("taints")
  @JsonPropertyDescription("Taints of the cluster (effect NoSchedule or NoExecute); workloads must tolerate them to be placed there.")
  private List<Taint> taints;

  @JsonProperty("unschedulable")
  @JsonPropertyDescription("Cordon: when true the cluster carries the taint cluster.flotilla.dev/unschedulable:NoSchedule (added to spec.taints by the control plane), so no new replicas are placed there; existing ones stay.")
  private Boolean unschedulable;

  @JsonProperty("drain")
  @JsonPropertyDescription("Drain: when true the cluster is cordoned and carries the taint cluster.flotilla.dev/draining:NoExecute, so every replica moves to other clusters, gracefully (the old ones go once the new ones are ready). Set back to false (and unschedulable to false) to uncordon.")
  private Boolean drain;

  /** Creates an empty ClusterSpec; set fields with the setters. */
  public ClusterSpec() {
  }

  /** @return Identity of the member cluster itself (e.g */
  public String getId() {
    return id;
  }

  /** @param id Identity of the member cluster itself (e.g */
  public void setId(String id) {
    this.id = id;
  }

  /** @return Push (the control plane connects to the member) or Pull (an agent in the member connects out) */
  public String getSyncMode() {
    return syncMode;
  }

  /** @param syncMode Push (the control plane connects to the member) or Pull (an agent in the member connects out) */
  public void setSyncMode(String syncMode) {
    this.syncMode = syncMode;
  }

  /** @return URL of the member's Kubernetes API server; required with Push */
  public String getApiEndpoint() {
    return apiEndpoint;
  }

  /** @param apiEndpoint URL of the member's Kubernetes API server; required with Push */
  public void setApiEndpoint(String apiEndpoint) {
    this.apiEndpoint = apiEndpoint;
  }

  /** @return With Push: the Secret holding the credentials for apiEndpoint */
  public SecretReference getSecretRef() {
    return secretRef;
  }

  /** @param secretRef With Push: the Secret holding the credentials for apiEndpoint */
  public void setSecretRef(SecretReference secretRef) {
    this.secretRef = secretRef;
  }

  /** @return Cloud or infrastructure provider, matched by fieldSelector key provider */
  public String getProvider() {
    return provider;
  }

  /** @param provider Cloud or infrastructure provider, matched by fieldSelector key provider */
  public void setProvider(String provider) {
    this.provider = provider;
  }

  /** @return Taints of the cluster (effect NoSchedule or NoExecute); workloads must tolerate them to be placed there */
  public List<Taint> getTaints() {
    return taints;
  }

  /** @param taints Taints of the cluster (effect NoSchedule or NoExecute); workloads must tolerate them to be placed there */
  public void setTaints(List<Taint> taints) {
    this.taints = taints;
  }

  /** @return Cordon: when true no new replicas are placed on the cluster; existing ones stay */
  public Boolean getUnschedulable() {
    return unschedulable;
  }

  /** @param unschedulable Cordon: when true no new replicas are placed on the cluster; existing ones stay */
  public void setUnschedulable(Boolean unschedulable) {
    this.unschedulable = unschedulable;
  }

  /** @return whether the cluster is being drained */
  public Boolean getDrain() {
    return drain;
  }

  /** @param drain Drain: move every replica away, gracefully; implies cordon */
  public void setDrain(Boolean drain) {
    this.drain = drain;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ClusterSpec that = (ClusterSpec) o;
    return Objects.equals(id, that.id)
        && Objects.equals(syncMode, that.syncMode)
        && Objects.equals(apiEndpoint, that.apiEndpoint)
        && Objects.equals(secretRef, that.secretRef)
        && Objects.equals(provider, that.provider)
        && Objects.equals(taints, that.taints)
        && Objects.equals(unschedulable, that.unschedulable)
        && Objects.equals(drain, that.drain);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, syncMode, apiEndpoint, secretRef, provider, taints, unschedulable, drain);
  }

  @Override
  public String toString() {
    return "ClusterSpec{" + "id=" + id + ", syncMode=" + syncMode + ", apiEndpoint=" + apiEndpoint + ", secretRef=" + secretRef + ", provider=" + provider + ", taints=" + taints + ", unschedulable=" + unschedulable + ", drain=" + drain + "}";
  }
}
