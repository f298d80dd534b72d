package dev.flotilla.agent.app;

import dev.flotilla.agent.Agent;
import dev.flotilla.agent.AgentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Runs the one agent of this process from startup to shutdown, and exposes its state to the health checks. */
@ApplicationScoped
public class AgentLifecycle {

  private volatile Agent agent;
  private volatile KubernetesClient member;
  private volatile int port = -1;

  void httpStarted(@Observes HttpServerStart start) {
    port = start.options().getPort();
  }

  void start(@Observes StartupEvent event) {
    AgentCommand.Settings settings = AgentCommand.settings;
    if (settings == null) {
      throw new IllegalStateException("start the agent with AgentMain (the options decide what it runs)");
    }
    member = new KubernetesClientBuilder().withConfig(settings.member()).build();
    agent = Agent.start(settings.agent(), member);
    System.out.printf("Flotilla agent %s running for control plane %s (member %s); health at "
            + "http://127.0.0.1:%d/q/health%n", settings.agent().clusterName(), settings.agent().controlPlane(),
        settings.member().getMasterUrl(), port > 0 ? port : Integer.getInteger("quarkus.http.port", 8081));
    System.out.flush();
  }

  void stop(@Observes ShutdownEvent event) {
    if (agent != null) {
      agent.close();
    }
    if (member != null) {
      member.close();
    }
  }

  /** @return the agent's state, or null before it started */
  public AgentStatus status() {
    Agent current = agent;
    return current == null ? null : current.status();
  }
}
