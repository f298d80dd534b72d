package dev.flotilla.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaCrds;
import dev.flotilla.apimachinery.openapi.CrdLoader;
import dev.flotilla.apimachinery.openapi.CustomKind;
import dev.flotilla.apimachinery.openapi.OpenApiV3;
import dev.flotilla.apimachinery.openapi.SchemaCatalog;
import dev.flotilla.apimachinery.openapi.SchemaValidator;
import dev.flotilla.apimachinery.patch.PatchException;
import dev.flotilla.apimachinery.patch.PatchType;
import dev.flotilla.apimachinery.patch.Patcher;
import dev.flotilla.apimachinery.patch.UnsupportedPatchTypeException;
import dev.flotilla.apimachinery.protobuf.ProtobufDecodeException;
import dev.flotilla.apimachinery.protobuf.ProtobufDecoder;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.api.ApiHandler;
import dev.flotilla.server.api.Bodies;
import dev.flotilla.server.core.Json;
import dev.flotilla.server.core.WriteOptions;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API machinery the server runs on, assembled once: the registry of kinds (native ones plus the Flotilla
 * kinds read from their generated CRDs), their OpenAPI schemas, the patcher that reads merge keys from those
 * schemas, the schema checks behind {@code fieldValidation}, and the body decoders.
 */
public final class ApiComponents {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern PATH_STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private final ResourceRegistry registry;
    private final SchemaCatalog schemas;
    private final Patcher patcher;
    private final OpenApiV3 openApi;
    private final SchemaValidator schemaValidator;

    private ApiComponents(ResourceRegistry registry, SchemaCatalog schemas) {
        this.registry = registry;
        this.schemas = schemas;
        this.patcher = new Patcher(schemas);
        this.openApi = new OpenApiV3(registry, schemas);
        this.schemaValidator = new SchemaValidator(schemas);
    }

    /** The native kinds and every Flotilla kind, with their schemas. */
    public static ApiComponents create() {
        ResourceRegistry registry = ResourceRegistry.withNativeTypes();
        SchemaCatalog schemas = new SchemaCatalog();
        List<CustomKind> kinds = new ArrayList<>();
        for (CustomResourceDefinition crd : FlotillaCrds.loadAll()) {
            kinds.addAll(CrdLoader.parse(Json.text(MAPPER.valueToTree(crd)), crd.getMetadata().getName()));
        }
        kinds.forEach(kind -> registry.register(kind.type()));
        schemas.registerAll(kinds);
        return new ApiComponents(registry, schemas);
    }

    public ResourceRegistry registry() {
        return registry;
    }

    public SchemaCatalog schemas() {
        return schemas;
    }

    public OpenApiV3 openApi() {
        return openApi;
    }

    /** Request bodies: JSON, YAML, and protobuf for built-in kinds. */
    public ApiHandler.BodyCodec bodies() {
        return new Bodies(body -> {
            try {
                return ProtobufDecoder.decode(body);
            } catch (ProtobufDecodeException e) {
                throw new ApiException(e.status(), e.reason(), e.getMessage(), null);
            }
        });
    }

    /** Patch types and {@code fieldValidation}, backed by the schemas. */
    public ApiHandler.Patching patching() {
        return new ApiHandler.Patching() {
            @Override
            public JsonNode apply(String contentType, ObjectNode current, byte[] patch, ResourceType type) {
                try {
                    return patcher.apply(PatchType.fromContentType(contentType), current, patch, type);
                } catch (UnsupportedPatchTypeException e) {
                    throw ApiException.unsupportedMediaType(e.getMessage());
                } catch (PatchException e) {
                    throw new ApiException(e.status(), e.reason(), e.getMessage(), null);
                }
            }

            @Override
            public String preconditionOf(String contentType, byte[] patch) {
                // Merge-style patches may pin a version in metadata.resourceVersion; JSON patches use a test op.
                if (patch.length == 0 || patch[0] != '{') {
                    return null;
                }
                try {
                    JsonNode version = Json.parse(patch).path("metadata").path("resourceVersion");
                    return version.isTextual() && !version.asText().isEmpty() ? version.asText() : null;
                } catch (java.io.IOException e) {
                    return null;
                }
            }

            @Override
            public List<String> checkFields(ObjectNode object, ResourceType type, WriteOptions options) {
                SchemaValidator.Result result = schemaValidator.validate(object, type);
                if (!result.typeMismatches().isEmpty() && type.nativeKind()) {
                    SchemaValidator.TypeMismatch first = result.typeMismatches().get(0);
                    throw ApiException.badRequest(type.kind() + " in version \"" + type.version()
                            + "\" cannot be handled as a " + type.kind() + ": " + first.message());
                }
                List<String> unknown = result.unknownFields();
                if (unknown.isEmpty()) {
                    return List.of();
                }
                if (options.strict()) {
                    throw ApiException.badRequest(SchemaValidator.strictDecodingError(unknown));
                }
                unknown.forEach(path -> remove(object, path));
                if (options.fieldValidation().equals("Ignore")) {
                    return List.of();
                }
                return unknown.stream().map(path -> "unknown field \"" + path + "\"").toList();
            }
        };
    }

    /** Removes the field at a path such as {@code spec.template.spec.containers[1].imag}. */
    static void remove(ObjectNode root, String path) {
        Matcher matcher = PATH_STEP.matcher(path);
        List<String> steps = new ArrayList<>();
        while (matcher.find()) {
            steps.add(matcher.group(1) != null ? matcher.group(1) : "#" + matcher.group(2));
        }
        JsonNode node = root;
        for (int i = 0; i < steps.size() - 1 && node != null; i++) {
            String step = steps.get(i);
            node = step.startsWith("#") ? node.get(Integer.parseInt(step.substring(1))) : node.get(step);
        }
        String last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (node instanceof ObjectNode object && last != null && !last.startsWith("#")) {
            object.remove(last);
        } else if (node instanceof ArrayNode array && last != null && last.startsWith("#")) {
            array.remove(Integer.parseInt(last.substring(1)));
        }
    }
}
