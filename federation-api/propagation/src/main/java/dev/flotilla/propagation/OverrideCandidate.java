package dev.flotilla.propagation;

import dev.flotilla.api.v1alpha1.OverrideSpec;

import java.util.Objects;

/**
 * An OverridePolicy (namespaced) or ClusterOverridePolicy as the renderer sees it.
 *
 * @param clusterScoped true for a ClusterOverridePolicy
 * @param namespace     the policy's namespace; empty for a ClusterOverridePolicy
 * @param name          the policy's name
 * @param spec          its spec
 */
public record OverrideCandidate(boolean clusterScoped, String namespace, String name, OverrideSpec spec) {

    public OverrideCandidate {
        Objects.requireNonNull(name, "name");
        namespace = clusterScoped || namespace == null ? "" : namespace;
    }

    /** How the policy is named in errors: {@code OverridePolicy ns/name} or {@code ClusterOverridePolicy name}. */
    public String describe() {
        return clusterScoped ? "ClusterOverridePolicy " + name : "OverridePolicy " + namespace + "/" + name;
    }
}
