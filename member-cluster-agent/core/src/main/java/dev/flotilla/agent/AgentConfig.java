package dev.flotilla.agent;

import dev.flotilla.api.FlotillaApi;
import io.fabric8.kubernetes.api.model.Quantity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything one agent needs to know, checked when built. Create with {@link #builder(String, URI)}.
 *
 * @param clusterName the member's name in the federation (a DNS-1123 label of at most 51 characters)
 * @param controlPlane the control plane's base URL (http or https)
 * @param bootstrapToken the token that may register this member; null when a saved agent token must do
 * @param stateDir where the agent keeps its agent token between restarts, unless {@code stateSecret} is given
 * @param stateSecret the Secret in the member cluster that keeps the agent token instead (it must exist; the agent
 *     only reads and updates it); null to use {@code stateDir}
 * @param region the region label to register with; null to read it from the member's nodes
 * @param zone the zone label to register with; null to read it from the member's nodes
 * @param heartbeatInterval how often the lease is renewed and the Cluster status written
 * @param leaseDuration the lease's {@code leaseDurationSeconds}
 * @param workResyncInterval how often the Works are listed again in full and the member swept for orphans
 * @param statusResyncInterval how often every Work is reconciled again: the safety net behind the member-side
 *     watches, which report status changes as they happen
 * @param memberRequestTimeout longest wait for one call to the member (a member that does not answer rejects)
 * @param workers how many Works are reconciled at the same time (never two for the same Work)
 * @param memberFailureThreshold consecutive failed probes of the member before the Cluster turns Ready=False
 * @param estimateRequests per-replica requests the capacity estimate is always reported for (besides the
 *     requests of the workloads the agent applies)
 * @param insecureSkipTlsVerify trust any certificate of an https control plane (tests and demos only)
 * @param faultTolerance how control-plane calls are guarded
 */
public record AgentConfig(String clusterName, URI controlPlane, String bootstrapToken, Path stateDir,
                          StateSecret stateSecret, String region, String zone, Duration heartbeatInterval, Duration leaseDuration,
                          Duration workResyncInterval, Duration statusResyncInterval,
                          Duration memberRequestTimeout, int workers, int memberFailureThreshold,
                          List<Map<String, Quantity>> estimateRequests, boolean insecureSkipTlsVerify,
                          FaultToleranceSettings faultTolerance) {

  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  /**
   * Checks every field.
   *
   * @throws IllegalArgumentException naming the first offending field
   */
  public AgentConfig {
    if (clusterName == null || clusterName.isEmpty()) {
      throw new IllegalArgumentException("clusterName: required");
    }
    if (clusterName.length() > FlotillaApi.MAX_CLUSTER_NAME_LENGTH || !DNS1123_LABEL.matcher(clusterName).matches()) {
      throw new IllegalArgumentException("clusterName: \"" + clusterName + "\" must be a DNS-1123 label (lower-case "
          + "letters, digits and '-', starting and ending with a letter or digit) of at most "
          + FlotillaApi.MAX_CLUSTER_NAME_LENGTH + " characters");
    }
    if (controlPlane == null) {
      throw new IllegalArgumentException("controlPlane: required");
    }
    String scheme = controlPlane.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || controlPlane.getHost() == null) {
      throw new IllegalArgumentException("controlPlane: \"" + controlPlane + "\" must be an http:// or https:// URL");
    }
    if (bootstrapToken != null && bootstrapToken.isBlank()) {
      bootstrapToken = null;
    }
    Objects.requireNonNull(stateDir, "stateDir");
    region = blankToNull(region);
    zone = blankToNull(zone);
    FaultToleranceSettings.positive("heartbeatInterval", heartbeatInterval);
    FaultToleranceSettings.positive("leaseDuration", leaseDuration);
    if (leaseDuration.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException("leaseDuration: must be longer than heartbeatInterval (" + heartbeatInterval
          + "), got " + leaseDuration);
    }
    FaultToleranceSettings.positive("workResyncInterval", workResyncInterval);
    FaultToleranceSettings.positive("statusResyncInterval", statusResyncInterval);
    FaultToleranceSettings.positive("memberRequestTimeout", memberRequestTimeout);
    if (workers < 1) {
      throw new IllegalArgumentException("workers: must be at least 1, got " + workers);
    }
    if (memberFailureThreshold < 1) {
      throw new IllegalArgumentException("memberFailureThreshold: must be at least 1, got " + memberFailureThreshold);
    }
    List<Map<String, Quantity>> requests = new ArrayList<>();
    for (int i = 0; i < (estimateRequests == null ? 0 : estimateRequests.size()); i++) {
      Map<String, Quantity> request = estimateRequests.get(i);
      for (Map.Entry<String, Quantity> entry : request.entrySet()) {
        try {
          Quantity.getAmountInBytes(entry.getValue());
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("estimateRequests[" + i + "]." + entry.getKey() + ": \""
              + entry.getValue() + "\" is not a Kubernetes quantity");
        }
      }
      requests.add(Map.copyOf(request));
    }
    estimateRequests = List.copyOf(requests);
    Objects.requireNonNull(faultTolerance, "faultTolerance");
  }

  /**
   * Starts a builder with the defaults: heartbeat 1 s, lease 5 s, Work resync 30 s, status resync 30 s, member
   * timeout 10 s, 2 workers, Ready=False after 3 failed member probes, an estimate for {cpu: 100m, memory: 128Mi},
   * state in {@code ./flotilla-agent-<clusterName>}.
   *
   * @param clusterName the member's name in the federation
   * @param controlPlane the control plane's base URL
   * @return the builder
   */
  public static Builder builder(String clusterName, URI controlPlane) {
    return new Builder(clusterName, controlPlane);
  }

  /** @return the execution namespace {@code flotilla-es-<clusterName>} on the control plane */
  public String executionNamespace() {
    return FlotillaApi.executionNamespace(clusterName);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Builds an {@link AgentConfig}; every setter returns the builder. */
  public static final class Builder {
    private final String clusterName;
    private final URI controlPlane;
    private String bootstrapToken;
    private Path stateDir;
    private StateSecret stateSecret;
    private String region;
    private String zone;
    private Duration heartbeatInterval = Duration.ofSeconds(1);
    private Duration leaseDuration = Duration.ofSeconds(5);
    private Duration workResyncInterval = Duration.ofSeconds(30);
    private Duration statusResyncInterval = Duration.ofSeconds(30);
    private Duration memberRequestTimeout = Duration.ofSeconds(10);
    private int workers = 2;
    private int memberFailureThreshold = 3;
    private List<Map<String, Quantity>> estimateRequests =
        List.of(orderedRequest("cpu", "100m", "memory", "128Mi"));
    private boolean insecureSkipTlsVerify;
    private FaultToleranceSettings faultTolerance = FaultToleranceSettings.DEFAULTS;

    private Builder(String clusterName, URI controlPlane) {
      this.clusterName = clusterName;
      this.controlPlane = controlPlane;
    }

    /** @param token the bootstrap token; @return this */
    public Builder bootstrapToken(String token) {
      this.bootstrapToken = token;
      return this;
    }

    /** @param dir where the agent token is kept; @return this */
    public Builder stateDir(Path dir) {
      this.stateDir = dir;
      return this;
    }

    /**
     * @param secret the Secret in the member cluster that keeps the agent token (instead of the state directory), or
     *     null for the state directory
     * @return this
     */
    public Builder stateSecret(StateSecret secret) {
      this.stateSecret = secret;
      return this;
    }

    /** @param region the region label, or null to read it from the member's nodes; @return this */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** @param zone the zone label, or null to read it from the member's nodes; @return this */
    public Builder zone(String zone) {
      this.zone = zone;
      return this;
    }

    /** @param interval lease renewal and status period; @return this */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = interval;
      return this;
    }

    /** @param duration the lease's duration; @return this */
    public Builder leaseDuration(Duration duration) {
      this.leaseDuration = duration;
      return this;
    }

    /** @param interval full relist of Works and orphan sweep period; @return this */
    public Builder workResyncInterval(Duration interval) {
      this.workResyncInterval = interval;
      return this;
    }

    /** @param interval period of reconciling every Work again (behind the member watches); @return this */
    public Builder statusResyncInterval(Duration interval) {
      this.statusResyncInterval = interval;
      return this;
    }

    /** @param timeout longest wait for the member; @return this */
    public Builder memberRequestTimeout(Duration timeout) {
      this.memberRequestTimeout = timeout;
      return this;
    }

    /** @param workers concurrent reconciles; @return this */
    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    /** @param threshold failed member probes before Ready=False; @return this */
    public Builder memberFailureThreshold(int threshold) {
      this.memberFailureThreshold = threshold;
      return this;
    }

    /** @param requests per-replica requests always estimated; @return this */
    public Builder estimateRequests(List<Map<String, Quantity>> requests) {
      this.estimateRequests = requests;
      return this;
    }

    /** @param insecure trust any certificate of the control plane; @return this */
    public Builder insecureSkipTlsVerify(boolean insecure) {
      this.insecureSkipTlsVerify = insecure;
      return this;
    }

    /** @param settings how control-plane calls are guarded; @return this */
    public Builder faultTolerance(FaultToleranceSettings settings) {
      this.faultTolerance = settings;
      return this;
    }

    /**
     * Builds and checks the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the offending field
     */
    public AgentConfig build() {
      Path dir = stateDir != null ? stateDir : Path.of("flotilla-agent-" + clusterName);
      return new AgentConfig(clusterName, controlPlane, bootstrapToken, dir, stateSecret, region, zone, heartbeatInterval,
          leaseDuration, workResyncInterval, statusResyncInterval, memberRequestTimeout, workers,
          memberFailureThreshold, estimateRequests, insecureSkipTlsVerify, faultTolerance);
    }

    private static Map<String, Quantity> orderedRequest(String k1, String v1, String k2, String v2) {
      Map<String, Quantity> request = new LinkedHashMap<>();
      request.put(k1, new Quantity(v1));
      request.put(k2, new Quantity(v2));
      return request;
    }
  }
}
