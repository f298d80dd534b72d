package dev.flotilla.propagation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Deterministic names of the objects the pipeline makes, so that a re-run finds what an earlier run made and
 * optimistic concurrency catches two writers.
 */
public final class Names {

    /** Longest generated name: a DNS-1123 label, because the Work name is also a label value in the member. */
    public static final int MAX_LENGTH = 63;

    private Names() {
    }

    /** {@code <template name>-<kind in lower case>}, shortened with a hash when too long. */
    public static String bindingName(String templateName, String kind) {
        return shorten(templateName + "-" + kind.toLowerCase(Locale.ROOT));
    }

    /**
     * The Work of a binding in one cluster's execution namespace: {@code <binding namespace>-<binding name>}
     * ({@code <binding name>} alone for a cluster-scoped template), shortened with a hash when too long.
     */
    public static String workName(String bindingNamespace, String bindingName) {
        return shorten(bindingNamespace == null || bindingNamespace.isEmpty() ? bindingName
                : bindingNamespace + "-" + bindingName);
    }

    /**
     * The name itself when it fits in {@value #MAX_LENGTH} characters; otherwise a prefix, a dash and the first 10
     * hex digits of the name's SHA-256, so two long names that share a prefix still differ.
     */
    public static String shorten(String name) {
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        String hash = sha256(name).substring(0, 10);
        String prefix = name.substring(0, MAX_LENGTH - hash.length() - 1);
        while (prefix.endsWith("-") || prefix.endsWith(".")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix + "-" + hash;
    }

    /** The SHA-256 of a text in lower-case hex. */
    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
