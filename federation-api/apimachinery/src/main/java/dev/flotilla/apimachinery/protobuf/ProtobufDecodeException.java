package dev.flotilla.apimachinery.protobuf;

/**
 * A {@code application/vnd.kubernetes.protobuf} request body could not be turned into JSON. Carries the HTTP
 * status and {@code metav1.Status} reason to answer with: 400 {@code BadRequest} for a malformed body (no
 * {@code k8s\0} magic, an envelope or message that does not parse, an embedded object that is not JSON),
 * 415 {@code UnsupportedMediaType} for a kind whose protobuf form this server does not know or a content
 * encoding it does not support (the client can send JSON instead).
 */
public final class ProtobufDecodeException extends RuntimeException {

    private final int status;
    private final String reason;

    private ProtobufDecodeException(int status, String reason, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.reason = reason;
    }

    static ProtobufDecodeException badRequest(String message, Throwable cause) {
        return new ProtobufDecodeException(400, "BadRequest", message, cause);
    }

    static ProtobufDecodeException unsupported(String message) {
        return new ProtobufDecodeException(415, "UnsupportedMediaType", message, null);
    }

    /** 400 or 415. */
    public int status() {
        return status;
    }

    /** {@code BadRequest} or {@code UnsupportedMediaType}. */
    public String reason() {
        return reason;
    }
}
