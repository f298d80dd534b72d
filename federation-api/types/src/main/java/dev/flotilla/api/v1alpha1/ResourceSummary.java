package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The member cluster's resources, summed over its nodes (Karmada's {@code ResourceSummary}): resource name (cpu,
 * memory, pods, ...) to quantity.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"allocatable", "allocated", "allocating"})
public class ResourceSummary implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("allocatable")
  @JsonPropertyDescription("Resources the nodes offer to pods.")
  private Map<String, Quantity> allocatable;

  @JsonProperty("allocated")
  @JsonPropertyDescription("Resources requested by the pods already scheduled.")
  private Map<String, Quantity> allocated;

  @JsonProperty("allocating")
  @JsonPropertyDescription("Resources requested by pods waiting to be scheduled.")
  private Map<String, Quantity> allocating;

  /** Creates an empty ResourceSummary; set fields with the setters. */
  public ResourceSummary() {
  }

  /** @return Resources the nodes offer to pods */
  public Map<String, Quantity> getAllocatable() {
    return allocatable;
  }

  /** @param allocatable Resources the nodes offer to pods */
  public void setAllocatable(Map<String, Quantity> allocatable) {
    this.allocatable = allocatable;
  }

  /** @return Resources requested by the pods already scheduled */
  public Map<String, Quantity> getAllocated() {
    return allocated;
  }

  /** @param allocated Resources requested by the pods already scheduled */
  public void setAllocated(Map<String, Quantity> allocated) {
    this.allocated = allocated;
  }

  /** @return Resources requested by pods waiting to be scheduled */
  public Map<String, Quantity> getAllocating() {
    return allocating;
  }

  /** @param allocating Resources requested by pods waiting to be scheduled */
  public void setAllocating(Map<String, Quantity> allocating) {
    this.allocating = allocating;
  }

  /**
   * Estimates how many more replicas with the given per-replica requests fit in the free resources
   * ({@code allocatable - allocated - allocating}), ignoring how they are spread over nodes. A replica also takes
   * one {@code pods} slot when the cluster reports pods.
   *
   * @param perReplica resource name to quantity requested by one replica; may be empty
   * @return the estimate, or empty when nothing limits it (no allocatable reported for any requested resource)
   * @throws IllegalArgumentException when a quantity is not a valid Kubernetes quantity
   */
  @JsonIgnore
  public OptionalLong estimateReplicas(Map<String, Quantity> perReplica) {
    Map<String, Quantity> request = new java.util.HashMap<>();
    if (perReplica != null) {
      request.putAll(perReplica);
    }
    if (allocatable != null && allocatable.containsKey("pods") && !request.containsKey("pods")) {
      request.put("pods", new Quantity("1"));
    }
    long best = Long.MAX_VALUE;
    boolean limited = false;
    for (Map.Entry<String, Quantity> entry : request.entrySet()) {
      BigDecimal need = amount(entry.getValue());
      if (need.signum() <= 0 || allocatable == null || !allocatable.containsKey(entry.getKey())) {
        continue;
      }
      BigDecimal free = amount(allocatable.get(entry.getKey()))
          .subtract(amountOf(allocated, entry.getKey()))
          .subtract(amountOf(allocating, entry.getKey()));
      long fits = free.signum() <= 0 ? 0 : free.divideToIntegralValue(need).min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue();
      best = Math.min(best, fits);
      limited = true;
    }
    return limited ? OptionalLong.of(best) : OptionalLong.empty();
  }

  private static BigDecimal amountOf(Map<String, Quantity> quantities, String name) {
    if (quantities == null || quantities.get(name) == null) {
      return BigDecimal.ZERO;
    }
    return amount(quantities.get(name));
  }

  private static BigDecimal amount(Quantity quantity) {
    try {
      return Quantity.getAmountInBytes(quantity);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid quantity \"" + quantity + "\"", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ResourceSummary that = (ResourceSummary) o;
    return Objects.equals(allocatable, that.allocatable)
        && Objects.equals(allocated, that.allocated)
        && Objects.equals(allocating, that.allocating);
  }

  @Override
  public int hashCode() {
    return Objects.hash(allocatable, allocated, allocating);
  }

  @Override
  public String toString() {
    return "ResourceSummary{" + "allocatable=" + allocatable + ", allocated=" + allocated + ", allocating=" + allocating + "}";
  }
}
