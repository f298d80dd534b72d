package dev.flotilla.simulator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code flotilla simulate-cluster}: runs one simulated member cluster until SIGTERM or Ctrl-C. Prints one line,
 * {@code Simulated cluster N (R/Z) ready at URL; kubeconfig: FILE}, once it is ready. Exit codes: 0 after a clean
 * shutdown (and for {@code --help}), 1 if the cluster cannot start, 2 for bad usage.
 */
@Command(name = "flotilla simulate-cluster", mixinStandardHelpOptions = true, version = "flotilla simulate-cluster 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs one simulated Kubernetes member cluster on this machine: fabric8's mock API server with simulated "
                + "Nodes and a simulated kubelet (Deployments, ReplicaSets, StatefulSets, scheduling within Node "
                + "capacity, Pod start-up, Service addresses, EndpointSlices), whose load balancers answer HTTP on "
                + "127.N.0.x from the ready Pods.",
            "Writes a kubeconfig for it, prints one line when ready and runs until SIGTERM or Ctrl-C."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:clean shutdown", "1:the cluster could not start (e.g. the port is in use)",
            "2:invalid command line"})
public final class Main implements Callable<Integer> {

    @Option(names = "--name", required = true, paramLabel = "N",
            description = "Cluster name: a DNS label, at most 40 characters; Nodes are N-node-1.. N-node-K.")
    String name;

    @Option(names = "--region", required = true, paramLabel = "R",
            description = "Region: the Nodes' label topology.kubernetes.io/region.")
    String region;

    @Option(names = "--zone", required = true, paramLabel = "Z",
            description = "Zone: the Nodes' label topology.kubernetes.io/zone.")
    String zone;

    @Option(names = "--nodes", paramLabel = "K", defaultValue = "" + SimulatedClusterConfig.DEFAULT_NODES,
            description = "Number of Nodes, 1-100 (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0",
            description = "API port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--kubeconfig-out", paramLabel = "FILE",
            description = "Where to write the kubeconfig (default: ./N.kubeconfig).")
    Path kubeconfigOut;

    @Option(names = "--pod-start-delay", paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Time from a Pod being scheduled to it running and ready, e.g. 500ms, 1s, 2m "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration podStartDelay;

    @Option(names = "--node-cpu", paramLabel = "CPU", defaultValue = SimulatedClusterConfig.DEFAULT_NODE_CPU,
            description = "CPU capacity of each Node, a Kubernetes quantity (default: ${DEFAULT-VALUE}).")
    String nodeCpu;

    @Option(names = "--node-memory", paramLabel = "MEMORY", defaultValue = SimulatedClusterConfig.DEFAULT_NODE_MEMORY,
            description = "Memory capacity of each Node, a Kubernetes quantity (default: ${DEFAULT-VALUE}).")
    String nodeMemory;

    @Option(names = "--node-pods", paramLabel = "PODS", defaultValue = "" + SimulatedClusterConfig.DEFAULT_NODE_PODS,
            description = "Pod capacity of each Node, 1-254 (default: ${DEFAULT-VALUE}).")
    int nodePods;

    @Option(names = "--network-index", paramLabel = "N",
            description = "Address ranges 10.N.x.y (Pods, Services) and 127.N.0.x (load balancers), 1-250; "
                    + "give each cluster its own (default: derived from the name).")
    Integer networkIndex;

    @Option(names = "--serve-http", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Answer HTTP on each LoadBalancer Service's ingress address 127.N.0.x and TCP ports, "
                    + "from its ready Pods (default: on; --no-serve-http leaves the addresses unserved).")
    boolean serveHttp;

    @Option(names = {"-v", "--verbose"}, description = "Log what the simulated controllers do.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    private final Future<?> stopSignal;

    Main(Future<?> stopSignal) {
        this.stopSignal = stopSignal;
    }

    /** Runs the command; exits the JVM with its exit code (the mock server's threads would keep it alive). */
    public static void main(String[] args) {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        installSignalHandlers(stop);
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), stop);
        System.exit(code);
    }

