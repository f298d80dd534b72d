package dev.flotilla.server.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.store.KeyPrefix;
import dev.flotilla.store.ListResult;
import dev.flotilla.store.ObjectKey;
import dev.flotilla.store.ObjectStore;
import dev.flotilla.store.StoreException;
import dev.flotilla.store.StoredObject;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The verbs of the Kubernetes API over the object store, with kube-apiserver's rules for metadata: uid and
 * creationTimestamp set once, generation bumped when the spec changes, resourceVersion taken from the store's
 * revision, status written only through {@code /status} for kinds that have it, deletion delayed by finalizers,
 * optimistic concurrency on resourceVersion.
 *
 * <p>Objects cross this class as Jackson trees; it neither knows nor cares about HTTP.
 */
public final class ObjectService {

    /** How often an unconditional write is retried when a concurrent writer got there first. */
    private static final int MAX_UNCONDITIONAL_RETRIES = 16;
    private static final String GENERATE_NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private static final ResourceType NAMESPACES =
            dev.flotilla.apimachinery.registry.ResourceRegistry.withNativeTypes()
                    .byResource("", "v1", "namespaces").orElseThrow();

    private final ObjectStore store;
    private final Validator validator;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ObjectService(ObjectStore store, Validator validator, Clock clock) {
        this.store = store;
        this.validator = validator;
        this.clock = clock;
    }

    public ObjectStore store() {
        return store;
    }

    // ---------------------------------------------------------------- reads

    public ObjectNode get(ResourceType type, String namespace, String name) {
        return toApi(getStored(type, namespace, name));
    }

    /** The object as stored (its API form is {@link #toApi} or, without parsing, {@link ObjectBytes}). */
    public StoredObject getStored(ResourceType type, String namespace, String name) {
        return store.get(key(type, namespace, name)).orElseThrow(() -> notFound(type, name));
    }

    public Optional<ObjectNode> find(ResourceType type, String namespace, String name) {
        return store.get(key(type, namespace, name)).map(ObjectService::toApi);
    }

    /** One page of a list, consistent at {@code resourceVersion}, with the token for the next page. */
    public record Page(List<ObjectNode> items, long resourceVersion, String continueToken) {
    }

    public Page list(ResourceType type, String namespace, ListOptions options) {
        StoredPage page = listStored(type, namespace, options);
        List<ObjectNode> items = new ArrayList<>(page.items().size());
        for (StoredObject stored : page.items()) {
            items.add(toApi(stored));
        }
        return new Page(items, page.resourceVersion(), page.continueToken());
    }

    /** A page of stored objects, for callers that serialize without parsing ({@link ObjectBytes}). */
    public record StoredPage(List<StoredObject> items, long resourceVersion, String continueToken) {
    }

    public StoredPage listStored(ResourceType type, String namespace, ListOptions options) {
        KeyPrefix prefix = new KeyPrefix(type.group(), type.plural(), type.namespaced() ? namespace : "");
        String startAfter = null;
        long atRevision = 0;
        if (options.continueToken() != null && !options.continueToken().isEmpty()) {
            Continue token = Continue.decode(options.continueToken());
            startAfter = token.start();
            atRevision = token.revision();
        }
        Predicate<StoredObject> filter = objectFilter(options);
        ListResult result;
        try {
            result = store.list(prefix, filter, startAfter, Math.max(options.limit(), 0), atRevision);
        } catch (StoreException.Compacted e) {
            throw new ApiException(410, "Expired", "The provided continue parameter is too old to display a "
                    + "consistent list result. You can start a new list without the continue parameter.", null);
        } catch (IllegalArgumentException e) {
            // A continue token naming a revision the store has not reached: not a token this server issued.
            throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
        }
        String next = result.hasMore() ? new Continue(result.revision(), result.continueAfter()).encode() : null;
        return new StoredPage(result.items(), result.revision(), next);
    }

    /** The store-level filter for a list or watch: label and field selectors, evaluated on the stored JSON. */
    public static Predicate<StoredObject> objectFilter(ListOptions options) {
        if (options.labels().isEmpty() && options.fields().isEmpty()) {
            return stored -> true;
        }
        String pinnedName = options.fields().pinnedName();
        return stored -> {
            if (pinnedName != null && !pinnedName.equals(stored.key().name())) {
                return false;
            }
            ObjectNode object = Json.parseObject(stored.value());
            return options.labels().matches(labels(object)) && options.fields().matches(object);
        };
    }

    // ---------------------------------------------------------------- writes

