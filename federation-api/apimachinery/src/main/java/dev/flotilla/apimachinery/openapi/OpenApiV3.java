package dev.flotilla.apimachinery.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.patch.PatchType;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Patch;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The OpenAPI v3 documents of {@code /openapi/v3}, as kubectl reads them: the index (one
 * {@code serverRelativeURL} with a content hash per group-version) and per group-version a complete OpenAPI
 * 3.0 document with every operation of every kind (each carrying {@code x-kubernetes-group-version-kind} and
 * {@code x-kubernetes-action}; the PATCH operations list the {@code fieldValidation} query parameter, which
 * tells kubectl the server validates, and the patch media types, strategic merge only for built-in kinds)
 * and the schemas of the kinds with everything they reference.
 *
 * <p>Documents are deterministic byte for byte, built once and rebuilt only when the registry's kinds or the
 * catalog's custom schemas change. Thread-safe.
 */
public final class OpenApiV3 {

    /**
     * The document of one group-version: {@code json} is the exact body to serve (shared: do not modify),
     * {@code hash} its SHA-512 as listed in the index.
     */
    public record Document(String path, byte[] json, String hash) {

        /** What the index lists for it: {@code /openapi/v3/apis/apps/v1?hash=<hash>}. */
        public String serverRelativeUrl() {
            return "/openapi/v3/" + path + "?hash=" + hash;
        }

        /** The document as a tree (parsed anew on each call). */
        public JsonNode tree() {
            try {
                return MAPPER.readTree(json);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("generated OpenAPI document is not JSON", e);
            }
        }
    }

    private record Snapshot(List<ResourceType> types, long catalogGeneration, byte[] index,
                            Map<String, Document> documents) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String REF = ModelSchemaGenerator.REF_PREFIX;
    private static final String STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
    private static final String DELETE_OPTIONS = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
    private static final String PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    private static final String SCALE = "io.k8s.api.autoscaling.v1.Scale";

    private final ResourceRegistry registry;
    private final SchemaCatalog catalog;
    private volatile Snapshot snapshot;

    public OpenApiV3(ResourceRegistry registry, SchemaCatalog catalog) {
        this.registry = registry;
        this.catalog = catalog;
    }

    /** The JSON of {@code GET /openapi/v3}: {@code {"paths":{"api/v1":{"serverRelativeURL":...},...}}}. */
    public byte[] indexJson() {
        return current().index().clone();
    }

    /**
     * The document of one group-version.
     *
     * @param path {@code api/v1} or {@code apis/<group>/<version>} (a leading {@code /} and a leading
     *             {@code openapi/v3/} are tolerated)
     */
    public Optional<Document> document(String path) {
        String key = path.startsWith("/") ? path.substring(1) : path;
        if (key.startsWith("openapi/v3/")) {
            key = key.substring("openapi/v3/".length());
        }
        return Optional.ofNullable(current().documents().get(key));
    }

    /** Every group-version document, keyed by path, in path order. */
    public Map<String, Document> documents() {
        return current().documents();
    }

    private Snapshot current() {
        List<ResourceType> types = List.copyOf(registry.all());
        Snapshot existing = snapshot;
        if (existing != null && existing.types().equals(types) && existing.catalogGeneration() == catalog.generation()) {
            return existing;
        }
        synchronized (this) {
            existing = snapshot;
            if (existing != null && existing.types().equals(types) && existing.catalogGeneration() == catalog.generation()) {
                return existing;
            }
            Snapshot built = build(types);
            snapshot = built;
            return built;
        }
    }

    private Snapshot build(List<ResourceType> types) {
        catalog.ensureGenerated(Status.class);
        catalog.ensureGenerated(DeleteOptions.class);
        catalog.ensureGenerated(Patch.class);
        catalog.ensureGenerated(Scale.class);
        Map<String, List<ResourceType>> byPath = new TreeMap<>();
        for (ResourceType type : types) {
            String path = type.groupVersionPath().substring(1);
            byPath.computeIfAbsent(path, p -> new ArrayList<>()).add(type);
        }
        Map<String, Document> documents = new LinkedHashMap<>();
        ObjectNode index = NODES.objectNode();
        ObjectNode indexPaths = index.putObject("paths");
        for (Map.Entry<String, List<ResourceType>> entry : byPath.entrySet()) {
            Document document = buildDocument(entry.getKey(), entry.getValue());
            documents.put(entry.getKey(), document);
            indexPaths.putObject(entry.getKey()).put("serverRelativeURL", document.serverRelativeUrl());
        }
        // Read after building: registering a missing custom kind's fallback schema bumps the generation.
        return new Snapshot(types, catalog.generation(), bytes(index), Collections.unmodifiableMap(documents));
    }

