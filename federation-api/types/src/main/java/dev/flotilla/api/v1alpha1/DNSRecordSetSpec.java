package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * The spec of a DNSRecordSet: which Service, and its record sets.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"service", "endpoints"})
public class DNSRecordSetSpec implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("service")
  @JsonPropertyDescription("Name of the Service (in this namespace) the records are for.")
  @Required
  private String service;

  @JsonProperty("endpoints")
  @JsonPropertyDescription("The record sets, one per name and type, in external-dns Endpoint form.")
  private List<DNSRecord> endpoints;

  /** Creates an empty DNSRecordSetSpec; set fields with the setters. */
  public DNSRecordSetSpec() {
  }

  /** @return Name of the Service (in this namespace) the records are for */
  public String getService() {
    return service;
  }

  /** @param service Name of the Service (in this namespace) the records are for */
  public void setService(String service) {
    this.service = service;
  }

  /** @return The record sets, one per name and type */
  public List<DNSRecord> getEndpoints() {
    return endpoints;
  }

  /** @param endpoints The record sets, one per name and type */
  public void setEndpoints(List<DNSRecord> endpoints) {
    this.endpoints = endpoints;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    DNSRecordSetSpec that = (DNSRecordSetSpec) o;
    return Objects.equals(service, that.service) && Objects.equals(endpoints, that.endpoints);
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, endpoints);
  }

  @Override
  public String toString() {
    return "DNSRecordSetSpec{" + "service=" + service + ", endpoints=" + endpoints + "}";
  }
}
