package dev.flotilla.server;

import io.quarkus.runtime.Quarkus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code flotilla server}: turns the options into configuration, then starts the control plane. Options are read
 * before Quarkus starts because they decide its port and data directory.
 */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = FlotillaMain.Version.class,
        description = "Runs the Flotilla control plane: the Kubernetes-compatible federation API server.",
        sortOptions = false)
public class ServerCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "API port (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./flotilla-data",
            description = "Where objects are stored durably (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "Invalid value for option '--port': " + port + " is not a port number (0-65535)");
        }
        System.setProperty("quarkus.http.port", Integer.toString(port));
        System.setProperty("quarkus.http.host", host);
        System.setProperty("flotilla.data-dir", dataDir.toAbsolutePath().normalize().toString());
        Quarkus.run();
        return 0;
    }
}
