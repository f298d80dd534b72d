package dev.flotilla.server.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.DNSRecord;
import dev.flotilla.dns.records.ClusterEndpoints;
import dev.flotilla.dns.records.ResourceRecordSet;
import dev.flotilla.dns.records.ServiceEndpoints;
import dev.flotilla.dns.records.ServicePort;
import dev.flotilla.dns.records.ServiceRecords;
import dev.flotilla.dns.replica.RecordSetIndex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Between API objects and the DNS module's records, no I/O: a Service template, its ResourceBinding and the
 * Clusters become the {@link ServiceEndpoints} input; computed {@link ServiceRecords} become a DNSRecordSet; a
 * stored DNSRecordSet becomes RRsets for the server.
 */
public final class ServiceDnsMapping {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** The kind of the templates whose names are published. */
    public static final String SERVICE_KIND = "Service";

    private ServiceDnsMapping() {
    }

    /**
     * What the members report about one Service: one entry per target cluster of its binding, with the Cluster's
     * topology and readiness, the member Service's load-balancer IPs and its ready-endpoint count (from the
     * binding's {@code status.aggregatedStatus}). A target without a report has no endpoints yet. Every other
     * Cluster of the federation is listed without endpoints, so that every zone and region has its name (a CNAME
     * up the chain when the Service is not there), as in Federation v1, and a zone whose only cluster fails and is
     * descheduled keeps answering.
     */
    public static ServiceEndpoints endpoints(JsonNode service, JsonNode binding, Map<String, Cluster> clusters) {
        List<ServicePort> ports = new ArrayList<>();
        for (JsonNode p : service.path("spec").path("ports")) {
            ports.add(new ServicePort(p.path("name").asText(null), p.path("protocol").asText(null),
                    p.path("port").asInt(0)));
        }
        Map<String, JsonNode> reported = new LinkedHashMap<>();
        for (JsonNode item : binding.path("status").path("aggregatedStatus")) {
            reported.put(item.path("clusterName").asText(), item.path("status"));
        }
        List<String> targets = new ArrayList<>();
        for (JsonNode c : binding.path("spec").path("clusters")) {
            targets.add(c.path("name").asText());
        }
        List<ClusterEndpoints> members = new ArrayList<>();
        clusters.keySet().stream().sorted().filter(c -> !targets.contains(c)).forEach(targets::add);
        for (String name : targets) {
            Cluster cluster = clusters.get(name);
            JsonNode status = reported.getOrDefault(name, MAPPER.createObjectNode());
            List<String> addresses = new ArrayList<>();
            for (JsonNode ingress : status.path("loadBalancer").path("ingress")) {
                if (ingress.hasNonNull("ip")) {
                    addresses.add(ingress.path("ip").asText());
                }
            }
            members.add(new ClusterEndpoints(name, cluster == null ? null : cluster.getRegion(),
                    cluster == null ? null : cluster.getZone(), cluster != null && cluster.isReady(), addresses,
                    status.path("readyEndpoints").asInt(0)));
        }
        return new ServiceEndpoints(service.path("metadata").path("namespace").asText(),
                service.path("metadata").path("name").asText(), ports, members);
    }

    /** A Cluster object from its JSON (only what DNS needs is read: labels and conditions). */
    public static Cluster cluster(JsonNode json) {
        return MAPPER.convertValue(json, Cluster.class);
    }

    /**
     * The DNSRecordSet of a Service: same namespace and name, owned by the Service (so it goes when the Service
     * goes), spec from the records.
     */
    public static ObjectNode recordSetObject(JsonNode service, ServiceRecords records) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("apiVersion", FlotillaApi.GROUP + "/" + FlotillaApi.VERSION);
        o.put("kind", FlotillaApi.KIND_DNS_RECORD_SET);
        ObjectNode meta = o.putObject("metadata");
        meta.put("name", records.name());
        meta.put("namespace", records.namespace());
        String uid = service.path("metadata").path("uid").asText("");
        if (!uid.isEmpty()) {
            ObjectNode owner = meta.putArray("ownerReferences").addObject();
            owner.put("apiVersion", "v1");
            owner.put("kind", SERVICE_KIND);
            owner.put("name", records.name());
            owner.put("uid", uid);
        }
        o.set("spec", spec(records));
        return o;
    }

    /** The spec of a DNSRecordSet: the Service's name and its record sets in external-dns Endpoint form. */
    public static ObjectNode spec(ServiceRecords records) {
        ObjectNode spec = MAPPER.createObjectNode();
        spec.put("service", records.name());
        ArrayNode endpoints = spec.putArray("endpoints");
        for (ResourceRecordSet rs : records.records()) {
            endpoints.add(MAPPER.valueToTree(new DNSRecord(rs.name(), rs.type().name(), rs.values(), rs.ttl())));
        }
        return spec;
    }

    /** The status of a DNSRecordSet: the warnings, or empty when there are none. */
    public static ObjectNode status(ServiceRecords records) {
        ObjectNode status = MAPPER.createObjectNode();
        if (!records.warnings().isEmpty()) {
            ArrayNode w = status.putArray("warnings");
            records.warnings().forEach(w::add);
        }
        return status;
    }

    /** The RRsets of a stored DNSRecordSet (entries the server cannot serve are left out). */
    public static List<ResourceRecordSet> recordSets(JsonNode dnsRecordSet) {
        return RecordSetIndex.recordSets(dnsRecordSet);
    }

}
