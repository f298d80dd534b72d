package dev.flotilla.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.StateSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The command line alone: options to configuration, and clear errors naming the option. */
class AgentCommandTest {

  @TempDir
  Path temp;

  private Path kubeconfig() throws Exception {
    Path file = temp.resolve("member.kubeconfig");
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: sim
          cluster: {server: "http://127.0.0.1:6443"}
        contexts:
        - name: eu-west-a
          context: {cluster: sim, user: sim}
        current-context: eu-west-a
        users:
        - name: sim
          user: {token: abc}
        """);
    return file;
  }

  private AgentCommand parse(String... args) {
    AgentCommand command = new AgentCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void turnsOptionsIntoTheAgentsConfiguration() throws Exception {
    Path token = temp.resolve("token");
    Files.writeString(token, "abcdef.0123456789abcdef\n");
    AgentCommand.Settings settings = parse("--control-plane", "http://127.0.0.1:8080", "--token-file",
        token.toString(), "--kubeconfig", kubeconfig().toString(), "--region", "eu-west", "--zone", "eu-west-a",
        "--heartbeat-interval", "500ms", "--circuit-delay", "1s", "--retries", "5").toSettings();

    assertThat(settings.agent().clusterName()).isEqualTo("eu-west-a"); // from the current context
    assertThat(settings.agent().bootstrapToken()).isEqualTo("abcdef.0123456789abcdef");
    assertThat(settings.agent().heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
    // Member-side watches report status changes; the periodic resync is only the safety net.
    assertThat(settings.agent().statusResyncInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.agent().faultTolerance().circuitDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.agent().faultTolerance().maxRetries()).isEqualTo(5);
    assertThat(settings.agent().stateDir()).isEqualTo(Path.of("flotilla-agent-eu-west-a"));
    assertThat(settings.member().getMasterUrl()).startsWith("http://127.0.0.1:6443");
    assertThat(settings.member().getRequestRetryBackoffLimit()).isZero();
  }

  @Test
  void withoutAKubeconfigItUsesThePodsServiceAccount() throws Exception {
    Path token = temp.resolve("token");
    Files.writeString(token, "first-token");
    java.util.Map<String, String> properties = java.util.Map.of("kubernetes.auth.tryKubeConfig", "false",
        "KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443",
        "kubernetes.auth.serviceAccount.token", token.toString());
    java.util.Map<String, String> before = new java.util.HashMap<>();
    properties.keySet().forEach(key -> before.put(key, System.getProperty(key)));
    properties.forEach(System::setProperty);
    try {
      AgentCommand.Settings settings = parse("--control-plane", "http://127.0.0.1:8080", "--cluster-name", "eu-1a")
          .toSettings();

      // What the kubelet gives a pod: the API server's Service address and a ServiceAccount token file.
      assertThat(settings.member().getMasterUrl()).isEqualTo("https://10.96.0.1:443/");
      assertThat(settings.member().getAutoOAuthToken()).isEqualTo("first-token");
      // The kubelet rotates the token file; fabric8 reads it again when it refreshes the configuration.
      Files.writeString(token, "rotated-token");
      assertThat(settings.member().refresh().getAutoOAuthToken()).isEqualTo("rotated-token");
    } finally {
      before.forEach((key, value) -> {
        if (value == null) {
          System.clearProperty(key);
        } else {
          System.setProperty(key, value);
        }
      });
    }
  }

  @Test
  void badOptionsAreNamed() throws Exception {
    String kube = kubeconfig().toString();
    assertThatThrownBy(() -> parse("--control-plane", "http://x", "--kubeconfig", kube, "--cluster-name",
        "Bad_Name").toSettings()).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("clusterName");
    assertThatThrownBy(() -> parse("--control-plane", "http://x", "--kubeconfig", kube, "--token", "a",
        "--token-file", "b").toSettings()).hasMessageContaining("--token or --token-file, not both");
    assertThatThrownBy(() -> parse("--control-plane", "http://x", "--heartbeat-interval", "soon"))
        .hasMessageContaining("'soon' is not a duration");
    assertThatThrownBy(() -> parse("--kubeconfig", kube)).hasMessageContaining("--control-plane");
  }

  @Test
  void stateSecretNamesTheSecretThatKeepsTheAgentToken() throws Exception {
    String kube = kubeconfig().toString();
    AgentCommand.Settings settings = parse("--control-plane", "http://127.0.0.1:8080", "--kubeconfig", kube,
        "--state-secret", "flotilla-system/flotilla-agent-state").toSettings();
    assertThat(settings.agent().stateSecret()).isEqualTo(new StateSecret("flotilla-system", "flotilla-agent-state"));

    assertThat(parse("--control-plane", "http://127.0.0.1:8080", "--kubeconfig", kube).toSettings().agent()
        .stateSecret()).as("without the option the token stays in --state-dir").isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "flotilla-agent-state               | is not NAMESPACE/NAME",
      "a/b/c                              | is not NAMESPACE/NAME",
      "/flotilla-agent-state              | namespace is empty",
      "flotilla-system/                   | name is empty",
      "Flotilla_System/flotilla-agent-state | namespace 'Flotilla_System' is invalid",
      "flotilla-system/Agent State        | name 'Agent State' is invalid",
      "flotilla.system/flotilla-agent-state | namespace 'flotilla.system' is invalid"})
  void aBadStateSecretIsNamed(String value, String why) throws Exception {
    String kube = kubeconfig().toString();
    assertThatThrownBy(() -> parse("--control-plane", "http://x", "--kubeconfig", kube, "--state-secret", value)
        .toSettings()).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageStartingWith("Invalid value for option '--state-secret': ").hasMessageContaining(why);
  }

  @Test
  void stateSecretAndStateDirExcludeEachOther() throws Exception {
    String kube = kubeconfig().toString();
    assertThatThrownBy(() -> parse("--control-plane", "http://x", "--kubeconfig", kube, "--state-secret",
        "flotilla-system/flotilla-agent-state", "--state-dir", temp.toString()).toSettings())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--state-secret or --state-dir, not both");
  }

  @Test
  void readsDurationsAsPeopleWriteThem() {
    DurationConverter converter = new DurationConverter();
    assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(converter.convert("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(converter.convert("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(converter.convert("PT3S")).isEqualTo(Duration.ofSeconds(3));
  }
}
