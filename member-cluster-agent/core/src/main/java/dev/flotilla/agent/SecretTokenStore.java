package dev.flotilla.agent;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps the agent token in a Secret of the member cluster ({@link StateSecret}, key {@value StateSecret#TOKEN_KEY}), so
 * the agent's identity survives its pod moving to another node: a new pod reads the token and carries on without
 * registering again, and the bootstrap token is needed only for the very first registration.
 *
 * <p>The Secret must exist (the agent's manifests create it empty): the agent needs only get and update on that one
 * Secret. Writes are optimistic: an update carries the resourceVersion just read, and a conflict (someone else wrote
 * in between) is read again and retried, because the token in hand is the one the control plane issued last. The token
 * never appears in logs or errors.
 */
public final class SecretTokenStore implements TokenStore {

  private static final Logger LOG = Logger.getLogger(SecretTokenStore.class);
  private static final int ATTEMPTS = 3;

  private final KubernetesClient member;
  private final StateSecret secret;

  /**
   * A store in a Secret of the member cluster.
   *
   * @param member a client of the member cluster
   * @param secret the Secret
   */
  public SecretTokenStore(KubernetesClient member, StateSecret secret) {
    this.member = Objects.requireNonNull(member, "member");
    this.secret = Objects.requireNonNull(secret, "secret");
  }

  @Override
  public Optional<String> load() {
    Secret current = read("read");
    String encoded = current.getData() == null ? null : current.getData().get(StateSecret.TOKEN_KEY);
    if (encoded == null || encoded.isBlank()) {
      return Optional.empty();
    }
    String token;
    try {
      token = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8).trim();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(location() + ": data." + StateSecret.TOKEN_KEY + " is not base64");
    }
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  @Override
  public void save(String token) {
    String encoded = Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    for (int attempt = 1; ; attempt++) {
      Secret current = read("save the agent token in");
      Map<String, String> data = new LinkedHashMap<>(current.getData() == null ? Map.of() : current.getData());
      data.put(StateSecret.TOKEN_KEY, encoded);
      // Keeps the resourceVersion just read: the update is refused (409) if anyone wrote in between.
      Secret updated = new SecretBuilder(current).withData(data).withStringData(null).build();
      try {
        member.secrets().inNamespace(secret.namespace()).resource(updated).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 && attempt < ATTEMPTS) {
          LOG.warnf("%s was changed by someone else while the agent saved its token; reading it again",
              location());
          continue;
        }
        throw failure("save the agent token in", e);
      }
    }
  }

  @Override
  public String location() {
    return "Secret " + secret + " in the member cluster";
  }

  private Secret read(String action) {
    Secret current;
    try {
      current = member.secrets().inNamespace(secret.namespace()).withName(secret.name()).get();
    } catch (KubernetesClientException e) {
      throw failure(action, e);
    }
    if (current == null) {
      throw new IllegalStateException("cannot " + action + " the state Secret " + secret + ": it does not exist in "
          + "the member cluster. The agent does not create it (its role may only get and update it): create it "
          + "empty, as the agent's manifests do (kubectl -n " + secret.namespace() + " create secret generic "
          + secret.name() + "), or leave out --state-secret to keep the token in --state-dir");
    }
    return current;
  }

  private IllegalStateException failure(String action, KubernetesClientException e) {
    String why = switch (e.getCode()) {
      case 403 -> "forbidden (HTTP 403): the agent's role must allow get and update on this Secret";
      case 409 -> "it kept changing under the agent (HTTP 409 " + ATTEMPTS + " times)";
      case 0 -> "the member cluster cannot be reached: " + e.getMessage();
      default -> "HTTP " + e.getCode() + (e.getStatus() != null && e.getStatus().getMessage() != null
          ? ": " + e.getStatus().getMessage() : "");
    };
    // Only the status message: fabric8's own message may echo the request, which holds the token.
    return new IllegalStateException("cannot " + action + " the state Secret " + secret + ": " + why);
  }
}
