package dev.flotilla.server.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.controller.Reconciler;
import dev.flotilla.server.core.DeleteOptions;
import dev.flotilla.server.core.ListOptions;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import dev.flotilla.store.KeyPrefix;
import dev.flotilla.store.ObjectKey;
import dev.flotilla.store.StoredObject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Exports every DNSRecordSet as an external-dns {@code DNSEndpoint} ({@code externaldns.k8s.io/v1alpha1}) of the
 * same namespace and name, so an external-dns pointed at the control plane with {@code --source=crd} pushes the
 * federated names to any cloud DNS. Keyed by DNSRecordSet; installs the DNSEndpoint CRD when it is missing.
 * DNSEndpoints it did not create (no owner reference to a DNSRecordSet) are never touched.
 */
public final class DnsEndpointExporter implements Reconciler {

    private static final Logger LOG = Logger.getLogger(DnsEndpointExporter.class);
    public static final String GROUP = "externaldns.k8s.io";
    public static final String VERSION = "v1alpha1";
    public static final String PLURAL = "dnsendpoints";
    public static final String CRD_NAME = PLURAL + "." + GROUP;
    private static final Duration WAIT_FOR_CRD = Duration.ofMillis(500);

    private final ObjectService objects;
    private final ResourceRegistry registry;
    private final ResourceType recordSets;
    private final ResourceType crds;

