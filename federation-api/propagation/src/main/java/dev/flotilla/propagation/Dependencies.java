package dev.flotilla.propagation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;
import java.util.TreeSet;

/**
 * The ConfigMaps and Secrets a workload's pod template refers to, which must reach every cluster the workload
 * goes to: through volumes (also projected ones), {@code envFrom}, {@code env[].valueFrom} and
 * {@code imagePullSecrets}. Optional references count too: they are sent when they exist.
 */
public final class Dependencies {

    /** A referenced object in the workload's own namespace. */
    public record Ref(String kind, String name) implements Comparable<Ref> {
        @Override
        public int compareTo(Ref other) {
            int byKind = kind.compareTo(other.kind);
            return byKind != 0 ? byKind : name.compareTo(other.name);
        }
    }

    private Dependencies() {
    }

    /** The references of a workload, sorted by kind then name; empty for kinds without a pod template. */
    public static Set<Ref> of(JsonNode workload) {
        Set<Ref> refs = new TreeSet<>();
        if (!TemplateKinds.hasPodTemplate(workload)) {
            return refs;
        }
        JsonNode podSpec = MemberManifests.podSpec(workload);
        for (JsonNode volume : podSpec.path("volumes")) {
            add(refs, "ConfigMap", volume.path("configMap").path("name"));
            add(refs, "Secret", volume.path("secret").path("secretName"));
            for (JsonNode source : volume.path("projected").path("sources")) {
                add(refs, "ConfigMap", source.path("configMap").path("name"));
                add(refs, "Secret", source.path("secret").path("name"));
            }
        }
        for (JsonNode container : MemberManifests.containers(workload, true)) {
            for (JsonNode from : container.path("envFrom")) {
                add(refs, "ConfigMap", from.path("configMapRef").path("name"));
                add(refs, "Secret", from.path("secretRef").path("name"));
            }
            for (JsonNode env : container.path("env")) {
                add(refs, "ConfigMap", env.path("valueFrom").path("configMapKeyRef").path("name"));
                add(refs, "Secret", env.path("valueFrom").path("secretKeyRef").path("name"));
            }
        }
        for (JsonNode pullSecret : podSpec.path("imagePullSecrets")) {
            add(refs, "Secret", pullSecret.path("name"));
        }
        return refs;
    }

    private static void add(Set<Ref> refs, String kind, JsonNode name) {
        if (name.isTextual() && !name.asText().isEmpty()) {
            refs.add(new Ref(kind, name.asText()));
        }
    }
}
