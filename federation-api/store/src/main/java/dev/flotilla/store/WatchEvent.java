package dev.flotilla.store;

/**
 * One change to one object, at one revision. For {@link Type#DELETED} the value is the object as it was last
 * stored (Kubernetes watchers receive the deleted object).
 */
public record WatchEvent(Type type, StoredObject object) {

    public enum Type { ADDED, MODIFIED, DELETED }

    public long revision() {
        return object.modRevision();
    }
}
