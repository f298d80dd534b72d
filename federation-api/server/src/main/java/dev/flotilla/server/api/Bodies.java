package dev.flotilla.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.core.Json;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Function;

/**
 * Decodes request bodies by Content-Type: JSON (also when the header is missing, as client-go's scale client
 * sends it), YAML, and Kubernetes protobuf for built-in kinds. Anything else is 415.
 */
public final class Bodies implements ApiHandler.BodyCodec {

    static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

    private final Function<byte[], JsonNode> protobuf;

    /** @param protobuf decodes a {@code k8s\0}-framed protobuf body to its JSON form, throwing {@link ApiException} */
    public Bodies(Function<byte[], JsonNode> protobuf) {
        this.protobuf = protobuf;
    }

    @Override
    public ObjectNode decodeObject(ApiRequest request, ResourceType type) {
        JsonNode node = decode(request, type);
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
                    + type.kind() + ": the request body must be a JSON object");
        }
        return object;
    }

    @Override
    public ObjectNode decodeAny(ApiRequest request) {
        JsonNode node = decode(request, null);
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        return object;
    }

    private JsonNode decode(ApiRequest request, ResourceType type) {
        byte[] body = request.body();
        if (body.length == 0) {
            throw ApiException.badRequest("the request body is empty");
        }
        String mediaType = mediaType(request.contentType());
        try {
            return switch (mediaType) {
                case "", "application/json", "*/*" -> Json.parse(body);
                case "application/yaml", "application/x-yaml", "text/yaml" -> Json.parseYaml(body);
                case PROTOBUF -> protobuf.apply(body);
                default -> throw ApiException.unsupportedMediaType("the body of the request was in an unknown "
                        + "format - accepted media types include: application/json, application/yaml, " + PROTOBUF);
            };
        } catch (IOException e) {
            String what = type == null ? "the request body" : type.kind() + " in version \"" + type.version() + "\"";
            throw ApiException.badRequest(what + " cannot be decoded: " + ApiHandler.decodeError(e));
        }
    }

    /** The media type of a Content-Type header, lower-cased, without parameters ({@code ""} when absent). */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon >= 0 ? contentType.substring(0, semicolon) : contentType;
        return type.trim().toLowerCase(Locale.ROOT);
    }
}
