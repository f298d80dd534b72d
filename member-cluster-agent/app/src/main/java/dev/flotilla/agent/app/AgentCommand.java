package dev.flotilla.agent.app;

import dev.flotilla.agent.AgentConfig;
import dev.flotilla.agent.FaultToleranceSettings;
import dev.flotilla.agent.StateSecret;
import io.fabric8.kubernetes.client.Config;
import io.quarkus.runtime.Quarkus;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flotilla agent}: checks the options, turns them into an {@link AgentConfig} and the member's kubeconfig,
 * then starts Quarkus, whose {@link AgentLifecycle} runs the agent.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = AgentCommand.Version.class,
    description = "Runs the agent of one member cluster: registers it with the Flotilla control plane, reports its "
        + "health and capacity, and applies the Works the control plane assigns to it.")
public final class AgentCommand implements Callable<Integer> {

  @Option(names = "--control-plane", required = true, paramLabel = "URL",
      description = "The control plane's URL, e.g. http://127.0.0.1:8080.")
  String controlPlane;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Bootstrap token to register with: needed only for the first registration (and when the saved "
          + "agent token was revoked), not once an agent token is saved in --state-secret or --state-dir.")
  String token;

  @Option(names = "--token-file", paramLabel = "FILE", description = "Read the bootstrap token from this file.")
  Path tokenFile;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Kubeconfig of the member cluster (default: $KUBECONFIG or ~/.kube/config if there is one, "
          + "else the in-cluster configuration of the pod's ServiceAccount).")
  Path kubeconfig;

  @Option(names = "--cluster-name", paramLabel = "NAME",
      description = "The member's name in the federation (default: the kubeconfig's current context).")
  String clusterName;

  @Option(names = "--region", paramLabel = "REGION",
      description = "Region label (default: the most common topology.kubernetes.io/region of the member's nodes).")
  String region;

