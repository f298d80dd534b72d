package dev.flotilla.store;

import java.util.Objects;

/**
 * The identity of one stored object: API group, plural resource, namespace and name.
 *
 * <p>The core group is the empty string; cluster-scoped objects have the empty namespace. Keys sort by
 * {@link #path()}, which is also the order in which lists and continue tokens walk a resource.
 */
public record ObjectKey(String group, String resource, String namespace, String name) implements Comparable<ObjectKey> {

    public ObjectKey {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** The flat path of this key, {@code /group/resource/namespace/name}; unique and ordered like the key. */
    public String path() {
        return "/" + group + "/" + resource + "/" + namespace + "/" + name;
    }

    @Override
    public int compareTo(ObjectKey other) {
        return path().compareTo(other.path());
    }
}
