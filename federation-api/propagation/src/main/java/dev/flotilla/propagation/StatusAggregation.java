package dev.flotilla.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.v1alpha1.AggregatedStatusItem;
import dev.flotilla.api.v1alpha1.Conditions;
import dev.flotilla.api.v1alpha1.ManifestStatus;
import dev.flotilla.api.v1alpha1.ResourceIdentifier;
import dev.flotilla.api.v1alpha1.Work;
import io.fabric8.kubernetes.api.model.Condition;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Folds what the members' agents report on the Works back into one picture: per cluster on the binding
 * ({@code status.aggregatedStatus}), and federation-wide on the template's own status, so that
 * {@code kubectl get deploy} on the control plane reads {@code READY 12/12} over all clusters.
 */
public final class StatusAggregation {

    /** On a Work: the template generation it was rendered from, so status can tell a stale Work. */
    public static final String TEMPLATE_GENERATION_ANNOTATION = "flotilla.dev/template-generation";

    private static final List<String> SUMMED = List.of("replicas", "updatedReplicas", "readyReplicas",
            "availableReplicas", "unavailableReplicas", "currentReplicas", "fullyLabeledReplicas");

    private StatusAggregation() {
    }

    /**
     * One item per target cluster, in the order given: applied (from the Work's Applied condition, false while
     * there is no Work or no report yet), the member's status and health of the template's own manifest.
     *
     * @param template       the template (to find its manifest among the Work's)
     * @param targetClusters the binding's clusters
     * @param works          the binding's Works by cluster name (missing ones are not created yet)
     */
    public static List<AggregatedStatusItem> aggregate(JsonNode template, List<String> targetClusters,
                                                       Map<String, Work> works) {
        List<AggregatedStatusItem> items = new ArrayList<>();
        for (String cluster : targetClusters) {
            AggregatedStatusItem item = new AggregatedStatusItem();
            item.setClusterName(cluster);
            Work work = works.get(cluster);
            Condition applied = work == null || work.getStatus() == null ? null
                    : Conditions.find(work.getStatus().getConditions(), Conditions.APPLIED).orElse(null);
            if (applied == null) {
                item.setApplied(false);
                item.setAppliedMessage(work == null ? "the Work is not created yet"
                        : "the member's agent has not reported yet");
            } else {
                item.setApplied(Conditions.TRUE.equals(applied.getStatus()));
                if (!item.getApplied()) {
                    item.setAppliedMessage(applied.getMessage());
                }
            }
            ManifestStatus manifest = work == null ? null : manifestOf(work, template);
            if (manifest != null) {
                item.setHealth(manifest.getHealth());
                item.setStatus(manifest.getStatus());
            }
            items.add(item);
        }
        return items;
    }

    /** The status the agent reported for the template's own manifest in a Work, if any. */
    static ManifestStatus manifestOf(Work work, JsonNode template) {
        if (work.getStatus() == null || work.getStatus().getManifestStatuses() == null) {
            return null;
        }
        String apiVersion = TemplateKinds.apiVersion(template);
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        for (ManifestStatus status : work.getStatus().getManifestStatuses()) {
            ResourceIdentifier id = status == null ? null : status.getIdentifier();
            if (id != null && Objects.equals(TemplateKinds.kind(template), id.getKind())
                    && Objects.equals(TemplateKinds.name(template), id.getName())
                    && group.equals(id.getGroup() == null ? "" : id.getGroup())
                    && TemplateKinds.namespace(template).equals(id.getNamespace() == null ? "" : id.getNamespace())) {
                return status;
            }
        }
        return null;
    }

    /**
     * Whether a cluster's Work shows the current template: rendered from {@code templateGeneration} and applied
     * by the agent at the Work's current generation.
     */
    public static boolean observed(Work work, long templateGeneration) {
        if (work == null || work.getMetadata() == null || work.getStatus() == null) {
            return false;
        }
        Map<String, String> annotations = work.getMetadata().getAnnotations();
        String rendered = annotations == null ? null : annotations.get(TEMPLATE_GENERATION_ANNOTATION);
        if (!Long.toString(templateGeneration).equals(rendered)) {
            return false;
        }
        Condition applied = Conditions.find(work.getStatus().getConditions(), Conditions.APPLIED).orElse(null);
        return applied != null && Conditions.TRUE.equals(applied.getStatus())
                && Objects.equals(applied.getObservedGeneration(), work.getMetadata().getGeneration());
    }

