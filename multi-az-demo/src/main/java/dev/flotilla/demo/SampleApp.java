package dev.flotilla.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * The sample app the demo propagates, built as plain Kubernetes JSON (pure): Namespace {@code demo}, a ConfigMap, a
 * Deployment {@code web} (cpu request 100m), a LoadBalancer Service {@code web} with the named port {@code http} on
 * 8080 (ports below 1024 would need root for the simulated load balancers), and a PropagationPolicy that selects all
 * three and divides the replicas over the zones: at least two zones, every zone weighing the same (a region weighs
 * as many zones as it has, so each zone gets the same share).
 */
final class SampleApp {

    static final String NAMESPACE = "demo";
    static final String NAME = "web";
    static final String CONFIG_MAP = "web-config";
    static final int PORT = 8080;
    /** The ResourceBinding the control plane makes for the Deployment: {@code <name>-<kind>}. */
    static final String DEPLOYMENT_BINDING = NAME + "-deployment";

    /** One object and the API collection it is created in. */
    record Manifest(String collection, JsonNode object) {

        /** @return {@code kind/name}, lower case, as kubectl prints it */
        String describe() {
            return object.path("kind").asText().toLowerCase(java.util.Locale.ROOT) + "/"
                    + object.path("metadata").path("name").asText();
        }
    }

    private SampleApp() {
    }

    /** @return the objects, in the order to create them */
    static List<Manifest> manifests(Layout layout, int replicas) {
        String ns = "/api/v1/namespaces/" + NAMESPACE;
        return List.of(
                new Manifest("/api/v1/namespaces", namespace()),
                new Manifest(ns + "/configmaps", configMap()),
                new Manifest("/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments", deployment(replicas)),
                new Manifest(ns + "/services", service()),
                new Manifest("/apis/flotilla.dev/v1alpha1/namespaces/" + NAMESPACE + "/propagationpolicies",
                        policy(layout)));
    }

    private static ObjectNode object(String apiVersion, String kind, String name) {
        ObjectNode node = ControlPlaneClient.JSON.createObjectNode();
        node.put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode metadata = node.putObject("metadata").put("name", name);
        if (!kind.equals("Namespace")) {
            metadata.put("namespace", NAMESPACE);
        }
        return node;
    }

    static ObjectNode namespace() {
        return object("v1", "Namespace", NAMESPACE);
    }

    static ObjectNode configMap() {
        ObjectNode node = object("v1", "ConfigMap", CONFIG_MAP);
        node.putObject("data").put("greeting", "hello from a Flotilla federation");
        return node;
    }

    static ObjectNode deployment(int replicas) {
        ObjectNode node = object("apps/v1", "Deployment", NAME);
        ObjectNode spec = node.putObject("spec").put("replicas", replicas);
        spec.putObject("selector").putObject("matchLabels").put("app", NAME);
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", NAME);
        ObjectNode container = template.putObject("spec").putArray("containers").addObject()
                .put("name", NAME).put("image", "nginx:1.27");
        container.putArray("ports").addObject().put("name", "http").put("containerPort", PORT);
        container.putArray("envFrom").addObject().putObject("configMapRef").put("name", CONFIG_MAP);
        container.putObject("resources").putObject("requests").put("cpu", "100m").put("memory", "64Mi");
        return node;
    }

    static ObjectNode service() {
        ObjectNode node = object("v1", "Service", NAME);
        ObjectNode spec = node.putObject("spec").put("type", "LoadBalancer");
        spec.putObject("selector").put("app", NAME);
        spec.putArray("ports").addObject().put("name", "http").put("protocol", "TCP").put("port", PORT)
                .put("targetPort", "http");
        return node;
    }

    static ObjectNode policy(Layout layout) {
        ObjectNode node = object("flotilla.dev/v1alpha1", "PropagationPolicy", NAME);
        ObjectNode spec = node.putObject("spec");
        ArrayNode selectors = spec.putArray("resourceSelectors");
        selectors.addObject().put("apiVersion", "apps/v1").put("kind", "Deployment").put("name", NAME);
        selectors.addObject().put("apiVersion", "v1").put("kind", "Service").put("name", NAME);
        selectors.addObject().put("apiVersion", "v1").put("kind", "ConfigMap").put("name", CONFIG_MAP);
        ObjectNode placement = spec.putObject("placement");
        placement.putArray("spreadConstraints").addObject().put("spreadByField", "zone").put("minGroups", 2);
        ObjectNode scheduling = placement.putObject("replicaScheduling")
                .put("replicaSchedulingType", "Divided").put("replicaDivisionPreference", "Weighted");
        ArrayNode regions = scheduling.putObject("weightPreference").putObject("hierarchicalWeights")
                .putArray("regions");
        for (Map.Entry<String, List<String>> region : layout.zonesByRegion().entrySet()) {
            // A region weighs as many zones as it has, and each zone 1: every zone gets the same share.
            ObjectNode entry = regions.addObject().put("name", region.getKey()).put("weight", region.getValue().size());
            ArrayNode zones = entry.putArray("zones");
            region.getValue().forEach(zone -> zones.addObject().put("name", zone).put("weight", 1));
        }
        return node;
    }
}
