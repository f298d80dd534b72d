package dev.flotilla.it.bench;

import dev.flotilla.demo.local.FlotillaRoot;
import dev.flotilla.demo.local.LoopbackPorts;
import dev.flotilla.it.support.Workspace;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's baseline server: {@code integration-tests/bare-endpoint}, a Quarkus app with one RESTEasy
 * Reactive resource, started as its own process on a free loopback port with the same JVM as the control plane.
 */
final class BareEndpoint implements AutoCloseable {

    static final String BUILD_COMMAND = "./mvnw -B -o -q -f integration-tests/bare-endpoint/pom.xml package";

    private final Process process;
    private final int port;

    private BareEndpoint(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the packaged bare endpoint and waits until it answers. */
    static BareEndpoint start(String java, Path logFile) throws IOException, InterruptedException {
        Path jar = FlotillaRoot.find()
                .resolve("integration-tests/bare-endpoint/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the bare endpoint is not built (" + jar + "); build it with `"
                    + BUILD_COMMAND + "` at the repository root");
        }
        int port = LoopbackPorts.free();
        List<String> command = new ArrayList<>(List.of(java, "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1", "-jar", jar.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        BareEndpoint bare = new BareEndpoint(process, port);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bare?bytes=100"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("bare endpoint exited; see " + logFile);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return bare;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        bare.close();
        throw new IllegalStateException("bare endpoint not ready within 60 s; see " + logFile);
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
