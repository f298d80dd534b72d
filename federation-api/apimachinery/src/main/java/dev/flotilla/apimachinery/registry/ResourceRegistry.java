package dev.flotilla.apimachinery.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every kind the API server serves, looked up the ways requests need: by REST path (group, version, plural),
 * by group/version/kind (request bodies), and grouped for discovery.
 *
 * <p>Built-in Kubernetes kinds are stored as templates only: nothing runs them on the control plane.
 */
public final class ResourceRegistry {

    private static final List<String> ALL = List.of("all");
    private static final ResourceType.ScaleSubresource REPLICAS_SCALE =
            new ResourceType.ScaleSubresource("/spec/replicas", "/status/replicas", "/status/selector");

    private final List<ResourceType> types = new CopyOnWriteArrayList<>();

    public ResourceRegistry(List<ResourceType> initial) {
        initial.forEach(this::register);
    }

    /** A registry holding the built-in kinds only. */
    public static ResourceRegistry withNativeTypes() {
        return new ResourceRegistry(nativeTypes());
    }

    /** Adds a kind; a kind already present under the same group, version and plural is replaced. */
    public void register(ResourceType type) {
        types.removeIf(t -> t.group().equals(type.group()) && t.version().equals(type.version())
                && t.plural().equals(type.plural()));
        types.add(type);
    }

    /** Removes a kind; returns whether it was registered. */
    public boolean unregister(String group, String version, String plural) {
        return types.removeIf(t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural));
    }

    public List<ResourceType> all() {
        return Collections.unmodifiableList(types);
    }

    public Optional<ResourceType> byResource(String group, String version, String plural) {
        return types.stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
                .findFirst();
    }

    public Optional<ResourceType> byKind(String group, String version, String kind) {
        return types.stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version) && t.kind().equals(kind))
                .findFirst();
    }

    /** The kinds grouped by API group (core group "" first), then by version, in registration order. */
    public Map<String, Map<String, List<ResourceType>>> byGroupAndVersion() {
        Map<String, Map<String, List<ResourceType>>> grouped = new LinkedHashMap<>();
        grouped.put("", new LinkedHashMap<>());
        for (ResourceType type : types) {
            grouped.computeIfAbsent(type.group(), g -> new LinkedHashMap<>())
                    .computeIfAbsent(type.version(), v -> new ArrayList<>())
                    .add(type);
        }
        return grouped;
    }

    /**
     * The built-in Kubernetes kinds Flotilla accepts as templates (and the few it uses itself: Lease for
     * heartbeats, Event for history). Their table columns come from the server's built-in printers, as
     * kube-apiserver's do.
     */
    public static List<ResourceType> nativeTypes() {
        List<ResourceType> list = new ArrayList<>();
        list.add(core("Namespace", "namespaces", false, List.of("ns"), List.of(), true));
        list.add(core("ConfigMap", "configmaps", true, List.of("cm"), List.of(), false));
        list.add(core("Secret", "secrets", true, List.of(), List.of(), false));
        list.add(core("Service", "services", true, List.of("svc"), ALL, true));
        list.add(core("ServiceAccount", "serviceaccounts", true, List.of("sa"), List.of(), false));
        list.add(core("PersistentVolumeClaim", "persistentvolumeclaims", true, List.of("pvc"), List.of(), true));
        list.add(core("Event", "events", true, List.of("ev"), List.of(), false));
        list.add(apps("Deployment", "deployments", List.of("deploy")));
        list.add(apps("ReplicaSet", "replicasets", List.of("rs")));
        list.add(apps("StatefulSet", "statefulsets", List.of("sts")));
        list.add(type("apps", "v1", "DaemonSet", "daemonsets", true, List.of("ds"), ALL, true, null));
        list.add(type("batch", "v1", "Job", "jobs", true, List.of(), ALL, true, null));
        list.add(type("batch", "v1", "CronJob", "cronjobs", true, List.of("cj"), ALL, true, null));
        list.add(type("networking.k8s.io", "v1", "Ingress", "ingresses", true, List.of("ing"), List.of(), true, null));
        list.add(type("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, List.of(), List.of(), false,
                null));
        list.add(type("coordination.k8s.io", "v1", "Lease", "leases", true, List.of(), List.of(), false, null));
        list.add(type("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, List.of("pdb"), List.of(),
                true, null));
        list.add(type("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true,
                List.of("hpa"), ALL, true, null));
        // CRDs are the generic path for every other kind: creating one makes its kind servable.
        list.add(type("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false,
                List.of("crd", "crds"), List.of(), true, null));
        return list;
    }

    private static ResourceType core(String kind, String plural, boolean namespaced, List<String> shortNames,
                                     List<String> categories, boolean status) {
        return type("", "v1", kind, plural, namespaced, shortNames, categories, status, null);
    }

    private static ResourceType apps(String kind, String plural, List<String> shortNames) {
        return type("apps", "v1", kind, plural, true, shortNames, ALL, true, REPLICAS_SCALE);
    }

    /** A native kind: its table columns come from the server's built-in printers, not from this record. */
    private static ResourceType type(String group, String version, String kind, String plural, boolean namespaced,
                                     List<String> shortNames, List<String> categories, boolean status,
                                     ResourceType.ScaleSubresource scale) {
        return new ResourceType(group, version, kind, plural, kind.toLowerCase(), namespaced, shortNames, categories,
                status, scale, true, List.of());
    }
}
