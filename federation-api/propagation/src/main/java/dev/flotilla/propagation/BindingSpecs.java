package dev.flotilla.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.api.v1alpha1.Placement;
import dev.flotilla.api.v1alpha1.ReplicaRequirements;
import dev.flotilla.api.v1alpha1.ResourceBindingSpec;
import dev.flotilla.api.v1alpha1.ResourceReference;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.Map;
import java.util.TreeMap;

/**
 * The desired spec of a ResourceBinding, built from its template and the policy that matched it: the resource
 * reference, the replica count and per-replica requests for replica-bearing kinds, and the policy's placement,
 * failover, autoRebalance and conflictResolution. {@code spec.clusters} is the scheduler's and is left unset.
 */
public final class BindingSpecs {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BindingSpecs() {
    }

    public static ResourceBindingSpec build(JsonNode template, PolicyCandidate policy) {
        ResourceBindingSpec spec = new ResourceBindingSpec();
        ResourceReference reference = new ResourceReference();
        reference.setApiVersion(TemplateKinds.apiVersion(template));
        reference.setKind(TemplateKinds.kind(template));
        String namespace = TemplateKinds.namespace(template);
        reference.setNamespace(namespace.isEmpty() ? null : namespace);
        reference.setName(TemplateKinds.name(template));
        reference.setUid(template.path("metadata").path("uid").asText(null));
        spec.setResource(reference);
        if (TemplateKinds.hasPodTemplate(template)) {
            spec.setReplicas(TemplateKinds.replicas(template));
            Map<String, Quantity> request = perReplicaRequest(template);
            if (!request.isEmpty()) {
                ReplicaRequirements requirements = new ReplicaRequirements();
                requirements.setResourceRequest(request);
                spec.setReplicaRequirements(requirements);
            }
        }
        if (policy.spec() != null) {
            // A deep copy, so later edits of the binding never alias the policy object.
            Placement placement = policy.spec().getPlacement();
            spec.setPlacement(placement == null ? null : MAPPER.convertValue(placement, Placement.class));
            spec.setFailover(policy.spec().getFailover());
            spec.setAutoRebalance(policy.spec().getAutoRebalance());
            spec.setConflictResolution(policy.spec().getConflictResolution());
        }
        return spec;
    }

    /**
     * What one replica requests: {@code resources.requests} summed over the pod template's containers (init
     * containers run before, not beside them, and are left out). A resource only one container requests keeps its
     * written form, so it equals the member agent's estimate key.
     */
    public static Map<String, Quantity> perReplicaRequest(JsonNode workload) {
        Map<String, Quantity> total = new TreeMap<>();
        JsonNode containers = workload.path("spec").path("template").path("spec").path("containers");
        for (JsonNode container : containers) {
            container.path("resources").path("requests").properties().forEach(entry -> {
                Quantity quantity = new Quantity(entry.getValue().asText());
                total.merge(entry.getKey(), quantity, Quantity::add);
            });
        }
        return total;
    }
}