    private Document buildDocument(String path, List<ResourceType> types) {
        List<ResourceType> sorted = new ArrayList<>(types);
        sorted.sort((a, b) -> a.plural().compareTo(b.plural()));
        Map<String, ObjectNode> paths = new TreeMap<>();
        List<String> roots = new ArrayList<>(List.of(STATUS, DELETE_OPTIONS, PATCH));
        for (ResourceType type : sorted) {
            String kindSchema = catalog.ensureKind(type);
            roots.add(kindSchema);
            String listSchema = catalog.component(kindSchema + "List") != null ? kindSchema + "List" : null;
            if (listSchema != null) {
                roots.add(listSchema);
            }
            if (type.scale() != null) {
                roots.add(SCALE);
            }
            addPaths(paths, type, kindSchema, listSchema);
        }
        ObjectNode document = NODES.objectNode();
        document.put("openapi", "3.0.0");
        document.putObject("info").put("title", "Flotilla").put("version", "unversioned");
        ObjectNode pathsNode = document.putObject("paths");
        paths.forEach(pathsNode::set);
        ObjectNode schemas = document.putObject("components").putObject("schemas");
        catalog.closure(roots).forEach((name, schema) -> schemas.set(name, schema.deepCopy()));
        byte[] json = bytes(document);
        return new Document(path, json, sha512(json));
    }

    private void addPaths(Map<String, ObjectNode> paths, ResourceType type, String kindSchema, String listSchema) {
        String prefix = type.groupVersionPath();
        String collection = type.namespaced()
                ? prefix + "/namespaces/{namespace}/" + type.plural()
                : prefix + "/" + type.plural();
        String item = collection + "/{name}";
        String base = operationBase(type);
        ObjectNode gvk = gvk(type.group(), type.version(), type.kind());
        String listRef = listSchema != null ? listSchema : kindSchema;

        ObjectNode collectionItem = pathItem(type.namespaced(), false);
        collectionItem.set("get", operation("list" + base, type, gvk, "list", listQueryParameters(), null,
                responses(type, listRef, "200")));
        collectionItem.set("post", operation("create" + base, type, gvk, "post", writeQueryParameters(false),
                objectBody(kindSchema), responses(type, kindSchema, "200", "201", "202")));
        ArrayNode deleteCollectionParams = listQueryParameters();
        deleteCollectionParams.addAll(deleteQueryParameters());
        String deleteCollectionId = "delete" + groupVersionName(type) + "Collection"
                + (type.namespaced() ? "Namespaced" : "") + type.kind();
        collectionItem.set("delete", operation(deleteCollectionId, type, gvk, "deletecollection",
                deleteCollectionParams, objectBody(DELETE_OPTIONS), responses(type, STATUS, "200")));
        paths.put(collection, collectionItem);

        ObjectNode itemNode = pathItem(type.namespaced(), true);
        itemNode.set("get", operation("read" + base, type, gvk, "get", NODES.arrayNode(), null,
                responses(type, kindSchema, "200")));
        itemNode.set("put", operation("replace" + base, type, gvk, "put", writeQueryParameters(false),
                objectBody(kindSchema), responses(type, kindSchema, "200", "201")));
        itemNode.set("patch", operation("patch" + base, type, gvk, "patch", writeQueryParameters(true),
                patchBody(type), responses(type, kindSchema, "200", "201")));
        itemNode.set("delete", operation("delete" + base, type, gvk, "delete", deleteQueryParameters(),
                objectBody(DELETE_OPTIONS), responses(type, STATUS, "200", "202")));
        paths.put(item, itemNode);

        if (type.namespaced()) {
            ObjectNode allNamespaces = NODES.objectNode();
            allNamespaces.set("get", operation("list" + groupVersionName(type) + type.kind() + "ForAllNamespaces", type,
                    gvk, "list", listQueryParameters(), null, responses(type, listRef, "200")));
            paths.put(prefix + "/" + type.plural(), allNamespaces);
        }
        if (type.statusSubresource()) {
            paths.put(item + "/status", subresource(type, base + "Status", gvk, kindSchema));
        }
        if (type.scale() != null) {
            paths.put(item + "/scale", subresource(type, base + "Scale", gvk("autoscaling", "v1", "Scale"), SCALE));
        }
    }

