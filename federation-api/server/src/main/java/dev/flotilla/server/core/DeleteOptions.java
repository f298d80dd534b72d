package dev.flotilla.server.core;

/**
 * A delete request's options, from its {@code DeleteOptions} body or query.
 *
 * @param propagationPolicy       {@code Background}, {@code Foreground} or {@code Orphan}; {@code null} for the default
 * @param preconditionUid         delete only if the object still has this uid
 * @param preconditionVersion     delete only if the object is still at this resourceVersion
 */
public record DeleteOptions(boolean dryRun, String propagationPolicy, String preconditionUid,
                            String preconditionVersion) {

    public static final DeleteOptions DEFAULT = new DeleteOptions(false, null, null, null);
}
