package dev.flotilla.simulator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The {@code simulate-cluster} command, run in-process with a stop signal standing in for SIGTERM. */
class MainTest {

    private static final Pattern READY = Pattern.compile(
            "Simulated cluster (\\S+) \\((\\S+)/(\\S+)\\) ready at (http://127\\.0\\.0\\.1:\\d+); kubeconfig: (.+)");

    @Test
    void printsTheReadyLineWritesAWorkingKubeconfigAndStopsCleanly(@TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("conf/cli.kubeconfig");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.execute(new String[] {
            "simulate-cluster", "--name", "cli", "--region", "us-east", "--zone", "us-east-1b", "--nodes", "2",
            "--kubeconfig-out", kubeconfig.toString(), "--pod-start-delay", "100ms", "--node-cpu", "4"},
                new PrintWriter(out, true), new PrintWriter(err, true), stop));

        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("ready at"));
        Matcher ready = READY.matcher(out.toString().trim());
        assertThat(ready.matches()).as(out.toString()).isTrue();
        assertThat(ready.group(1)).isEqualTo("cli");
        assertThat(ready.group(2) + "/" + ready.group(3)).isEqualTo("us-east/us-east-1b");
        assertThat(Path.of(ready.group(5))).isEqualTo(kubeconfig.toAbsolutePath());
        String url = ready.group(4);

        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        assertThat(config.getMasterUrl()).startsWith(url);
        assertThat(config.getNamespace()).isEqualTo("default");
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThat(client.nodes().list().getItems()).extracting(n -> n.getMetadata().getName())
                    .containsExactlyInAnyOrder("cli-node-1", "cli-node-2");
            assertThat(client.nodes().withName("cli-node-1").get().getStatus().getCapacity().get("cpu").toString())
                    .isEqualTo("4");
            client.apps().deployments().inNamespace("default")
                    .resource(SimulatedClusterTest.deployment("default", "hello", 2, "hello:1", "10m")).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                var d = client.apps().deployments().inNamespace("default").withName("hello").get();
                return d.getStatus() != null && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas());
            });
        }

        stop.complete(null);
        assertThat(exit.get()).isZero();
        URI uri = URI.create(url);
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void badUsageExitsWithTwoAndNamesTheOption() {
        assertThat(run("--name", "x", "--region", "r")).startsWith("2:").contains("--zone");
        assertThat(run("--name", "x", "--region", "r", "--zone", "z", "--nodes", "0")).startsWith("2:")
                .contains("Invalid value for option '--nodes': must be between 1 and 100").contains("--help");
        assertThat(run("--name", "Bad_Name", "--region", "r", "--zone", "z")).startsWith("2:").contains("--name");
        assertThat(run("--name", "x", "--region", "r", "--zone", "z", "--pod-start-delay", "soon")).startsWith("2:")
                .contains("--pod-start-delay").contains("not a duration");
        assertThat(run("--name", "x", "--region", "r", "--zone", "z", "--node-memory", "lots")).startsWith("2:")
                .contains("--node-memory").contains("not a Kubernetes quantity");
        assertThat(run("--name", "x", "--region", "r", "--zone", "z", "--frobnicate")).startsWith("2:")
                .contains("--frobnicate");
    }

    @Test
    void helpExitsWithZeroAndDescribesTheOptions() {
        String result = run("--help");
        assertThat(result).startsWith("0:").contains("--pod-start-delay").contains("--kubeconfig-out")
                .contains("--[no-]serve-http").contains("Exit codes");
    }

    @Test
    void servingHttpIsOnByDefaultAndCanBeSwitchedOff() {
        assertThat(parse().serveHttp).isTrue();
        assertThat(parse("--serve-http").serveHttp).isTrue();
        assertThat(parse("--no-serve-http").serveHttp).isFalse();
        assertThat(parse("--serve-http=false").serveHttp).isFalse();
    }

    private static Main parse(String... extra) {
        Main main = new Main(CompletableFuture.completedFuture(null));
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--name", "x", "--region", "r",
                "--zone", "z"), java.util.Arrays.stream(extra)).toArray(String[]::new);
        new picocli.CommandLine(main).parseArgs(args);
        return main;
    }

    @Test
    void aPortInUseExitsWithOne() throws IOException {
        try (var busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String result = run("--name", "busy", "--region", "r", "--zone", "z",
                    "--port", Integer.toString(busy.getLocalPort()));
            assertThat(result).startsWith("1:").contains("cannot start simulated cluster busy")
                    .contains(Integer.toString(busy.getLocalPort()));
        }
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true),
                CompletableFuture.completedFuture(null));
        return code + ":" + out + err;
    }
}