    /**
     * Runs the command with the given output streams until {@code stopSignal} completes, and returns its exit code.
     * A leading {@code simulate-cluster} argument is accepted and ignored, so a launcher may pass its command on.
     */
    static int execute(String[] args, PrintWriter out, PrintWriter err, Future<?> stopSignal) {
        String[] effective = args.length > 0 && "simulate-cluster".equals(args[0])
                ? Arrays.copyOfRange(args, 1, args.length) : args;
        CommandLine commandLine = new CommandLine(new Main(stopSignal));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, parsedArgs) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("flotilla simulate-cluster: " + e.getMessage());
            cmd.getErr().println("Try 'flotilla simulate-cluster --help' for more information.");
            return CommandLine.ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("flotilla simulate-cluster: " + e.getMessage());
            return 1;
        });
        return commandLine.execute(effective);
    }

    @Override
    public Integer call() {
        configureLogging(verbose);
        SimulatedClusterConfig config;
        try {
            SimulatedClusterConfig.Builder builder = SimulatedClusterConfig.builder(name).region(region).zone(zone)
                    .nodes(nodes).port(port).nodeCpu(nodeCpu).nodeMemory(nodeMemory).nodePods(nodePods)
                    .podStartDelay(podStartDelay).serveHttp(serveHttp);
            if (networkIndex != null) {
                builder.networkIndex(networkIndex);
            }
            config = builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), asOptionError(e.getMessage()));
        }
        Path kubeconfig = kubeconfigOut != null ? kubeconfigOut : Path.of(config.name() + ".kubeconfig");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SimulatedCluster cluster;
        try {
            cluster = SimulatedCluster.start(config);
        } catch (RuntimeException e) {
            err.println("flotilla simulate-cluster: cannot start simulated cluster " + config.name() + ": "
                    + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(cluster::stop, "simulated-cluster-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Path written;
            try {
                written = cluster.writeKubeconfig(kubeconfig);
            } catch (RuntimeException e) {
                err.println("flotilla simulate-cluster: " + e.getMessage());
                return 1;
            }
            out.println("Simulated cluster " + config.name() + " (" + config.region() + "/" + config.zone()
                    + ") ready at " + cluster.url() + "; kubeconfig: " + written);
            out.flush();
            awaitStop();
            err.println("Simulated cluster " + config.name() + " stopping");
            return 0;
        } finally {
            cluster.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: nothing to remove
            }
        }
    }

    private void awaitStop() {
        try {
            stopSignal.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // a failed signal still means stop
        }
    }

    /** "nodePods: must be ..." becomes "Invalid value for option '--node-pods': must be ...". */
    static String asOptionError(String message) {
        int colon = message.indexOf(':');
        if (colon < 0) {
            return message;
        }
        String option = "--" + message.substring(0, colon).replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
        return "Invalid value for option '" + option + "':" + message.substring(colon + 1);
    }

    private static void configureLogging(boolean verbose) {
        Logger root = Logger.getLogger("");
        root.setLevel(verbose ? Level.INFO : Level.WARNING);
        for (var handler : root.getHandlers()) {
            handler.setLevel(Level.ALL);
        }
        Logger.getLogger("dev.flotilla.simulator").setLevel(verbose ? Level.FINE : Level.WARNING);
    }

    /** SIGTERM and SIGINT (Ctrl-C) end the run cleanly, with exit code 0. */
    @SuppressWarnings("restriction")
    private static void installSignalHandlers(CompletableFuture<Void> stop) {
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), caught -> stop.complete(null));
            } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
                // this platform has no such signal: the shutdown hook still stops the cluster
            }
        }
    }

    /** Reads durations as 500ms, 1s, 2m, 1h, a bare number of seconds, or ISO-8601 (PT1S). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)?");

        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            Matcher matcher = SIMPLE.matcher(text);
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                String unit = matcher.group(2) == null ? "s" : matcher.group(2);
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofSeconds(amount);
                };
            }
            try {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a duration (examples: 500ms, 1s, 2m, PT1S)");
            }
        }
    }
}
