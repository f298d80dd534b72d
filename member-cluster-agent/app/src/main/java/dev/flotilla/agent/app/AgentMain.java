package dev.flotilla.agent.app;

import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * The agent's command line: {@code flotilla agent --control-plane URL --token T --kubeconfig FILE ...}. The options
 * are parsed before Quarkus starts (they decide its health port); then Quarkus runs one agent with health probes
 * until it is stopped.
 */
@QuarkusMain
public final class AgentMain {

  private AgentMain() {
  }

  /**
   * Parses the options and runs the agent.
   *
   * @param args the command line
   */
  public static void main(String... args) {
    AgentCommand command = new AgentCommand();
    int exit = new CommandLine(command).execute(args);
    if (exit != 0 || !command.ran()) {
      System.exit(exit);
    }
  }
}
