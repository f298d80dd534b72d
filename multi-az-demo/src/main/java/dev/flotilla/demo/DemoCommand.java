package dev.flotilla.demo;

import dev.flotilla.api.Durations;
import dev.flotilla.demo.local.FlotillaRoot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code flotilla demo}: the command line of the multi-AZ demo. It checks the options (exit code 2 with a message
 * naming the option when one is wrong), then runs {@link Demo}: 0 when every step met its goal, 1 otherwise.
 */
@Command(name = "flotilla demo", mixinStandardHelpOptions = true, sortOptions = false,
        version = "flotilla demo 0.1.0-SNAPSHOT",
        description = {
            "Runs a whole Flotilla federation on this machine: the control plane with its DNS, simulated member "
                    + "clusters in several regions and zones with one agent each, and a sample app spread over the "
                    + "zones. Then one zone loses its network: the demo times detection, eviction, the replicas "
                    + "ready elsewhere (the RTO) and the DNS answers changing; the zone comes back and the replicas "
                    + "are rebalanced. It keeps running for kubectl and dig until Ctrl-C, or stops with --exit.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every step met its goal", "1:a step missed its goal, or the federation could not start",
            "2:invalid options"})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The control plane's API port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Option(names = "--dns-port", paramLabel = "PORT", defaultValue = "8053",
            description = "Its DNS port, UDP and TCP (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int dnsPort;

    @Option(names = "--regions", paramLabel = "N", defaultValue = "2",
            description = "Regions: eu-1, us-1, ap-1, ... (default: ${DEFAULT-VALUE}).")
    int regions;

    @Option(names = "--zones", paramLabel = "N", defaultValue = "3",
            description = "Zones, dealt evenly to the regions: eu-1a, eu-1b, us-1a, ... (default: ${DEFAULT-VALUE}).")
    int zones;

    @Option(names = "--clusters", paramLabel = "N", defaultValue = "6",
            description = "Simulated member clusters, dealt evenly to the zones: eu-1a-1, eu-1a-2, ... "
                    + "(default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "12",
            description = "Replicas of the sample Deployment (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--outage-zone", paramLabel = "ZONE",
            description = "The zone that loses its network (default: the first zone, eu-1a).")
    String outageZone;

    @Option(names = "--no-outage", description = "Bring the federation up and the app deployed, without the outage.")
    boolean noOutage;

    @Option(names = "--exit", description = "Stop after the scenario (for CI) instead of running until Ctrl-C.")
    boolean exit;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "A new or empty directory for the control plane's data, the logs and the members' "
                    + "kubeconfigs (default: a fresh temporary directory).")
    Path workDir;

    @Option(names = "--rto-goal", paramLabel = "DURATION", defaultValue = "10s", converter = DurationOption.class,
            description = "Goal from the outage to every replica ready outside the zone (default: ${DEFAULT-VALUE}).")
    Duration rtoGoal;

    @Option(names = "--recovery-goal", paramLabel = "DURATION", defaultValue = "60s", converter = DurationOption.class,
            description = "Goal from the zone's return to the replicas rebalanced back and ready, and DNS answering "
                    + "with the zone again (default: ${DEFAULT-VALUE}).")
    Duration recoveryGoal;

    @Option(names = "--rebalance-delay", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationOption.class,
            description = "How long a recovered cluster must stay healthy before replicas move back to it; passed to "
                    + "the control plane (default: ${DEFAULT-VALUE}).")
    Duration rebalanceDelay;

    private final PrintStream out;
    private final Path flotillaRoot;

    /**
     * @param out          where the demo prints
     * @param flotillaRoot the repository root with the {@code ./flotilla} launcher; null to look for it
     */
    public DemoCommand(PrintStream out, Path flotillaRoot) {
        this.out = out;
        this.flotillaRoot = flotillaRoot;
    }

    @Override
    public Integer call() {
        DemoOptions options;
        try {
            options = DemoOptions.of(port, dnsPort, regions, zones, clusters, replicas, outageZone, !noOutage, exit,
                    workDir, rtoGoal, recoveryGoal, rebalanceDelay);
            if (workDir != null && Files.exists(workDir) && !isEmptyDirectory(workDir)) {
                throw new IllegalArgumentException("--work-dir: " + workDir + " is not an empty directory; the demo "
                        + "needs a fresh one (its control plane starts from empty data)");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), asOptionError(e.getMessage()));
        }
        Path root;
        try {
            root = flotillaRoot != null ? flotillaRoot : FlotillaRoot.find();
        } catch (IllegalStateException e) {
            out.println("demo: FAILED — " + e.getMessage());
            return 1;
        }
        return new Demo(options, root, out).run();
    }

    /** {@code "--zones: must ..."} becomes {@code "Invalid value for option '--zones': must ..."}. */
    static String asOptionError(String message) {
        int colon = message.indexOf(':');
        if (!message.startsWith("--") || colon < 0) {
            return message;
        }
        return "Invalid value for option '" + message.substring(0, colon) + "':" + message.substring(colon + 1);
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Durations as {@code 10s}, {@code 500ms}, {@code 1m} or ISO-8601, the way every Flotilla command reads them. */
    static final class DurationOption implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
