package dev.flotilla.server.propagation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.AggregatedStatusItem;
import dev.flotilla.api.v1alpha1.Conditions;
import dev.flotilla.api.v1alpha1.ResourceBinding;
import dev.flotilla.api.v1alpha1.ResourceBindingStatus;
import dev.flotilla.api.v1alpha1.TargetCluster;
import dev.flotilla.api.v1alpha1.Work;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.propagation.StatusAggregation;
import dev.flotilla.propagation.TemplateKinds;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.controller.Reconciler;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import dev.flotilla.store.ObjectKey;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step 6, keyed by binding: the agents' reports on the Works become the binding's {@code aggregatedStatus} and
 * FullyApplied condition, and the template's own federation-wide {@code /status}.
 */
final class StatusCollector implements Reconciler {

    private final PropagationContext ctx;
    private final Clock clock;

    StatusCollector(PropagationContext ctx, Clock clock) {
        this.ctx = ctx;
        this.clock = clock;
    }

    @Override
    public Result reconcile(ObjectKey key) {
        ResourceType type = ctx.bindingType(key);
        Optional<ObjectNode> found = ctx.find(type, key);
        if (found.isEmpty() || found.get().path("metadata").hasNonNull("deletionTimestamp")) {
            return Result.DONE;
        }
        ResourceBinding binding = PropagationContext.MAPPER.convertValue(found.get(), ResourceBinding.class);
        Optional<ObjectNode> template = ctx.template(binding.getSpec().getResource());
        if (template.isEmpty() || template.get().path("metadata").hasNonNull("deletionTimestamp")) {
            return Result.DONE;
        }
        Map<String, Work> works = new HashMap<>();
        for (ObjectNode node : ctx.worksOf(key)) {
            String cluster = FlotillaApi.clusterOfExecutionNamespace(node.path("metadata").path("namespace").asText());
            if (cluster != null) {
                node.remove("spec"); // aggregation reads metadata and status only; the manifests are costly to convert
                works.put(cluster, PropagationContext.MAPPER.convertValue(node, Work.class));
            }
        }
        List<String> targets = binding.getSpec().getClusters() == null ? List.of()
                : binding.getSpec().getClusters().stream().map(TargetCluster::getName).toList();
        List<AggregatedStatusItem> items = StatusAggregation.aggregate(template.get(), targets, works);
        long generation = template.get().path("metadata").path("generation").asLong(0);
        boolean allObserved = !targets.isEmpty()
                && targets.stream().allMatch(c -> StatusAggregation.observed(works.get(c), generation));
        boolean allApplied = !targets.isEmpty() && items.stream().allMatch(i -> Boolean.TRUE.equals(i.getApplied()));
        Instant now = clock.instant();
        ctx.objects.mutate(type, BindingScheduler.namespaceOf(key), key.name(), null, ObjectService.Scope.STATUS,
                WriteOptions.DEFAULT, node -> {
                    ResourceBindingStatus status = node.has("status") ? PropagationContext.MAPPER.convertValue(
                            node.get("status"), ResourceBindingStatus.class) : new ResourceBindingStatus();
                    status.setAggregatedStatus(items.isEmpty() ? null : items);
                    status.setConditions(Conditions.set(status.getConditions(), Conditions.of(
                            Conditions.FULLY_APPLIED, allApplied ? Conditions.TRUE : Conditions.FALSE,
                            allApplied ? "FullyApplied" : "NotYetApplied",
                            allApplied ? "every target cluster applied the manifests"
                                    : appliedSummary(items), now)));
                    node.set("status", PropagationContext.MAPPER.valueToTree(status));
                    return node;
                });
        ObjectNode templateStatus = StatusAggregation.templateStatus(template.get(), items, allObserved, now);
        if (templateStatus != null && !templateStatus.equals(template.get().get("status"))) {
            TemplateKinds.Kind kind = TemplateKinds.find(TemplateKinds.apiVersion(template.get()),
                    TemplateKinds.kind(template.get())).orElseThrow();
            ResourceType templateType = ctx.templateType(kind);
            String namespace = TemplateKinds.namespace(template.get());
            try {
                ctx.objects.mutate(templateType, namespace.isEmpty() ? null : namespace,
                        TemplateKinds.name(template.get()), null,
                        templateType.statusSubresource() ? ObjectService.Scope.STATUS : ObjectService.Scope.MAIN,
                        WriteOptions.DEFAULT, node -> {
                            node.set("status", templateStatus);
                            return node;
                        });
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return Result.DONE;
    }

    private static String appliedSummary(List<AggregatedStatusItem> items) {
        if (items.isEmpty()) {
            return "no target cluster";
        }
        StringBuilder message = new StringBuilder();
        for (AggregatedStatusItem item : items) {
            if (!Boolean.TRUE.equals(item.getApplied())) {
                message.append(message.length() == 0 ? "" : "; ").append(item.getClusterName()).append(": ")
                        .append(item.getAppliedMessage());
            }
        }
        return message.toString();
    }
}
