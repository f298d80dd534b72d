package dev.flotilla.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.api.ApiHandler;
import dev.flotilla.server.api.RequestTarget;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Registration of a member cluster: {@code POST /apis/flotilla.dev/v1alpha1/clusters/{name}/token}, a
 * create-only subresource in the manner of {@code serviceaccounts/{name}/token}. The agent calls it with a
 * bootstrap token and its member's identity ({@code spec.clusterId}); the answer carries an agent token that acts
 * for that cluster only. The Cluster object is created if new, adopted if an administrator created it without an
 * identity, and refused (409) if it belongs to another member: the same member coming back is recognised by its
 * identity, so re-registering replaces its token and keeps everything else.
 */
public final class ClusterTokenRequests implements ApiHandler.ReviewHandler {

    public static final String KIND = "ClusterTokenRequest";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ObjectService objects;
    private final ResourceType clusters;
    private final ResourceType secrets;

    public ClusterTokenRequests(ObjectService objects, ResourceRegistry registry) {
        this.objects = objects;
        this.clusters = registry.byResource(FlotillaApi.GROUP, FlotillaApi.VERSION, "clusters").orElseThrow();
        this.secrets = registry.byResource("", "v1", "secrets").orElseThrow();
    }

    @Override
    public ObjectNode review(RequestTarget target, ObjectNode request) {
        String name = target.name();
        String clusterId = request.path("spec").path("clusterId").asText("");
        if (clusterId.isBlank()) {
            throw ApiException.invalid(FlotillaApi.GROUP, KIND, name, List.of(new ApiException.Cause(
                    "FieldValueRequired", "spec.clusterId", "Required value: the member cluster's identity")));
        }
        Optional<ObjectNode> existing = objects.find(clusters, null, name);
        if (existing.isPresent()) {
            String knownId = existing.get().path("spec").path("id").asText("");
            if (!knownId.isEmpty() && !knownId.equals(clusterId)) {
                throw ApiException.conflict(clusters.qualifiedResource(), clusters.group(), clusters.plural(), name,
                        "the name is registered to another member cluster (id " + knownId + "); choose another "
                                + "name, or delete the Cluster first if that member is gone for good");
            }
            if (knownId.isEmpty()) {
                objects.mutate(clusters, null, name, null, ObjectService.Scope.MAIN, WriteOptions.DEFAULT, cluster -> {
                    cluster.with("spec").put("id", clusterId);
                    return cluster;
                });
            }
        } else {
            ObjectNode cluster = JSON.objectNode();
            cluster.put("apiVersion", FlotillaApi.API_VERSION);
            cluster.put("kind", "Cluster");
            ObjectNode metadata = cluster.putObject("metadata");
            metadata.put("name", name);
            JsonNode labels = request.path("spec").path("labels");
            if (labels.isObject()) {
                metadata.set("labels", labels);
            }
            ObjectNode spec = cluster.putObject("spec");
            spec.put("id", clusterId);
            spec.put("syncMode", "Pull");
            try {
                objects.create(clusters, null, cluster, WriteOptions.DEFAULT);
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
                // Two registrations raced; the loser re-checks the identity on its next try.
                throw ApiException.conflict(clusters.qualifiedResource(), clusters.group(), clusters.plural(), name,
                        "registered concurrently; try again");
            }
        }
        objects.ensureNamespace(FlotillaApi.executionNamespace(name));
        Tokens.AgentToken token = Tokens.newAgentToken(name);
        storeAgentSecret(name, token);

        ObjectNode answer = JSON.objectNode();
        answer.put("apiVersion", FlotillaApi.API_VERSION);
        answer.put("kind", KIND);
        answer.putObject("metadata").put("name", name);
        answer.putObject("spec").put("clusterId", clusterId);
        ObjectNode status = answer.putObject("status");
        status.put("token", token.token());
        status.put("executionNamespace", FlotillaApi.executionNamespace(name));
        return answer;
    }

    private void storeAgentSecret(String cluster, Tokens.AgentToken token) {
        ObjectNode data = JSON.objectNode();
        data.put("cluster", base64(cluster));
        data.put("token-sha256", base64(Tokens.hash(token.token())));
        String secretName = token.secretName();
        if (objects.find(secrets, Tokens.SYSTEM_NAMESPACE, secretName).isPresent()) {
            objects.mutate(secrets, Tokens.SYSTEM_NAMESPACE, secretName, null, ObjectService.Scope.MAIN,
                    WriteOptions.DEFAULT, secret -> {
                        secret.set("data", data);
                        return secret;
                    });
            return;
        }
        ObjectNode secret = JSON.objectNode();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        ObjectNode metadata = secret.putObject("metadata");
        metadata.put("name", secretName);
        metadata.putObject("labels").put(FlotillaApi.LABEL_CLUSTER, cluster);
        secret.put("type", Tokens.AGENT_SECRET_TYPE);
        secret.set("data", data);
        objects.create(secrets, Tokens.SYSTEM_NAMESPACE, secret, WriteOptions.DEFAULT);
    }


    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