    private ObjectNode subresource(ResourceType type, String base, ObjectNode gvk, String schema) {
        ObjectNode node = pathItem(type.namespaced(), true);
        node.set("get", operation("read" + base, type, gvk, "get", NODES.arrayNode(), null, responses(type, schema, "200")));
        node.set("put", operation("replace" + base, type, gvk, "put", writeQueryParameters(false), objectBody(schema),
                responses(type, schema, "200", "201")));
        node.set("patch", operation("patch" + base, type, gvk, "patch", writeQueryParameters(true), patchBody(type),
                responses(type, schema, "200", "201")));
        return node;
    }

    private static ObjectNode operation(String operationId, ResourceType type, ObjectNode gvk, String action,
                                        ArrayNode parameters, ObjectNode requestBody, ObjectNode responses) {
        ObjectNode operation = NODES.objectNode();
        operation.putArray("tags").add(tag(type));
        operation.put("description", description(action, type));
        operation.put("operationId", operationId);
        if (!parameters.isEmpty()) {
            operation.set("parameters", parameters);
        }
        if (requestBody != null) {
            operation.set("requestBody", requestBody);
        }
        operation.set("responses", responses);
        operation.put("x-kubernetes-action", action);
        operation.set("x-kubernetes-group-version-kind", gvk.deepCopy());
        return operation;
    }

    private static String description(String action, ResourceType type) {
        return switch (action) {
            case "list" -> "list or watch objects of kind " + type.kind();
            case "post" -> "create a " + type.kind();
            case "deletecollection" -> "delete collection of " + type.kind();
            case "get" -> "read the specified " + type.kind();
            case "put" -> "replace the specified " + type.kind();
            case "patch" -> "partially update the specified " + type.kind();
            case "delete" -> "delete a " + type.kind();
            default -> action + " " + type.kind();
        };
    }

    private static ObjectNode pathItem(boolean namespaced, boolean named) {
        ObjectNode item = NODES.objectNode();
        ArrayNode parameters = item.putArray("parameters");
        if (named) {
            parameters.add(pathParameter("name", "name of the object"));
        }
        if (namespaced) {
            parameters.add(pathParameter("namespace", "object name and auth scope, such as for teams and projects"));
        }
        parameters.add(queryParameter("pretty", "string", "If 'true', then the output is pretty printed."));
        return item;
    }

    private static ObjectNode pathParameter(String name, String description) {
        ObjectNode parameter = NODES.objectNode();
        parameter.put("name", name).put("in", "path").put("description", description).put("required", true);
        parameter.putObject("schema").put("type", "string").put("uniqueItems", true);
        return parameter;
    }

    private static ObjectNode queryParameter(String name, String type, String description) {
        ObjectNode parameter = NODES.objectNode();
        parameter.put("name", name).put("in", "query").put("description", description);
        parameter.putObject("schema").put("type", type).put("uniqueItems", true);
        return parameter;
    }

    private static ArrayNode listQueryParameters() {
        ArrayNode parameters = NODES.arrayNode();
        parameters.add(queryParameter("allowWatchBookmarks", "boolean", "requests watch events with type \"BOOKMARK\""));
        parameters.add(queryParameter("continue", "string", "the continue token of a previous paginated list"));
        parameters.add(queryParameter("fieldSelector", "string", "restricts the objects returned by their fields"));
        parameters.add(queryParameter("labelSelector", "string", "restricts the objects returned by their labels"));
        parameters.add(queryParameter("limit", "integer", "the maximum number of objects to return"));
        parameters.add(queryParameter("resourceVersion", "string", "the resource version to list or watch from"));
        parameters.add(queryParameter("resourceVersionMatch", "string", "how resourceVersion applies to a list"));
        parameters.add(queryParameter("sendInitialEvents", "boolean", "begin a watch with synthetic ADDED events"));
        parameters.add(queryParameter("timeoutSeconds", "integer", "timeout for the list or watch call"));
        parameters.add(queryParameter("watch", "boolean", "watch for changes instead of listing"));
        return parameters;
    }

