package dev.flotilla.propagation;

/** An override that cannot be applied; the message names the policy and the field, e.g. a bad JSON patch path. */
public final class RenderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RenderException(String message) {
        super(message);
    }

    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
