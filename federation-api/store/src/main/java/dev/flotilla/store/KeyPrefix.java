package dev.flotilla.store;

import java.util.Objects;

/**
 * A set of keys that lists and watches range over: one resource of one group, optionally narrowed to one
 * namespace (a {@code null} namespace means all namespaces).
 */
public record KeyPrefix(String group, String resource, String namespace) {

    public KeyPrefix {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(resource, "resource");
    }

    /** All objects of one resource, in every namespace. */
    public static KeyPrefix of(String group, String resource) {
        return new KeyPrefix(group, resource, null);
    }

    /** The prefix of the flat paths it covers, e.g. {@code /apps/deployments/default/}. */
    public String path() {
        return namespace == null ? "/" + group + "/" + resource + "/" : "/" + group + "/" + resource + "/" + namespace + "/";
    }

    public boolean matches(ObjectKey key) {
        return key.group().equals(group)
                && key.resource().equals(resource)
                && (namespace == null || key.namespace().equals(namespace));
    }
}
