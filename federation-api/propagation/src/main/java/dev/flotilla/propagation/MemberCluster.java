package dev.flotilla.propagation;

import java.util.Map;
import java.util.Objects;

/**
 * The member cluster a manifest is rendered for: what an override's {@code targetCluster} may select on.
 *
 * @param name   the Cluster's name
 * @param labels the Cluster's labels (region and zone among them)
 */
public record MemberCluster(String name, Map<String, String> labels) {
    public MemberCluster {
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