    public DnsEndpointExporter(ObjectService objects, ResourceRegistry registry) {
        this.objects = objects;
        this.registry = registry;
        this.recordSets = registry.byResource(FlotillaApi.GROUP, FlotillaApi.VERSION, "dnsrecordsets").orElseThrow();
        this.crds = registry.byResource("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElseThrow();
    }

    /** DNSRecordSets, DNSEndpoints (hand edits are reverted) and the DNSEndpoint CRD. */
    public List<KeyPrefix> watched() {
        return List.of(KeyPrefix.of(recordSets.group(), recordSets.plural()), KeyPrefix.of(GROUP, PLURAL),
                KeyPrefix.of(crds.group(), crds.plural()));
    }

    /** A DNSRecordSet or DNSEndpoint: that name; the DNSEndpoint CRD: every DNSRecordSet. */
    public List<ObjectKey> keysFor(StoredObject changed) {
        ObjectKey key = changed.key();
        if (key.resource().equals(crds.plural())) {
            if (!key.name().equals(CRD_NAME)) {
                return List.of();
            }
            return objects.list(recordSets, null, ListOptions.all()).items().stream()
                    .map(o -> recordSetKey(o.path("metadata").path("namespace").asText(),
                            o.path("metadata").path("name").asText()))
                    .toList();
        }
        return List.of(recordSetKey(key.namespace(), key.name()));
    }

    private ObjectKey recordSetKey(String namespace, String name) {
        return ObjectService.key(recordSets, namespace, name);
    }

    /** Creates the DNSEndpoint CRD unless it exists; the CRD controller then registers the kind. */
    public void ensureCrd() {
        if (objects.find(crds, null, CRD_NAME).isPresent()) {
            return;
        }
        try {
            objects.create(crds, null, crd(), WriteOptions.DEFAULT);
            LOG.infof("dns: installed CRD %s for the external-dns export", CRD_NAME);
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }

    @Override
    public Result reconcile(ObjectKey key) {
        Optional<ResourceType> endpoints = registry.byResource(GROUP, VERSION, PLURAL);
        if (endpoints.isEmpty()) {
            return Result.after(WAIT_FOR_CRD); // the CRD is being registered
        }
        ResourceType type = endpoints.get();
        String namespace = key.namespace();
        String name = key.name();
        Optional<ObjectNode> recordSet = objects.find(recordSets, namespace, name);
        Optional<ObjectNode> existing = objects.find(type, namespace, name);
        if (existing.isPresent() && !ownedByRecordSet(existing.get())) {
            LOG.warnf("dns: DNSEndpoint %s/%s exists and is not Flotilla's; not exported", namespace, name);
            return Result.DONE;
        }
        if (recordSet.isEmpty() || recordSet.get().path("metadata").hasNonNull("deletionTimestamp")) {
            if (existing.isPresent()) {
                try {
                    objects.delete(type, namespace, name, DeleteOptions.DEFAULT);
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        throw e;
                    }
                }
            }
            return Result.DONE;
        }
        ObjectNode spec = endpointSpec(recordSet.get());
        if (existing.isEmpty()) {
            try {
                objects.create(type, namespace, endpointObject(recordSet.get(), spec), WriteOptions.DEFAULT);
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        } else if (!spec.equals(existing.get().get("spec"))) {
            objects.mutate(type, namespace, name, null, ObjectService.Scope.MAIN, WriteOptions.DEFAULT, o -> {
                o.set("spec", spec);
                return o;
            });
        }
        return Result.DONE;
    }

    private static boolean ownedByRecordSet(JsonNode endpoint) {
        for (JsonNode owner : endpoint.path("metadata").path("ownerReferences")) {
            if (owner.path("kind").asText().equals(FlotillaApi.KIND_DNS_RECORD_SET)) {
                return true;
            }
        }
        return false;
    }

    /** external-dns's {@code DNSEndpointSpec}: the DNSRecordSet's endpoints, field for field. */
    static ObjectNode endpointSpec(JsonNode recordSet) {
        ObjectNode spec = ServiceDnsMapping.MAPPER.createObjectNode();
        ArrayNode out = spec.putArray("endpoints");
        for (JsonNode e : recordSet.path("spec").path("endpoints")) {
            ObjectNode endpoint = out.addObject();
            endpoint.put("dnsName", e.path("dnsName").asText());
            endpoint.put("recordType", e.path("recordType").asText());
            endpoint.set("targets", e.path("targets").deepCopy());
            if (e.has("recordTTL")) {
                endpoint.put("recordTTL", e.path("recordTTL").asLong());
            }
        }
        return spec;
    }

    private static ObjectNode endpointObject(JsonNode recordSet, ObjectNode spec) {
        ObjectNode o = ServiceDnsMapping.MAPPER.createObjectNode();
        o.put("apiVersion", GROUP + "/" + VERSION);
        o.put("kind", "DNSEndpoint");
        ObjectNode meta = o.putObject("metadata");
        meta.put("name", recordSet.path("metadata").path("name").asText());
        meta.put("namespace", recordSet.path("metadata").path("namespace").asText());
        meta.putObject("labels").put(FlotillaApi.LABEL_MANAGED_BY, FlotillaApi.MANAGED_BY_VALUE);
        ObjectNode owner = meta.putArray("ownerReferences").addObject();
        owner.put("apiVersion", FlotillaApi.GROUP + "/" + FlotillaApi.VERSION);
        owner.put("kind", FlotillaApi.KIND_DNS_RECORD_SET);
        owner.put("name", recordSet.path("metadata").path("name").asText());
        owner.put("uid", recordSet.path("metadata").path("uid").asText());
        o.set("spec", spec);
        return o;
    }

    /** The DNSEndpoint CRD, with the schema of external-dns's own (endpoint fields, status.observedGeneration). */
    static ObjectNode crd() {
        String text = """
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"dnsendpoints.externaldns.k8s.io"},
                 "spec":{"group":"externaldns.k8s.io","scope":"Namespaced",
                  "names":{"kind":"DNSEndpoint","listKind":"DNSEndpointList","plural":"dnsendpoints","singular":"dnsendpoint"},
                  "versions":[{"name":"v1alpha1","served":true,"storage":true,"subresources":{"status":{}},
                   "schema":{"openAPIV3Schema":{"type":"object","properties":{
                    "apiVersion":{"type":"string"},"kind":{"type":"string"},"metadata":{"type":"object"},
                    "spec":{"type":"object","properties":{"endpoints":{"type":"array","items":{"type":"object",
                     "properties":{"dnsName":{"type":"string"},"recordType":{"type":"string"},
                      "targets":{"type":"array","items":{"type":"string"}},"recordTTL":{"type":"integer","format":"int64"},
                      "setIdentifier":{"type":"string"},
                      "labels":{"type":"object","additionalProperties":{"type":"string"}},
                      "providerSpecific":{"type":"array","items":{"type":"object","properties":{
                       "name":{"type":"string"},"value":{"type":"string"}}}}}}}}},
                    "status":{"type":"object","properties":{"observedGeneration":{"type":"integer","format":"int64"}}}}}}}]}}
                """;
        try {
            return (ObjectNode) ServiceDnsMapping.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("built-in DNSEndpoint CRD does not parse", e);
        }
    }
}
