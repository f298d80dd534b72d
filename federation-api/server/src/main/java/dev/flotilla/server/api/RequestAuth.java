package dev.flotilla.server.api;

import dev.flotilla.apimachinery.registry.ResourceType;

import java.util.Set;

/**
 * Authentication and authorization, in front of every verb (watches included). The server's implementation is
 * {@code dev.flotilla.server.auth.TokenAuth}.
 */
public interface RequestAuth {

    /** Who is asking: a user name and its groups. */
    record User(String name, Set<String> groups) {
    }

    /** Identifies the caller; throws a 401 {@link ApiException} for bad credentials. */
    User authenticate(ApiRequest request);

    /**
     * Allows the verb on the target or throws a 403 {@link ApiException}.
     *
     * @param request the whole request, for rules that depend on it (e.g. a list pinned to one name)
     */
    void authorize(User user, String verb, ResourceType type, RequestTarget target, ApiRequest request);
}
