package dev.flotilla.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A control plane started exactly as a user starts it: {@code ./flotilla server} at the repository root, as a
 * real process on a free loopback port with its own data directory. It counts as started once
 * {@code /q/health/ready} answers 200. Output goes to a log file so that a failed test can show what the server
 * said.
 *
 * <p>The launcher {@code exec}s the JVM, so the launched process is the JVM itself; {@link #kill9()} checks
 * that and SIGKILLs the JVM, the way a crash or the OOM killer would end it.
 */
public final class FlotillaServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** The line the control plane logs once its DNS server is bound ({@code ControlPlane.startDns}). */
    private static final Pattern DNS_LISTENING = Pattern.compile("DNS for zone \\S+ \\(federation \\S+\\) on "
            + "\\S+:(\\d+), UDP and TCP");

    private final Process process;
    private final int port;
    private final Path dataDir;
    private final Path logFile;
    private final Map<String, String> environment;
    private final List<String> serverOptions;

    private FlotillaServer(Process process, int port, Path dataDir, Path logFile, Map<String, String> environment,
                           List<String> serverOptions) {
        this.environment = environment;
        this.serverOptions = serverOptions;
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    /**
     * Starts {@code ./flotilla server} on a free loopback port and waits until it is ready.
     *
     * @param dataDir where the server keeps its objects (reuse it to restart on the same data)
     * @param logFile where the server's stdout and stderr go (appended, so restarts share one log)
     */
    public static FlotillaServer start(Path dataDir, Path logFile) throws IOException, InterruptedException {
        return start(dataDir, logFile, Map.of());
    }

    /**
     * As {@link #start(Path, Path)}, with extra environment for the launcher, e.g. {@code FLOTILLA_JAVA_OPTS}.
     */
    public static FlotillaServer start(Path dataDir, Path logFile, Map<String, String> environment)
            throws IOException, InterruptedException {
        return start(dataDir, logFile, environment, List.of());
    }

    /**
     * As {@link #start(Path, Path, Map)}, with extra options for {@code ./flotilla server}, e.g.
     * {@code --rebalance-delay 2s}.
     */
    public static FlotillaServer start(Path dataDir, Path logFile, Map<String, String> environment,
                                       List<String> serverOptions) throws IOException, InterruptedException {
        return start(dataDir, logFile, environment, serverOptions, LoopbackPorts.free());
    }

    /**
     * Starts the members of one highly available control plane: {@code count} {@code ./flotilla server} processes
     * on the shared PostgreSQL store {@code jdbcUrl} (as {@code user}), finding each other on free loopback peer
     * ports, each with data directory {@code work/<prefix>-<i>} and log {@code work/<prefix>-<i>.log}. If one does
     * not start, those already started are stopped.
     *
     * @param environment member {@code i}'s extra environment for the launcher
     */
    public static List<FlotillaServer> startMembers(int count, String jdbcUrl, String user, Path work, String prefix,
                                                    java.util.function.IntFunction<Map<String, String>> environment)
            throws IOException, InterruptedException {
        List<Integer> peerPorts = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            peerPorts.add(LoopbackPorts.free());
        }
        String peers = String.join(",", peerPorts.stream().map(p -> "127.0.0.1:" + p).toList());
        List<FlotillaServer> members = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                members.add(start(work.resolve(prefix + "-" + i), work.resolve(prefix + "-" + i + ".log"),
                        environment.apply(i), List.of("--store-url", jdbcUrl, "--store-user", user, "--peers", peers,
                                "--peer-port", Integer.toString(peerPorts.get(i)), "--peer-bind", "127.0.0.1")));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            members.forEach(FlotillaServer::close);
            throw e;
        }
        return members;
    }

    /**
     * Starts the server again on this one's port, data directory, log and options, as after a crash: clients and
     * agents find it where it was. This one must have stopped (e.g. {@link #kill9()}).
     */
    public FlotillaServer restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("the server still runs; stop it first");
        }
        return start(dataDir, logFile, environment, serverOptions, port);
    }

    private static FlotillaServer start(Path dataDir, Path logFile, Map<String, String> environment,
                                        List<String> serverOptions, int port) throws IOException, InterruptedException {
        Path root = Workspace.repositoryRoot();
        Path jar = root.resolve("federation-api/server/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            // The launcher would start a full build here; inside a test that is a surprise hang, not a result.
            throw new IllegalStateException("The server is not packaged (" + jar + " is missing). Build it with "
                    + "`./mvnw -B -o package -DskipTests -pl federation-api/server -am`, or run `./mvnw verify` "
                    + "from the repository root, which packages it before these tests.");
        }
        Files.createDirectories(dataDir);
        Files.createDirectories(logFile.getParent());
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("flotilla").toString(), "server",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", dataDir.toString(),
                "--dns-port", "0"));
        command.addAll(serverOptions);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        Files.writeString(logFile, "=== ./flotilla server --port " + port + " --data-dir " + dataDir + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        FlotillaServer server = new FlotillaServer(builder.start(), port, dataDir, logFile, environment,
                List.copyOf(serverOptions));
        try {
            server.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(baseUri().resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long logOffset = Files.size(logFile);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("./flotilla server exited with " + process.exitValue()
                        + " before it was ready; its output:\n" + logTail(logOffset));
            }
            // The ready line alone is not proof: it may be printed before the port accepts connections.
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // expected while the JVM starts
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("./flotilla server was not ready within " + START_TIMEOUT.toSeconds()
                + " s; its output:\n" + logTail(logOffset));
    }

    private String logTail(long fromOffset) throws IOException {
        byte[] all = Files.readAllBytes(logFile);
        int from = (int) Math.min(fromOffset, all.length);
        int start = Math.max(from, all.length - 8_000);
        return new String(all, start, all.length - start, StandardCharsets.UTF_8);
    }

    /** @return the port the API listens on (loopback only) */
    public int port() {
        return port;
    }

    /** @return {@code http://127.0.0.1:PORT} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** @return the API's base URI */
    public URI baseUri() {
        return URI.create(url());
    }

    /**
     * The port of the embedded DNS server (UDP and TCP, loopback). The server is started with {@code --dns-port 0},
     * so the port is only known from the line it logs when the DNS server is bound (before it reports ready); after
     * a restart on the same log, the latest such line counts.
     *
     * @throws IllegalStateException when the log has no such line (the DNS server did not start)
     */
    public int dnsPort() throws IOException {
        Matcher matcher = DNS_LISTENING.matcher(Files.readString(logFile, StandardCharsets.UTF_8));
        int port = -1;
        while (matcher.find()) {
            port = Integer.parseInt(matcher.group(1));
        }
        if (port <= 0) {
            throw new IllegalStateException("the server logged no 'DNS for zone ... on HOST:PORT' line in " + logFile);
        }
        return port;
    }

    /** @return the server's data directory */
    public Path dataDir() {
        return dataDir;
    }

    /** @return the file that collects the server's output */
    public Path logFile() {
        return logFile;
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
        Optional<ProcessHandle> child = launched.descendants().filter(FlotillaServer::isJava).findFirst();
        return child.orElseThrow(() -> new IllegalStateException("no java process under ./flotilla (pid "
                + launched.pid() + ", command " + launched.info().command().orElse("?") + ")"));
    }

    private static boolean isJava(ProcessHandle handle) {
        return handle.info().command().map(c -> c.endsWith("/java") || c.equals("java")).orElse(false);
    }

    /**
     * Ends the server's JVM with SIGKILL: no shutdown hook, no flush, no orderly close. Returns once it is gone.
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

    /**
     * Of several members of one control plane, the one running the controllers: the live member whose JVM's pid
     * ends the {@code holderIdentity} of the Lease {@code flotilla-system/flotilla-controllers}, as the first live
     * member that answers reports it; {@code null} when none does (yet).
     */
    public static FlotillaServer controllersLeader(List<FlotillaServer> members) {
        for (FlotillaServer member : members) {
            if (!member.isAlive()) {
                continue;
            }
            try {
                String holder = new ApiClient(member.baseUri())
                        .get("/apis/coordination.k8s.io/v1/namespaces/flotilla-system/leases/flotilla-controllers")
                        .json().path("spec").path("holderIdentity").asText("");
                for (FlotillaServer candidate : members) {
                    if (candidate.isAlive() && holder.endsWith("-" + candidate.jvm().pid())) {
                        return candidate;
                    }
                }
                return null;
            } catch (java.io.UncheckedIOException e) {
                // this member is not answering: ask the next
            }
        }
        return null;
    }

    /** @return whether the server process is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server: SIGTERM first (an orderly shutdown), SIGKILL if it does not end in time. */
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
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
