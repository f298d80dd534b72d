package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;

/**
 * The status of a DNSRecordSet: what of the members' reports could not become records, and why.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"warnings"})
public class DNSRecordSetStatus implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("warnings")
  @JsonPropertyDescription("Inputs skipped (a non-IP ingress, an unusable region or zone label, a bad port), each naming its cluster or field.")
  private List<String> warnings;

  /** Creates an empty DNSRecordSetStatus; set fields with the setters. */
  public DNSRecordSetStatus() {
  }

  /** @return Inputs skipped, each naming its cluster or field */
  public List<String> getWarnings() {
    return warnings;
  }

  /** @param warnings Inputs skipped, each naming its cluster or field */
  public void setWarnings(List<String> warnings) {
    this.warnings = warnings;
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof DNSRecordSetStatus that && Objects.equals(warnings, that.warnings));
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(warnings);
  }

  @Override
  public String toString() {
    return "DNSRecordSetStatus{" + "warnings=" + warnings + "}";
  }
}
