package dev.flotilla.agent.app;

import dev.flotilla.agent.AgentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health probes. Live while the agent runs (its failures are retried inside, never by a restart). Ready once it has
 * registered and a heartbeat has succeeded.
 */
public final class AgentHealth {

  private AgentHealth() {
  }

  static HealthCheckResponseBuilder describe(String name, AgentStatus status) {
    HealthCheckResponseBuilder builder = HealthCheckResponse.named(name);
    if (status == null) {
      return builder.down().withData("agent", "not started");
    }
    builder.withData("cluster", status.clusterName())
        .withData("registered", status.registered())
        .withData("heartbeats", status.heartbeats())
        .withData("circuitBreaker", status.circuitBreaker())
        .withData("memberReady", status.memberReady())
        .withData("works", status.knownWorks());
    if (status.lastHeartbeat() != null) {
      builder.withData("lastHeartbeat", status.lastHeartbeat().toString());
    }
    if (status.lastError() != null) {
      builder.withData("lastError", status.lastError());
    }
    return builder;
  }

  /** Liveness: the agent was started. */
  @Liveness
  @ApplicationScoped
  public static class Live implements HealthCheck {
    @Inject
    AgentLifecycle lifecycle;

    @Override
    public HealthCheckResponse call() {
      AgentStatus status = lifecycle.status();
      return describe("flotilla-agent", status).status(status != null).build();
    }
  }

  /** Readiness: registered, and a heartbeat succeeded. */
  @Readiness
  @ApplicationScoped
  public static class Ready implements HealthCheck {
    @Inject
    AgentLifecycle lifecycle;

    @Override
    public HealthCheckResponse call() {
      AgentStatus status = lifecycle.status();
      return describe("flotilla-agent", status).status(status != null && status.ready()).build();
    }
  }
}
