package dev.flotilla.server.api;

import java.util.List;

/**
 * A request the API refuses, carrying everything a Kubernetes {@code metav1.Status} needs: HTTP code, reason,
 * message, and for field errors the kind, name and causes that kubectl prints.
 */
public class ApiException extends RuntimeException {

    private final int code;
    private final String reason;
    private final Details details;

    public ApiException(int code, String reason, String message, Details details) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public Details details() {
        return details;
    }

    /** {@code details} of a Status: what the error is about, and per-field causes. */
    public record Details(String name, String group, String kind, List<Cause> causes, Integer retryAfterSeconds) {
        public static Details of(String name, String group, String kind) {
            return new Details(name, group, kind, List.of(), null);
        }
    }

    /** One cause: a reason such as {@code FieldValueInvalid}, the field path, and a message. */
    public record Cause(String reason, String field, String message) {
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null);
    }

    public static ApiException notFound(String qualifiedResource, String group, String kind, String name) {
        String message = name == null || name.isEmpty()
                ? "the server could not find the requested resource"
                : qualifiedResource + " \"" + name + "\" not found";
        return new ApiException(404, "NotFound", message, Details.of(name, group, kind));
    }

    public static ApiException pathNotFound() {
        return new ApiException(404, "NotFound", "the server could not find the requested resource", null);
    }

    public static ApiException alreadyExists(String qualifiedResource, String group, String kind, String name) {
        return new ApiException(409, "AlreadyExists", qualifiedResource + " \"" + name + "\" already exists",
                Details.of(name, group, kind));
    }

    public static ApiException conflict(String qualifiedResource, String group, String kind, String name,
                                        String why) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + qualifiedResource + " \""
                + name + "\": " + why, Details.of(name, group, kind));
    }

    public static ApiException methodNotAllowed(String message) {
        return new ApiException(405, "MethodNotAllowed", message, null);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "UnsupportedMediaType", message, null);
    }

    public static ApiException notAcceptable(String message) {
        return new ApiException(406, "NotAcceptable", message, null);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "RequestEntityTooLarge", message, null);
    }

    public static ApiException gone(String message) {
        return new ApiException(410, "Expired", message, null);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message, null);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "Unauthorized", message, null);
    }

    public static ApiException internal(String message) {
        return new ApiException(500, "InternalError", message, null);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "ServiceUnavailable", message, null);
    }

    /**
     * 422 Invalid with one cause per field error; the message reads as kube-apiserver words it:
     * {@code Deployment.apps "web" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0}.
     */
    public static ApiException invalid(String group, String kind, String name, List<Cause> causes) {
        String qualifiedKind = group.isEmpty() ? kind : kind + "." + group;
        StringBuilder message = new StringBuilder(qualifiedKind).append(" \"").append(name).append("\" is invalid: ");
        if (causes.size() == 1) {
            message.append(causes.get(0).field()).append(": ").append(causes.get(0).message());
        } else {
            message.append('[');
            for (int i = 0; i < causes.size(); i++) {
                if (i > 0) {
                    message.append(", ");
                }
                message.append(causes.get(i).field()).append(": ").append(causes.get(i).message());
            }
            message.append(']');
        }
        return new ApiException(422, "Invalid", message.toString(), new Details(name, group, kind, causes, null));
    }
}
