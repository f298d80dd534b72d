package dev.flotilla.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;

import java.util.List;
import java.util.Map;

/**
 * The discovery documents kubectl and client-go read to learn which kinds exist: the legacy ones
 * ({@code APIVersions}, {@code APIGroupList}, {@code APIResourceList}) and the aggregated
 * {@code apidiscovery.k8s.io/v2} {@code APIGroupDiscoveryList} that newer clients ask for first.
 */
public final class Discovery {

    /** The content type that marks an aggregated discovery answer; clients check it, not the body. */
    public static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");
    private static final List<String> REVIEW_VERBS = List.of("create");

    private final ResourceRegistry registry;
    private final java.util.Set<String> reviewKinds;

    /** @param reviewKinds kinds answered inline and stored nowhere, which offer the create verb only */
    public Discovery(ResourceRegistry registry, java.util.Set<String> reviewKinds) {
        this.registry = registry;
        this.reviewKinds = reviewKinds;
    }

    /** Whether an Accept header asks for aggregated discovery (v2 or v2beta1). */
    public static boolean wantsAggregated(String accept) {
        return accept != null && accept.contains("as=APIGroupDiscoveryList") && accept.contains("g=apidiscovery.k8s.io");
    }

    public static String aggregatedContentType(String accept) {
        return accept != null && !accept.contains("v=v2;") && !accept.contains("v=v2,") && accept.contains("v=v2beta1")
                ? AGGREGATED_V2.replace("v=v2;", "v=v2beta1;") : AGGREGATED_V2;
    }

    public ObjectNode apiVersions(String serverAddress) {
        ObjectNode node = JSON.objectNode();
        node.put("kind", "APIVersions");
        node.putArray("versions").add("v1");
        ObjectNode cidr = node.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return node;
    }

    public ObjectNode apiGroupList() {
        ObjectNode node = JSON.objectNode();
        node.put("kind", "APIGroupList");
        node.put("apiVersion", "v1");
        ArrayNode groups = node.putArray("groups");
        for (Map.Entry<String, Map<String, List<ResourceType>>> group : registry.byGroupAndVersion().entrySet()) {
            if (group.getKey().isEmpty()) {
                continue;
            }
            groups.add(apiGroup(group.getKey(), group.getValue()));
        }
        return node;
    }

    /** The {@code APIGroup} of one group, or {@code null} if the group is unknown. */
    public ObjectNode apiGroup(String group) {
        Map<String, List<ResourceType>> versions = registry.byGroupAndVersion().get(group);
        if (group.isEmpty() || versions == null || versions.isEmpty()) {
            return null;
        }
        ObjectNode node = apiGroup(group, versions);
        node.put("kind", "APIGroup");
        node.put("apiVersion", "v1");
        return node;
    }

    private ObjectNode apiGroup(String group, Map<String, List<ResourceType>> versions) {
        ObjectNode node = JSON.objectNode();
        node.put("name", group);
        ArrayNode list = node.putArray("versions");
        String preferred = null;
        for (String version : versions.keySet()) {
            ObjectNode v = list.addObject();
            v.put("groupVersion", group + "/" + version);
            v.put("version", version);
            if (preferred == null) {
                preferred = version;
            }
        }
        ObjectNode preferredVersion = node.putObject("preferredVersion");
        preferredVersion.put("groupVersion", group + "/" + preferred);
        preferredVersion.put("version", preferred);
        return node;
    }

