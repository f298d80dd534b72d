package dev.flotilla.store;

/**
 * One object as stored: its key, the revision that created it, the revision of its last change, and its
 * serialized value (JSON bytes, without {@code metadata.resourceVersion}: the API layer fills that in from
 * {@link #modRevision()} on every read, as kube-apiserver does from etcd's mod revision).
 */
public record StoredObject(ObjectKey key, long createRevision, long modRevision, byte[] value) {
}
