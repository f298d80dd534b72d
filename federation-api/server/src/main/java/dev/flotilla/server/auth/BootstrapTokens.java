package dev.flotilla.server.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * Bootstrap tokens: the first is made at first start and written to {@code <data-dir>/bootstrap-token} (readable
 * by its owner only); {@code flotilla token create} makes more. Each is a Secret of type
 * {@code bootstrap.kubernetes.io/token} in {@code flotilla-system}, kubeadm's format, so deleting that Secret
 * revokes the token.
 */
public final class BootstrapTokens {

    public static final String FILE_NAME = "bootstrap-token";

    private BootstrapTokens() {
    }

    /** The Secret that stores a bootstrap token (optionally expiring). */
    public static ObjectNode secret(Tokens.BootstrapToken token, String description, Instant expiration) {
        ObjectNode secret = JsonNodeFactory.instance.objectNode();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        secret.putObject("metadata").put("name", token.secretName());
        secret.put("type", Tokens.BOOTSTRAP_SECRET_TYPE);
        ObjectNode data = secret.putObject("data");
        data.put("token-id", ClusterTokenRequests.base64(token.id()));
        data.put("token-secret", ClusterTokenRequests.base64(token.secret()));
        data.put("usage-bootstrap-authentication", ClusterTokenRequests.base64("true"));
        data.put("description", ClusterTokenRequests.base64(description));
        if (expiration != null) {
            data.put("expiration", ClusterTokenRequests.base64(expiration.toString()));
        }
        return secret;
    }

    /** Makes the first bootstrap token unless the data directory already has one. */
    public static void ensureFirst(ObjectService objects, ResourceType secrets, Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return;
        }
        Tokens.BootstrapToken token = Tokens.newBootstrapToken();
        objects.create(secrets, Tokens.SYSTEM_NAMESPACE,
                secret(token, "made at the control plane's first start", null), WriteOptions.DEFAULT);
        try {
            // With a shared (PostgreSQL) store nothing else creates the data directory.
            Files.createDirectories(dataDir);
            Path temporary = dataDir.resolve(FILE_NAME + ".tmp");
            Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the folder's own permissions protect it.
            }
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
