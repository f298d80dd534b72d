package dev.flotilla.propagation;

/**
 * A container image reference split the way Docker reads it: {@code [registry/]repository[:tag][@digest]}. The
 * first path segment is the registry when it contains a dot or a colon or is {@code localhost}.
 *
 * @param registry   e.g. {@code registry.example.com:5000}; empty when none
 * @param repository e.g. {@code library/nginx}
 * @param tag        e.g. {@code 1.27}; empty when none
 * @param digest     e.g. {@code sha256:...}; empty when none
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

    public static ImageReference parse(String image) {
        String rest = image;
        String digest = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String registry = "";
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = "";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    @Override
    public String toString() {
        StringBuilder image = new StringBuilder();
        if (!registry.isEmpty()) {
            image.append(registry).append('/');
        }
        image.append(repository);
        if (!tag.isEmpty()) {
            image.append(':').append(tag);
        }
        if (!digest.isEmpty()) {
            image.append('@').append(digest);
        }
        return image.toString();
    }
}
