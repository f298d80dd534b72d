package dev.flotilla.server;

import dev.flotilla.server.auth.BootstrapTokens;
import dev.flotilla.server.auth.Tokens;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code flotilla token create}: makes a bootstrap token on a running control plane and prints it. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = FlotillaMain.Version.class,
        description = "Manages bootstrap tokens, with which member-cluster agents register.",
        subcommands = TokenCommand.Create.class)
public class TokenCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: create");
    }

    /** Creates one bootstrap token (a Secret in flotilla-system) and prints it on standard output. */
    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Creates a bootstrap token and prints it.")
    static final class Create implements Callable<Integer> {

        @Option(names = "--control-plane", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
                description = "The control plane (default: ${DEFAULT-VALUE}).")
        URI controlPlane;

        @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "24h",
                description = "How long the token is valid, e.g. 30m, 24h, 7d; 0 never expires (default: ${DEFAULT-VALUE}).")
        String ttl;

        @Option(names = "--description", paramLabel = "TEXT", defaultValue = "made by flotilla token create",
                description = "Why the token exists (stored with it).")
        String description;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Duration validity = parseDuration(ttl);
            Tokens.BootstrapToken token = Tokens.newBootstrapToken();
            Instant expiration = validity.isZero() ? null : Instant.now().plus(validity).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            String body = BootstrapTokens.secret(token, description, expiration).toString();
            HttpRequest request = HttpRequest.newBuilder(controlPlane.resolve("/api/v1/namespaces/"
                            + Tokens.SYSTEM_NAMESPACE + "/secrets"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response;
            try {
                response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                System.err.println("flotilla token create: cannot reach the control plane at " + controlPlane + ": " + e);
                return 1;
            }
            if (response.statusCode() != 201) {
                System.err.println("flotilla token create: the control plane refused (" + response.statusCode() + "): "
                        + response.body());
                return 1;
            }
            System.out.println(token);
            return 0;
        }

        private Duration parseDuration(String text) {
            try {
                return dev.flotilla.api.Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Invalid value for option '--ttl': '" + text + "' is not a duration like 30m, 24h or 7d");
            }
        }
    }
}
