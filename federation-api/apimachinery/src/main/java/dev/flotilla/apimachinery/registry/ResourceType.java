package dev.flotilla.apimachinery.registry;

import java.util.List;

/**
 * One kind of object the API server serves: its group/version/kind, its REST names, its scope and its
 * subresources. Native kinds come from {@link ResourceRegistry#nativeTypes()}, Flotilla kinds from the CRDs
 * generated from the API types, and any other namespaced kind through the generic path.
 *
 * @param group          API group; empty for the core group
 * @param version        API version, e.g. {@code v1}
 * @param kind           e.g. {@code Deployment}
 * @param plural         the REST resource name, e.g. {@code deployments}
 * @param singular       e.g. {@code deployment}
 * @param namespaced     whether objects live in a namespace
 * @param shortNames     e.g. {@code deploy}
 * @param categories     e.g. {@code all}
 * @param statusSubresource whether {@code /status} exists (and main-resource writes ignore status)
 * @param scale          how {@code /scale} maps onto the object, or {@code null} when there is none
 * @param nativeKind     whether this is a built-in Kubernetes kind (strategic merge patch, protobuf bodies)
 * @param columns        extra printer columns for {@code kubectl get} beyond NAME and AGE
 */
public record ResourceType(
        String group,
        String version,
        String kind,
        String plural,
        String singular,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        boolean statusSubresource,
        ScaleSubresource scale,
        boolean nativeKind,
        List<PrinterColumn> columns) {

    /** {@code group/version}, or just the version for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The REST path prefix of this group-version: {@code /api/v1} or {@code /apis/group/version}. */
    public String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /** {@code deployments.apps}, as Kubernetes names a resource in messages. */
    public String qualifiedResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /**
     * Where the scale subresource reads and writes: JSON pointers to the desired replicas, the observed
     * replicas and the label selector (as {@code apiextensions.k8s.io} CRDs declare them).
     */
    public record ScaleSubresource(String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {
    }

    /**
     * A printer column as CRDs declare them: a header, a type ({@code string}, {@code integer}, {@code date}, …),
     * a JSON path into the object, and a priority (0 shows by default, higher only with {@code -o wide}).
     */
    public record PrinterColumn(String name, String type, String format, String description, String jsonPath, int priority) {
    }
}
