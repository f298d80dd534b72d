package dev.flotilla.apimachinery.patch;

/**
 * A patch could not be applied. Carries the HTTP status and the {@code metav1.Status} reason the API server
 * answers with, chosen as kube-apiserver chooses them:
 *
 * <ul>
 *   <li>400 {@code BadRequest}: the body is not valid JSON, is not the shape its type requires (a JSON patch
 *       that is not an array of operation objects, a merge patch that is not an object), or a strategic
 *       merge directive is malformed ({@code $retainKeys}, {@code $setElementOrder}, {@code
 *       $deleteFromPrimitiveList} not lists, an unknown {@code $patch} value, a list element without its merge
 *       key);</li>
 *   <li>422 {@code Invalid}: the patch is well formed but cannot be applied to this object (a JSON patch
 *       operation whose path does not exist, a failed {@code test}, an unknown {@code op}, patch content outside
 *       its {@code $retainKeys} list). kube-apiserver puts the underlying message in a status cause of type
 *       {@code UnexpectedServerResponse}; {@link #getMessage()} is that message;</li>
 *   <li>415 {@code UnsupportedMediaType}: see {@link UnsupportedPatchTypeException}.</li>
 * </ul>
 */
public class PatchException extends RuntimeException {

    private final int status;
    private final String reason;

    protected PatchException(int status, String reason, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.reason = reason;
    }

    /** A 400 BadRequest: the patch body itself is malformed. */
    public static PatchException badRequest(String message) {
        return new PatchException(400, "BadRequest", message, null);
    }

    static PatchException badRequest(String message, Throwable cause) {
        return new PatchException(400, "BadRequest", message, cause);
    }

    /** A 422 Invalid: the patch is well formed but does not apply to the object. */
    public static PatchException invalid(String message) {
        return new PatchException(422, "Invalid", message, null);
    }

    static PatchException invalid(String message, Throwable cause) {
        return new PatchException(422, "Invalid", message, cause);
    }

    /** The HTTP status code to answer with. */
    public int status() {
        return status;
    }

    /** The {@code metav1.Status} reason: {@code BadRequest}, {@code Invalid} or {@code UnsupportedMediaType}. */
    public String reason() {
        return reason;
    }
}