    public ObjectNode create(ResourceType type, String namespace, ObjectNode body, WriteOptions options) {
        PreparedCreate prepared = prepareCreate(type, namespace, body);
        if (options.dryRun()) {
            return prepared.object();
        }
        try {
            StoredObject stored = store.create(prepared.key(), Json.bytes(prepared.object()));
            return withVersion(prepared.object(), stored.modRevision());
        } catch (StoreException.AlreadyExists e) {
            throw ApiException.alreadyExists(type.qualifiedResource(), type.group(), type.plural(),
                    prepared.key().name());
        }
    }

    /** A new object as it will be stored (validated, metadata set by the server) and its key. */
    private record PreparedCreate(ObjectKey key, ObjectNode object) {
    }

    private PreparedCreate prepareCreate(ResourceType type, String namespace, ObjectNode body) {
        ObjectNode object = body.deepCopy();
        checkTypeMeta(type, object);
        ObjectNode metadata = metadataOf(object);
        reconcileNamespace(type, namespace, metadata);
        if (metadata.hasNonNull("resourceVersion") && !metadata.get("resourceVersion").asText().isEmpty()) {
            throw ApiException.badRequest("resourceVersion should not be set on objects to be created");
        }
        String name = text(metadata, "name");
        if (name == null || name.isEmpty()) {
            String generateName = text(metadata, "generateName");
            if (generateName == null || generateName.isEmpty()) {
                throw ApiException.invalid(type.group(), type.kind(), "", List.of(new ApiException.Cause(
                        "FieldValueRequired", "metadata.name", "Required value: name or generateName is required")));
            }
            name = generateName + randomSuffix();
            metadata.put("name", name);
        }
        if (type.namespaced()) {
            requireLiveNamespace(metadata.get("namespace").asText());
        }
        metadata.put("uid", UUID.randomUUID().toString());
        metadata.put("creationTimestamp", now());
        metadata.remove(List.of("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink",
                "managedFields"));
        if (object.has("spec")) {
            metadata.put("generation", 1);
        } else {
            metadata.remove("generation");
        }
        if (type.statusSubresource()) {
            object.remove("status");
        }
        if (type.kind().equals("Namespace") && type.group().isEmpty()) {
            ObjectNode status = Json.objectAt(object, "status");
            status.put("phase", "Active");
            ObjectNode spec = Json.objectAt(object, "spec");
            if (!spec.has("finalizers")) {
                spec.putArray("finalizers").add("kubernetes");
            }
        }
        object = canonical(object);
        validate(type, object, null);
        return new PreparedCreate(key(type, namespace(type, metadata), name), object);
    }

    /** The parts of an object a write may change: everything, the status only, or everything but the status. */
    public enum Scope { MAIN, STATUS }