    /**
     * The template's federation-wide status, or null for kinds that have none (ConfigMap, Secret).
     *
     * <ul>
     *   <li>Deployment, ReplicaSet, StatefulSet: replicas, updatedReplicas, readyReplicas, availableReplicas,
     *       unavailableReplicas (and StatefulSet's currentReplicas, ReplicaSet's fullyLabeledReplicas) summed over
     *       clusters; {@code observedGeneration} is the template's generation once every target cluster observed
     *       it (see {@link #observed}), else the previous value; a Deployment gets Available (True when the
     *       available replicas reach {@code spec.replicas}) and Progressing conditions;</li>
     *   <li>Service: {@code loadBalancer.ingress} of every cluster, in cluster order, without duplicates.</li>
     * </ul>
     *
     * @param template     the template, with its current status
     * @param items        the per-cluster items from {@link #aggregate}
     * @param allObserved  whether every target cluster observed the template's generation
     * @param now          the time for a condition that changes status
     */
    public static ObjectNode templateStatus(JsonNode template, List<AggregatedStatusItem> items,
                                            boolean allObserved, Instant now) {
        String kind = TemplateKinds.kind(template);
        JsonNode previous = template.path("status");
        if (TemplateKinds.hasPodTemplate(template)) {
            ObjectNode status = JsonNodeFactory.instance.objectNode();
            long generation = template.path("metadata").path("generation").asLong(0);
            if (allObserved) {
                status.put("observedGeneration", generation);
            } else if (previous.has("observedGeneration")) {
                status.set("observedGeneration", previous.get("observedGeneration"));
            }
            for (String field : SUMMED) {
                long sum = 0;
                boolean any = false;
                for (AggregatedStatusItem item : items) {
                    JsonNode value = item.getStatus() == null ? null : item.getStatus().get(field);
                    if (value != null && value.canConvertToLong()) {
                        sum += value.asLong();
                        any = true;
                    }
                }
                if (any || field.equals("replicas") || field.equals("readyReplicas")
                        || field.equals("availableReplicas") || field.equals("updatedReplicas")) {
                    if (!kind.equals("ReplicaSet") || !field.equals("updatedReplicas")) {
                        status.put(field, sum);
                    }
                }
            }
            if (kind.equals("Deployment")) {
                status.set("conditions", deploymentConditions(template, status, allObserved, now));
            }
            return status;
        }
        if (kind.equals("Service")) {
            ObjectNode status = JsonNodeFactory.instance.objectNode();
            Set<JsonNode> ingress = new LinkedHashSet<>();
            for (AggregatedStatusItem item : items) {
                if (item.getStatus() != null) {
                    item.getStatus().path("loadBalancer").path("ingress").forEach(ingress::add);
                }
            }
            ArrayNode list = ((ObjectNode) status.with("loadBalancer")).putArray("ingress");
            ingress.forEach(list::add);
            if (list.isEmpty()) {
                ((ObjectNode) status.get("loadBalancer")).remove("ingress");
            }
            return status;
        }
        return null;
    }

    private static ArrayNode deploymentConditions(JsonNode template, ObjectNode status, boolean allObserved,
                                                  Instant now) {
        long desired = TemplateKinds.replicas(template);
        boolean available = status.path("availableReplicas").asLong() >= desired;
        boolean complete = allObserved && status.path("updatedReplicas").asLong() >= desired
                && status.path("replicas").asLong() == desired && available;
        ArrayNode conditions = JsonNodeFactory.instance.arrayNode();
        conditions.add(condition(template, "Available", available ? "True" : "False",
                available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available ? "Deployment has minimum availability across member clusters."
                        : "Deployment does not have minimum availability across member clusters.", now));
        conditions.add(condition(template, "Progressing", "True",
                complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                complete ? "Every member cluster runs the current template." : "Member clusters are rolling out.",
                now));
        return conditions;
    }

    /** A condition keeping the previous lastTransitionTime (and lastUpdateTime) while its status holds. */
    private static ObjectNode condition(JsonNode template, String type, String value, String reason,
                                        String message, Instant now) {
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        String transition = time;
        String update = time;
        for (JsonNode old : template.path("status").path("conditions")) {
            if (type.equals(old.path("type").asText()) && value.equals(old.path("status").asText())) {
                transition = old.path("lastTransitionTime").asText(time);
                if (reason.equals(old.path("reason").asText()) && message.equals(old.path("message").asText())) {
                    update = old.path("lastUpdateTime").asText(time);
                }
            }
        }
        ObjectNode condition = JsonNodeFactory.instance.objectNode();
        condition.put("type", type);
        condition.put("status", value);
        condition.put("lastUpdateTime", update);
        condition.put("lastTransitionTime", transition);
        condition.put("reason", reason);
        condition.put("message", message);
        return condition;
    }
}