  @Option(names = "--zone", paramLabel = "ZONE",
      description = "Zone label (default: the most common topology.kubernetes.io/zone of the member's nodes).")
  String zone;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where the agent token is kept when --state-secret is not given "
          + "(default: ./flotilla-agent-<cluster-name>).")
  Path stateDir;

  @Option(names = "--state-secret", paramLabel = "NAMESPACE/NAME",
      description = "Keep the agent token in this Secret of the member cluster instead of --state-dir, so the "
          + "member's identity survives the agent's pod moving. The Secret must exist (create it empty); the agent "
          + "only gets and updates it.")
  String stateSecret;

  @Option(names = "--heartbeat-interval", paramLabel = "DURATION", defaultValue = "1s",
      converter = DurationConverter.class, description = "Lease renewal and status period (default: ${DEFAULT-VALUE}).")
  Duration heartbeatInterval;

  @Option(names = "--lease-duration", paramLabel = "DURATION", defaultValue = "5s",
      converter = DurationConverter.class, description = "The lease's duration (default: ${DEFAULT-VALUE}).")
  Duration leaseDuration;

  @Option(names = "--work-resync", paramLabel = "DURATION", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Full relist of Works and orphan sweep period (default: ${DEFAULT-VALUE}).")
  Duration workResync;

  @Option(names = "--status-resync", paramLabel = "DURATION", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Period of reconciling every Work again, the safety net behind the member-side watches that "
          + "report status changes as they happen (default: ${DEFAULT-VALUE}).")
  Duration statusResync;

  @Option(names = "--member-timeout", paramLabel = "DURATION", defaultValue = "10s",
      converter = DurationConverter.class, description = "Longest wait for the member (default: ${DEFAULT-VALUE}).")
  Duration memberTimeout;

  @Option(names = "--member-failure-threshold", paramLabel = "N", defaultValue = "3",
      description = "Failed member probes in a row before the agent reports its Cluster Ready=False "
          + "(default: ${DEFAULT-VALUE}; one probe per heartbeat).")
  int memberFailureThreshold;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
      description = "Works reconciled at once (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
      description = "Timeout of one control-plane call (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
      description = "Retries of a failed control-plane call, with exponential backoff and jitter "
          + "(default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = "--circuit-request-volume", paramLabel = "N", defaultValue = "10",
      description = "Calls the circuit breaker looks at (default: ${DEFAULT-VALUE}).")
  int circuitRequestVolume;

  @Option(names = "--circuit-failure-ratio", paramLabel = "RATIO", defaultValue = "0.5",
      description = "Share of failed calls that opens it (default: ${DEFAULT-VALUE}).")
  double circuitFailureRatio;

  @Option(names = "--circuit-delay", paramLabel = "DURATION", defaultValue = "3s",
      converter = DurationConverter.class, description = "How long it stays open (default: ${DEFAULT-VALUE}).")
  Duration circuitDelay;

  @Option(names = "--insecure-skip-tls-verify",
      description = "Trust any certificate of an https control plane (tests and demos only).")
  boolean insecure;

  @Option(names = "--health-port", paramLabel = "PORT", defaultValue = "8081",
      description = "Port of /q/health/live and /q/health/ready (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int healthPort;

  @Option(names = "--health-host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
      description = "Address of the health endpoints (default: ${DEFAULT-VALUE}).")
  String healthHost;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private boolean ran;

  /** What the Quarkus side reads: the checked configuration and the member's client configuration. */
  static volatile Settings settings;

  /**
   * The parsed options.
   *
   * @param agent the agent's configuration
   * @param member the member's client configuration
   */
  record Settings(AgentConfig agent, Config member) {
  }

  @Override
  public Integer call() {
    settings = toSettings();
    if (healthPort < 0 || healthPort > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "Invalid value for option '--health-port': " + healthPort + " is not a port number (0-65535)");
    }
    System.setProperty("quarkus.http.port", Integer.toString(healthPort));
    System.setProperty("quarkus.http.host", healthHost);
    ran = true;
    Quarkus.run();
    return 0;
  }

  boolean ran() {
    return ran;
  }

  /**
   * Checks the options and builds the configuration.
   *
   * @return the settings
   * @throws CommandLine.ParameterException naming the offending option
   */
  Settings toSettings() {
    CommandLine cli = spec.commandLine();
    if (token != null && tokenFile != null) {
      throw new CommandLine.ParameterException(cli, "Give --token or --token-file, not both");
    }
    String bootstrap = token;
    if (tokenFile != null) {
      try {
        bootstrap = Files.readString(tokenFile).trim();
      } catch (IOException e) {
        throw new CommandLine.ParameterException(cli, "Cannot read --token-file " + tokenFile + ": " + e);
      }
    }
    StateSecret secret = null;
    if (stateSecret != null) {
      try {
        secret = StateSecret.parse(stateSecret);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cli, "Invalid value for option '--state-secret': "
            + e.getMessage());
      }
      if (stateDir != null) {
        throw new CommandLine.ParameterException(cli, "Give --state-secret or --state-dir, not both");
      }
    }
    if (kubeconfig != null && !java.nio.file.Files.isReadable(kubeconfig)) {
      throw new CommandLine.ParameterException(cli, "Cannot read --kubeconfig " + kubeconfig + ": "
          + (java.nio.file.Files.exists(kubeconfig) ? "permission denied" : "no such file"));
    }
    Config member;
    try {
      member = kubeconfig != null ? Config.fromKubeconfig(kubeconfig.toFile()) : Config.autoConfigure(null);
    } catch (RuntimeException e) {
      throw new CommandLine.ParameterException(cli, "Cannot read --kubeconfig " + kubeconfig + ": " + e.getMessage());
    }
    if (member.getMasterUrl() == null) {
      throw new CommandLine.ParameterException(cli, "No member cluster: pass --kubeconfig FILE");
    }
    member.setRequestTimeout((int) Math.min(Integer.MAX_VALUE, memberTimeout.toMillis()));
    member.setRequestRetryBackoffLimit(0);
    String name = clusterName;
    if (name == null && member.getCurrentContext() != null) {
      name = member.getCurrentContext().getName();
    }
    if (name == null) {
      throw new CommandLine.ParameterException(cli, "Missing --cluster-name (the kubeconfig has no current context)");
    }
    URI url;
    try {
      url = new URI(controlPlane);
    } catch (URISyntaxException e) {
      throw new CommandLine.ParameterException(cli, "Invalid value for option '--control-plane': " + e.getMessage());
    }
    try {
      FaultToleranceSettings defaults = FaultToleranceSettings.DEFAULTS;
      FaultToleranceSettings faultTolerance = new FaultToleranceSettings(timeout, retries, defaults.retryDelay(),
          defaults.retryMaxDelay(), defaults.retryJitter(), circuitRequestVolume, circuitFailureRatio, circuitDelay,
          defaults.circuitSuccessThreshold());
      AgentConfig config = AgentConfig.builder(name, url)
          .bootstrapToken(bootstrap)
          .stateDir(stateDir)
          .stateSecret(secret)
          .region(region)
          .zone(zone)
          .heartbeatInterval(heartbeatInterval)
          .leaseDuration(leaseDuration)
          .workResyncInterval(workResync)
          .statusResyncInterval(statusResync)
          .memberRequestTimeout(memberTimeout)
          .workers(workers)
          .memberFailureThreshold(memberFailureThreshold)
          .insecureSkipTlsVerify(insecure)
          .faultTolerance(faultTolerance)
          .build();
      return new Settings(config, member);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, "Invalid option: " + e.getMessage());
    }
  }

  /** Reports the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = AgentCommand.class.getPackage().getImplementationVersion();
      return new String[] {"flotilla agent " + (version == null ? "development build" : version)};
    }
  }
}
