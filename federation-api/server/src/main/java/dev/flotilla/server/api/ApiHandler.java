package dev.flotilla.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.core.DeleteOptions;
import dev.flotilla.server.core.FieldSelector;
import dev.flotilla.server.core.Json;
import dev.flotilla.server.core.LabelSelector;
import dev.flotilla.server.core.ListOptions;
import dev.flotilla.server.core.ObjectBytes;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import dev.flotilla.server.table.Tables;
import dev.flotilla.store.StoreException;
import dev.flotilla.store.StoredObject;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves the resource API ({@code /api/v1/...} and {@code /apis/{group}/{version}/...}) for every registered
 * kind: routing by path, authentication and authorization in front of every verb, body decoding, and the
 * response shapes kubectl expects (objects, lists, Tables, Scale, Status).
 */
public final class ApiHandler {

    private static final Logger LOG = Logger.getLogger(ApiHandler.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Map<String, Set<String>> EXTRA_FIELD_SELECTORS = Map.of(
            "Secret", Set.of("type"),
            "Event", Set.of("involvedObject.kind", "involvedObject.name", "involvedObject.namespace",
                    "involvedObject.uid", "reason", "type", "source"),
            "Namespace", Set.of("status.phase"),
            "Service", Set.of("spec.clusterIP", "spec.type"));

    private final ResourceRegistry registry;
    private final ObjectService objects;
    private final Discovery discovery;
    private final BodyCodec bodies;
    private final Patching patching;
    private final RequestAuth auth;
    private final Map<String, ReviewHandler> reviews;
    private final int maxRequestBytes;
    private final Clock clock;

    public ApiHandler(ResourceRegistry registry, ObjectService objects, BodyCodec bodies, Patching patching,
                      RequestAuth auth, Map<String, ReviewHandler> reviews, int maxRequestBytes, Clock clock) {
        this.registry = registry;
        this.objects = objects;
        this.discovery = new Discovery(registry, reviews.keySet());
        this.bodies = bodies;
        this.patching = patching;
        this.auth = auth;
        this.reviews = reviews;
        this.maxRequestBytes = maxRequestBytes;
        this.clock = clock;
    }

    public Discovery discovery() {
        return discovery;
    }

    /** Answers one request; every failure becomes a Status response, never an exception. */
    public ApiResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (ApiException e) {
            return ApiResponse.error(e);
        } catch (StoreException.Unavailable e) {
            LOG.errorf(e, "%s %s: store unavailable", request.method(), request.path());
            return ApiResponse.error(ApiException.unavailable("the object store is unavailable: " + e.getMessage()));
        } catch (RuntimeException e) {
            // A bug, never the client's fault: log it whole, answer a Status without internals.
            LOG.errorf(e, "%s %s failed", request.method(), request.path());
            return ApiResponse.error(ApiException.internal("an internal error occurred while serving "
                    + request.method() + " " + request.path() + ": " + e.getClass().getSimpleName()));
        }
    }

    /** The resolved target of a resource request: the parsed path and its kind. */
    public record Resolved(RequestTarget target, ResourceType type) {
    }

    /** Parses a resource path and finds its kind; 404 when either is unknown. */
    public Resolved resolve(String path) {
        List<String> segments = segments(path);
        RequestTarget target;
        if (segments.size() >= 2 && segments.get(0).equals("api")) {
            target = RequestTarget.parse("", segments.get(1), segments.subList(2, segments.size()));
        } else if (segments.size() >= 3 && segments.get(0).equals("apis")) {
            target = RequestTarget.parse(segments.get(1), segments.get(2), segments.subList(3, segments.size()));
        } else {
            target = null;
        }
        if (target == null) {
            throw ApiException.pathNotFound();
        }
        ResourceType type = registry.byResource(target.group(), target.version(), target.resource())
                .orElseThrow(ApiException::pathNotFound);
        if (target.namespace() != null && !type.namespaced()) {
            throw ApiException.pathNotFound();
        }
        if (target.subresource() != null && !subresourceExists(type, target.subresource())
                && !reviews.containsKey(type.kind() + "/" + target.subresource())) {
            throw ApiException.pathNotFound();
        }
        return new Resolved(target, type);
    }