    private static ArrayNode writeQueryParameters(boolean patch) {
        ArrayNode parameters = NODES.arrayNode();
        parameters.add(queryParameter("dryRun", "string", "when present (All), the change is not persisted"));
        parameters.add(queryParameter("fieldManager", "string", "the name of the actor making the change"));
        parameters.add(queryParameter("fieldValidation", "string", "how the server treats unknown or duplicate "
                + "fields in the body: Ignore, Warn or Strict (the server validates; kubectl relies on it)"));
        if (patch) {
            parameters.add(queryParameter("force", "boolean", "for server-side apply: take conflicting fields over"));
        }
        return parameters;
    }

    private static ArrayNode deleteQueryParameters() {
        ArrayNode parameters = NODES.arrayNode();
        parameters.add(queryParameter("dryRun", "string", "when present (All), the deletion is not persisted"));
        parameters.add(queryParameter("gracePeriodSeconds", "integer", "seconds before the object is deleted"));
        parameters.add(queryParameter("orphanDependents", "boolean", "deprecated: use propagationPolicy"));
        parameters.add(queryParameter("propagationPolicy", "string", "Orphan, Background or Foreground"));
        return parameters;
    }

    private static ObjectNode objectBody(String schema) {
        ObjectNode body = NODES.objectNode();
        body.putObject("content").putObject("*/*").putObject("schema").put("$ref", REF + schema);
        body.put("required", true);
        return body;
    }

    private static ObjectNode patchBody(ResourceType type) {
        ObjectNode body = NODES.objectNode();
        ObjectNode content = body.putObject("content");
        List<String> mediaTypes = new ArrayList<>(List.of(PatchType.APPLY_YAML_CONTENT_TYPE,
                PatchType.JSON.contentType(), PatchType.MERGE.contentType()));
        if (type.nativeKind()) {
            mediaTypes.add(PatchType.STRATEGIC.contentType());
        }
        for (String mediaType : mediaTypes) {
            content.putObject(mediaType).putObject("schema").put("$ref", REF + PATCH);
        }
        body.put("required", true);
        return body;
    }

    private static ObjectNode responses(ResourceType type, String schema, String... codes) {
        ObjectNode responses = NODES.objectNode();
        List<String> mediaTypes = type.nativeKind()
                ? List.of("application/json", "application/vnd.kubernetes.protobuf", "application/yaml")
                : List.of("application/json", "application/yaml");
        for (String code : codes) {
            ObjectNode response = responses.putObject(code);
            response.put("description", switch (code) {
                case "201" -> "Created";
                case "202" -> "Accepted";
                default -> "OK";
            });
            ObjectNode content = response.putObject("content");
            for (String mediaType : mediaTypes) {
                content.putObject(mediaType).putObject("schema").put("$ref", REF + schema);
            }
        }
        responses.putObject("401").put("description", "Unauthorized");
        return responses;
    }

    private static ObjectNode gvk(String group, String version, String kind) {
        return NODES.objectNode().put("group", group).put("kind", kind).put("version", version);
    }

    /** {@code AppsV1Namespaced<Kind>} / {@code CoreV1<Kind>}, the middle of kube's operation ids. */
    private static String operationBase(ResourceType type) {
        return groupVersionName(type) + (type.namespaced() ? "Namespaced" : "") + type.kind();
    }

    private static String groupVersionName(ResourceType type) {
        return groupName(type.group()) + capitalize(type.version());
    }

    private static String groupName(String group) {
        if (group.isEmpty()) {
            return "Core";
        }
        String trimmed = group.endsWith(".k8s.io") ? group.substring(0, group.length() - ".k8s.io".length()) : group;
        StringBuilder name = new StringBuilder();
        for (String part : trimmed.split("[.-]")) {
            name.append(capitalize(part));
        }
        return name.toString();
    }

    private static String tag(ResourceType type) {
        String name = groupName(type.group());
        return Character.toLowerCase(name.charAt(0)) + name.substring(1) + "_" + type.version();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an OpenAPI document", e);
        }
    }

    /** Upper-case hex SHA-512 of the document, as kube-apiserver hashes its OpenAPI v3 documents. */
    static String sha512(byte[] bytes) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);
        }
    }
}
