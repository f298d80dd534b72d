package dev.flotilla.demo.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control plane as a child process, started exactly as a user starts it: {@code ./flotilla server} on
 * 127.0.0.1 with its own data directory, its output appended to a log file. Started means the server printed its
 * ready banner and its DNS line (the actual API and DNS ports, either of which may be asked as 0 = free, are read
 * from them) and {@code /q/health/ready} answers 200.
 *
 * <p>Used by {@code ./flotilla demo} and by the integration tests. Beyond start and {@link #close()} (SIGTERM, then
 * SIGKILL; safe from a shutdown hook) it can end the server's JVM the way a crash does ({@link #kill9()}),
 * {@link #restart()} it on the same port and data, start the members of one highly available control plane
 * ({@link #startMembers}) and tell which of them runs the controllers ({@link #controllersLeader}).
 *
 * <p>The launcher {@code exec}s the JVM, so the launched process is the JVM itself; {@link #jvm()} checks that.
 */
public final class ControlPlaneProcess implements AutoCloseable {

    /** Where the packaged server is, relative to the repository root. */
    public static final String SERVER_JAR = "federation-api/server/target/quarkus-app/quarkus-run.jar";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** {@code ReadyBanner}: "Flotilla control plane ready at http://127.0.0.1:8080 (data in ...)". */
    private static final Pattern READY = Pattern.compile("Flotilla control plane ready at http://[^:/\\s]+:(\\d+)");
    /** {@code ControlPlane.startDns}: "DNS for zone Z (federation F) on HOST:PORT, UDP and TCP". */
    private static final Pattern DNS = Pattern.compile("DNS for zone \\S+ \\(federation \\S+\\) on \\S+:(\\d+), UDP");
    private static final String LEASE = "/apis/coordination.k8s.io/v1/namespaces/flotilla-system/leases/"
            + "flotilla-controllers";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Launch launch;
    private final Process process;
    /** Where this run's output starts in the (shared, appended) log: older runs' lines must not count. */
    private final long logOffset;
    private volatile int port = -1;
    private volatile int dnsPort = -1;

    private ControlPlaneProcess(Launch launch, Process process, long logOffset) {
        this.launch = launch;
        this.process = process;
        this.logOffset = logOffset;
    }

    /**
     * Describes a start of {@code ./flotilla server}; {@link Launch#command()} shows it, {@link Launch#start()} runs
     * it. Defaults: API port 0 (free), DNS port 0 (free), no extra options or environment.
     *
     * @param root    the repository root, where the {@code flotilla} launcher is ({@link FlotillaRoot#find()})
     * @param dataDir where the server keeps its objects (reuse it to start again on the same data)
     * @param logFile where the server's stdout and stderr go (appended, so restarts share one log)
     */
    public static Launch launch(Path root, Path dataDir, Path logFile) {
        return new Launch(root, dataDir, logFile, 0, 0, List.of(), Map.of());
    }

    /**
     * Starts {@code ./flotilla server} from the repository root on a free loopback port, with a free DNS port, and
     * waits until it is ready.
     */
    public static ControlPlaneProcess start(Path dataDir, Path logFile) throws IOException, InterruptedException {
        return start(dataDir, logFile, Map.of());
    }

    /** As {@link #start(Path, Path)}, with extra environment for the launcher, e.g. {@code FLOTILLA_JAVA_OPTS}. */
    public static ControlPlaneProcess start(Path dataDir, Path logFile, Map<String, String> environment)
            throws IOException, InterruptedException {
        return start(dataDir, logFile, environment, List.of());
    }

    /**
     * As {@link #start(Path, Path, Map)}, with extra options for {@code ./flotilla server}, e.g.
     * {@code --rebalance-delay 2s}.
     */
    public static ControlPlaneProcess start(Path dataDir, Path logFile, Map<String, String> environment,
                                            List<String> serverOptions) throws IOException, InterruptedException {
        // A port chosen up front (not 0) so that restart() finds the same one free again.
        return launch(FlotillaRoot.find(), dataDir, logFile).port(LoopbackPorts.free()).environment(environment)
                .options(serverOptions).start();
    }

    /**
     * Starts the members of one highly available control plane: {@code count} {@code ./flotilla server} processes
     * on the shared PostgreSQL store {@code jdbcUrl} (as {@code user}), finding each other on free loopback peer
     * ports, each with data directory {@code work/<prefix>-<i>} and log {@code work/<prefix>-<i>.log}. If one does
     * not start, those already started are stopped.
     *
     * @param environment member {@code i}'s extra environment for the launcher
     */
    public static List<ControlPlaneProcess> startMembers(int count, String jdbcUrl, String user, Path work,
                                                         String prefix, IntFunction<Map<String, String>> environment)
            throws IOException, InterruptedException {
        List<Integer> peerPorts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            peerPorts.add(LoopbackPorts.free());
        }
        String peers = String.join(",", peerPorts.stream().map(p -> "127.0.0.1:" + p).toList());
        List<ControlPlaneProcess> members = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                members.add(start(work.resolve(prefix + "-" + i), work.resolve(prefix + "-" + i + ".log"),
                        environment.apply(i), List.of("--store-url", jdbcUrl, "--store-user", user, "--peers", peers,
                                "--peer-port", Integer.toString(peerPorts.get(i)), "--peer-bind", "127.0.0.1")));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            members.forEach(ControlPlaneProcess::close);
            throw e;
        }
        return members;
    }

    /**
     * Of several members of one control plane, the one running the controllers: the live member whose JVM's pid
     * ends the {@code holderIdentity} of the Lease {@code flotilla-system/flotilla-controllers}, as the first live
     * member that answers reports it; {@code null} when none does (yet).
     */
    public static ControlPlaneProcess controllersLeader(List<ControlPlaneProcess> members) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (ControlPlaneProcess member : members) {
            if (!member.isAlive()) {
                continue;
            }
            String holder;
            try {
                HttpRequest get = HttpRequest.newBuilder(member.baseUri().resolve(LEASE))
                        .timeout(Duration.ofSeconds(5)).GET().build();
                JsonNode lease = JSON.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
                holder = lease.path("spec").path("holderIdentity").asText("");
            } catch (IOException notAnswering) {
                continue; // ask the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            for (ControlPlaneProcess candidate : members) {
                if (candidate.isAlive() && holder.endsWith("-" + candidate.jvm().pid())) {
                    return candidate;
                }
            }
            return null;
        }
        return null;
    }

    /** A clear message now beats a server that dies with "Address already in use" deep in its log. */
    private static void checkFree(int port, int dnsPort) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        if (port > 0) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(loopback, port));
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use (another control plane or "
                        + "demo running?): stop it, or pick another with --port (0 = a free port)");
            }
        }
        if (dnsPort > 0) {
            try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
                tcp.bind(new InetSocketAddress(loopback, dnsPort));
                udp.bind(new InetSocketAddress(loopback, dnsPort));
            } catch (IOException e) {
                throw new IllegalStateException("DNS port " + dnsPort + " on 127.0.0.1 is in use (UDP or TCP): stop "
                        + "what uses it, or pick another with --dns-port (0 = a free port)");
            }
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the control plane exited with code " + process.exitValue()
                        + " before it was ready; the end of " + launch.logFile + ":\n" + logTail());
            }
            String log = thisRunsLog();
            if (port < 0) {
                port = lastMatch(READY, log);
            }
            if (dnsPort < 0) {
                // --dns-port -1: no DNS server, so no line to wait for.
                dnsPort = launch.dnsPort < 0 ? 0 : lastMatch(DNS, log);
            }
            // The banner alone is no proof: the health endpoint is what says the API answers.
            if (port > 0 && dnsPort >= 0) {
                try {
                    HttpRequest health = HttpRequest.newBuilder(baseUri().resolve("/q/health/ready"))
                            .timeout(Duration.ofSeconds(5)).GET().build();
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the control plane was not ready within " + START_TIMEOUT.toSeconds()
                + " s; the end of " + launch.logFile + ":\n" + logTail());
    }

    private String thisRunsLog() throws IOException {
        byte[] all = Files.readAllBytes(launch.logFile);
        int from = (int) Math.min(logOffset, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    private static int lastMatch(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        int value = -1;
        while (matcher.find()) {
            value = Integer.parseInt(matcher.group(1));
        }
        return value;
    }

    private String logTail() {
        try {
            List<String> lines = thisRunsLog().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }

    /**
     * Starts the server again on this one's port, data directory, log, options and environment, as after a crash:
     * clients and agents find it where it was. This one must have stopped (e.g. {@link #kill9()}).
     */
    public ControlPlaneProcess restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("the server still runs; stop it first");
        }
        return launch.port(port).start();
    }

    /** @return {@code http://127.0.0.1:PORT} */
    public URI baseUri() {
        return URI.create(url());
    }

    /** @return {@code http://127.0.0.1:PORT}, as a string */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** @return the API port (loopback only) */
    public int port() {
        return port;
    }

    /**
     * @return the DNS port (UDP and TCP, loopback), as the server reported it; 0 when started with
     * {@code --dns-port -1}
     */
    public int dnsPort() {
        return dnsPort;
    }

    /** @return the server's data directory */
    public Path dataDir() {
        return launch.dataDir;
    }

    /** @return the file that collects the server's output */
    public Path logFile() {
        return launch.logFile;
    }

    /** @return the bootstrap token the server wrote at its first start */
    public String bootstrapToken() throws IOException {
        return Files.readString(launch.dataDir.resolve("bootstrap-token"), StandardCharsets.UTF_8).strip();
    }

    /** Unchecked, for callers that cannot throw {@link IOException}: the server's bootstrap token. */
    String bootstrapTokenOrFail() {
        try {
            return bootstrapToken();
        } catch (IOException e) {
            throw new UncheckedIOException("the server wrote no bootstrap token at "
                    + launch.dataDir.resolve("bootstrap-token"), e);
        }
    }

    /** @return whether the server still runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The server's JVM. The launcher replaces itself with java ({@code exec}), so this is normally the launched
     * process; should a launcher ever fork instead, the JVM is its descendant.
     */
    public ProcessHandle jvm() {
        ProcessHandle launched = process.toHandle();
        if (isJava(launched)) {
            return launched;
        }
        Optional<ProcessHandle> child = launched.descendants().filter(ControlPlaneProcess::isJava).findFirst();
        return child.orElseThrow(() -> new IllegalStateException("no java process under ./flotilla (pid "
                + launched.pid() + ", command " + launched.info().command().orElse("?") + ")"));
    }

    private static boolean isJava(ProcessHandle handle) {
        return handle.info().command().map(c -> c.endsWith("/java") || c.equals("java")).orElse(false);
    }

    /**
     * Ends the server's JVM with SIGKILL, the way a crash or the OOM killer would: no shutdown hook, no flush, no
     * orderly close. Returns once it is gone.
     */
    public void kill9() throws InterruptedException {
        ProcessHandle jvm = jvm();
        jvm.destroyForcibly(); // SIGKILL on Unix
        process.toHandle().destroyForcibly(); // the launcher, should it not be the JVM itself
        try {
            jvm.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("JVM " + jvm.pid() + " still alive after SIGKILL", e);
        }
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("./flotilla (pid " + process.pid() + ") still alive after SIGKILL");
        }
    }

    /** Stops the server: SIGTERM for an orderly shutdown, SIGKILL if it takes too long. Idempotent. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // The launcher execs java, so there are normally none; should it ever fork, nothing is left behind.
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * One way to start {@code ./flotilla server}: immutable, each setter returns a changed copy. Made by
     * {@link ControlPlaneProcess#launch(Path, Path, Path)}.
     */
    public static final class Launch {

        private final Path root;
        private final Path dataDir;
        private final Path logFile;
        private final int port;
        private final int dnsPort;
        private final List<String> options;
        private final Map<String, String> environment;

        private Launch(Path root, Path dataDir, Path logFile, int port, int dnsPort, List<String> options,
                       Map<String, String> environment) {
            this.root = root;
            this.dataDir = dataDir;
            this.logFile = logFile;
            this.port = port;
            this.dnsPort = dnsPort;
            this.options = List.copyOf(options);
            this.environment = Map.copyOf(environment);
        }

        /** @param port the API port on 127.0.0.1; 0 = a free one */
        public Launch port(int port) {
            return new Launch(root, dataDir, logFile, port, dnsPort, options, environment);
        }

        /** @param dnsPort the DNS port (UDP and TCP) on 127.0.0.1; 0 = a free one, -1 = no DNS server */
        public Launch dnsPort(int dnsPort) {
            return new Launch(root, dataDir, logFile, port, dnsPort, options, environment);
        }

        /** @param options more options for {@code ./flotilla server}, after the ones this class sets */
        public Launch options(List<String> options) {
            return new Launch(root, dataDir, logFile, port, dnsPort, options, environment);
        }

        /** @param environment extra environment for the launcher, e.g. {@code FLOTILLA_JAVA_OPTS} */
        public Launch environment(Map<String, String> environment) {
            return new Launch(root, dataDir, logFile, port, dnsPort, options, environment);
        }

        /** @return the command this launch runs, as a user would type it (the launcher's absolute path first) */
        public List<String> command() {
            List<String> command = new ArrayList<>(List.of(root.resolve("flotilla").toString(), "server",
                    "--port", Integer.toString(port), "--dns-port", Integer.toString(dnsPort),
                    "--data-dir", dataDir.toString(), "--host", "127.0.0.1"));
            command.addAll(options);
            return command;
        }

        /**
         * Starts the server and waits until it is ready.
         *
         * @throws IllegalStateException with what went wrong and the end of the server's output
         */
        public ControlPlaneProcess start() throws IOException, InterruptedException {
            Path jar = root.resolve(SERVER_JAR);
            if (!Files.isRegularFile(jar)) {
                // The launcher would build it, which takes minutes: a surprise hang rather than an answer.
                throw new IllegalStateException("the control plane is not built (" + jar + " is missing): run "
                        + "`./flotilla build`, or start the demo with `./flotilla demo`, which builds what is missing");
            }
            checkFree(port, dnsPort);
            Files.createDirectories(dataDir);
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            List<String> command = command();
            // A header per run, so that a log shared by restarts shows where each begins.
            Files.writeString(logFile, "=== " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            long offset = Files.size(logFile);
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            ControlPlaneProcess server = new ControlPlaneProcess(this, builder.start(), offset);
            try {
                server.awaitReady();
            } catch (IOException | InterruptedException | RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }
    }
}
