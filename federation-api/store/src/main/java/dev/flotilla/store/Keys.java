package dev.flotilla.store;

/** Checks keys and maps between {@link ObjectKey}s and the flat paths the log is keyed by. */
final class Keys {

    private Keys() {
    }

    /** Refuses keys whose path would be ambiguous: a slash inside a segment, or an empty resource or name. */
    static void validate(ObjectKey key) {
        if (key == null) {
            throw new IllegalArgumentException("key: must not be null");
        }
        requireNoSlash(key.group(), "key.group");
        requireNoSlash(key.resource(), "key.resource");
        requireNoSlash(key.namespace(), "key.namespace");
        requireNoSlash(key.name(), "key.name");
        if (key.resource().isEmpty()) {
            throw new IllegalArgumentException("key.resource: must not be empty");
        }
        if (key.name().isEmpty()) {
            throw new IllegalArgumentException("key.name: must not be empty");
        }
    }

    static void validate(KeyPrefix prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix: must not be null");
        }
        requireNoSlash(prefix.group(), "prefix.group");
        requireNoSlash(prefix.resource(), "prefix.resource");
        if (prefix.namespace() != null) {
            requireNoSlash(prefix.namespace(), "prefix.namespace");
        }
        if (prefix.resource().isEmpty()) {
            throw new IllegalArgumentException("prefix.resource: must not be empty");
        }
    }

    private static void requireNoSlash(String segment, String field) {
        if (segment.indexOf('/') >= 0) {
            throw new IllegalArgumentException(field + ": must not contain '/', was '" + segment + "'");
        }
    }

    /** The inverse of {@link ObjectKey#path()} for paths of validated keys. */
    static ObjectKey parse(String path) {
        String[] parts = path.substring(1).split("/", 4);
        if (parts.length != 4) {
            throw new IllegalStateException("stored path is not /group/resource/namespace/name: " + path);
        }
        return new ObjectKey(parts[0], parts[1], parts[2], parts[3]);
    }

    /**
     * The smallest path greater than every path under the prefix: prefixes end with '/', and '0' is the next
     * character, so {@code [prefix, upperBound(prefix))} is exactly the prefix's range in path order.
     */
    static String upperBound(String prefixPath) {
        return prefixPath.substring(0, prefixPath.length() - 1) + '0';
    }

    /** The path of the resource a key belongs to (all namespaces): the key watches are indexed by. */
    static String resourcePath(String group, String resource) {
        return "/" + group + "/" + resource + "/";
    }
}
