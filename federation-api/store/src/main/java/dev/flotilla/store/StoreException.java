package dev.flotilla.store;

/** The ways a store operation can be refused; each maps to one Kubernetes Status reason. */
public abstract sealed class StoreException extends RuntimeException {

    protected StoreException(String message) {
        super(message);
    }

    /** The key already holds an object (409 AlreadyExists). */
    public static final class AlreadyExists extends StoreException {
        public AlreadyExists(ObjectKey key) {
            super("object " + key.path() + " already exists");
        }
    }

    /** There is no object at the key (404 NotFound). */
    public static final class NotFound extends StoreException {
        public NotFound(ObjectKey key) {
            super("object " + key.path() + " not found");
        }
    }

    /** The object changed since the caller read it (409 Conflict). */
    public static final class Conflict extends StoreException {
        private final long actualModRevision;

        public Conflict(ObjectKey key, long expected, long actual) {
            super("object " + key.path() + " has been modified: expected revision " + expected + ", found " + actual);
            this.actualModRevision = actual;
        }

        public long actualModRevision() {
            return actualModRevision;
        }
    }

    /** The requested revision is older than the retained history (410 Gone, reason Expired). */
    public static final class Compacted extends StoreException {
        private final long requested;
        private final long oldestAvailable;

        public Compacted(long requested, long oldestAvailable) {
            super("too old resource version: " + requested + " (" + oldestAvailable + ")");
            this.requested = requested;
            this.oldestAvailable = oldestAvailable;
        }

        public long requested() {
            return requested;
        }

        public long oldestAvailable() {
            return oldestAvailable;
        }
    }

    /** The store cannot take writes (disk failure, closing); a server error, never the client's fault. */
    public static final class Unavailable extends StoreException {
        public Unavailable(String message, Throwable cause) {
            super(message);
            initCause(cause);
        }
    }
}
