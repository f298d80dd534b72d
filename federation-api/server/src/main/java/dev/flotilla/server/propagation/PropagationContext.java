package dev.flotilla.server.propagation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.ClusterOverridePolicy;
import dev.flotilla.api.v1alpha1.ClusterPropagationPolicy;
import dev.flotilla.api.v1alpha1.OverridePolicy;
import dev.flotilla.api.v1alpha1.PropagationPolicy;
import dev.flotilla.api.v1alpha1.ResourceReference;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.propagation.Names;
import dev.flotilla.propagation.OverrideCandidate;
import dev.flotilla.propagation.PolicyCandidate;
import dev.flotilla.propagation.TemplateKinds;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.core.DeleteOptions;
import dev.flotilla.server.core.ListOptions;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.events.EventRecorder;
import dev.flotilla.store.ObjectKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the propagation controllers share: the object service, the resource types they read and write, and the
 * reads every one of them needs (policies, clusters, a binding's Works), typed.
 */
final class PropagationContext {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** On a propagated template: keeps it until its binding and Works are gone. */
    static final String FINALIZER = FlotillaApi.GROUP + "/propagation";
    /** On a binding: the hash of the placement last scheduled, to tell a user's policy change (applied in full). */
    static final String PLACEMENT_HASH = FlotillaApi.GROUP + "/placement-hash";

    final ObjectService objects;
    final ResourceRegistry registry;
    final ResourceType bindings;
    final ResourceType clusterBindings;
    final ResourceType works;
    final ResourceType clusters;
    final ResourceType policies;
    final ResourceType clusterPolicies;
    final ResourceType overrides;
    final ResourceType clusterOverrides;
    final ResourceType namespaces;
    final EventRecorder events;
    private final ConvertedObjects<Cluster> clusterObjects;
    private final ConvertedObjects<PolicyCandidate> policyObjects;
    private final ConvertedObjects<PolicyCandidate> clusterPolicyObjects;
    private final ConvertedObjects<OverrideCandidate> overrideObjects;
    private final ConvertedObjects<OverrideCandidate> clusterOverrideObjects;

    PropagationContext(ObjectService objects, ResourceRegistry registry, EventRecorder events) {
        this.objects = objects;
        this.events = events;
        this.registry = registry;
        this.bindings = flotilla("resourcebindings");
        this.clusterBindings = flotilla("clusterresourcebindings");
        this.works = flotilla("works");
        this.clusters = flotilla("clusters");
        this.policies = flotilla("propagationpolicies");
        this.clusterPolicies = flotilla("clusterpropagationpolicies");
        this.overrides = flotilla("overridepolicies");
        this.clusterOverrides = flotilla("clusteroverridepolicies");
        this.namespaces = registry.byResource("", "v1", "namespaces").orElseThrow();
        this.clusterObjects = new ConvertedObjects<>(objects, clusters, node -> MAPPER.convertValue(node, Cluster.class));
        this.policyObjects = new ConvertedObjects<>(objects, policies, node -> {
            PropagationPolicy policy = MAPPER.convertValue(node, PropagationPolicy.class);
            return new PolicyCandidate(false, policy.getMetadata().getNamespace(), policy.getMetadata().getName(),
                    policy.getSpec());
        });
        this.clusterPolicyObjects = new ConvertedObjects<>(objects, clusterPolicies, node -> {
            ClusterPropagationPolicy policy = MAPPER.convertValue(node, ClusterPropagationPolicy.class);
            return new PolicyCandidate(true, "", policy.getMetadata().getName(), policy.getSpec());
        });
        this.overrideObjects = new ConvertedObjects<>(objects, overrides, node -> {
            OverridePolicy policy = MAPPER.convertValue(node, OverridePolicy.class);
            return new OverrideCandidate(false, policy.getMetadata().getNamespace(), policy.getMetadata().getName(),
                    policy.getSpec());
        });
        this.clusterOverrideObjects = new ConvertedObjects<>(objects, clusterOverrides, node -> {
            ClusterOverridePolicy policy = MAPPER.convertValue(node, ClusterOverridePolicy.class);
            return new OverrideCandidate(true, "", policy.getMetadata().getName(), policy.getSpec());
        });
    }

    private ResourceType flotilla(String plural) {
        return registry.byResource(FlotillaApi.GROUP, FlotillaApi.VERSION, plural).orElseThrow();
    }

    // ---------------------------------------------------------------- templates

    /** The resource type of a propagatable template kind. */
    ResourceType templateType(TemplateKinds.Kind kind) {
        return registry.byResource(kind.group(), kind.version(), kind.plural()).orElseThrow();
    }

    Optional<TemplateKinds.Kind> templateKindOf(ObjectKey key) {
        return TemplateKinds.PROPAGATABLE.stream()
                .filter(k -> k.group().equals(key.group()) && k.plural().equals(key.resource())).findFirst();
    }

    /** Templates in system namespaces (and those namespaces themselves) are never propagated. */
    static boolean isSystem(String namespace) {
        return namespace.startsWith("kube-") || namespace.equals("flotilla-system")
                || namespace.startsWith(FlotillaApi.EXECUTION_NAMESPACE_PREFIX);
    }

    /** The key of the binding of a template: a ResourceBinding, or a ClusterResourceBinding when cluster-scoped. */
    ObjectKey bindingKey(TemplateKinds.Kind kind, String namespace, String name) {
        ResourceType type = namespace.isEmpty() ? clusterBindings : bindings;
        return new ObjectKey(type.group(), type.plural(), namespace, Names.bindingName(name, kind.kind()));
    }

    ResourceType bindingType(ObjectKey key) {
        return key.resource().equals(clusterBindings.plural()) ? clusterBindings : bindings;
    }

    Optional<ObjectNode> find(ResourceType type, ObjectKey key) {
        return objects.find(type, key.namespace().isEmpty() ? null : key.namespace(), key.name());
    }

    /** The template a binding refers to, if it still exists. */
    Optional<ObjectNode> template(ResourceReference ref) {
        return TemplateKinds.find(ref.getApiVersion(), ref.getKind()).flatMap(kind -> objects.find(
                templateType(kind), ref.getNamespace(), ref.getName()));
    }

    // ---------------------------------------------------------------- policies and clusters

    // Each reconcile reads every policy and Cluster; they are converted once per stored version and shared
    // (callers must not change them).

    /** The propagation policies that may govern templates of a namespace ("" for cluster-scoped templates). */
    List<PolicyCandidate> propagationPolicies(String namespace) {
        List<PolicyCandidate> result = new ArrayList<>();
        if (!namespace.isEmpty()) {
            result.addAll(policyObjects.list(namespace));
        }
        result.addAll(clusterPolicyObjects.list(null));
        return result;
    }

    List<OverrideCandidate> overridePolicies(String namespace) {
        List<OverrideCandidate> result = new ArrayList<>();
        if (!namespace.isEmpty()) {
            result.addAll(overrideObjects.list(namespace));
        }
        result.addAll(clusterOverrideObjects.list(null));
        return result;
    }

    List<Cluster> clusters() {
        return clusterObjects.list(null);
    }

    // ---------------------------------------------------------------- works

    /**
     * The Works of a binding, in every execution namespace. Work names are deterministic, so this is one direct
     * read per execution namespace (clusters gone included, their namespaces remain until cleaned), checked
     * against the Work's binding labels, instead of a scan of every Work in the federation.
     */
    List<ObjectNode> worksOf(ObjectKey bindingKey) {
        String workName = Names.workName(bindingKey.namespace(), bindingKey.name());
        List<ObjectNode> found = new ArrayList<>();
        for (dev.flotilla.store.StoredObject namespace : objects.listStored(namespaces, null, ListOptions.all())
                .items()) {
            String name = namespace.key().name();
            if (FlotillaApi.clusterOfExecutionNamespace(name) == null) {
                continue;
            }
            objects.find(works, name, workName)
                    .filter(work -> bindingOfWork(work).filter(bindingKey::equals).isPresent())
                    .ifPresent(found::add);
        }
        return found;
    }

    /** ConfigMaps and Secrets → the bindings whose workloads reference them (filled as Works are rendered). */
    private final java.util.Map<ObjectKey, java.util.Set<ObjectKey>> dependents =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Records that a binding's workload references a ConfigMap or Secret, whether it exists yet or not. */
    void recordDependency(ObjectKey dependency, ObjectKey bindingKey) {
        dependents.computeIfAbsent(dependency, k -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(bindingKey);
    }

    /** The bindings to re-render when a ConfigMap or Secret changes: those that referenced it when last rendered. */
    java.util.Set<ObjectKey> dependentsOf(ObjectKey dependency) {
        return dependents.getOrDefault(dependency, java.util.Set.of());
    }

    /** The binding a Work renders, from its labels. */
    Optional<ObjectKey> bindingOfWork(ObjectNode work) {
        var labels = ObjectService.labels(work);
        String name = labels.get(FlotillaApi.LABEL_BINDING_NAME);
        if (name == null) {
            return Optional.empty();
        }
        String namespace = labels.getOrDefault(FlotillaApi.LABEL_BINDING_NAMESPACE, "");
        ResourceType type = namespace.isEmpty() ? clusterBindings : bindings;
        return Optional.of(new ObjectKey(type.group(), type.plural(), namespace, name));
    }

    /** Every binding key, of both scopes (for changes that concern them all, like a Cluster's). */
    List<ObjectKey> allBindingKeys(String namespaceOrNull) {
        List<ObjectKey> keys = new ArrayList<>();
        for (ObjectNode node : objects.list(bindings, namespaceOrNull, ListOptions.all()).items()) {
            keys.add(ObjectService.key(bindings, node.path("metadata").path("namespace").asText(),
                    node.path("metadata").path("name").asText()));
        }
        if (namespaceOrNull == null) {
            for (ObjectNode node : objects.list(clusterBindings, null, ListOptions.all()).items()) {
                keys.add(ObjectService.key(clusterBindings, "", node.path("metadata").path("name").asText()));
            }
        }
        return keys;
    }

    /** Deletes, treating "already gone" as done. */
    void deleteQuietly(ResourceType type, String namespace, String name) {
        try {
            objects.delete(type, namespace, name, DeleteOptions.DEFAULT);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    /** Creates the namespace when missing (a Cluster made by hand has no execution namespace yet). */
    /**
     * A reconciler that takes an object deleted midway (a 404 from one of its reads or writes) as nothing left to
     * do: the deletion itself requeues whatever must react to it.
     */
    static dev.flotilla.server.controller.Reconciler toleratingDeletion(
            dev.flotilla.server.controller.Reconciler reconciler) {
        return key -> {
            try {
                return reconciler.reconcile(key);
            } catch (ApiException e) {
                if (e.code() == 404) {
                    return dev.flotilla.server.controller.Reconciler.Result.DONE;
                }
                throw e;
            }
        };
    }

}
