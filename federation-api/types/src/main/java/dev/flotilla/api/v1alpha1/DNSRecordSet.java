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
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The federated DNS records of one Service, written by the control plane's DNS controller beside the Service
 * (same namespace and name) and served by Flotilla's DNS. Each record set has the shape of an external-dns
 * {@code Endpoint}, so exporting them as {@code DNSEndpoint} objects is a copy.
 */
@Group(FlotillaApi.GROUP)
@Version(FlotillaApi.VERSION)
@Kind("DNSRecordSet")
@Plural("dnsrecordsets")
@Singular("dnsrecordset")
@ShortNames({"drs"})
@Categories("flotilla")
@AdditionalPrinterColumn(name = "SERVICE", jsonPath = ".spec.service", type = AdditionalPrinterColumn.Type.STRING, getDescription = "The Service these records name")
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since the object was created")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DNSRecordSet extends CustomResource<DNSRecordSetSpec, DNSRecordSetStatus> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** Creates an empty DNSRecordSet (apiVersion and kind are filled in from the annotations). */
  public DNSRecordSet() {
  }
}
