package dev.flotilla.server.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.validation.FieldError;
import dev.flotilla.api.validation.FieldPath;
import dev.flotilla.api.validation.FlotillaValidation;
import dev.flotilla.api.validation.MetadataValidation;
import dev.flotilla.api.validation.NameValidation;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.api.ApiException;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates objects before they are stored, with kube-apiserver's rules and words: metadata of every kind
 * (names per kind, labels, annotations, finalizers), the field rules of the native kinds Flotilla users write
 * most (workloads, Services, ConfigMaps, Secrets), and the Flotilla kinds through their own validation.
 */
public final class KindValidator implements Validator {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** DNS-1035: Services are named like DNS labels that start with a letter. */
    private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    @Override
    public List<ApiException.Cause> validate(ResourceType type, ObjectNode object, ObjectNode previous) {
        List<FieldError> errors = new ArrayList<>();
        if (type.group().equals(FlotillaApi.GROUP)) {
            errors.addAll(FlotillaValidation.validate(type.kind(), object, previous));
        } else {
            errors.addAll(validateMetadata(type, object));
            if (type.nativeKind()) {
                errors.addAll(nativeRules(type, object, previous));
            }
        }
        List<ApiException.Cause> causes = new ArrayList<>(errors.size());
        for (FieldError error : errors) {
            causes.add(new ApiException.Cause(error.type().reason(), error.field(), error.errorBody()));
        }
        return causes;
    }

    private static List<FieldError> validateMetadata(ResourceType type, ObjectNode object) {
        ObjectMeta meta;
        try {
            meta = MAPPER.treeToValue(object.path("metadata"), ObjectMeta.class);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
                    + type.kind() + ": metadata" + pathOf(e) + ": " + ((JsonMappingException) e).getOriginalMessage());
        }
        NameValidation.NameValidator names = switch (type.kind()) {
            case "Namespace" -> NameValidation.DNS1123_LABEL_NAME;
            case "Service" -> (name, prefix) -> dns1035(name, prefix);
            default -> NameValidation.DNS1123_SUBDOMAIN_NAME;
        };
        return MetadataValidation.validateObjectMeta(meta, type.namespaced(), names);
    }

    private static List<String> dns1035(String name, boolean prefix) {
        String checked = prefix && name.endsWith("-") ? name + "a" : name;
        List<String> errors = new ArrayList<>();
        if (checked.length() > 63) {
            errors.add(NameValidation.maxLenError(63));
        }
        if (!DNS1035_LABEL.matcher(checked).matches()) {
            errors.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                    + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
                    + "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
        }
        return errors;
    }

    /** The rules kube-apiserver applies to the spec of the native kinds users write most. */
    private static List<FieldError> nativeRules(ResourceType type, ObjectNode object, ObjectNode previous) {
        List<FieldError> errors = new ArrayList<>();
        FieldPath spec = FieldPath.root("spec");
        switch (type.kind()) {
            case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet" -> {
                JsonNode replicas = object.path("spec").path("replicas");
                if (replicas.isIntegralNumber() && replicas.asLong() < 0) {
                    errors.add(FieldError.invalid(spec.child("replicas"), replicas.asLong(),
                            "must be greater than or equal to 0"));
                }
                JsonNode selector = object.path("spec").path("selector");
                if (selector.isMissingNode() || selector.isNull()) {
                    errors.add(FieldError.required(spec.child("selector"), ""));
                } else if (selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty()) {
                    errors.add(FieldError.invalid(spec.child("selector"), selector.toString(),
                            "empty selector is invalid for deployment"));
                } else {
                    JsonNode templateLabels = object.path("spec").path("template").path("metadata").path("labels");
                    if (!selectorMatches(selector.path("matchLabels"), templateLabels)) {
                        errors.add(FieldError.invalid(spec.child("template").child("metadata").child("labels"),
                                labelText(templateLabels), "`selector` does not match template `labels`"));
                    }
                }
                errors.addAll(podSpecRules(object.path("spec").path("template").path("spec"),
                        spec.child("template").child("spec")));
                if (previous != null && !type.kind().equals("ReplicaSet")
                        && !Objects.equals(previous.path("spec").path("selector"), selector)) {
                    errors.add(FieldError.invalid(spec.child("selector"), selector.toString(), "field is immutable"));
                }
            }
            case "Service" -> {
                int index = 0;
                Set<String> portNames = new HashSet<>();
                for (JsonNode port : object.path("spec").path("ports")) {
                    FieldPath path = spec.child("ports").index(index++);
                    JsonNode number = port.path("port");
                    if (!number.isIntegralNumber()) {
                        errors.add(FieldError.required(path.child("port"), ""));
                    } else if (number.asLong() < 1 || number.asLong() > 65535) {
                        errors.add(FieldError.invalid(path.child("port"), number.asLong(),
                                "must be between 1 and 65535, inclusive"));
                    }
                    String name = port.path("name").asText("");
                    if (!name.isEmpty() && !portNames.add(name)) {
                        errors.add(FieldError.duplicate(path.child("name"), name));
                    }
                }
                String serviceType = object.path("spec").path("type").asText("ClusterIP");
                List<String> types = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
                if (!types.contains(serviceType)) {
                    errors.add(FieldError.notSupported(spec.child("type"), serviceType, types));
                }
            }
            case "ConfigMap", "Secret" -> {
                for (String field : List.of("data", "binaryData", "stringData")) {
                    for (Map.Entry<String, JsonNode> entry : object.path(field).properties()) {
                        if (!CONFIG_KEY.matcher(entry.getKey()).matches() || entry.getKey().length() > 253) {
                            errors.add(FieldError.invalid(FieldPath.root(field), entry.getKey(),
                                    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
                                            + "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for "
                                            + "validation is '[-._a-zA-Z0-9]+')"));
                        }
                    }
                }
            }
            default -> {
                // Other native kinds: metadata rules only.
            }
        }
        return errors;
    }

    private static List<FieldError> podSpecRules(JsonNode podSpec, FieldPath path) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode containers = podSpec.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            errors.add(FieldError.required(path.child("containers"), ""));
            return errors;
        }
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode container : containers) {
            FieldPath at = path.child("containers").index(index++);
            String name = container.path("name").asText("");
            if (name.isEmpty()) {
                errors.add(FieldError.required(at.child("name"), ""));
            } else {
                for (String message : NameValidation.isDns1123Label(name)) {
                    errors.add(FieldError.invalid(at.child("name"), name, message));
                }
                if (!names.add(name)) {
                    errors.add(FieldError.duplicate(at.child("name"), name));
                }
            }
            if (container.path("image").asText("").isBlank()) {
                errors.add(FieldError.required(at.child("image"), ""));
            }
        }
        return errors;
    }

    private static boolean selectorMatches(JsonNode matchLabels, JsonNode labels) {
        for (Map.Entry<String, JsonNode> entry : matchLabels.properties()) {
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static String labelText(JsonNode labels) {
        List<String> pairs = new ArrayList<>();
        labels.properties().forEach(e -> pairs.add(e.getKey() + ":" + e.getValue().asText()));
        return "map[" + String.join(" ", pairs) + "]";
    }

    private static String pathOf(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
