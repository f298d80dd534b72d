package dev.flotilla.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The versioned object store behind the API server, with the semantics of etcd as kube-apiserver uses it.
 *
 * <ul>
 *   <li>One global revision sequence: every write gets the next revision, across all keys and kinds.</li>
 *   <li>A write returns only once it is durable (on disk), so an acknowledged write survives {@code kill -9}.</li>
 *   <li>Conditional writes: update and delete take the mod revision the caller last saw; a mismatch is a
 *       {@link StoreException.Conflict} and nothing changes.</li>
 *   <li>Watches deliver every change after a given revision, in order, none skipped; a revision older than the
 *       retained history is {@link StoreException.Compacted} (HTTP 410 Gone).</li>
 * </ul>
 */
public interface ObjectStore extends AutoCloseable {

    /** The revision of the latest acknowledged write (0 for an empty store). */
    long currentRevision();

    /** The oldest revision a watch or a paged list may still start from; older ones are compacted. */
    long compactedRevision();

    Optional<StoredObject> get(ObjectKey key);

    /**
     * Lists the objects under a prefix, in key order, that satisfy {@code filter}.
     *
     * @param startAfter  a path from {@link ListResult#continueAfter()}, or {@code null} for the first page
     * @param limit       the most items to return; 0 for all
     * @param atRevision  the revision to read at (from an earlier page), or 0 for the current state
     * @throws StoreException.Compacted if {@code atRevision} is older than the retained history
     */
    ListResult list(KeyPrefix prefix, Predicate<StoredObject> filter, String startAfter, int limit, long atRevision);

    /** Creates an object; fails with {@link StoreException.AlreadyExists} if the key holds one. */
    StoredObject create(ObjectKey key, byte[] value);

    /**
     * Replaces an object if its mod revision is still {@code expectedModRevision}.
     *
     * @throws StoreException.NotFound if there is no such object
     * @throws StoreException.Conflict if it was changed since
     */
    StoredObject update(ObjectKey key, long expectedModRevision, byte[] value);

    /**
     * Deletes an object if its mod revision is still {@code expectedModRevision} (0: whatever it is).
     * Returns the deleted object, carrying the revision of the deletion as its mod revision.
     */
    StoredObject delete(ObjectKey key, long expectedModRevision);

    /**
     * Applies several writes, in list order, each checked on its own as if made alone: a refused write fails
     * alone and the others still apply. An implementation may commit them together (one durable commit for the
     * lot); this default makes them one at a time.
     *
     * @return one outcome per write, in the same order
     * @throws StoreException.Unavailable if the store cannot take writes (then any of them may or may not apply)
     */
    default List<Outcome> writeAll(List<Write> writes) {
        List<Outcome> outcomes = new java.util.ArrayList<>(writes.size());
        for (Write write : writes) {
            try {
                outcomes.add(Outcome.stored(switch (write.kind()) {
                    case CREATE -> create(write.key(), write.value());
                    case UPDATE -> update(write.key(), write.expectedModRevision(), write.value());
                    case DELETE -> delete(write.key(), write.expectedModRevision());
                }));
            } catch (StoreException.Unavailable e) {
                throw e;
            } catch (StoreException e) {
                outcomes.add(Outcome.refused(e));
            }
        }
        return outcomes;
    }

    /**
     * One write of {@link #writeAll}: a create, an update or a delete, with the same meaning as the single-object
     * methods (an {@code expectedModRevision} of 0 is unconditional; a delete has no value).
     */
    record Write(Kind kind, ObjectKey key, long expectedModRevision, byte[] value) {

        /** What a write does. */
        public enum Kind { CREATE, UPDATE, DELETE }

        public static Write create(ObjectKey key, byte[] value) {
            return new Write(Kind.CREATE, key, 0, value);
        }

        public static Write update(ObjectKey key, long expectedModRevision, byte[] value) {
            return new Write(Kind.UPDATE, key, expectedModRevision, value);
        }

        public static Write delete(ObjectKey key, long expectedModRevision) {
            return new Write(Kind.DELETE, key, expectedModRevision, null);
        }
    }

    /**
     * What became of one write of {@link #writeAll}: the object as stored (for a delete, the deleted object at
     * the deletion's revision), or the refusal ({@link StoreException.AlreadyExists},
     * {@link StoreException.NotFound} or {@link StoreException.Conflict}).
     */
    record Outcome(StoredObject stored, StoreException refusal) {

        public static Outcome stored(StoredObject stored) {
            return new Outcome(stored, null);
        }

        public static Outcome refused(StoreException refusal) {
            return new Outcome(null, refusal);
        }

        public boolean applied() {
            return refusal == null;
        }
    }

    /**
     * Watches a prefix: delivers every event with a revision greater than {@code afterRevision}, in order.
     *
     * @throws StoreException.Compacted if events after {@code afterRevision} are no longer retained
     */
    Watch watch(KeyPrefix prefix, long afterRevision, WatchListener listener);

    /** An open watch; closing it stops delivery. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    void close();
}
