package dev.flotilla.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The agent's connection to the control plane: registration with the bootstrap token, the agent token it gets
 * back (kept in a {@link TokenStore}), a fabric8 client that always sends the current agent token, and
 * {@link #call(String, Function)}, which runs a call under the {@link ControlPlaneGuard} and re-registers once when the
 * agent token is refused (401: revoked, or replaced by a newer registration).
 *
 * <p>The fabric8 client's own retries are switched off (the guard retries) and its watches use plain chunked HTTP
 * ({@code onlyHttpWatches}), which every Kubernetes-style API server speaks.
 */
public final class ControlPlane implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ControlPlane.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentConfig config;
  private final TokenStore tokens;
  private final ControlPlaneGuard guard;
  private final Supplier<String> memberId;
  private final Supplier<Map<String, String>> registrationLabels;
  private final AtomicReference<String> agentToken = new AtomicReference<>();
  private final AtomicInteger registrations = new AtomicInteger();
  private final KubernetesClient client;
  private final KubernetesClient bootstrapClient;
  private final Object registrationLock = new Object();
  private boolean tokenLoaded;

  /**
   * Connects (lazily: nothing is sent until the first call, and the saved token is read then too).
   *
   * @param config the agent's configuration
   * @param tokens where the agent token is kept
   * @param guard the guard for every call
   * @param memberId supplies the member's identity when registering
   * @param registrationLabels supplies the region/zone labels when registering
   */
  public ControlPlane(AgentConfig config, TokenStore tokens, ControlPlaneGuard guard, Supplier<String> memberId,
                      Supplier<Map<String, String>> registrationLabels) {
    this.config = config;
    this.tokens = tokens;
    this.guard = guard;
    this.memberId = memberId;
    this.registrationLabels = registrationLabels;
    this.client = new KubernetesClientBuilder()
        .withConfig(baseConfig().withOauthTokenProvider(agentToken::get).build()).build();
    this.bootstrapClient = new KubernetesClientBuilder().withConfig(baseConfig().build()).build();
  }

  private ConfigBuilder baseConfig() {
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.faultTolerance().timeout().toMillis() + 1000);
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(config.controlPlane().toString())
        .withTrustCerts(config.insecureSkipTlsVerify())
        .withDisableHostnameVerification(config.insecureSkipTlsVerify())
        .withRequestRetryBackoffLimit(0)
        .withRequestTimeout(timeoutMillis)
        .withConnectionTimeout(timeoutMillis)
        .withWatchReconnectLimit(0)
        .withOnlyHttpWatches(true);
  }

  /**
   * Whether the agent holds an agent token (saved or freshly issued).
   *
   * @return true if registered
   */
  public boolean registered() {
    return agentToken.get() != null;
  }

  /** @return how many times this agent registered since it started (0 when a saved token did) */
  public int registrations() {
    return registrations.get();
  }

  /**
   * Registers unless an agent token is at hand: the saved one (read from the {@link TokenStore} the first time), or
   * one issued since.
   *
   * @throws ControlPlaneException when registration fails
   * @throws RuntimeException naming the store when the saved token cannot be read (e.g. the state Secret is missing)
   */
  public void ensureRegistered() {
    if (registered()) {
      return;
    }
    synchronized (registrationLock) {
      if (!tokenLoaded) {
        // Read here rather than when built: the store may be a Secret in a member that is not reachable yet.
        tokens.load().ifPresent(token -> {
          agentToken.set(token);
          LOG.infof("agent %s: using the agent token saved in %s", config.clusterName(), tokens.location());
        });
        tokenLoaded = true;
      }
      if (!registered()) {
        register(null);
      }
    }
  }

  /**
   * Runs a call with the agent token, under the guard. A 401 means the token is no longer valid: the agent
   * registers again with the bootstrap token and repeats the call once.
   *
   * @param operation what is being done, for errors and logs
   * @param call the call, given the client
   * @param <T> its result type
   * @return its result
   * @throws ControlPlaneException when it fails
   */
  public <T> T call(String operation, Function<KubernetesClient, T> call) {
    return withToken(operation, call, Mode.GUARDED);
  }

  /**
   * As {@link #call}, for the liveness signal (the lease renewal): timeout only, not behind the circuit breaker,
   * not retried ({@link ControlPlaneGuard#callLiveness}).
   *
   * @param operation what is being done, for errors and logs
   * @param call the call, given the client
   * @param <T> its result type
   * @return its result
   * @throws ControlPlaneException when it fails
   */
  public <T> T callLiveness(String operation, Function<KubernetesClient, T> call) {
    return withToken(operation, call, Mode.LIVENESS);
  }

  /**
   * Starts a watch (or anything else fabric8 opens in the background) with the agent token: refused while the
   * circuit breaker is not closed, and kept out of its statistics, because the start returns before the control
   * plane said anything ({@link ControlPlaneGuard#startAsync}). Failures after the start reach the watcher.
   *
   * @param operation what is being started, for errors and logs
   * @param start the start, given the client
   * @param <T> its result type (the Watch)
   * @return its result
   * @throws ControlPlaneException when the breaker is not closed or the start failed
   */
  public <T> T startAsync(String operation, Function<KubernetesClient, T> start) {
    return withToken(operation, start, Mode.ASYNC_START);
  }

  /** How a call goes through the guard. */
  private enum Mode { GUARDED, LIVENESS, ASYNC_START }

  private <T> T withToken(String operation, Function<KubernetesClient, T> call, Mode mode) {
    ensureRegistered();
    String tokenUsed = agentToken.get();
    try {
      return through(operation, call, mode);
    } catch (ControlPlaneException e) {
      if (e.code() != 401) {
        throw e;
      }
      LOG.warnf("agent %s: the control plane refused the agent token (401) during '%s'; registering again",
          config.clusterName(), operation);
      register(tokenUsed);
      return through(operation, call, mode);
    }
  }

  private <T> T through(String operation, Function<KubernetesClient, T> call, Mode mode) {
    return switch (mode) {
      case GUARDED -> guard.call(operation, () -> call.apply(client));
      case LIVENESS -> guard.callLiveness(operation, () -> call.apply(client));
      case ASYNC_START -> guard.startAsync(operation, () -> call.apply(client));
    };
  }

  /**
   * The client that sends the agent token, for watches (whose start goes through {@link #startAsync}).
   *
   * @return the client
   */
  public KubernetesClient client() {
    return client;
  }

  /** @return the guard every call goes through */
  public ControlPlaneGuard guard() {
    return guard;
  }

  /**
   * Registers again even though the agent token is still accepted (the Cluster object was deleted, so the
   * registration must create it again).
   *
   * @throws ControlPlaneException when registration fails
   */
  public void reregister() {
    register(agentToken.get());
  }

  /**
   * Registers with the bootstrap token: {@code POST /apis/flotilla.dev/v1alpha1/clusters/<name>/token}, and keeps the
   * agent token it returns. Does nothing when another thread already replaced {@code staleToken}.
   *
   * @param staleToken the token found invalid, or null when there is none
   * @throws ControlPlaneException when the control plane refuses (401 wrong bootstrap token, 409 the name belongs
   *     to another member) or cannot be reached
   */
  public void register(String staleToken) {
    synchronized (registrationLock) {
      String current = agentToken.get();
      if (current != null && !current.equals(staleToken)) {
        return;
      }
      if (config.bootstrapToken() == null) {
        throw new ControlPlaneException("register cluster " + config.clusterName(), new IllegalStateException(
            "no bootstrap token was given and " + (staleToken == null ? "no agent token is saved in "
                + tokens.location() : "the saved agent token was refused") + "; pass --token or --token-file"));
      }
      String id = memberId.get();
      String token = guard.call("register cluster " + config.clusterName(), () -> requestToken(id));
      tokens.save(token);
      agentToken.set(token);
      registrations.incrementAndGet();
      LOG.infof("agent %s: registered with the control plane %s as member %s (agent token saved in %s)",
          config.clusterName(), config.controlPlane(), id, tokens.location());
    }
  }

  private String requestToken(String id) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("apiVersion", FlotillaApi.API_VERSION);
    body.put("kind", "ClusterTokenRequest");
    ObjectNode spec = body.putObject("spec");
    spec.put("clusterId", id);
    ObjectNode labels = spec.putObject("labels");
    registrationLabels.get().forEach(labels::put);
    String url = config.controlPlane().toString().replaceAll("/+$", "") + "/apis/" + FlotillaApi.API_VERSION
        + "/clusters/" + config.clusterName() + "/token";
    HttpRequest request = bootstrapClient.getHttpClient().newHttpRequestBuilder()
        .uri(url)
        .header("Authorization", "Bearer " + config.bootstrapToken())
        .header("Accept", "application/json")
        .post("application/json", JSON.writeValueAsString(body))
        .build();
    HttpResponse<String> response;
    try {
      response = bootstrapClient.getHttpClient().sendAsync(request, String.class)
          .get(config.faultTolerance().timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KubernetesClientException("registration request failed: " + e.getCause().getMessage(), e.getCause());
    }
    int code = response.code();
    String text = response.body() == null ? "" : response.body();
    if (code == 200 || code == 201) {
      JsonNode token = JSON.readTree(text).path("status").path("token");
      if (!token.isTextual() || token.asText().isBlank()) {
        throw new KubernetesClientException("the control plane answered the registration without status.token", code,
            null);
      }
      return token.asText();
    }
    String message = statusMessage(text);
    String hint = switch (code) {
      case 401 -> "the bootstrap token was refused: check --token / --token-file (tokens are made with "
          + "'flotilla token create'; the first is in <data-dir>/bootstrap-token)";
      case 403 -> "the bootstrap token may not register clusters";
      case 409 -> "the name " + config.clusterName() + " belongs to another member cluster (this member's id is " + id
          + "); choose another --cluster-name, or delete that Cluster on the control plane if it is gone for good";
      default -> "registration refused";
    };
    throw new KubernetesClientException(hint + " (HTTP " + code + (message.isEmpty() ? "" : ": " + message) + ")",
        code, null);
  }

  private static String statusMessage(String body) {
    try {
      return JSON.readTree(body).path("message").asText("");
    } catch (Exception e) {
      return body.length() > 200 ? body.substring(0, 200) : body;
    }
  }

  @Override
  public void close() {
    client.close();
    bootstrapClient.close();
  }
}
