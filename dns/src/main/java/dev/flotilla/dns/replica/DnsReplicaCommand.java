package dev.flotilla.dns.replica;

import dev.flotilla.dns.records.DnsSettings;
import dev.flotilla.dns.server.DnsServer;
import dev.flotilla.dns.server.ZoneSnapshot;
import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flotilla dns}: a standalone replica of the federated DNS, fed by a watch of the control plane's
 * DNSRecordSets. Run several for availability; each answers from memory and keeps its last zone while the
 * control plane is away.
 */
@Command(name = "dns", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a standalone replica of Flotilla's authoritative DNS, fed by the control plane.")
public final class DnsReplicaCommand implements Callable<Integer> {

    @Option(names = "--control-plane", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The control plane's API (default: ${DEFAULT-VALUE}).")
    URI controlPlane;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token for the API (default: none).")
    String token;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8053",
            description = "DNS port, UDP and TCP (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--federation", paramLabel = "NAME", defaultValue = DnsSettings.DEFAULT_FEDERATION,
            description = "Federation name (default: ${DEFAULT-VALUE}); must match the control plane's.")
    String federation;

    @Option(names = "--dns-domain", paramLabel = "DOMAIN", defaultValue = DnsSettings.DEFAULT_DOMAIN,
            description = "DNS zone served (default: ${DEFAULT-VALUE}); must match the control plane's.")
    String domain;

    @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "30",
            description = "TTL of the apex records and of negative answers (default: ${DEFAULT-VALUE}).")
    long ttl;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String... args) {
        System.exit(new CommandLine(new DnsReplicaCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--port': " + port + " is not a port number (0-65535)");
        }
        DnsSettings settings;
        try {
            settings = DnsSettings.of(federation, domain, ttl);
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().substring(0, Math.max(0, e.getMessage().indexOf(':')));
            String option = switch (field) {
                case "federation" -> "--federation";
                case "ttl" -> "--ttl";
                default -> "--dns-domain";
            };
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': " + e.getMessage());
        }
        try (DnsServer server = new DnsServer(ZoneSnapshot.empty(settings), 2)
                .start(InetAddress.getByName(host), port);
             ControlPlaneFeed feed = new ControlPlaneFeed(controlPlane, token, settings, server).start()) {
            System.out.println("Flotilla DNS replica for zone " + settings.domain() + " on " + host + ":"
                    + server.port() + " (UDP and TCP), fed by " + controlPlane);
            Thread.currentThread().join();
        }
        return 0;
    }
}
