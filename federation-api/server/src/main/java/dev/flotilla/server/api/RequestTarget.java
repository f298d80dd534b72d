package dev.flotilla.server.api;

import java.util.List;

/**
 * What a resource request addresses, parsed from its path the way kube-apiserver's RequestInfoFactory does:
 * {@code /api/v1/namespaces/default/pods/web/status} → group "", version v1, namespace default, resource pods,
 * name web, subresource status.
 *
 * @param namespace   {@code null} when the path names none (cluster-scoped, or a list across all namespaces)
 * @param name        {@code null} for collection requests
 * @param subresource {@code null} unless the path goes below an object
 */
public record RequestTarget(String group, String version, String namespace, String resource, String name,
                            String subresource) {

    /**
     * Parses the segments after {@code /api/v1} or {@code /apis/{group}/{version}}; returns {@code null} when they
     * do not name a resource (the caller answers with discovery or 404).
     */
    public static RequestTarget parse(String group, String version, List<String> rest) {
        if (rest.isEmpty() || rest.stream().anyMatch(String::isEmpty)) {
            return null;
        }
        // /namespaces/{ns}/{resource}/... addresses a namespaced resource; /namespaces and /namespaces/{ns}[/{sub}]
        // address Namespace objects themselves.
        if (rest.get(0).equals("namespaces") && rest.size() >= 3 && !(group.isEmpty() && isNamespaceSubresource(rest))) {
            String namespace = rest.get(1);
            String resource = rest.get(2);
            String name = rest.size() > 3 ? rest.get(3) : null;
            String sub = rest.size() > 4 ? rest.get(4) : null;
            if (rest.size() > 5) {
                return null;
            }
            return new RequestTarget(group, version, namespace, resource, name, sub);
        }
        if (rest.size() > 3) {
            return null;
        }
        return new RequestTarget(group, version, null, rest.get(0), rest.size() > 1 ? rest.get(1) : null,
                rest.size() > 2 ? rest.get(2) : null);
    }

    private static boolean isNamespaceSubresource(List<String> rest) {
        return rest.size() == 3 && (rest.get(2).equals("status") || rest.get(2).equals("finalize"));
    }

    public boolean isCollection() {
        return name == null;
    }
}
