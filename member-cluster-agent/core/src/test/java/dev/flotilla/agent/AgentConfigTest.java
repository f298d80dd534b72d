package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentConfigTest {

  private static final URI CP = URI.create("http://127.0.0.1:8080");

  @Test
  void defaults() {
    AgentConfig config = AgentConfig.builder("eu-1", CP).build();
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.leaseDuration()).isEqualTo(Duration.ofSeconds(5));
    // Member-side watches report status changes; the periodic resync is only the safety net.
    assertThat(config.statusResyncInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.workResyncInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.stateDir()).isEqualTo(Path.of("flotilla-agent-eu-1"));
    assertThat(config.executionNamespace()).isEqualTo("flotilla-es-eu-1");
    assertThat(config.bootstrapToken()).isNull();
    assertThat(config.estimateRequests()).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource({"EU_1, clusterName", "a-very-long-cluster-name-that-does-not-fit-in-a-namespace-xx, clusterName",
      "-a, clusterName"})
  void badNamesNameTheField(String name, String field) {
    assertThatThrownBy(() -> AgentConfig.builder(name, CP).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field + ":");
  }

  @Test
  void badValuesNameTheField() {
    assertThatThrownBy(() -> AgentConfig.builder("a", URI.create("ftp://x")).build())
        .hasMessageStartingWith("controlPlane:");
    assertThatThrownBy(() -> AgentConfig.builder("a", CP).heartbeatInterval(Duration.ZERO).build())
        .hasMessageStartingWith("heartbeatInterval:");
    assertThatThrownBy(() -> AgentConfig.builder("a", CP).leaseDuration(Duration.ofSeconds(1)).build())
        .hasMessageStartingWith("leaseDuration:");
    assertThatThrownBy(() -> AgentConfig.builder("a", CP).workers(0).build()).hasMessageStartingWith("workers:");
    assertThatThrownBy(() -> new FaultToleranceSettings(Duration.ofSeconds(1), 1, Duration.ofMillis(1),
        Duration.ofMillis(1), Duration.ZERO, 1, 1.5, Duration.ofSeconds(1), 1))
        .hasMessageStartingWith("retryMaxDelay:");
    assertThatThrownBy(() -> new FaultToleranceSettings(Duration.ofSeconds(1), 1, Duration.ofMillis(1),
        Duration.ofMillis(2), Duration.ZERO, 1, 1.5, Duration.ofSeconds(1), 1))
        .hasMessageStartingWith("circuitFailureRatio:");
  }
}
