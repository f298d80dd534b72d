package dev.flotilla.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.api.ApiRequest;
import dev.flotilla.server.api.RequestAuth;
import dev.flotilla.server.api.RequestTarget;
import dev.flotilla.server.core.ObjectService;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer-token authentication and the authorization rules of each identity.
 *
 * <ul>
 *   <li>No credentials: the administrator (until users and RBAC arrive).</li>
 *   <li>A bootstrap token: {@code system:bootstrap:<id>}, which may only ask for a cluster's agent token
 *       ({@code create clusters/<name>/token}).</li>
 *   <li>An agent token: {@code system:flotilla:agent:<cluster>}, which may read and write its own Cluster (and its
 *       status), and work in its execution namespace {@code flotilla-es-<cluster>}: Works and their status, its
 *       Lease, Events. Everything else is 403, like kube-apiserver's node authorizer confines a kubelet.</li>
 * </ul>
 * A token that is malformed, unknown, expired or revoked is 401 whatever it asks for.
 */
public final class TokenAuth implements RequestAuth {

    public static final User ADMIN = new User("flotilla:admin", Set.of("system:masters", "system:authenticated"));
    static final String BOOTSTRAPPERS = "system:bootstrappers";
    static final String AGENTS = "system:flotilla:agents";
    private static final String AGENT_PREFIX = "system:flotilla:agent:";
    private static final Set<String> READ = Set.of("get", "list", "watch");

    private final ObjectService objects;
    private final ResourceType secrets;
    private final Clock clock;

    public TokenAuth(ObjectService objects, ResourceType secrets, Clock clock) {
        this.objects = objects;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    public User authenticate(ApiRequest request) {
        String header = request.header("authorization");
        if (header == null || header.isBlank()) {
            return ADMIN;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized();
        }
        String token = header.substring(7).trim();
        Optional<Tokens.BootstrapToken> bootstrap = Tokens.parseBootstrap(token);
        if (bootstrap.isPresent()) {
            return bootstrapUser(bootstrap.get());
        }
        Optional<Tokens.AgentToken> agent = Tokens.parseAgent(token);
        if (agent.isPresent()) {
            return agentUser(agent.get());
        }
        throw unauthorized();
    }

    private User bootstrapUser(Tokens.BootstrapToken token) {
        ObjectNode secret = objects.find(secrets, Tokens.SYSTEM_NAMESPACE, token.secretName())
                .orElseThrow(TokenAuth::unauthorized);
        JsonNode data = secret.path("data");
        if (!Tokens.BOOTSTRAP_SECRET_TYPE.equals(secret.path("type").asText())
                || !Tokens.same(token.secret(), decoded(data, "token-secret"))
                || !"true".equals(decoded(data, "usage-bootstrap-authentication"))
                || expired(decoded(data, "expiration"))) {
            throw unauthorized();
        }
        return new User("system:bootstrap:" + token.id(), Set.of(BOOTSTRAPPERS, "system:authenticated"));
    }

    private User agentUser(Tokens.AgentToken token) {
        ObjectNode secret = objects.find(secrets, Tokens.SYSTEM_NAMESPACE, token.secretName())
                .orElseThrow(TokenAuth::unauthorized);
        if (!Tokens.AGENT_SECRET_TYPE.equals(secret.path("type").asText())
                || !Tokens.same(Tokens.hash(token.token()), decoded(secret.path("data"), "token-sha256"))) {
            throw unauthorized();
        }
        return new User(AGENT_PREFIX + token.cluster(), Set.of(AGENTS, "system:authenticated"));
    }

    @Override
    public void authorize(User user, String verb, ResourceType type, RequestTarget target, ApiRequest request) {
        if (user.groups().contains("system:masters")) {
            return;
        }
        if (user.groups().contains(BOOTSTRAPPERS)) {
            if (verb.equals("create") && isFlotilla(type, "clusters") && "token".equals(target.subresource())) {
                return;
            }
            throw forbidden(user, verb, type, target);
        }
        if (user.groups().contains(AGENTS) && agentMay(user.name().substring(AGENT_PREFIX.length()), verb, type,
                target, request)) {
            return;
        }
        throw forbidden(user, verb, type, target);
    }

    private static boolean agentMay(String cluster, String verb, ResourceType type, RequestTarget target,
                                    ApiRequest request) {
        if (isFlotilla(type, "clusters")) {
            if (target.subresource() != null && !target.subresource().equals("status")) {
                return false;
            }
            if (cluster.equals(target.name())) {
                return READ.contains(verb) || verb.equals("update") || verb.equals("patch");
            }
            // Lists and watches are allowed when pinned to its own name, as clients do for a single object.
            return target.name() == null && (verb.equals("list") || verb.equals("watch"))
                    && ("metadata.name=" + cluster).equals(request.param("fieldSelector"));
        }
        if (!FlotillaApi.executionNamespace(cluster).equals(target.namespace())) {
            return false;
        }
        if (isFlotilla(type, "works")) {
            return READ.contains(verb) || verb.equals("update") || verb.equals("patch");
        }
        if (type.group().equals("coordination.k8s.io") && type.plural().equals("leases")) {
            return true;
        }
        if (type.group().isEmpty() && type.plural().equals("events")) {
            return verb.equals("create") || verb.equals("patch") || verb.equals("update") || READ.contains(verb);
        }
        return false;
    }

    private static boolean isFlotilla(ResourceType type, String plural) {
        return type.group().equals(FlotillaApi.GROUP) && type.plural().equals(plural);
    }

    private boolean expired(String expiration) {
        if (expiration == null || expiration.isEmpty()) {
            return false;
        }
        try {
            return !Instant.parse(expiration).isAfter(clock.instant());
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private static String decoded(JsonNode data, String key) {
        JsonNode value = data.get(key);
        if (value == null || !value.isTextual()) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(value.asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static ApiException unauthorized() {
        return ApiException.unauthorized("Unauthorized");
    }

    private static ApiException forbidden(User user, String verb, ResourceType type, RequestTarget target) {
        String resource = type.plural() + (target.subresource() == null ? "" : "/" + target.subresource());
        String group = type.group().isEmpty() ? "" : " in API group \"" + type.group() + "\"";
        String scope = target.namespace() == null ? " at the cluster scope" : " in the namespace \"" + target.namespace() + "\"";
        String name = target.name() == null ? "" : " \"" + target.name() + "\"";
        return ApiException.forbidden(type.qualifiedResource() + name + " is forbidden: User \"" + user.name()
                + "\" cannot " + verb + " resource \"" + resource + "\"" + group + scope);
    }
}
