package dev.flotilla.agent;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real control plane, as a separate process: the packaged server jar
 * ({@code federation-api/server/target/quarkus-app/quarkus-run.jar}, built by the reactor before this module) on a
 * free loopback port with its own data directory. {@link #stop()} kills it; {@link #start()} starts it again on the
 * same port and data.
 */
final class ControlPlaneProcess implements AutoCloseable {

  static final Path SERVER_JAR = Path.of("../../federation-api/server/target/quarkus-app/quarkus-run.jar")
      .toAbsolutePath().normalize();
  private static final List<String> JVM_OPENS = List.of("--add-modules", "java.se", "--add-exports",
      "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens",
      "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  final Path dataDir;
  final int port;
  private final List<String> output = new ArrayList<>();
  private Process process;

  ControlPlaneProcess(Path dataDir) {
    if (!Files.isRegularFile(SERVER_JAR)) {
      throw new IllegalStateException("the control plane is not built: " + SERVER_JAR + " is missing (run "
          + "./mvnw -o -q -B package -DskipTests -pl federation-api/server)");
    }
    this.dataDir = dataDir;
    this.port = freePort();
  }

  /** Starts the server and waits for its ready line. */
  synchronized ControlPlaneProcess start() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPENS);
    command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", SERVER_JAR.toString(), "server",
        "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", dataDir.toString(),
        "--dns-port", "0"));
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Process started = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          synchronized (output) {
            output.add(line);
          }
          if (line.contains("Flotilla control plane ready at")) {
            ready.complete(null);
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      ready.completeExceptionally(new IllegalStateException("the control plane exited before it was ready:\n"
          + String.join("\n", output())));
    }, "control-plane-output");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      stop();
      throw new IllegalStateException("the control plane did not start: " + e.getMessage() + "\n"
          + String.join("\n", output()), e);
    }
    return this;
  }

  /** Kills the server (SIGKILL, like a crash) and waits for it to end. */
  synchronized void stop() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  String bootstrapToken() throws IOException {
    return Files.readString(dataDir.resolve("bootstrap-token")).trim();
  }

  /** A client without credentials: the administrator. */
  KubernetesClient adminClient() {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(url().toString()).withRequestRetryBackoffLimit(0).withRequestTimeout(10_000).build()).build();
  }

  List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  @Override
  public void close() {
    stop();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
