package dev.flotilla.it.support;

import dev.flotilla.demo.local.MemberFederation;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the end-to-end tests read, as a user would: kubectl's exit code and JSON output on the control plane, where
 * a binding places replicas, and the Deployments in the members' own APIs.
 */
public final class FederationChecks {

    private FederationChecks() {
    }

    /** @return the result, after asserting kubectl exited 0 (the message shows the command and its output) */
    public static Kubectl.Result ok(Kubectl.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    /** Runs kubectl (which must succeed) and parses its standard output as JSON. */
    public static JsonNode json(Kubectl kubectl, String... args) {
        String out = ok(kubectl.run(args)).stdout();
        try {
            return ApiClient.JSON.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + out, e);
        }
    }

    /** Where a ResourceBinding puts the replicas ({@code spec.clusters}), cluster name to replicas, in its order. */
    public static Map<String, Integer> placement(Kubectl kubectl, String namespace, String binding) {
        Map<String, Integer> placed = new LinkedHashMap<>();
        json(kubectl, "get", "resourcebinding", binding, "-n", namespace, "-o", "json").path("spec").path("clusters")
                .forEach(c -> placed.put(c.path("name").asText(), c.path("replicas").asInt()));
        return placed;
    }

    /** A member's Deployment through the member's own API, or null. */
    public static Deployment memberDeployment(MemberFederation federation, String member, String namespace,
                                              String name) {
        return federation.member(member).client().apps().deployments().inNamespace(namespace).withName(name).get();
    }

    /** Ready replicas of a Deployment summed over members, as their own APIs report them. */
    public static int readyInMembers(MemberFederation federation, Collection<String> members, String namespace,
                                     String name) {
        int ready = 0;
        for (String member : members) {
            Deployment deployment = memberDeployment(federation, member, namespace, name);
            if (deployment != null && deployment.getStatus() != null
                    && deployment.getStatus().getReadyReplicas() != null) {
                ready += deployment.getStatus().getReadyReplicas();
            }
        }
        return ready;
    }

    /** The status of a Cluster's Ready condition ("True", "False", "Unknown"), or "" when it has none. */
    public static String readyStatus(JsonNode cluster) {
        for (JsonNode condition : cluster.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return condition.path("status").asText();
            }
        }
        return "";
    }
}
