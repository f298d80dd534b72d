package dev.flotilla.store;

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
