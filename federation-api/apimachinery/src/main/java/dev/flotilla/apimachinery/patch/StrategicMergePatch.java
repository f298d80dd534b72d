package dev.flotilla.apimachinery.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes strategic merge patch, as kube-apiserver applies it to a stored object (the equivalent of
 * apimachinery's {@code StrategicMergeMapPatch} with unmatched nulls ignored and parallel lists merged).
 *
 * <p>Rules, driven by {@link PatchMeta}:
 * <ul>
 *   <li>maps merge recursively, {@code null} deletes a key; a field with strategy {@code replace} is replaced;</li>
 *   <li>lists whose strategy is {@code merge} merge element-wise: maps by their merge key (a matching element
 *       is merged, a new one appended), primitives as an ordered set union; other lists are replaced;</li>
 *   <li>{@code $patch: replace} in a map replaces it, {@code $patch: delete} removes it, {@code $patch: merge}
 *       is the default; as a list element, {@code {"$patch":"replace"}} makes the other elements the whole
 *       list and {@code {"name":"x","$patch":"delete"}} removes the element with that merge key;</li>
 *   <li>{@code $retainKeys: [..]} drops every key of the original map not listed (patch content outside the
 *       list is rejected with 422);</li>
 *   <li>{@code $deleteFromPrimitiveList/<list>: [..]} removes those values from a primitive list;</li>
 *   <li>{@code $setElementOrder/<list>: [..]} orders the merged list: listed elements in the given order,
 *       elements only on the server keep their place relative to the original.</li>
 * </ul>
 * Directives never reach the result, also inside values the original did not have.
 *
 * <p>One deliberate leniency: {@code $patch: merge} (accepted by the documentation, rejected by apimachinery on
 * list elements with "merging lists cannot yet be specified in the patch") is accepted as a no-op.
 */
public final class StrategicMergePatch {

    static final String PATCH = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String SET_ELEMENT_ORDER = "$setElementOrder/";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StrategicMergePatch() {
    }

    /**
     * Applies a strategic merge patch. Pure: neither input is modified.
     *
     * @param original the stored object
     * @param patch    the parsed patch; must be an object
     * @param meta     the patch strategies of the object's kind
     * @throws PatchException 400 for malformed directives, 422 for content that contradicts {@code $retainKeys}
     */
    public static ObjectNode apply(JsonNode original, JsonNode patch, PatchMeta meta) {
        if (!patch.isObject()) {
            throw PatchException.badRequest("a strategic merge patch must be a JSON object, got " + kind(patch));
        }
        ObjectNode start = original != null && original.isObject() ? ((ObjectNode) original).deepCopy() : NODES.objectNode();
        ObjectNode merged = mergeMap(start, (ObjectNode) patch, meta, "");
        return merged == null ? NODES.objectNode() : merged;
    }

    /**
     * Merges a patch map into an original map (mutated and returned). Returns {@code null} when the patch
     * says {@code $patch: delete}: the caller removes the field.
     */
    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, PatchMeta meta, String path) {
        JsonNode directive = patch.get(PATCH);
        if (directive != null) {
            String value = directive.asText();
            switch (value) {
                case "replace": {
                    ObjectNode copy = patch.deepCopy();
                    copy.remove(PATCH);
                    return mergeMap(NODES.objectNode(), copy, meta, path);
                }
                case "delete":
                    return null;
                case "merge":
                    break;
                default:
                    throw PatchException.badRequest("Unknown patch type: " + directive + " in map at " + where(path));
            }
        }
        ObjectNode result = original != null ? original : NODES.objectNode();

        JsonNode retainKeys = patch.get(RETAIN_KEYS);
        if (retainKeys != null) {
            applyRetainKeys(result, patch, retainKeys, path);
        }

        Map<String, JsonNode> orders = new LinkedHashMap<>();
        Map<String, List<JsonNode>> serverOrders = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                deleteFromPrimitiveList(result, key.substring(DELETE_FROM_PRIMITIVE_LIST.length()), entry.getValue(), path);
            } else if (key.startsWith(SET_ELEMENT_ORDER)) {
                String list = key.substring(SET_ELEMENT_ORDER.length());
                if (!entry.getValue().isArray()) {
                    throw PatchException.badRequest("invalid patch: " + key + " at " + where(path)
                            + " must be a list, got " + kind(entry.getValue()));
                }
                orders.put(list, entry.getValue());
                // Remember the server's order before merging: elements only on the server keep their place in it.
                JsonNode current = result.get(list);
                serverOrders.put(list, current != null && current.isArray() ? copyElements((ArrayNode) current) : List.of());
            }
        }

        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.startsWith("$")) {
                if (!key.equals(PATCH) && !key.equals(RETAIN_KEYS) && !key.startsWith(SET_ELEMENT_ORDER)
                        && !key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                    throw PatchException.badRequest("unknown strategic merge patch directive " + key + " at " + where(path));
                }
                continue;
            }
            JsonNode patchValue = entry.getValue();
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (patchValue.isNull()) {
                result.remove(key);
                continue;
            }
            PatchMeta fieldMeta = meta.field(key);
            JsonNode originalValue = result.get(key);
            JsonNode merged;
            if (patchValue.isObject() && originalValue != null && originalValue.isObject() && !fieldMeta.replacesMap()) {
                merged = mergeMap((ObjectNode) originalValue, (ObjectNode) patchValue, fieldMeta, childPath);
            } else if (patchValue.isArray() && originalValue != null && originalValue.isArray()) {
                merged = mergeList((ArrayNode) originalValue, (ArrayNode) patchValue, fieldMeta, childPath);
            } else {
                merged = clean(patchValue, fieldMeta, childPath);
            }
            if (merged == null) {
                result.remove(key);
            } else {
                result.set(key, merged);
            }
        }

        for (Map.Entry<String, JsonNode> order : orders.entrySet()) {
            JsonNode list = result.get(order.getKey());
            if (list != null && list.isArray()) {
                PatchMeta listMeta = meta.field(order.getKey());
                String childPath = path.isEmpty() ? order.getKey() : path + "." + order.getKey();
                result.set(order.getKey(), applyOrder((ArrayNode) list, order.getValue(),
                        serverOrders.get(order.getKey()), listMeta.mergeKey().orElse(null), childPath));
            }
        }
        return result;
    }

    /** A patch value placed where the original had nothing comparable: directives and nulls are resolved. */
    private static JsonNode clean(JsonNode patchValue, PatchMeta meta, String path) {
        if (patchValue.isObject()) {
            return mergeMap(NODES.objectNode(), (ObjectNode) patchValue, meta, path);
        }
        if (patchValue.isArray()) {
            return mergeList(NODES.arrayNode(), (ArrayNode) patchValue, meta, path);
        }
        return patchValue;
    }

    private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, PatchMeta meta, String path) {
        PatchMeta itemMeta = meta.items();
        if (!meta.mergesList()) {
            // Replaced wholesale; directive-only elements make no sense here and are dropped.
            ArrayNode replaced = NODES.arrayNode();
            for (JsonNode element : patch) {
                if (element.isObject() && element.has(PATCH)) {
                    continue;
                }
                JsonNode cleaned = clean(element, itemMeta, path);
                if (cleaned != null) {
                    replaced.add(cleaned);
                }
            }
            return replaced;
        }
        String mergeKey = meta.mergeKey().orElse(null);
        boolean listOfMaps = mergeKey != null;
        if (!listOfMaps) {
            return mergePrimitiveList(original, patch, path);
        }

        List<JsonNode> elements = copyElements(original);
        boolean replace = false;
        List<ObjectNode> toMerge = new ArrayList<>();
        for (JsonNode element : patch) {
            if (!element.isObject()) {
                throw PatchException.badRequest("invalid patch at " + where(path) + ": expected a list of objects merged by \""
                        + mergeKey + "\", found " + kind(element));
            }
            JsonNode directive = element.get(PATCH);
            if (directive == null) {
                toMerge.add((ObjectNode) element);
                continue;
            }
            switch (directive.asText()) {
                case "delete" -> {
                    JsonNode keyValue = element.get(mergeKey);
                    if (keyValue == null) {
                        throw PatchException.badRequest("map: " + element + " does not contain declared merge key: "
                                + mergeKey + " (at " + where(path) + ")");
                    }
                    elements.removeIf(existing -> sameValue(existing.get(mergeKey), keyValue));
                }
                case "replace" -> replace = true;
                case "merge" -> {
                    // The default for this list; nothing to do.
                }
                default -> throw PatchException.badRequest("Unknown patch type: " + directive + " in list at " + where(path));
            }
        }
        if (replace) {
            elements = new ArrayList<>();
        }
        for (ObjectNode element : toMerge) {
            JsonNode keyValue = element.get(mergeKey);
            if (keyValue == null || keyValue.isNull()) {
                throw PatchException.badRequest("map: " + element + " does not contain declared merge key: "
                        + mergeKey + " (at " + where(path) + ")");
            }
            int index = indexOf(elements, mergeKey, keyValue);
            String elementPath = path + "[" + mergeKey + "=" + keyValue.asText() + "]";
            if (index >= 0 && elements.get(index).isObject()) {
                ObjectNode merged = mergeMap((ObjectNode) elements.get(index), element, itemMeta, elementPath);
                if (merged == null) {
                    elements.remove(index);
                } else {
                    elements.set(index, merged);
                }
            } else {
                ObjectNode added = mergeMap(NODES.objectNode(), element, itemMeta, elementPath);
                if (added != null) {
                    elements.add(added);
                }
            }
        }
        return NODES.arrayNode().addAll(elements);
    }

    private static ArrayNode mergePrimitiveList(ArrayNode original, ArrayNode patch, String path) {
        List<JsonNode> elements = copyElements(original);
        List<JsonNode> additions = new ArrayList<>();
        boolean replace = false;
        for (JsonNode element : patch) {
            if (element.isObject() && element.has(PATCH)) {
                String directive = element.get(PATCH).asText();
                if (directive.equals("replace")) {
                    replace = true;
                } else if (!directive.equals("merge")) {
                    throw PatchException.badRequest("Unknown patch type: " + element.get(PATCH) + " in list at " + where(path));
                }
                continue;
            }
            if (element.isContainerNode()) {
                throw PatchException.badRequest("invalid patch at " + where(path)
                        + ": a list merged as a set holds only primitive values, found " + kind(element));
            }
            additions.add(element);
        }
        if (replace) {
            elements = new ArrayList<>();
        }
        for (JsonNode value : additions) {
            if (elements.stream().noneMatch(existing -> sameValue(existing, value))) {
                elements.add(value);
            }
        }
        return NODES.arrayNode().addAll(elements);
    }

    private static void applyRetainKeys(ObjectNode original, ObjectNode patch, JsonNode retainKeys, String path) {
        if (!retainKeys.isArray()) {
            throw PatchException.badRequest("invalid patch: $retainKeys at " + where(path) + " must be a list of field names");
        }
        Set<String> retained = new HashSet<>();
        for (JsonNode name : retainKeys) {
            if (!name.isTextual()) {
                throw PatchException.badRequest("invalid patch: $retainKeys at " + where(path)
                        + " must be a list of field names, found " + name);
            }
            retained.add(name.asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.startsWith("$") || entry.getValue().isNull()) {
                continue;
            }
            if (!retained.contains(key)) {
                throw PatchException.invalid("doesn't match the retainKeys list: field \"" + key + "\" at "
                        + where(path) + " is in the patch but not in $retainKeys " + retainKeys);
            }
        }
        original.retain(retained);
    }

    private static void deleteFromPrimitiveList(ObjectNode original, String list, JsonNode values, String path) {
        if (!values.isArray()) {
            throw PatchException.badRequest("invalid patch: " + DELETE_FROM_PRIMITIVE_LIST + list + " at " + where(path)
                    + " must be a list, got " + kind(values));
        }
        JsonNode current = original.get(list);
        if (current == null || !current.isArray()) {
            return;
        }
        ArrayNode kept = NODES.arrayNode();
        for (JsonNode element : current) {
            boolean deleted = false;
            for (JsonNode value : values) {
                deleted |= sameValue(element, value);
            }
            if (!deleted) {
                kept.add(element);
            }
        }
        original.set(list, kept);
    }

    /**
     * Orders a merged list by a {@code $setElementOrder} list: elements named there come in that order, the
     * others (only on the server) keep their relative order and stay before the first listed element that
     * followed them in the original list.
     */
    private static ArrayNode applyOrder(ArrayNode merged, JsonNode order, List<JsonNode> serverOrder, String mergeKey,
                                        String path) {
        List<JsonNode> orderKeys = new ArrayList<>();
        for (JsonNode entry : order) {
            if (mergeKey != null) {
                if (!entry.isObject() || entry.get(mergeKey) == null) {
                    throw PatchException.badRequest("invalid patch: $setElementOrder/ at " + where(path)
                            + " has an element without the merge key \"" + mergeKey + "\": " + entry);
                }
                orderKeys.add(entry.get(mergeKey));
            } else {
                if (entry.isContainerNode()) {
                    // A list of maps without a merge key cannot be ordered by identity; leave it as merged.
                    return merged;
                }
                orderKeys.add(entry);
            }
        }
        List<JsonNode> serverKeys = new ArrayList<>();
        for (JsonNode element : serverOrder) {
            serverKeys.add(identity(element, mergeKey));
        }
        List<JsonNode> listed = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode element : merged) {
            JsonNode id = identity(element, mergeKey);
            if (id != null && indexOfValue(orderKeys, id) >= 0) {
                listed.add(element);
            } else {
                serverOnly.add(element);
            }
        }
        listed.sort(Comparator.comparingInt(e -> indexOfValue(orderKeys, identity(e, mergeKey))));
        serverOnly.sort(Comparator.comparingInt(e -> {
            int index = indexOfValue(serverKeys, identity(e, mergeKey));
            return index < 0 ? Integer.MAX_VALUE : index;
        }));
        // Merge the two sorted runs; a server-only element goes first when it preceded the listed one originally.
        List<JsonNode> result = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() || j < listed.size()) {
            if (j >= listed.size()) {
                result.add(serverOnly.get(i++));
            } else if (i >= serverOnly.size()) {
                result.add(listed.get(j++));
            } else {
                int left = indexOfValue(serverKeys, identity(serverOnly.get(i), mergeKey));
                int right = indexOfValue(serverKeys, identity(listed.get(j), mergeKey));
                if (left >= 0 && right >= 0 && left < right) {
                    result.add(serverOnly.get(i++));
                } else {
                    result.add(listed.get(j++));
                }
            }
        }
        return NODES.arrayNode().addAll(result);
    }

    private static JsonNode identity(JsonNode element, String mergeKey) {
        if (mergeKey == null) {
            return element;
        }
        return element.isObject() ? element.get(mergeKey) : null;
    }

    private static int indexOf(List<JsonNode> elements, String mergeKey, JsonNode keyValue) {
        for (int i = 0; i < elements.size(); i++) {
            if (sameValue(elements.get(i).get(mergeKey), keyValue)) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfValue(List<JsonNode> values, JsonNode value) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < values.size(); i++) {
            if (sameValue(values.get(i), value)) {
                return i;
            }
        }
        return -1;
    }

    /** JSON equality that does not care whether a number was parsed as int, long or decimal. */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static List<JsonNode> copyElements(ArrayNode array) {
        List<JsonNode> list = new ArrayList<>(array.size());
        array.forEach(list::add);
        return list;
    }

    private static String where(String path) {
        return path.isEmpty() ? "the top level" : "\"" + path + "\"";
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase();
        };
    }
}