    /**
     * Replaces an object (PUT). When the body carries a resourceVersion it is a precondition (409 on mismatch);
     * without one the update is unconditional, as kube-apiserver allows for these kinds.
     */
    public ObjectNode update(ResourceType type, String namespace, String name, ObjectNode body, Scope scope,
                             WriteOptions options) {
        ObjectNode proposed = body.deepCopy();
        checkTypeMeta(type, proposed);
        ObjectNode metadata = metadataOf(proposed);
        reconcileNamespace(type, namespace, metadata);
        String bodyName = text(metadata, "name");
        if (bodyName == null || bodyName.isEmpty()) {
            metadata.put("name", name);
        } else if (!bodyName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + name + ")");
        }
        String precondition = text(metadata, "resourceVersion");
        return mutate(type, namespace, name, precondition, scope, options, current -> proposed);
    }

    /**
     * Reads the object, applies {@code change} to a copy, and writes the result if nobody wrote in between;
     * retries on a lost race unless the caller pinned a resourceVersion. This is the one write path that every
     * update, patch, status and scale request goes through.
     */
    public ObjectNode mutate(ResourceType type, String namespace, String name, String precondition, Scope scope,
                             WriteOptions options, UnaryOperator<ObjectNode> change) {
        ObjectKey key = key(type, namespace, name);
        for (int attempt = 0; ; attempt++) {
            StoredObject stored = store.get(key).orElseThrow(() -> notFound(type, name));
            PreparedChange prepared = prepareChange(type, stored, precondition, scope, change);
            if (prepared.unchanged() || options.dryRun()) {
                return prepared.next();
            }
            try {
                StoredObject written = prepared.finalized() ? store.delete(key, stored.modRevision())
                        : store.update(key, stored.modRevision(), storable(prepared.next()));
                return withVersion(prepared.next(), written.modRevision());
            } catch (StoreException.Conflict e) {
                if ((precondition != null && !precondition.isEmpty()) || attempt >= MAX_UNCONDITIONAL_RETRIES) {
                    throw staleVersion(type, name);
                }
            } catch (StoreException.NotFound e) {
                throw notFound(type, name);
            }
        }
    }

    /**
     * A change worked out on a stored object: the object it makes ({@code unchanged}: the stored one, nothing to
     * write), and whether that is finalized (to be deleted, not updated).
     */
    private record PreparedChange(ObjectNode next, boolean unchanged, boolean finalized) {
    }

    /** The bytes to store for an object: without {@code metadata.resourceVersion}, which comes from the store. */
    private static byte[] storable(ObjectNode object) {
        object.with("metadata").remove("resourceVersion");
        return Json.bytes(object);
    }

    private PreparedChange prepareChange(ResourceType type, StoredObject stored, String precondition, Scope scope,
                                         UnaryOperator<ObjectNode> change) {
        ObjectNode current = toApi(stored);
        if (precondition != null && !precondition.isEmpty()
                && !precondition.equals(Long.toString(stored.modRevision()))) {
            throw staleVersion(type, stored.key().name());
        }
        ObjectNode proposed = change.apply(current.deepCopy());
        ObjectNode next = canonical(prepareUpdate(type, current, proposed, scope));
        if (next.equals(current)) {
            return new PreparedChange(current, true, false);
        }
        validate(type, next, current);
        return new PreparedChange(next, false, isFinalized(next));
    }

    /**
     * One object of {@link #upsertAll}: created from {@code whenMissing} when there is none (without one, a missing
     * object is a 404), else changed by {@code change} as {@link #mutate} would (unconditionally, in {@code scope}).
     */
    public record Upsert(ResourceType type, String namespace, String name, ObjectNode whenMissing, Scope scope,
                         UnaryOperator<ObjectNode> change) {
    }

    /**
     * Creates or changes several objects, with the rules of {@link #create} and {@link #mutate}, and stores all
     * the writes in one store group (one durable commit, one wait) instead of one commit each. Every object is
     * prepared and validated before anything is written: an invalid one fails the call and nothing is written.
     * An object changed or created by someone else meanwhile is then done alone, as {@link #mutate} retries.
     *
     * @return the objects as stored, in the order given
     */
    public List<ObjectNode> upsertAll(List<Upsert> upserts, WriteOptions options) {
        List<ObjectNode> results = new ArrayList<>(java.util.Collections.nCopies(upserts.size(), (ObjectNode) null));
        List<ObjectStore.Write> writes = new ArrayList<>();
        List<Integer> written = new ArrayList<>();
        List<ObjectNode> nexts = new ArrayList<>();
        for (int i = 0; i < upserts.size(); i++) {
            Upsert upsert = upserts.get(i);
            ObjectKey key = key(upsert.type(), upsert.namespace(), upsert.name());
            Optional<StoredObject> stored = store.get(key);
            ObjectNode next;
            ObjectStore.Write write;
            if (stored.isEmpty()) {
                if (upsert.whenMissing() == null) {
                    throw notFound(upsert.type(), upsert.name());
                }
                PreparedCreate prepared = prepareCreate(upsert.type(), upsert.namespace(), upsert.whenMissing());
                if (!prepared.key().equals(key)) {
                    throw ApiException.badRequest("the name of the object (" + prepared.key().name()
                            + ") does not match the name to write (" + upsert.name() + ")");
                }
                next = prepared.object();
                if (options.dryRun()) {
                    results.set(i, next);
                    continue;
                }
                write = ObjectStore.Write.create(key, Json.bytes(next));
            } else {
                PreparedChange prepared = prepareChange(upsert.type(), stored.get(), null, upsert.scope(),
                        upsert.change());
                next = prepared.next();
                if (prepared.unchanged() || options.dryRun()) {
                    results.set(i, next);
                    continue;
                }
                write = prepared.finalized() ? ObjectStore.Write.delete(key, stored.get().modRevision())
                        : ObjectStore.Write.update(key, stored.get().modRevision(), storable(next));
            }
            writes.add(write);
            written.add(i);
            nexts.add(next);
        }
        if (writes.isEmpty()) {
            return results;
        }
        List<ObjectStore.Outcome> outcomes = store.writeAll(writes);
        for (int j = 0; j < outcomes.size(); j++) {
            int i = written.get(j);
            ObjectStore.Outcome outcome = outcomes.get(j);
            results.set(i, outcome.applied() ? withVersion(nexts.get(j), outcome.stored().modRevision())
                    : upsert(upserts.get(i), options));
        }
        return results;
    }

    /** One {@link Upsert} on its own: create when missing, change when present, again if that raced. */
    private ObjectNode upsert(Upsert upsert, WriteOptions options) {
        ObjectKey key = key(upsert.type(), upsert.namespace(), upsert.name());
        for (int attempt = 0; ; attempt++) {
            try {
                if (store.get(key).isEmpty() && upsert.whenMissing() != null) {
                    return create(upsert.type(), upsert.namespace(), upsert.whenMissing(), options);
                }
                return mutate(upsert.type(), upsert.namespace(), upsert.name(), null, upsert.scope(), options,
                        upsert.change());
            } catch (ApiException e) {
                // Created (409) or deleted (404) by someone else between the read and the write: look again.
                boolean raced = (e.code() == 404 && upsert.whenMissing() != null)
                        || (e.code() == 409 && "AlreadyExists".equals(e.reason()));
                if (!raced || attempt >= MAX_UNCONDITIONAL_RETRIES) {
                    throw e;
                }
            }
        }
    }

    /**
     * Deletes an object. With finalizers it is only marked (deletionTimestamp) and goes once they are removed;
     * a Namespace is always marked first and emptied by the namespace controller.
     */
    public ObjectNode delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        ObjectKey key = key(type, namespace, name);
        for (int attempt = 0; ; attempt++) {
            StoredObject stored = store.get(key).orElseThrow(() -> notFound(type, name));
            ObjectNode current = toApi(stored);
            ObjectNode metadata = metadataOf(current);
            if (options.preconditionUid() != null && !options.preconditionUid().equals(text(metadata, "uid"))) {
                throw ApiException.conflict(type.qualifiedResource(), type.group(), type.plural(), name,
                        "Precondition failed: UID in precondition: " + options.preconditionUid()
                                + ", UID in object meta: " + text(metadata, "uid"));
            }
            if (options.preconditionVersion() != null
                    && !options.preconditionVersion().equals(Long.toString(stored.modRevision()))) {
                throw ApiException.conflict(type.qualifiedResource(), type.group(), type.plural(), name,
                        "Precondition failed: ResourceVersion in precondition: " + options.preconditionVersion()
                                + ", ResourceVersion in object meta: " + stored.modRevision());
            }
            boolean namespace0 = type.kind().equals("Namespace") && type.group().isEmpty();
            boolean hasFinalizers = metadata.path("finalizers").size() > 0
                    || (namespace0 && current.path("spec").path("finalizers").size() > 0);
            try {
                if (!hasFinalizers) {
                    if (options.dryRun()) {
                        return current;
                    }
                    StoredObject deleted = store.delete(key, stored.modRevision());
                    return withVersion(current, deleted.modRevision());
                }
                if (metadata.hasNonNull("deletionTimestamp")) {
                    return current;
                }
                ObjectNode marked = current.deepCopy();
                ObjectNode markedMeta = metadataOf(marked);
                markedMeta.put("deletionTimestamp", now());
                markedMeta.put("deletionGracePeriodSeconds", 0);
                if (namespace0) {
                    Json.objectAt(marked, "status").put("phase", "Terminating");
                }
                if (options.dryRun()) {
                    return marked;
                }
                markedMeta.remove("resourceVersion");
                StoredObject written = store.update(key, stored.modRevision(), Json.bytes(marked));
                return withVersion(marked, written.modRevision());
            } catch (StoreException.Conflict e) {
                if (options.preconditionVersion() != null || attempt >= MAX_UNCONDITIONAL_RETRIES) {
                    throw staleVersion(type, name);
                }
            } catch (StoreException.NotFound e) {
                throw notFound(type, name);
            }
        }
    }

    /** Creates a Namespace unless it exists (or another writer creates it meanwhile). */
    public void ensureNamespace(String name) {
        if (store.get(new ObjectKey("", "namespaces", "", name)).isPresent()) {
            return;
        }
        ObjectNode namespace = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        namespace.putObject("metadata").put("name", name);
        try {
            create(NAMESPACES, null, namespace, WriteOptions.DEFAULT);
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }

    /**
     * Deletes every object of a kind (in one namespace, or in all with {@code null}); objects with finalizers are
     * only marked. Returns how many were still there, marked ones included, so a caller can wait for zero.
     */
    public int deleteAll(ResourceType type, String namespaceOrNull) {
        int remaining = 0;
        for (ObjectNode object : list(type, namespaceOrNull, ListOptions.all()).items()) {
            remaining++;
            JsonNode metadata = object.path("metadata");
            if (metadata.hasNonNull("deletionTimestamp")) {
                continue;
            }
            try {
                delete(type, metadata.path("namespace").asText(null), metadata.path("name").asText(),
                        DeleteOptions.DEFAULT);
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return remaining;
    }

    // ---------------------------------------------------------------- metadata rules

    /**
     * Applies kube-apiserver's update strategy: identity fields are kept from the stored object, status and
     * main resource are written separately for kinds with a status subresource, generation follows the spec.
     */
    private ObjectNode prepareUpdate(ResourceType type, ObjectNode current, ObjectNode proposed, Scope scope) {
        ObjectNode next;
        if (scope == Scope.STATUS) {
            // Only the status changes; everything else stays as stored.
            next = current.deepCopy();
            JsonNode status = proposed.get("status");
            if (status == null) {
                next.remove("status");
            } else {
                next.set("status", status);
            }
        } else {
            next = proposed;
            if (type.statusSubresource()) {
                JsonNode status = current.get("status");
                if (status == null) {
                    next.remove("status");
                } else {
                    next.set("status", status);
                }
            }
        }
        next.put("apiVersion", type.apiVersion());
        next.put("kind", type.kind());
        ObjectNode meta = metadataOf(next);
        ObjectNode oldMeta = metadataOf(current);
        for (String immutable : List.of("uid", "creationTimestamp", "namespace", "name", "deletionTimestamp",
                "deletionGracePeriodSeconds", "generation")) {
            JsonNode value = oldMeta.get(immutable);
            if (value == null) {
                meta.remove(immutable);
            } else {
                meta.set(immutable, value);
            }
        }
        meta.set("resourceVersion", oldMeta.get("resourceVersion"));
        meta.remove(List.of("selfLink", "managedFields"));
        if (oldMeta.hasNonNull("deletionTimestamp")) {
            // A terminating object may only lose finalizers, never gain them (as kube-apiserver enforces).
            ArrayNode oldFinalizers = oldMeta.withArray("finalizers");
            JsonNode newFinalizers = meta.get("finalizers");
            if (newFinalizers != null) {
                for (JsonNode finalizer : newFinalizers) {
                    if (!contains(oldFinalizers, finalizer)) {
                        throw ApiException.invalid(type.group(), type.kind(), text(meta, "name"), List.of(
                                new ApiException.Cause("FieldValueForbidden", "metadata.finalizers",
                                        "Forbidden: no new finalizers can be added if the object is being deleted, "
                                                + "found new finalizers [\"" + finalizer.asText() + "\"]")));
                    }
                }
            }
        }
        if (scope == Scope.MAIN && next.has("spec") && !Objects.equals(withoutMetaAndStatus(current),
                withoutMetaAndStatus(next))) {
            long generation = oldMeta.path("generation").asLong(0);
            meta.put("generation", generation + 1);
        }
        return next;
    }

    /** The object with apiVersion, kind and metadata first, as Kubernetes serializes objects. */
    private static ObjectNode canonical(ObjectNode object) {
        ObjectNode ordered = object.objectNode();
        for (String first : List.of("apiVersion", "kind", "metadata")) {
            if (object.has(first)) {
                ordered.set(first, object.get(first));
            }
        }
        object.properties().forEach(field -> {
            if (!ordered.has(field.getKey())) {
                ordered.set(field.getKey(), field.getValue());
            }
        });
        return ordered;
    }

    private static ObjectNode withoutMetaAndStatus(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove(List.of("metadata", "status", "apiVersion", "kind"));
        return copy;
    }

    private static boolean isFinalized(ObjectNode object) {
        JsonNode meta = object.path("metadata");
        if (!meta.hasNonNull("deletionTimestamp") || meta.path("finalizers").size() > 0) {
            return false;
        }
        return !"Namespace".equals(object.path("kind").asText()) || object.path("spec").path("finalizers").size() == 0;
    }

    private void validate(ResourceType type, ObjectNode object, ObjectNode previous) {
        List<ApiException.Cause> causes = validator.validate(type, object, previous);
        if (!causes.isEmpty()) {
            throw ApiException.invalid(type.group(), type.kind(), text(metadataOf(object), "name"), causes);
        }
    }

    private static void checkTypeMeta(ResourceType type, ObjectNode object) {
        JsonNode apiVersion = object.get("apiVersion");
        JsonNode kind = object.get("kind");
        if (apiVersion == null || apiVersion.asText().isEmpty()) {
            object.put("apiVersion", type.apiVersion());
        } else if (!apiVersion.asText().equals(type.apiVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion.asText()
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
        if (kind == null || kind.asText().isEmpty()) {
            object.put("kind", type.kind());
        } else if (!kind.asText().equals(type.kind())) {
            throw ApiException.badRequest(type.kind() + " in version \"" + type.version()
                    + "\" cannot be handled as a " + type.kind() + ": the kind in the data (" + kind.asText()
                    + ") does not match the expected kind (" + type.kind() + ")");
        }
        JsonNode metadata = object.get("metadata");
        if (metadata != null && !metadata.isObject()) {
            throw ApiException.badRequest(type.kind() + " in version \"" + type.version()
                    + "\" cannot be handled as a " + type.kind() + ": metadata must be an object");
        }
    }

    private static void reconcileNamespace(ResourceType type, String namespace, ObjectNode metadata) {
        if (!type.namespaced()) {
            metadata.remove("namespace");
            return;
        }
        String bodyNamespace = text(metadata, "namespace");
        if (bodyNamespace != null && !bodyNamespace.isEmpty() && !bodyNamespace.equals(namespace)) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace "
                    + "sent on the request");
        }
        metadata.put("namespace", namespace);
    }

    private void requireLiveNamespace(String namespace) {
        Optional<StoredObject> stored = store.get(new ObjectKey("", "namespaces", "", namespace));
        if (stored.isEmpty()) {
            throw ApiException.notFound("namespaces", "", "namespaces", namespace);
        }
        ObjectNode ns = Json.parseObject(stored.get().value());
        if (ns.path("metadata").hasNonNull("deletionTimestamp")) {
            throw ApiException.forbidden("unable to create new content in namespace " + namespace
                    + " because it is being terminated");
        }
    }

    // ---------------------------------------------------------------- helpers

    public static ObjectKey key(ResourceType type, String namespace, String name) {
        return new ObjectKey(type.group(), type.plural(), type.namespaced() ? namespace : "", name);
    }

    private static String namespace(ResourceType type, ObjectNode metadata) {
        return type.namespaced() ? metadata.get("namespace").asText() : "";
    }

    /** The API form of a stored object: its JSON with {@code metadata.resourceVersion} set from the store. */
    public static ObjectNode toApi(StoredObject stored) {
        return withVersion(Json.parseObject(stored.value()), stored.modRevision());
    }

    private static ObjectNode withVersion(ObjectNode object, long revision) {
        metadataOf(object).put("resourceVersion", Long.toString(revision));
        return object;
    }

    public static ObjectNode metadataOf(ObjectNode object) {
        return Json.objectAt(object, "metadata");
    }

    /** The labels of an object as a map (empty when it has none). */
    public static Map<String, String> labels(JsonNode object) {
        JsonNode labels = object.path("metadata").path("labels");
        if (!labels.isObject() || labels.isEmpty()) {
            return Map.of();
        }
        Map<String, String> map = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = labels.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            map.put(entry.getKey(), entry.getValue().asText());
        }
        return map;
    }

    private static String text(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode element : array) {
            if (element.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private String randomSuffix() {
        StringBuilder suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(GENERATE_NAME_ALPHABET.charAt(random.nextInt(GENERATE_NAME_ALPHABET.length())));
        }
        return suffix.toString();
    }

    private static ApiException notFound(ResourceType type, String name) {
        return ApiException.notFound(type.qualifiedResource(), type.group(), type.plural(), name);
    }

    private static ApiException staleVersion(ResourceType type, String name) {
        return ApiException.conflict(type.qualifiedResource(), type.group(), type.plural(), name,
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    /** The continue token: the revision the first page was read at, and the last key returned. */
    record Continue(long revision, String start) {
        String encode() {
            String json = "{\"v\":1,\"rv\":" + revision + ",\"start\":" + Json.text(
                    com.fasterxml.jackson.databind.node.TextNode.valueOf(start)) + "}";
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }

        static Continue decode(String token) {
            try {
                JsonNode node = Json.parse(Base64.getUrlDecoder().decode(token));
                if (!node.path("rv").canConvertToLong() || !node.path("start").isTextual()) {
                    throw new IllegalArgumentException("missing fields");
                }
                return new Continue(node.get("rv").asLong(), node.get("start").asText());
            } catch (Exception e) {
                throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
            }
        }
    }
}