    /** Resolves a watch request and checks that the caller may watch it. */
    public Resolved authorizeWatch(ApiRequest request) {
        Resolved resolved = resolve(request.path());
        auth.authorize(auth.authenticate(request), "watch", resolved.type(), resolved.target(), request);
        return resolved;
    }

    static boolean subresourceExists(ResourceType type, String subresource) {
        return switch (subresource) {
            case "status" -> type.statusSubresource();
            case "scale" -> type.scale() != null;
            default -> false;
        };
    }

    private ApiResponse route(ApiRequest request) {
        RequestAuth.User user = auth.authenticate(request);
        ApiResponse discoveryAnswer = discoveryAnswer(request);
        if (discoveryAnswer != null) {
            return discoveryAnswer;
        }
        Resolved resolved = resolve(request.path());
        RequestTarget target = resolved.target();
        ResourceType type = resolved.type();
        String verb = verb(request.method(), target);
        auth.authorize(user, verb, type, target, request);
        if (request.body().length > maxRequestBytes) {
            throw ApiException.tooLarge("Request entity too large: limit is " + maxRequestBytes + " bytes");
        }
        String reviewKey = target.subresource() == null ? type.kind() : type.kind() + "/" + target.subresource();
        boolean review = reviews.containsKey(reviewKey);
        if (review && !verb.equals("create")) {
            throw ApiException.methodNotAllowed(type.kind() + " only accepts create: it is answered inline and "
                    + "stored nowhere");
        }
        String namespace = target.namespace();
        return switch (verb) {
            case "get" -> get(request, type, target);
            case "list" -> list(request, type, namespace);
            case "create" -> review ? review(request, type, target, reviewKey) : create(request, type, target);
            case "update" -> update(request, type, target);
            case "patch" -> patch(request, type, target);
            case "delete" -> delete(request, type, target);
            case "deletecollection" -> deleteCollection(request, type, namespace);
            default -> throw ApiException.methodNotAllowed("the server does not allow this method on the "
                    + "requested resource");
        };
    }

    /** The Kubernetes verb of a request, as authorization sees it. */
    private static String verb(String method, RequestTarget target) {
        boolean collection = target.isCollection();
        return switch (method) {
            case "GET", "HEAD" -> collection ? "list" : "get";
            case "POST" -> collection || target.subresource() != null ? "create" : "unsupported";
            case "PUT" -> collection ? "unsupported" : "update";
            case "PATCH" -> collection ? "unsupported" : "patch";
            case "DELETE" -> collection ? "deletecollection" : "delete";
            default -> "unsupported";
        };
    }

    // ------------------------------------------------------------------ discovery

    private ApiResponse discoveryAnswer(ApiRequest request) {
        if (!request.method().equals("GET")) {
            return null;
        }
        List<String> segments = segments(request.path());
        String accept = request.accept();
        if (segments.size() == 1 && segments.get(0).equals("api")) {
            return Discovery.wantsAggregated(accept)
                    ? new ApiResponse(200, Discovery.aggregatedContentType(accept), Json.bytes(discovery.aggregated(true)), List.of())
                    : ApiResponse.json(200, discovery.apiVersions(request.header("host") == null ? "" : request.header("host")));
        }
        if (segments.size() == 1 && segments.get(0).equals("apis")) {
            return Discovery.wantsAggregated(accept)
                    ? new ApiResponse(200, Discovery.aggregatedContentType(accept), Json.bytes(discovery.aggregated(false)), List.of())
                    : ApiResponse.json(200, discovery.apiGroupList());
        }
        if (segments.size() == 2 && segments.get(0).equals("api")) {
            return found(discovery.apiResourceList("", segments.get(1)));
        }
        if (segments.size() == 2 && segments.get(0).equals("apis")) {
            return found(discovery.apiGroup(segments.get(1)));
        }
        if (segments.size() == 3 && segments.get(0).equals("apis")) {
            return found(discovery.apiResourceList(segments.get(1), segments.get(2)));
        }
        return null;
    }

