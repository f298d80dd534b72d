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
        public Integer call() throws InterruptedException {
            Duration validity = parseDurationOption(spec, "--ttl", ttl);
            try {
                System.out.println(createToken(controlPlane, validity, description));
                return 0;
            } catch (TokenException e) {
                System.err.println("flotilla token create: " + e.getMessage());
                return 1;
            }
        }
    }

    /**
     * Makes a bootstrap token on a running control plane: a Secret in {@code flotilla-system}, kubeadm's format.
     * {@code flotilla token create} and {@code flotilla join} both make their tokens here.
     *
     * @param controlPlane the control plane's URL
     * @param validity     how long the token is valid; zero never expires
     * @param description  why the token exists (stored with it)
     * @return the token
     * @throws TokenException when the control plane cannot be reached or refuses
     * @throws InterruptedException when interrupted while waiting for it
     */
    public static Tokens.BootstrapToken createToken(URI controlPlane, Duration validity, String description)
            throws InterruptedException {
        Tokens.BootstrapToken token = Tokens.newBootstrapToken();
        Instant expiration = validity.isZero() ? null
                : Instant.now().plus(validity).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
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
        } catch (IOException | IllegalArgumentException e) {
            throw new TokenException("cannot reach the control plane at " + controlPlane + ": " + e);
        }
        if (response.statusCode() != 201) {
            throw new TokenException("the control plane refused (" + response.statusCode() + "): " + response.body());
        }
        return token;
    }

    /**
     * Reads a duration option ({@code 30m}, {@code 24h}, {@code 7d}, {@code 0}).
     *
     * @param spec   the command, for the error
     * @param option the option's name, for the error
     * @param text   the value
     * @return the duration
     * @throws CommandLine.ParameterException naming the option when the value is not a duration
     */
    public static Duration parseDurationOption(CommandLine.Model.CommandSpec spec, String option, String text) {
        try {
            return dev.flotilla.api.Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': '" + text + "' is not a duration like 30m, 24h or 7d");
        }
    }

    /** A bootstrap token could not be made: the control plane is unreachable or refused; the message says which. */
    public static final class TokenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TokenException(String message) {
            super(message);
        }
    }
}
