package dev.flotilla.server;

import dev.flotilla.dns.records.DnsSettings;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code flotilla server}: turns the options into configuration, then starts the control plane. Options are read
 * before Quarkus starts because they decide its port and data directory.
 */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = FlotillaMain.Version.class,
        description = "Runs the Flotilla control plane: the Kubernetes-compatible federation API server.",
        sortOptions = false)
public class ServerCommand implements Callable<Integer> {

    /** The command line this command was parsed by: errors are reported through it (its err stream). */
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "API port (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./flotilla-data",
            description = "Where objects are stored durably (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--dns-port", paramLabel = "PORT", defaultValue = "8053",
            description = "DNS port, UDP and TCP (default: ${DEFAULT-VALUE}; 0 picks a free port; -1: no DNS server).")
    int dnsPort;

    @Option(names = "--federation", paramLabel = "NAME", defaultValue = DnsSettings.DEFAULT_FEDERATION,
            description = "Federation name in DNS names <svc>.<ns>.<federation>.svc.<domain> (default: ${DEFAULT-VALUE}).")
    String federation;

    @Option(names = "--dns-domain", paramLabel = "DOMAIN", defaultValue = DnsSettings.DEFAULT_DOMAIN,
            description = "DNS zone served (default: ${DEFAULT-VALUE}).")
    String dnsDomain;

    @Option(names = "--dns-export-endpoints", defaultValue = "false",
            description = "Also write the records as external-dns DNSEndpoint objects (externaldns.k8s.io), for "
                    + "external-dns --source=crd pointed at this control plane.")
    boolean dnsExportEndpoints;

    @Option(names = "--cluster-grace-period", paramLabel = "DURATION", defaultValue = "4.5s",
            converter = DurationOption.class,
            description = "How long an agent's lease may go unrenewed before its cluster is Ready=Unknown and "
                    + "tainted unreachable (default: ${DEFAULT-VALUE}; agents renew every 1s).")
    Duration clusterGracePeriod;

    @Option(names = "--cluster-success-threshold", paramLabel = "N", defaultValue = "2",
            description = "Heartbeats in a row a failed cluster must be healthy before its taints go "
                    + "(default: ${DEFAULT-VALUE}).")
    int clusterSuccessThreshold;

    @Option(names = "--rebalance-delay", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationOption.class,
            description = "How long a recovered, new or uncordoned cluster must stay schedulable before replicas "
                    + "are rebalanced onto it, once (default: ${DEFAULT-VALUE}).")
    Duration rebalanceDelay;

    @Option(names = "--cluster-startup-grace", paramLabel = "DURATION", defaultValue = "15s",
            converter = DurationOption.class,
            description = "After the control plane starts, how long agents have to renew their leases before any "
                    + "cluster is judged (default: ${DEFAULT-VALUE}).")
    Duration clusterStartupGrace;

    @Option(names = "--store-url", paramLabel = "JDBC_URL",
            description = "Keep the objects in this PostgreSQL database (jdbc:postgresql://host:5432/db), shared by "
                    + "every control-plane member, instead of the embedded store in --data-dir: the high-availability "
                    + "mode. The password is read from the environment variable FLOTILLA_STORE_PASSWORD.")
    String storeUrl;

    @Option(names = "--store-user", paramLabel = "USER", defaultValue = "flotilla",
            description = "Database user for --store-url (default: ${DEFAULT-VALUE}).")
    String storeUser;

    @Option(names = "--peers", paramLabel = "HOST[:PORT]", split = ",",
            description = "The other control-plane members (their --peer-port), comma-separated; needs --store-url.")
    java.util.List<String> peers = new java.util.ArrayList<>();

    @Option(names = "--peer-dns", paramLabel = "NAME",
            description = "Find the other members by this DNS name (a Kubernetes headless Service); needs --store-url.")
    String peerDns;

    @Option(names = "--peer-port", paramLabel = "PORT", defaultValue = "5701",
            description = "Port the members talk to each other on (Hazelcast; default: ${DEFAULT-VALUE}; 0: a free one).")
    int peerPort;

    @Option(names = "--peer-bind", paramLabel = "ADDRESS",
            description = "Address to listen on for the other members (default: 127.0.0.1 alone; with peers, "
                    + "0.0.0.0: every interface, announcing this host's address).")
    String peerBind;

    /** Durations as {@code 4.5s}, {@code 500ms}, {@code 1m} or ISO-8601. */
    static final class DurationOption implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return dev.flotilla.api.Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Whether this member joins others (static peers or DNS discovery). */
    private boolean clustered() {
        return !peers.isEmpty() || (peerDns != null && !peerDns.isBlank());
    }

    @Override
    public Integer call() {
        if (clustered() && (storeUrl == null || storeUrl.isBlank())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Options '--peers' and '--peer-dns' need "
                    + "'--store-url': members of one control plane share one PostgreSQL store");
        }
        if (storeUrl != null && !storeUrl.startsWith("jdbc:postgresql:")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--store-url': "
                    + storeUrl + " is not a jdbc:postgresql:// URL");
        }
        if (peerPort < 0 || peerPort > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--peer-port': " + peerPort + " is not a port number (0-65535)");
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--port': " + port + " is not a port number (0-65535)");
        }
        if (dnsPort < -1 || dnsPort > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--dns-port': " + dnsPort + " is not a port number (0-65535, or -1)");
        }
        try {
            DnsSettings.of(federation, dnsDomain, DnsSettings.DEFAULT_TTL);
        } catch (IllegalArgumentException e) {
            String option = e.getMessage().startsWith("federation") ? "--federation" : "--dns-domain";
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': " + e.getMessage());
        }
        if (clusterGracePeriod.isZero() || clusterSuccessThreshold < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), clusterGracePeriod.isZero()
                    ? "Invalid value for option '--cluster-grace-period': must be more than 0"
                    : "Invalid value for option '--cluster-success-threshold': must be at least 1");
        }
        // Every check is above: a refused command line leaves no configuration behind.
        System.setProperty("flotilla.dns.port", Integer.toString(dnsPort));
        System.setProperty("flotilla.dns.host", host);
        System.setProperty("flotilla.dns.federation", federation);
        System.setProperty("flotilla.dns.domain", dnsDomain);
        System.setProperty("flotilla.dns.export-endpoints", Boolean.toString(dnsExportEndpoints));
        System.setProperty("flotilla.health.grace-period", clusterGracePeriod.toString());
        System.setProperty("flotilla.health.success-threshold", Integer.toString(clusterSuccessThreshold));
        System.setProperty("flotilla.health.rebalance-delay", rebalanceDelay.toString());
        System.setProperty("flotilla.health.startup-grace", clusterStartupGrace.toString());
        System.setProperty("quarkus.http.port", Integer.toString(port));
        System.setProperty("quarkus.http.host", host);
        System.setProperty("flotilla.data-dir", dataDir.toAbsolutePath().normalize().toString());
        if (storeUrl != null) {
            System.setProperty("flotilla.store.url", storeUrl);
            System.setProperty("flotilla.store.user", storeUser);
        }
        if (!peers.isEmpty()) {
            System.setProperty("flotilla.hazelcast.members", String.join(",", peers));
        }
        if (peerDns != null && !peerDns.isBlank()) {
            System.setProperty("flotilla.hazelcast.discovery-dns", peerDns);
        }
        System.setProperty("flotilla.hazelcast.port", Integer.toString(clustered() ? peerPort : 0));
        System.setProperty("flotilla.hazelcast.bind", peerBind != null ? peerBind : clustered() ? "0.0.0.0" : "127.0.0.1");
        Quarkus.run();
        return 0;
    }
}