    /** The {@code APIResourceList} of one group-version, or {@code null} if it is unknown. */
    public ObjectNode apiResourceList(String group, String version) {
        Map<String, List<ResourceType>> versions = registry.byGroupAndVersion().get(group);
        List<ResourceType> types = versions == null ? null : versions.get(version);
        if (types == null || types.isEmpty()) {
            return null;
        }
        ObjectNode node = JSON.objectNode();
        node.put("kind", "APIResourceList");
        node.put("apiVersion", "v1");
        node.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = node.putArray("resources");
        for (ResourceType type : types) {
            ObjectNode resource = resources.addObject();
            resource.put("name", type.plural());
            resource.put("singularName", type.singular());
            resource.put("namespaced", type.namespaced());
            resource.put("kind", type.kind());
            strings(resource.putArray("verbs"), verbs(type));
            if (!type.shortNames().isEmpty()) {
                strings(resource.putArray("shortNames"), type.shortNames());
            }
            if (!type.categories().isEmpty()) {
                strings(resource.putArray("categories"), type.categories());
            }
            if (type.statusSubresource()) {
                ObjectNode status = resources.addObject();
                status.put("name", type.plural() + "/status");
                status.put("singularName", "");
                status.put("namespaced", type.namespaced());
                status.put("kind", type.kind());
                strings(status.putArray("verbs"), List.of("get", "patch", "update"));
            }
            if (type.scale() != null) {
                ObjectNode scale = resources.addObject();
                scale.put("name", type.plural() + "/scale");
                scale.put("singularName", "");
                scale.put("namespaced", type.namespaced());
                scale.put("group", "autoscaling");
                scale.put("version", "v1");
                scale.put("kind", "Scale");
                strings(scale.putArray("verbs"), List.of("get", "patch", "update"));
            }
        }
        return node;
    }

    /** The aggregated document for {@code /api} (core group only) or {@code /apis} (every other group). */
    public ObjectNode aggregated(boolean core) {
        ObjectNode node = JSON.objectNode();
        node.put("kind", "APIGroupDiscoveryList");
        node.put("apiVersion", "apidiscovery.k8s.io/v2");
        node.putObject("metadata");
        ArrayNode items = node.putArray("items");
        for (Map.Entry<String, Map<String, List<ResourceType>>> group : registry.byGroupAndVersion().entrySet()) {
            if (group.getKey().isEmpty() != core || group.getValue().isEmpty()) {
                continue;
            }
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            meta.put("name", group.getKey());
            ArrayNode versions = item.putArray("versions");
            for (Map.Entry<String, List<ResourceType>> version : group.getValue().entrySet()) {
                ObjectNode v = versions.addObject();
                v.put("version", version.getKey());
                v.put("freshness", "Current");
                ArrayNode resources = v.putArray("resources");
                for (ResourceType type : version.getValue()) {
                    resources.add(aggregatedResource(type));
                }
            }
        }
        return node;
    }

    private ObjectNode aggregatedResource(ResourceType type) {
        ObjectNode resource = JSON.objectNode();
        resource.put("resource", type.plural());
        resource.set("responseKind", gvk(type.group(), type.version(), type.kind()));
        resource.put("scope", type.namespaced() ? "Namespaced" : "Cluster");
        resource.put("singularResource", type.singular());
        strings(resource.putArray("verbs"), verbs(type));
        if (!type.shortNames().isEmpty()) {
            strings(resource.putArray("shortNames"), type.shortNames());
        }
        if (!type.categories().isEmpty()) {
            strings(resource.putArray("categories"), type.categories());
        }
        ArrayNode subresources = JSON.arrayNode();
        if (type.statusSubresource()) {
            ObjectNode status = subresources.addObject();
            status.put("subresource", "status");
            status.set("responseKind", gvk(type.group(), type.version(), type.kind()));
            strings(status.putArray("verbs"), List.of("get", "patch", "update"));
        }
        if (type.scale() != null) {
            ObjectNode scale = subresources.addObject();
            scale.put("subresource", "scale");
            scale.set("responseKind", gvk("autoscaling", "v1", "Scale"));
            strings(scale.putArray("verbs"), List.of("get", "patch", "update"));
        }
        if (!subresources.isEmpty()) {
            resource.set("subresources", subresources);
        }
        return resource;
    }

    private List<String> verbs(ResourceType type) {
        return reviewKinds.contains(type.kind()) ? REVIEW_VERBS : VERBS;
    }

    private static ObjectNode gvk(String group, String version, String kind) {
        ObjectNode node = JSON.objectNode();
        node.put("group", group);
        node.put("version", version);
        node.put("kind", kind);
        return node;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
