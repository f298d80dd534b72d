package dev.flotilla.server.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.dns.records.DnsSettings;
import dev.flotilla.dns.records.RecordComputation;
import dev.flotilla.dns.records.ServiceRecords;
import dev.flotilla.propagation.Names;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.controller.Reconciler;
import dev.flotilla.server.core.DeleteOptions;
import dev.flotilla.server.core.Json;
import dev.flotilla.server.core.ListOptions;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import dev.flotilla.store.KeyPrefix;
import dev.flotilla.store.ObjectKey;
import dev.flotilla.store.StoredObject;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps each propagated Service's DNSRecordSet equal to what its members report, keyed by Service: read the
 * Service template, its ResourceBinding (targets and aggregated member status) and the Clusters (topology,
 * readiness), compute the records ({@link RecordComputation}), and create, update or delete the DNSRecordSet.
 * Level-triggered: any Service, binding, Cluster or DNSRecordSet change only says which Services to look at.
 */
public final class DnsRecordController implements Reconciler {

    private static final Logger LOG = Logger.getLogger(DnsRecordController.class);

    private final ObjectService objects;
    private final DnsSettings settings;
    private final ResourceType services;
    private final ResourceType bindings;
    private final ResourceType clusters;
    private final ResourceType recordSets;

    public DnsRecordController(ObjectService objects, ResourceRegistry registry, DnsSettings settings) {
        this.objects = objects;
        this.settings = settings;
        this.services = registry.byResource("", "v1", "services").orElseThrow();
        this.bindings = registry.byResource(FlotillaApi.GROUP, FlotillaApi.VERSION, "resourcebindings").orElseThrow();
        this.clusters = registry.byResource(FlotillaApi.GROUP, FlotillaApi.VERSION, "clusters").orElseThrow();
        this.recordSets = registry.byResource(FlotillaApi.GROUP, FlotillaApi.VERSION, "dnsrecordsets").orElseThrow();
    }

    /** The store prefixes whose changes may change some Service's records. */
    public List<KeyPrefix> watched() {
        return List.of(prefix(services), prefix(bindings), prefix(clusters), prefix(recordSets));
    }

    /** The Services to reconcile after a change: a Cluster concerns every Service, anything else one Service. */
    public List<ObjectKey> keysFor(StoredObject changed) {
        ObjectKey key = changed.key();
        if (key.resource().equals(clusters.plural())) {
            return objects.list(services, null, ListOptions.all()).items().stream()
                    .map(s -> serviceKey(s.path("metadata").path("namespace").asText(),
                            s.path("metadata").path("name").asText()))
                    .toList();
        }
        if (key.resource().equals(bindings.plural())) {
            JsonNode resource = Json.parseObject(changed.value()).path("spec").path("resource");
            if (!resource.path("kind").asText().equals(ServiceDnsMapping.SERVICE_KIND)
                    || !resource.path("apiVersion").asText().equals("v1")) {
                return List.of();
            }
            return List.of(serviceKey(resource.path("namespace").asText(), resource.path("name").asText()));
        }
        return List.of(serviceKey(key.namespace(), key.name()));
    }

    private ObjectKey serviceKey(String namespace, String name) {
        return ObjectService.key(services, namespace, name);
    }

    @Override
    public Result reconcile(ObjectKey key) {
        String namespace = key.namespace();
        String name = key.name();
        Optional<ObjectNode> service = objects.find(services, namespace, name);
        Optional<ObjectNode> binding = objects.find(bindings, namespace,
                Names.bindingName(name, ServiceDnsMapping.SERVICE_KIND));
        if (service.isEmpty() || service.get().path("metadata").hasNonNull("deletionTimestamp")
                || binding.isEmpty()) {
            deleteRecordSet(namespace, name);
            return Result.DONE;
        }
        Map<String, Cluster> byName = new HashMap<>();
        for (ObjectNode json : objects.list(clusters, null, ListOptions.all()).items()) {
            byName.put(json.path("metadata").path("name").asText(), ServiceDnsMapping.cluster(json));
        }
        ServiceRecords records;
        try {
            records = RecordComputation.forService(settings,
                    ServiceDnsMapping.endpoints(service.get(), binding.get(), byName));
        } catch (IllegalArgumentException e) {
            // Names Kubernetes validation allows but DNS cannot carry: no records, and say why.
            LOG.warnf("dns: Service %s/%s gets no DNS records: %s", namespace, name, e.getMessage());
            deleteRecordSet(namespace, name);
            return Result.DONE;
        }
        apply(service.get(), records);
        return Result.DONE;
    }

    private void apply(ObjectNode service, ServiceRecords records) {
        String namespace = records.namespace();
        String name = records.name();
        ObjectNode spec = ServiceDnsMapping.spec(records);
        ObjectNode status = ServiceDnsMapping.status(records);
        Optional<ObjectNode> existing = objects.find(recordSets, namespace, name);
        if (existing.isEmpty()) {
            try {
                objects.create(recordSets, namespace, ServiceDnsMapping.recordSetObject(service, records),
                        WriteOptions.DEFAULT);
                LOG.debugf("dns: created DNSRecordSet %s/%s (%d record sets)", namespace, name,
                        records.records().size());
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
                // Created meanwhile: the create's own event requeues us to compare.
            }
        } else if (!spec.equals(existing.get().get("spec"))) {
            objects.mutate(recordSets, namespace, name, null, ObjectService.Scope.MAIN, WriteOptions.DEFAULT, o -> {
                o.set("spec", spec);
                return o;
            });
        }
        JsonNode current = objects.find(recordSets, namespace, name).map(o -> o.path("status")).orElse(null);
        if (current != null && !status.equals(current.isMissingNode() ? ServiceDnsMapping.MAPPER.createObjectNode()
                : current)) {
            objects.mutate(recordSets, namespace, name, null, ObjectService.Scope.STATUS, WriteOptions.DEFAULT, o -> {
                o.set("status", status);
                return o;
            });
        }
    }

    private void deleteRecordSet(String namespace, String name) {
        if (objects.find(recordSets, namespace, name).isEmpty()) {
            return;
        }
        try {
            objects.delete(recordSets, namespace, name, DeleteOptions.DEFAULT);
            LOG.debugf("dns: deleted DNSRecordSet %s/%s", namespace, name);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private static KeyPrefix prefix(ResourceType type) {
        return KeyPrefix.of(type.group(), type.plural());
    }
}
