package dev.flotilla.propagation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the pipeline knows about the native kinds it propagates: which kinds are templates at all, which carry
 * replicas, and where a workload keeps its pod template. Also small readers of an object's identity.
 */
public final class TemplateKinds {

    /** A native kind the pipeline propagates: API group, version, kind and REST plural. */
    public record Kind(String group, String version, String kind, String plural, boolean namespaced) {
        /** {@code apps/v1} or {@code v1}. */
        public String apiVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    /** The propagatable native kinds, in the order their controllers watch them. */
    public static final List<Kind> PROPAGATABLE = List.of(
            new Kind("apps", "v1", "Deployment", "deployments", true),
            new Kind("apps", "v1", "ReplicaSet", "replicasets", true),
            new Kind("apps", "v1", "StatefulSet", "statefulsets", true),
            new Kind("", "v1", "Service", "services", true),
            new Kind("", "v1", "ConfigMap", "configmaps", true),
            new Kind("", "v1", "Secret", "secrets", true),
            new Kind("", "v1", "Namespace", "namespaces", false));

    private static final Set<String> REPLICA_KINDS = Set.of("apps/v1/Deployment", "apps/v1/ReplicaSet",
            "apps/v1/StatefulSet");

    private TemplateKinds() {
    }

    /** The propagatable kind of an apiVersion and kind, if it is one. */
    public static java.util.Optional<Kind> find(String apiVersion, String kind) {
        return PROPAGATABLE.stream().filter(k -> k.apiVersion().equals(apiVersion) && k.kind().equals(kind))
                .findFirst();
    }

    /** Whether objects of this kind carry {@code spec.replicas} that the scheduler divides. */
    public static boolean hasReplicas(String apiVersion, String kind) {
        return REPLICA_KINDS.contains(apiVersion + "/" + kind);
    }

    /** Whether the object is a workload with a pod template at {@code spec.template.spec}. */
    public static boolean hasPodTemplate(JsonNode object) {
        return hasReplicas(apiVersion(object), kind(object));
    }

    public static String apiVersion(JsonNode object) {
        return object.path("apiVersion").asText("");
    }

    public static String kind(JsonNode object) {
        return object.path("kind").asText("");
    }

    public static String name(JsonNode object) {
        return object.path("metadata").path("name").asText("");
    }

    /** The namespace, or the empty string for cluster-scoped objects. */
    public static String namespace(JsonNode object) {
        return object.path("metadata").path("namespace").asText("");
    }

    /** The labels as a sorted map (empty when none). */
    public static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new TreeMap<>();
        object.path("metadata").path("labels").properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** {@code spec.replicas}, with Kubernetes' default of 1 when unset. */
    public static int replicas(JsonNode object) {
        JsonNode replicas = object.path("spec").path("replicas");
        return replicas.canConvertToInt() ? replicas.asInt() : 1;
    }
}
