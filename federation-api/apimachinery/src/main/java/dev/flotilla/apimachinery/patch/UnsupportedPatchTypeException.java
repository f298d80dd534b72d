package dev.flotilla.apimachinery.patch;

/**
 * The request's patch type is not accepted for this resource: answered with 415 {@code UnsupportedMediaType}.
 * Raised for an unknown {@code Content-Type} and for a strategic merge patch sent to a kind that is not built
 * in (custom kinds have no patch strategies; kubectl reports the message and does not retry). The message is
 * kube-apiserver's wording, listing the accepted media types.
 */
public final class UnsupportedPatchTypeException extends PatchException {

    private static final String PREFIX = "the body of the request was in an unknown format - accepted media types include: ";

    private UnsupportedPatchTypeException(String message) {
        super(415, "UnsupportedMediaType", message, null);
    }

    /** For a kind that is not built in: strategic merge is not among the accepted types. */
    public static UnsupportedPatchTypeException forCustomKind() {
        return new UnsupportedPatchTypeException(PREFIX + PatchType.JSON.contentType() + ", "
                + PatchType.MERGE.contentType() + ", " + PatchType.APPLY_YAML_CONTENT_TYPE);
    }

    /** For a built-in kind, or when the kind is not known yet: every patch type is listed. */
    public static UnsupportedPatchTypeException forAnyKind() {
        return new UnsupportedPatchTypeException(PREFIX + PatchType.JSON.contentType() + ", "
                + PatchType.MERGE.contentType() + ", " + PatchType.STRATEGIC.contentType() + ", "
                + PatchType.APPLY_YAML_CONTENT_TYPE);
    }
}
