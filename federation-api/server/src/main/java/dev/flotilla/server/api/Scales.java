package dev.flotilla.server.api;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The {@code /scale} subresource: an {@code autoscaling/v1 Scale} view of an object's replica count. */
final class Scales {

    /** The kind patches of a Scale are applied against (merge and JSON patch only). */
    static final ResourceType SCALE_TYPE = new ResourceType("autoscaling", "v1", "Scale", "scale", "scale", true,
            List.of(), List.of(), false, null, false, List.of());

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Scales() {
    }

    static ObjectNode toScale(ResourceType type, ObjectNode object) {
        ResourceType.ScaleSubresource scale = type.scale();
        ObjectNode node = JSON.objectNode();
        node.put("kind", "Scale");
        node.put("apiVersion", "autoscaling/v1");
        ObjectNode metadata = node.putObject("metadata");
        JsonNode objectMeta = object.path("metadata");
        for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (objectMeta.has(field)) {
                metadata.set(field, objectMeta.get(field));
            }
        }
        node.putObject("spec").put("replicas", object.at(scale.specReplicasPath()).asInt(0));
        ObjectNode status = node.putObject("status");
        status.put("replicas", object.at(scale.statusReplicasPath()).asInt(0));
        String selector = selectorText(object.at(scale.labelSelectorPath()), object);
        if (selector != null) {
            status.put("selector", selector);
        }
        return node;
    }

    /** Writes a Scale's replica count into the object (a resourceVersion in the Scale is a precondition). */
    static ObjectNode applyScale(ObjectService objects, ResourceType type, RequestTarget target, ObjectNode scale,
                                 WriteOptions options) {
        JsonNode replicas = scale.path("spec").path("replicas");
        if (!replicas.isMissingNode() && !replicas.isIntegralNumber()) {
            throw ApiException.badRequest("Scale in version \"v1\" cannot be handled as a Scale: spec.replicas "
                    + "must be an integer");
        }
        if (replicas.isIntegralNumber() && replicas.asLong() < 0) {
            throw ApiException.invalid("autoscaling", "Scale", target.name(), List.of(new ApiException.Cause(
                    "FieldValueInvalid", "spec.replicas",
                    "Invalid value: " + replicas.asLong() + ": must be greater than or equal to 0")));
        }
        String precondition = scale.path("metadata").path("resourceVersion").asText(null);
        JsonPointer pointer = JsonPointer.compile(type.scale().specReplicasPath());
        ObjectNode updated = objects.mutate(type, target.namespace(), target.name(), precondition,
                ObjectService.Scope.MAIN, options, current -> {
                    if (replicas.isIntegralNumber()) {
                        ObjectNode parent = (ObjectNode) current.withObject(pointer.head());
                        parent.put(pointer.last().getMatchingProperty(), replicas.asInt());
                    }
                    return current;
                });
        return toScale(type, updated);
    }

    /**
     * The label selector as a string: the status field when it holds one (CRD convention), otherwise the
     * object's {@code spec.selector.matchLabels}, as kube-apiserver reports it for Deployments.
     */
    private static String selectorText(JsonNode selector, ObjectNode object) {
        if (selector.isTextual() && !selector.asText().isEmpty()) {
            return selector.asText();
        }
        JsonNode matchLabels = object.path("spec").path("selector").path("matchLabels");
        if (!matchLabels.isObject() || matchLabels.isEmpty()) {
            return null;
        }
        StringJoiner joiner = new StringJoiner(",");
        for (Map.Entry<String, JsonNode> entry : matchLabels.properties()) {
            joiner.add(entry.getKey() + "=" + entry.getValue().asText());
        }
        return joiner.toString();
    }
}
