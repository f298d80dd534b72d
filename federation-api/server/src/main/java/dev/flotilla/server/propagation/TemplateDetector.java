package dev.flotilla.server.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.propagation.BindingSpecs;
import dev.flotilla.propagation.PolicyCandidate;
import dev.flotilla.propagation.PolicyMatcher;
import dev.flotilla.propagation.TemplateKinds;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.controller.Reconciler;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import dev.flotilla.store.ObjectKey;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Step 1 and 2 of the pipeline, keyed by resource template: matches the template to at most one propagation
 * policy, records the choice on the template (labels and the {@value PropagationContext#FINALIZER} finalizer)
 * and keeps its binding's spec (everything but the scheduler's {@code clusters} and
 * {@code gracefulEvictionTasks} and the user's {@code rescheduleTriggeredAt}) equal to what the template and
 * policy say. A template that is deleted or no longer matched loses its binding and Works first, then the finalizer.
 */
final class TemplateDetector implements Reconciler {

    private static final Logger LOG = Logger.getLogger(TemplateDetector.class);
    private static final List<String> POLICY_LABELS = List.of(FlotillaApi.LABEL_PROPAGATION_POLICY_NAME,
            FlotillaApi.LABEL_PROPAGATION_POLICY_NAMESPACE, FlotillaApi.LABEL_CLUSTER_PROPAGATION_POLICY_NAME);

    private final PropagationContext ctx;

    TemplateDetector(PropagationContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Result reconcile(ObjectKey key) {
        Optional<TemplateKinds.Kind> kind = ctx.templateKindOf(key);
        if (kind.isEmpty()) {
            return Result.DONE;
        }
        ResourceType type = ctx.templateType(kind.get());
        String namespace = key.namespace();
        ObjectKey bindingKey = ctx.bindingKey(kind.get(), namespace, key.name());
        Optional<ObjectNode> found = ctx.objects.find(type, namespace.isEmpty() ? null : namespace, key.name());
        if (found.isEmpty()) {
            return cleanUp(bindingKey) ? Result.DONE : Result.after(Duration.ofSeconds(1));
        }
        ObjectNode template = found.get();
        boolean deleting = template.path("metadata").hasNonNull("deletionTimestamp");
        boolean system = PropagationContext.isSystem(namespace.isEmpty() ? key.name() : namespace);
        Optional<PolicyMatcher.Match> match = deleting || system ? Optional.empty()
                : PolicyMatcher.match(template, ctx.propagationPolicies(namespace));
        if (match.isEmpty()) {
            if (!cleanUp(bindingKey)) {
                return Result.after(Duration.ofSeconds(1));
            }
            if (hasFinalizer(template) || (!deleting && hasPolicyLabel(template))) {
                mutateTemplate(type, key, t -> release(t));
                LOG.infof("%s %s: no longer propagated; binding and Works removed", kind.get().kind(), path(key));
            }
            return Result.DONE;
        }
        PolicyCandidate policy = match.get().policy();
        boolean creating = ctx.find(ctx.bindingType(bindingKey), bindingKey).isEmpty();
        // The claim on the template and the binding go in one store commit (one wait instead of two).
        try {
            ctx.objects.upsertAll(List.of(
                    new ObjectService.Upsert(type, key.namespace().isEmpty() ? null : key.namespace(), key.name(),
                            null, ObjectService.Scope.MAIN, t -> claim(t, policy)),
                    binding(bindingKey, template, policy)), WriteOptions.DEFAULT);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
            return Result.DONE; // the template is gone; its deletion brings this key back
        }
        if (creating) {
            LOG.infof("binding %s created for %s by %s", bindingKey.path(), templatePath(template),
                    policy.qualifiedName());
        }
        return Result.DONE;
    }

    /** Deletes the binding and its Works; true once none is left. */
    private boolean cleanUp(ObjectKey bindingKey) {
        for (ObjectNode work : ctx.worksOf(bindingKey)) {
            ctx.deleteQuietly(ctx.works, work.path("metadata").path("namespace").asText(),
                    work.path("metadata").path("name").asText());
        }
        ResourceType bindingType = ctx.bindingType(bindingKey);
        if (ctx.find(bindingType, bindingKey).isPresent()) {
            ctx.deleteQuietly(bindingType, bindingKey.namespace().isEmpty() ? null : bindingKey.namespace(),
                    bindingKey.name());
        }
        // Works carry no finalizers, so they are gone once deleted; the agents then clean the members.
        return ctx.worksOf(bindingKey).isEmpty();
    }

    /** The binding as the template and policy say: created like this when missing, else its spec and labels set. */
    private ObjectService.Upsert binding(ObjectKey bindingKey, ObjectNode template, PolicyCandidate policy) {
        ResourceType type = ctx.bindingType(bindingKey);
        ObjectNode desiredSpec = PropagationContext.MAPPER.valueToTree(BindingSpecs.build(template, policy));
        String namespace = bindingKey.namespace().isEmpty() ? null : bindingKey.namespace();
        ObjectNode binding = PropagationContext.MAPPER.createObjectNode();
        binding.put("apiVersion", FlotillaApi.API_VERSION);
        binding.put("kind", type.kind());
        ObjectNode metadata = binding.putObject("metadata");
        metadata.put("name", bindingKey.name());
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        labelPolicy(metadata.putObject("labels"), policy);
        binding.set("spec", desiredSpec);
        return new ObjectService.Upsert(type, namespace, bindingKey.name(), binding, ObjectService.Scope.MAIN,
                current -> {
                    ObjectNode spec = desiredSpec.deepCopy();
                    JsonNode old = current.path("spec");
                    // The scheduler's output (its targets and graceful eviction tasks) and a user's reschedule
                    // request are not the detector's to set.
                    for (String kept : List.of("clusters", "gracefulEvictionTasks", "rescheduleTriggeredAt")) {
                        if (old.has(kept)) {
                            spec.set(kept, old.get(kept));
                        }
                    }
                    current.set("spec", spec);
                    ObjectNode labels = (ObjectNode) ObjectService.metadataOf(current).with("labels");
                    labels.remove(POLICY_LABELS);
                    labelPolicy(labels, policy);
                    return current;
                });
    }

    private static ObjectNode claim(ObjectNode template, PolicyCandidate policy) {
        ObjectNode metadata = ObjectService.metadataOf(template);
        ObjectNode labels = (ObjectNode) metadata.with("labels");
        labels.remove(POLICY_LABELS);
        labelPolicy(labels, policy);
        ArrayNode finalizers = metadata.withArray("finalizers");
        boolean present = false;
        for (JsonNode finalizer : finalizers) {
            present |= finalizer.asText().equals(PropagationContext.FINALIZER);
        }
        if (!present) {
            finalizers.add(PropagationContext.FINALIZER);
        }
        return template;
    }

    private static ObjectNode release(ObjectNode template) {
        ObjectNode metadata = ObjectService.metadataOf(template);
        if (metadata.get("labels") instanceof ObjectNode labels) {
            labels.remove(POLICY_LABELS);
            if (labels.isEmpty()) {
                metadata.remove("labels");
            }
        }
        if (metadata.get("finalizers") instanceof ArrayNode finalizers) {
            for (int i = finalizers.size() - 1; i >= 0; i--) {
                if (finalizers.get(i).asText().equals(PropagationContext.FINALIZER)) {
                    finalizers.remove(i);
                }
            }
            if (finalizers.isEmpty()) {
                metadata.remove("finalizers");
            }
        }
        return template;
    }

    private static void labelPolicy(ObjectNode labels, PolicyCandidate policy) {
        if (policy.clusterScoped()) {
            labels.put(FlotillaApi.LABEL_CLUSTER_PROPAGATION_POLICY_NAME, policy.name());
        } else {
            labels.put(FlotillaApi.LABEL_PROPAGATION_POLICY_NAME, policy.name());
            labels.put(FlotillaApi.LABEL_PROPAGATION_POLICY_NAMESPACE, policy.namespace());
        }
    }

    private void mutateTemplate(ResourceType type, ObjectKey key, java.util.function.UnaryOperator<ObjectNode> change) {
        try {
            ctx.objects.mutate(type, key.namespace().isEmpty() ? null : key.namespace(), key.name(), null,
                    ObjectService.Scope.MAIN, WriteOptions.DEFAULT, change);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private static boolean hasFinalizer(JsonNode template) {
        for (JsonNode finalizer : template.path("metadata").path("finalizers")) {
            if (finalizer.asText().equals(PropagationContext.FINALIZER)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasPolicyLabel(JsonNode template) {
        JsonNode labels = template.path("metadata").path("labels");
        return POLICY_LABELS.stream().anyMatch(labels::has);
    }

    private static String path(ObjectKey key) {
        return key.namespace().isEmpty() ? key.name() : key.namespace() + "/" + key.name();
    }

    private static String templatePath(JsonNode template) {
        String ns = TemplateKinds.namespace(template);
        return TemplateKinds.kind(template) + " " + (ns.isEmpty() ? "" : ns + "/") + TemplateKinds.name(template);
    }
}
