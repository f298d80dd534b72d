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
 * One record set (every record of one type at one name), field for field an external-dns {@code Endpoint}.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"dnsName", "recordType", "targets", "recordTTL"})
public class DNSRecord implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  /** The record types a DNSRecordSet may hold. */
  public static final List<String> RECORD_TYPES = List.of("A", "AAAA", "CNAME", "SRV");

  @JsonProperty("dnsName")
  @JsonPropertyDescription("Owner name, absolute, without the trailing dot.")
  @Required
  private String dnsName;

  @JsonProperty("recordType")
  @JsonPropertyDescription("A, AAAA, CNAME or SRV.")
  @Required
  private String recordType;

  @JsonProperty("targets")
  @JsonPropertyDescription("Record data in presentation format: addresses, a target name, or 'priority weight port target' for SRV.")
  @Required
  private List<String> targets;

  @JsonProperty("recordTTL")
  @JsonPropertyDescription("Time to live in seconds.")
  private Long recordTTL;

  /** Creates an empty DNSRecord; set fields with the setters. */
  public DNSRecord() {
  }

  /** Creates a record set. */
  public DNSRecord(String dnsName, String recordType, List<String> targets, Long recordTTL) {
    this.dnsName = dnsName;
    this.recordType = recordType;
    this.targets = targets;
    this.recordTTL = recordTTL;
  }

  /** @return Owner name, absolute, without the trailing dot */
  public String getDnsName() {
    return dnsName;
  }

  /** @param dnsName Owner name */
  public void setDnsName(String dnsName) {
    this.dnsName = dnsName;
  }

  /** @return A, AAAA, CNAME or SRV */
  public String getRecordType() {
    return recordType;
  }

  /** @param recordType A, AAAA, CNAME or SRV */
  public void setRecordType(String recordType) {
    this.recordType = recordType;
  }

  /** @return Record data in presentation format */
  public List<String> getTargets() {
    return targets;
  }

  /** @param targets Record data in presentation format */
  public void setTargets(List<String> targets) {
    this.targets = targets;
  }

  /** @return Time to live in seconds */
  public Long getRecordTTL() {
    return recordTTL;
  }

  /** @param recordTTL Time to live in seconds */
  public void setRecordTTL(Long recordTTL) {
    this.recordTTL = recordTTL;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    DNSRecord that = (DNSRecord) o;
    return Objects.equals(dnsName, that.dnsName) && Objects.equals(recordType, that.recordType)
        && Objects.equals(targets, that.targets) && Objects.equals(recordTTL, that.recordTTL);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dnsName, recordType, targets, recordTTL);
  }

  @Override
  public String toString() {
    return "DNSRecord{" + "dnsName=" + dnsName + ", recordType=" + recordType + ", targets=" + targets
        + ", recordTTL=" + recordTTL + "}";
  }
}
