package dev.flotilla.apimachinery.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.flotilla.apimachinery.registry.ResourceType;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatch;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Objects;

/**
 * Applies a {@code PATCH} request body to a stored object, for each of the three patch types, with the errors
 * kube-apiserver gives:
 *
 * <table>
 *   <caption>Outcomes by patch type</caption>
 *   <tr><th>type</th><th>400 BadRequest</th><th>422 Invalid</th><th>415 UnsupportedMediaType</th></tr>
 *   <tr><td>JSON (RFC 6902)</td><td>body not JSON, or not an array of objects</td>
 *       <td>an operation fails: missing path, failed {@code test}, unknown or incomplete {@code op}</td><td>-</td></tr>
 *   <tr><td>MERGE (RFC 7386)</td><td>body not JSON, or not an object</td><td>-</td><td>-</td></tr>
 *   <tr><td>STRATEGIC</td><td>body not JSON or not an object; malformed directive</td>
 *       <td>content outside {@code $retainKeys}</td><td>the kind is not built in</td></tr>
 * </table>
 *
 * <p>The result is a new tree; the original is not modified. What the server does next (keep
 * {@code metadata.name}, {@code resourceVersion} checks, validation) is not this class's business.
 */
public final class Patcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PatchMetaSource patchMeta;

    /** @param patchMeta where strategic merge finds the patch strategies of each kind (the schema catalog) */
    public Patcher(PatchMetaSource patchMeta) {
        this.patchMeta = Objects.requireNonNull(patchMeta, "patchMeta");
    }

    /**
     * Applies {@code patchBody} to {@code original}.
     *
     * @param type      from {@link PatchType#fromContentType(String)}
     * @param original  the stored object
     * @param patchBody the raw request body
     * @param resource  the kind being patched (strategic merge needs a built-in kind and its schema)
     * @return the patched object, a fresh tree
     * @throws PatchException with the status and reason to answer with
     */
    public JsonNode apply(PatchType type, JsonNode original, byte[] patchBody, ResourceType resource) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(original, "original");
        if (type == PatchType.STRATEGIC && !resource.nativeKind()) {
            throw UnsupportedPatchTypeException.forCustomKind();
        }
        JsonNode patch = parse(patchBody, type);
        return switch (type) {
            case JSON -> applyJsonPatch(original, patch);
            case MERGE -> {
                if (!patch.isObject()) {
                    throw PatchException.badRequest("a merge patch must be a JSON object, got " + StrategicMergePatch.kind(patch));
                }
                yield JsonMergePatch.apply(original, patch);
            }
            case STRATEGIC -> StrategicMergePatch.apply(original, patch, patchMeta.patchMeta(resource));
        };
    }

    private static JsonNode applyJsonPatch(JsonNode original, JsonNode patch) {
        if (!patch.isArray()) {
            throw PatchException.badRequest("a JSON patch must be a JSON array of operations, got " + StrategicMergePatch.kind(patch));
        }
        ArrayNode operations = (ArrayNode) patch;
        for (int i = 0; i < operations.size(); i++) {
            if (!operations.get(i).isObject()) {
                throw PatchException.badRequest("JSON patch operation " + i + " must be an object, got "
                        + StrategicMergePatch.kind(operations.get(i)));
            }
        }
        try {
            // Strict like kube-apiserver's JSON patch: removing a missing member is an error, not a no-op.
            return JsonPatch.apply(operations, original, EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT));
        } catch (RuntimeException e) {
            // zjsonpatch signals failed operations with JsonPatchException and malformed ones (unknown op,
            // missing value) with other unchecked exceptions; kube-apiserver answers 422 for both.
            throw PatchException.invalid("JSON patch could not be applied: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(byte[] body, PatchType type) {
        if (body == null || body.length == 0) {
            throw PatchException.badRequest("the " + type.contentType() + " patch body is empty");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw PatchException.badRequest("the " + type.contentType() + " patch body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw PatchException.badRequest("the " + type.contentType() + " patch body is not valid JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw PatchException.badRequest("the patch body could not be read: " + e.getMessage(), e);
        }
    }
}