    private static ApiResponse found(ObjectNode document) {
        if (document == null) {
            throw ApiException.pathNotFound();
        }
        return ApiResponse.json(200, document);
    }

    // ------------------------------------------------------------------ reads

    private ApiResponse get(ApiRequest request, ResourceType type, RequestTarget target) {
        StoredObject stored = objects.getStored(type, target.namespace(), target.name());
        if ("scale".equals(target.subresource())) {
            return ApiResponse.json(200, Scales.toScale(type, ObjectService.toApi(stored)));
        }
        if (Tables.wanted(request.accept())) {
            return ApiResponse.json(200, Tables.build(Tables.apiVersion(request.accept()), type,
                    List.of(ObjectService.toApi(stored)), Long.toString(stored.modRevision()), null,
                    request.param("includeObject"), true, clock.instant()));
        }
        return new ApiResponse(200, ApiResponse.JSON, ObjectBytes.bytes(stored), List.of());
    }

    private ApiResponse list(ApiRequest request, ResourceType type, String namespace) {
        ListOptions options = listOptions(request, type);
        ObjectService.StoredPage page = objects.listStored(type, namespace, options);
        String resourceVersion = Long.toString(page.resourceVersion());
        if (Tables.wanted(request.accept())) {
            List<ObjectNode> items = page.items().stream().map(ObjectService::toApi).toList();
            return ApiResponse.json(200, Tables.build(Tables.apiVersion(request.accept()), type, items,
                    resourceVersion, page.continueToken(), request.param("includeObject"), true, clock.instant()));
        }
        // The list envelope is built around the stored bytes: no item is parsed or re-serialized.
        ObjectNode metadata = JSON.objectNode();
        metadata.put("resourceVersion", resourceVersion);
        if (page.continueToken() != null) {
            metadata.put("continue", page.continueToken());
        }
        int size = 128;
        for (StoredObject item : page.items()) {
            size += item.value().length + 32;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        writeAscii(out, "{\"kind\":" + Json.text(JSON.textNode(type.kind() + "List")) + ",\"apiVersion\":"
                + Json.text(JSON.textNode(type.apiVersion())) + ",\"metadata\":" + Json.text(metadata) + ",\"items\":[");
        for (int i = 0; i < page.items().size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            ObjectBytes.write(page.items().get(i), out);
        }
        writeAscii(out, "]}");
        return new ApiResponse(200, ApiResponse.JSON, out.toByteArray(), List.of());
    }

    private static void writeAscii(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }

    /** Reads selectors, paging and version from the query, rejecting what kube-apiserver rejects. */
    public ListOptions listOptions(ApiRequest request, ResourceType type) {
        LabelSelector labels;
        FieldSelector fields;
        try {
            labels = LabelSelector.parse(request.param("labelSelector"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unable to parse requirement: " + e.getMessage());
        }
        try {
            fields = FieldSelector.parse(request.param("fieldSelector"),
                    EXTRA_FIELD_SELECTORS.getOrDefault(type.kind(), Set.of()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        int limit = 0;
        String limitText = request.param("limit");
        if (limitText != null && !limitText.isEmpty()) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("limit: Invalid value: \"" + limitText + "\": must be an integer");
            }
        }
        String resourceVersion = request.param("resourceVersion");
        if (resourceVersion != null && !resourceVersion.isEmpty()) {
            try {
                if (Long.parseLong(resourceVersion) < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("resourceVersion: Invalid value: \"" + resourceVersion
                        + "\": must be a non-negative integer");
            }
        }
        return new ListOptions(labels, fields, resourceVersion, limit, request.param("continue"));
    }

    // ------------------------------------------------------------------ writes

    private ApiResponse create(ApiRequest request, ResourceType type, RequestTarget target) {
        if (target.subresource() != null) {
            throw ApiException.methodNotAllowed("create is not supported on " + target.subresource());
        }
        WriteOptions options = writeOptions(request);
        ObjectNode body = bodies.decodeObject(request, type);
        List<String> warnings = patching.checkFields(body, type, options);
        ObjectNode created = objects.create(type, target.namespace(), body, options);
        return ApiResponse.json(201, created, warnings);
    }

    private ApiResponse review(ApiRequest request, ResourceType type, RequestTarget target, String reviewKey) {
        ObjectNode body = target.subresource() == null ? bodies.decodeObject(request, type) : bodies.decodeAny(request);
        return ApiResponse.json(201, reviews.get(reviewKey).review(target, body));
    }

    private ApiResponse update(ApiRequest request, ResourceType type, RequestTarget target) {
        WriteOptions options = writeOptions(request);
        if ("scale".equals(target.subresource())) {
            ObjectNode scale = bodies.decodeAny(request);
            return ApiResponse.json(200, Scales.applyScale(objects, type, target, scale, options));
        }
        ObjectNode body = bodies.decodeObject(request, type);
        List<String> warnings = patching.checkFields(body, type, options);
        ObjectService.Scope scope = "status".equals(target.subresource())
                ? ObjectService.Scope.STATUS : ObjectService.Scope.MAIN;
        ObjectNode updated = objects.update(type, target.namespace(), target.name(), body, scope, options);
        return ApiResponse.json(200, updated, warnings);
    }

    private ApiResponse patch(ApiRequest request, ResourceType type, RequestTarget target) {
        WriteOptions options = writeOptions(request);
        String contentType = request.contentType();
        if ("scale".equals(target.subresource())) {
            ObjectNode current = objects.get(type, target.namespace(), target.name());
            JsonNode patched = patching.apply(contentType, Scales.toScale(type, current), request.body(),
                    Scales.SCALE_TYPE);
            return ApiResponse.json(200, Scales.applyScale(objects, type, target, asObject(patched), options));
        }
        ObjectService.Scope scope = "status".equals(target.subresource())
                ? ObjectService.Scope.STATUS : ObjectService.Scope.MAIN;
        List<String> warnings = new ArrayList<>();
        ObjectNode result = objects.mutate(type, target.namespace(), target.name(),
                patching.preconditionOf(contentType, request.body()), scope, options, current -> {
                    ObjectNode patched = asObject(patching.apply(contentType, current, request.body(), type));
                    warnings.clear();
                    warnings.addAll(patching.checkFields(patched, type, options));
                    return patched;
                });
        return ApiResponse.json(200, result, warnings);
    }

    private ApiResponse delete(ApiRequest request, ResourceType type, RequestTarget target) {
        if (target.subresource() != null) {
            throw ApiException.methodNotAllowed("delete is not supported on " + target.subresource());
        }
        DeleteOptions options = deleteOptions(request);
        ObjectNode result = objects.delete(type, target.namespace(), target.name(), options);
        return ApiResponse.json(200, result);
    }

    private ApiResponse deleteCollection(ApiRequest request, ResourceType type, String namespace) {
        DeleteOptions options = deleteOptions(request);
        ListOptions listOptions = listOptions(request, type);
        ObjectService.Page page = objects.list(type, namespace,
                new ListOptions(listOptions.labels(), listOptions.fields(), null, 0, null));
        ObjectNode list = JSON.objectNode();
        list.put("kind", type.kind() + "List");
        list.put("apiVersion", type.apiVersion());
        list.putObject("metadata").put("resourceVersion", Long.toString(page.resourceVersion()));
        ArrayNode items = list.putArray("items");
        for (ObjectNode item : page.items()) {
            String name = item.path("metadata").path("name").asText();
            String ns = item.path("metadata").path("namespace").asText(null);
            try {
                items.add(objects.delete(type, ns, name, options));
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return ApiResponse.json(200, list);
    }

    private static WriteOptions writeOptions(ApiRequest request) {
        String dryRun = request.param("dryRun");
        if (dryRun != null && !dryRun.isEmpty() && !dryRun.equals("All")) {
            throw ApiException.badRequest("dryRun: Unsupported value: \"" + dryRun + "\": supported values: \"All\"");
        }
        String validation = request.param("fieldValidation");
        if (validation == null || validation.isEmpty()) {
            validation = "Warn";
        } else if (!Set.of("Strict", "Warn", "Ignore").contains(validation)) {
            throw ApiException.badRequest("fieldValidation: Unsupported value: \"" + validation
                    + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
        }
        return new WriteOptions("All".equals(dryRun), validation);
    }

    private DeleteOptions deleteOptions(ApiRequest request) {
        boolean dryRun = "All".equals(request.param("dryRun"));
        String propagation = request.param("propagationPolicy");
        String uid = null;
        String version = null;
        if (request.body().length > 0) {
            JsonNode body = bodies.decodeAny(request);
            if (body.path("dryRun").isArray()) {
                for (JsonNode value : body.get("dryRun")) {
                    if (!value.asText().equals("All")) {
                        throw ApiException.badRequest("dryRun: Unsupported value: \"" + value.asText() + "\"");
                    }
                    dryRun = true;
                }
            }
            if (body.hasNonNull("propagationPolicy")) {
                propagation = body.get("propagationPolicy").asText();
            }
            JsonNode preconditions = body.path("preconditions");
            uid = preconditions.hasNonNull("uid") ? preconditions.get("uid").asText() : null;
            version = preconditions.hasNonNull("resourceVersion") ? preconditions.get("resourceVersion").asText() : null;
        }
        if (propagation != null && !Set.of("Background", "Foreground", "Orphan").contains(propagation)) {
            throw ApiException.badRequest("propagationPolicy: Unsupported value: \"" + propagation
                    + "\": supported values: \"Background\", \"Foreground\", \"Orphan\"");
        }
        return new DeleteOptions(dryRun, propagation, uid, version);
    }

    private static ObjectNode asObject(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("the patched document is not a JSON object");
        }
        return object;
    }

    static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(trimmed.split("/", -1));
    }

    /** Reads request bodies: JSON, YAML, or Kubernetes protobuf. */
    public interface BodyCodec {
        /** A body that must be an object of {@code type}. */
        ObjectNode decodeObject(ApiRequest request, ResourceType type);

        /** Any JSON object body (options, Scale). */
        ObjectNode decodeAny(ApiRequest request);
    }

    /** Patch application and field checks (the apimachinery library behind them). */
    public interface Patching {
        JsonNode apply(String contentType, ObjectNode current, byte[] patch, ResourceType type);

        /** The resourceVersion a patch body pins as a precondition, or {@code null}. */
        String preconditionOf(String contentType, byte[] patch);

        /**
         * Checks fields unknown to the kind's schema: with Strict an error (400), otherwise they are removed from
         * {@code object} and returned as warnings (Warn) or silently (Ignore).
         */
        List<String> checkFields(ObjectNode object, ResourceType type, WriteOptions options);
    }

    /**
     * Answers a review-style request: a kind that is only ever created and stored nowhere (PlacementPreview, like
     * SubjectAccessReview), or a create-only subresource (clusters/{name}/token, like serviceaccounts/{name}/token).
     * Registered under the kind, or under {@code Kind/subresource}.
     */
    public interface ReviewHandler {
        ObjectNode review(RequestTarget target, ObjectNode request);
    }

    static String decodeError(IOException e) {
        String message = e.getMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : String.valueOf(message);
    }
}
