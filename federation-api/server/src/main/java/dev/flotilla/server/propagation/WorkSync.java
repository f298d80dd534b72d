package dev.flotilla.server.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.Conditions;
import dev.flotilla.api.v1alpha1.ResourceBinding;
import dev.flotilla.api.v1alpha1.ResourceBindingStatus;
import dev.flotilla.api.v1alpha1.TargetCluster;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.propagation.Dependencies;
import dev.flotilla.propagation.MemberCluster;
import dev.flotilla.propagation.MemberManifests;
import dev.flotilla.propagation.Names;
import dev.flotilla.propagation.OverrideCandidate;
import dev.flotilla.propagation.PolicyCandidate;
import dev.flotilla.propagation.PolicyMatcher;
import dev.flotilla.propagation.RenderException;
import dev.flotilla.propagation.StatusAggregation;
import dev.flotilla.propagation.TemplateKinds;
import dev.flotilla.propagation.failover.GracefulEviction;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.controller.Reconciler;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import dev.flotilla.store.ObjectKey;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Steps 4 and 5, keyed by binding: one Work per target cluster in {@code flotilla-es-<cluster>}, named
 * {@link Names#workName}, holding the rendered manifests: first the ConfigMaps and Secrets the workload refers to
 * (those no propagation policy selects on their own: a selected one travels in its own Work, and one object in
 * two Works would make the agents fight over it), then the template itself. Works of clusters no longer targeted
 * (or of a binding that is gone) are deleted, and the agents remove what they applied.
 */
final class WorkSync implements Reconciler {

    private static final Logger LOG = Logger.getLogger(WorkSync.class);
    static final String RENDERED = "Rendered";

    private final PropagationContext ctx;
    private final Clock clock;

    WorkSync(PropagationContext ctx, Clock clock) {
        this.ctx = ctx;
        this.clock = clock;
    }

    @Override
    public Result reconcile(ObjectKey key) {
        ResourceType type = ctx.bindingType(key);
        Optional<ObjectNode> found = ctx.find(type, key);
        List<ObjectNode> existing = ctx.worksOf(key);
        if (found.isEmpty() || found.get().path("metadata").hasNonNull("deletionTimestamp")) {
            existing.forEach(this::delete);
            return Result.DONE;
        }
        ResourceBinding binding = PropagationContext.MAPPER.convertValue(found.get(), ResourceBinding.class);
        Optional<ObjectNode> template = ctx.template(binding.getSpec().getResource());
        if (template.isEmpty()) {
            return Result.DONE; // the detector removes the binding and its Works
        }
        String namespace = key.namespace();
        Map<String, Cluster> clusters = new HashMap<>();
        ctx.clusters().forEach(c -> clusters.put(c.getMetadata().getName(), c));
        List<OverrideCandidate> overrides = ctx.overridePolicies(namespace);
        List<JsonNode> dependencies = dependencies(template.get(), namespace, key);
        String workName = Names.workName(namespace, key.name());
        long generation = template.get().path("metadata").path("generation").asLong(0);
        Set<String> wanted = new HashSet<>();
        Set<String> present = new HashSet<>();
        existing.forEach(work -> present.add(work.path("metadata").path("namespace").asText()));
        List<ObjectService.Upsert> works = new ArrayList<>();
        // The targets, plus the clusters replicas are leaving gracefully (kept at their old size meanwhile).
        List<TargetCluster> targets = GracefulEviction.workTargets(binding.getSpec().getClusters(),
                binding.getSpec().getGracefulEvictionTasks());
        try {
            for (TargetCluster target : targets) {
                Cluster cluster = clusters.get(target.getName());
                if (cluster == null) {
                    continue; // gone since scheduling; the scheduler will move the replicas
                }
                MemberCluster member = new MemberCluster(target.getName(), cluster.getMetadata().getLabels());
                ArrayNode manifests = PropagationContext.MAPPER.createArrayNode();
                for (JsonNode dependency : dependencies) {
                    manifests.add(MemberManifests.render(dependency, member, null, overrides));
                }
                manifests.add(MemberManifests.render(template.get(), member, target.getReplicas(), overrides));
                String executionNamespace = FlotillaApi.executionNamespace(target.getName());
                wanted.add(executionNamespace);
                if (!present.contains(executionNamespace)) {
                    ctx.objects.ensureNamespace(executionNamespace); // a Cluster made by hand has none yet
                }
                works.add(work(executionNamespace, workName, key, target.getName(), generation, manifests));
            }
        } catch (RenderException e) {
            LOG.warnf("binding %s: cannot render: %s", key.path(), e.getMessage());
            setRendered(type, key, Conditions.FALSE, "OverrideFailed", e.getMessage());
            return Result.DONE;
        }
        // Every Work of the binding in one store commit: one durable write and one wait instead of one per cluster.
        ctx.objects.upsertAll(works, WriteOptions.DEFAULT);
        setRendered(type, key, Conditions.TRUE, "Rendered", "Works are up to date with the template");
        for (ObjectNode work : existing) {
            if (!wanted.contains(work.path("metadata").path("namespace").asText())) {
                delete(work);
                LOG.infof("binding %s: Work %s/%s removed, its cluster is no longer targeted", key.path(),
                        work.path("metadata").path("namespace").asText(), work.path("metadata").path("name").asText());
            }
        }
        return Result.DONE;
    }

    /** The referenced ConfigMaps and Secrets that exist and that no propagation policy selects by itself. */
    private List<JsonNode> dependencies(JsonNode template, String namespace, ObjectKey bindingKey) {
        List<JsonNode> result = new ArrayList<>();
        Set<Dependencies.Ref> refs = Dependencies.of(template);
        if (refs.isEmpty()) {
            return result;
        }
        List<PolicyCandidate> policies = ctx.propagationPolicies(namespace);
        for (Dependencies.Ref ref : refs) {
            ResourceType type = ctx.registry.byKind("", "v1", ref.kind()).orElseThrow();
            ctx.recordDependency(ObjectService.key(type, namespace, ref.name()), bindingKey);
            ctx.objects.find(type, namespace, ref.name())
                    .filter(dep -> !dep.path("metadata").hasNonNull("deletionTimestamp"))
                    .filter(dep -> PolicyMatcher.match(dep, policies).isEmpty())
                    .ifPresent(result::add);
        }
        return result;
    }

    /** The Work for one cluster: created like this when missing, else its labels, annotations and spec set so. */
    private ObjectService.Upsert work(String namespace, String name, ObjectKey bindingKey, String cluster,
                                      long generation, ArrayNode manifests) {
        ObjectNode work = PropagationContext.MAPPER.createObjectNode();
        work.put("apiVersion", FlotillaApi.API_VERSION);
        work.put("kind", FlotillaApi.KIND_WORK);
        ObjectNode metadata = work.putObject("metadata");
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        ObjectNode labels = metadata.putObject("labels");
        labels.put(FlotillaApi.LABEL_BINDING_NAME, bindingKey.name());
        if (!bindingKey.namespace().isEmpty()) {
            labels.put(FlotillaApi.LABEL_BINDING_NAMESPACE, bindingKey.namespace());
        }
        labels.put(FlotillaApi.LABEL_CLUSTER, cluster);
        metadata.putObject("annotations").put(StatusAggregation.TEMPLATE_GENERATION_ANNOTATION,
                Long.toString(generation));
        work.putObject("spec").putObject("workload").set("manifests", manifests);
        return new ObjectService.Upsert(ctx.works, namespace, name, work, ObjectService.Scope.MAIN, current -> {
            ObjectNode currentMeta = ObjectService.metadataOf(current);
            ((ObjectNode) currentMeta.with("labels")).setAll(labels);
            ((ObjectNode) currentMeta.with("annotations")).setAll((ObjectNode) metadata.get("annotations"));
            current.set("spec", work.get("spec"));
            return current;
        });
    }

    private void delete(ObjectNode work) {
        ctx.deleteQuietly(ctx.works, work.path("metadata").path("namespace").asText(),
                work.path("metadata").path("name").asText());
    }

    private void setRendered(ResourceType type, ObjectKey key, String status, String reason, String message) {
        try {
            ctx.objects.mutate(type, BindingScheduler.namespaceOf(key), key.name(), null, ObjectService.Scope.STATUS,
                    WriteOptions.DEFAULT, node -> {
                        ResourceBindingStatus current = node.has("status") ? PropagationContext.MAPPER.convertValue(
                                node.get("status"), ResourceBindingStatus.class) : new ResourceBindingStatus();
                        current.setConditions(Conditions.set(current.getConditions(),
                                Conditions.of(RENDERED, status, reason, message, clock.instant())));
                        node.set("status", PropagationContext.MAPPER.valueToTree(current));
                        return node;
                    });
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }
}
