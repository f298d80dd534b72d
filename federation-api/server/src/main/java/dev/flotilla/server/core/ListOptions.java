package dev.flotilla.server.core;

/**
 * The options of a list (and of a watch): selectors, paging, and where in history to read.
 *
 * @param resourceVersion      {@code null}/empty for the latest state; otherwise the version to start watches from
 * @param limit                at most this many items (0 = all)
 * @param continueToken        an opaque token from the previous page
 */
public record ListOptions(LabelSelector labels, FieldSelector fields, String resourceVersion, int limit,
                          String continueToken) {

    public static ListOptions all() {
        return new ListOptions(LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, null, 0, null);
    }
}
