package dev.flotilla.server;

import dev.flotilla.server.join.JoinCommand;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The control plane's command line: {@code server} runs it, {@code token} manages bootstrap tokens, {@code join}
 * prints the manifests of a new member's agent. The {@code ./flotilla} launcher at the repository root hands these
 * commands to this main.
 */
@QuarkusMain
@Command(name = "flotilla", mixinStandardHelpOptions = true, versionProvider = FlotillaMain.Version.class,
        description = "Flotilla's control plane.",
        subcommands = {ServerCommand.class, TokenCommand.class, JoinCommand.class})
public class FlotillaMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String... args) {
        int exit = new CommandLine(new FlotillaMain()).execute(args);
        if (exit != 0 || !isServer(args)) {
            System.exit(exit);
        }
    }

    private static boolean isServer(String[] args) {
        return args.length > 0 && args[0].equals("server");
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: server, token or join");
    }

    /** Reports the version from the jar manifest, as {@code --version} expects. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FlotillaMain.class.getPackage().getImplementationVersion();
            return new String[] {"flotilla " + (version == null ? "development build" : version)};
        }
    }
}
