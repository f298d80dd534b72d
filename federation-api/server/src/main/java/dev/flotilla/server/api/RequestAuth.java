package dev.flotilla.server.api;

import dev.flotilla.apimachinery.registry.ResourceType;

import java.util.Set;

/**
 * Authentication and authorization, in front of every verb. Until tokens exist, a request without credentials
 * acts as the administrator ({@link #ANONYMOUS_ADMIN}); the agent issue adds bearer tokens scoped to one member.
 */
public interface RequestAuth {

    /** Who is asking: a user name and its groups. */
    record User(String name, Set<String> groups) {
    }

    /** Identifies the caller; throws a 401 {@link ApiException} for bad credentials. */
    User authenticate(ApiRequest request);

    /** Allows the verb on the target or throws a 403 {@link ApiException}. */
    void authorize(User user, String verb, ResourceType type, RequestTarget target);

    /** Every request acts as the administrator. */
    RequestAuth ANONYMOUS_ADMIN = new RequestAuth() {
        private final User admin = new User("flotilla:admin", Set.of("system:masters", "system:authenticated"));

        @Override
        public User authenticate(ApiRequest request) {
            return admin;
        }

        @Override
        public void authorize(User user, String verb, ResourceType type, RequestTarget target) {
            // The administrator may do everything.
        }
    };
}
