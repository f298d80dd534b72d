package dev.flotilla.propagation;

import dev.flotilla.api.v1alpha1.PropagationSpec;

import java.util.Objects;

/**
 * A PropagationPolicy (namespaced) or ClusterPropagationPolicy as the matcher sees it.
 *
 * @param clusterScoped true for a ClusterPropagationPolicy
 * @param namespace     the policy's namespace; empty for a ClusterPropagationPolicy
 * @param name          the policy's name
 * @param spec          its spec
 */
public record PolicyCandidate(boolean clusterScoped, String namespace, String name, PropagationSpec spec) {

    public PolicyCandidate {
        Objects.requireNonNull(name, "name");
        namespace = clusterScoped || namespace == null ? "" : namespace;
    }

    /** The policy's priority (0 when unset). */
    public int priority() {
        return spec == null || spec.getPriority() == null ? 0 : spec.getPriority();
    }

    /** {@code namespace/name}, or the name alone for a cluster-scoped policy. */
    public String qualifiedName() {
        return clusterScoped ? name : namespace + "/" + name;
    }
}
