package dev.flotilla.demo;

import java.io.IOException;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control plane as a child process, started exactly as a user starts it: {@code ./flotilla server} on
 * 127.0.0.1 with a fresh data directory, its output in a log file. Started means {@code /q/health/ready} answers
 * 200; the actual API and DNS ports (either may be 0 = free) are read from the lines the server prints.
 * {@link #close()} stops it (SIGTERM, then SIGKILL) and is safe to call from a shutdown hook.
 */
final class ControlPlaneProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** {@code ReadyBanner}: "Flotilla control plane ready at http://127.0.0.1:8080 (data in ...)". */
    private static final Pattern READY = Pattern.compile("Flotilla control plane ready at http://[^:/\\s]+:(\\d+)");
    /** {@code ControlPlane.startDns}: "DNS for zone Z (federation F) on HOST:PORT, UDP and TCP". */
    private static final Pattern DNS = Pattern.compile("DNS for zone \\S+ \\(federation \\S+\\) on \\S+:(\\d+), UDP");

    private final Process process;
    private final Path logFile;
    private final Path dataDir;
    private volatile int port = -1;
    private volatile int dnsPort = -1;

    private ControlPlaneProcess(Process process, Path logFile, Path dataDir) {
        this.process = process;
        this.logFile = logFile;
        this.dataDir = dataDir;
    }

    /** The command the demo runs, shown to the user as it is. */
    static List<String> command(Path root, int port, int dnsPort, Path dataDir, Duration rebalanceDelay) {
        List<String> command = new ArrayList<>(List.of(root.resolve("flotilla").toString(), "server",
                "--port", Integer.toString(port), "--dns-port", Integer.toString(dnsPort),
                "--data-dir", dataDir.toString(), "--host", "127.0.0.1"));
        if (!rebalanceDelay.equals(Duration.ofSeconds(10))) {
            command.addAll(List.of("--rebalance-delay", rebalanceDelay.toMillis() + "ms"));
        }
        return command;
    }

    /**
     * Starts the server and waits until it is ready.
     *
     * @throws IllegalStateException with what went wrong and the end of the server's output
     */
    static ControlPlaneProcess start(List<String> command, Path root, Path dataDir, Path logFile, int port,
                                     int dnsPort) throws IOException, InterruptedException {
        Path jar = root.resolve("federation-api/server/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            // The launcher would build it, which takes minutes; `./flotilla demo` builds it before starting us.
            throw new IllegalStateException("the control plane is not built (" + jar + " is missing): run "
                    + "`./flotilla build`, or start the demo with `./flotilla demo`, which builds what is missing");
        }
        checkFree(port, dnsPort);
        Files.createDirectories(dataDir);
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        ControlPlaneProcess server = new ControlPlaneProcess(builder.start(), logFile, dataDir);
        try {
            server.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A clear message now beats a server that dies with "Address already in use" deep in its log. */
    private static void checkFree(int port, int dnsPort) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        if (port != 0) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(loopback, port));
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use (another control plane or "
                        + "demo running?): stop it, or pick another with --port (0 = a free port)");
            }
        }
        if (dnsPort != 0) {
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
                        + " before it was ready; the end of " + logFile + ":\n" + logTail());
            }
            String log = Files.readString(logFile, StandardCharsets.UTF_8);
            if (port < 0) {
                port = lastMatch(READY, log);
            }
            if (dnsPort < 0) {
                dnsPort = lastMatch(DNS, log);
            }
            // The banner alone is no proof: the health endpoint is what says the API answers.
            if (port > 0 && dnsPort > 0) {
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
                + " s; the end of " + logFile + ":\n" + logTail());
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
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }

    /** @return {@code http://127.0.0.1:PORT} */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** @return the API port */
    int port() {
        return port;
    }

    /** @return the DNS port (UDP and TCP) */
    int dnsPort() {
        return dnsPort;
    }

    /** @return the bootstrap token the server wrote at its first start */
    String bootstrapToken() throws IOException {
        return Files.readString(dataDir.resolve("bootstrap-token"), StandardCharsets.UTF_8).strip();
    }

    /** @return whether the server still runs */
    boolean isAlive() {
        return process.isAlive();
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
}
