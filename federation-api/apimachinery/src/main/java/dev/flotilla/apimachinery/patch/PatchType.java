package dev.flotilla.apimachinery.patch;

import java.util.Locale;

/**
 * The patch formats the API server accepts on {@code PATCH}, identified by the request's {@code Content-Type}.
 *
 * <p>Server-side apply ({@code application/apply-patch+yaml}) is not one of them: it needs field ownership
 * tracking, which this library does not implement, so {@link #fromContentType(String)} rejects it like any
 * other unknown type.
 */
public enum PatchType {
    /** RFC 6902 JSON patch: a list of operations. */
    JSON("application/json-patch+json"),
    /** RFC 7386 JSON merge patch: objects merge, {@code null} deletes, lists replace. */
    MERGE("application/merge-patch+json"),
    /** Kubernetes strategic merge patch: like merge, but some lists merge element-wise; built-in kinds only. */
    STRATEGIC("application/strategic-merge-patch+json");

    /** The media type of server-side apply, which kube lists among the accepted types in its 415 message. */
    public static final String APPLY_YAML_CONTENT_TYPE = "application/apply-patch+yaml";

    private final String contentType;

    PatchType(String contentType) {
        this.contentType = contentType;
    }

    /** The media type, without parameters. */
    public String contentType() {
        return contentType;
    }

    /**
     * The patch type named by a {@code Content-Type} header; parameters such as {@code charset} and case are
     * ignored.
     *
     * @throws UnsupportedPatchTypeException (answered with 415) when the header is missing or names another type
     */
    public static PatchType fromContentType(String contentTypeHeader) {
        if (contentTypeHeader == null || contentTypeHeader.isBlank()) {
            throw UnsupportedPatchTypeException.forAnyKind();
        }
        String base = contentTypeHeader.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (PatchType type : values()) {
            if (type.contentType.equals(base)) {
                return type;
            }
        }
        throw UnsupportedPatchTypeException.forAnyKind();
    }
}
