package dev.flotilla.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole demo, in this JVM, as {@code ./flotilla demo --exit} runs it: the packaged control plane started
 * through {@code ./flotilla server} on free ports, six simulated members with their agents, the app, a zone
 * partitioned and restored. One run (about a minute and a half on 2 cores).
 *
 * <p>It needs {@code federation-api/server/target/quarkus-app/quarkus-run.jar}, which the reactor builds before this
 * module (this module depends on {@code flotilla-server} for the order only).
 *
 * <p>The RTO goal is raised to 30 s here: the machines this runs on are shared, and a test must not fail because a
 * neighbour is busy (the project's rule: no timed assertions). The demo's own goal, 10 s, is what {@code ./flotilla
 * demo} is judged by; the goal logic itself is tested in {@link TimelineTest} and {@link SummaryTest}.
 */
class DemoEndToEndTest {

    private static final Pattern SUMMARY = Pattern.compile("demo: PASSED — RTO (\\d+\\.\\d) s \\(goal 30 s\\); .*");
    private static final Pattern API = Pattern.compile("control plane ready: API http://127\\.0\\.0\\.1:(\\d+), DNS "
            + "127\\.0\\.0\\.1:(\\d+)");

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theDemoBringsUpAFederationSurvivesAZoneOutageAndRecovers() throws IOException {
        Path root = Path.of(System.getProperty("flotilla.root", "..")).toAbsolutePath().normalize();
        assertThat(root.resolve("federation-api/server/target/quarkus-app/quarkus-run.jar"))
                .as("the packaged control plane (./mvnw verify builds it before this module)").isRegularFile();
        // Under target/, not a JUnit temporary folder: after a failure its logs are still there to read.
        Path work = Files.createDirectories(Path.of("target", "demo-test-work"))
                .resolve("run-" + System.currentTimeMillis()).toAbsolutePath();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(captured, System.out), true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exitCode = DemoMain.run(new String[] {"--exit", "--port", "0", "--dns-port", "0", "--rto-goal", "30s",
            "--work-dir", work.toString()}, out, new PrintStream(err, true, StandardCharsets.UTF_8), root);

        String output = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = output.lines().toList();
        assertThat(exitCode).as(output + err).isZero();
        assertThat(lines.get(lines.size() - 1)).matches(SUMMARY);
        Matcher summary = SUMMARY.matcher(lines.get(lines.size() - 1));
        assertThat(summary.matches()).isTrue();
        assertThat(Double.parseDouble(summary.group(1))).isPositive();

        // The story, in order: the federation up, the outage timed, the recovery timed. Within a timeline,
        // milestones that happen together (detection and the DNS change) may be seen in either order.
        assertThat(output).containsSubsequence("control plane ready", "6 clusters registered", "applied namespace/demo",
                "app ready: 12 replicas ready in 3 zones", "zone eu-1a loses its network", "Outage timeline",
                "RTO ", "zone eu-1a is back", "Recovery timeline", "demo: PASSED");
        String outage = output.substring(output.indexOf("Outage timeline"), output.indexOf("RTO "));
        assertThat(outage).contains("  detection  ", "  DNS failover  ", "  eviction  ", "  replicas ready elsewhere  ")
                .containsSubsequence("  eviction  ", "  replicas ready elsewhere  ");
        String recovery = output.substring(output.indexOf("Recovery timeline"));
        assertThat(recovery).contains("  Ready again  ", "  taints removed  ", "  rebalanced  ", "  DNS with the zone  ")
                .containsSubsequence("  Ready again  ", "  rebalanced  ");
        assertThat(output).contains("hello from ").contains("CNAME web.demo.flotilla.svc.eu-1.flotilla.internal");
        assertThat(output).doesNotContain("NOT SEEN", "MISSED");
        // The members' and agents' logs went to the file, not to the console.
        assertThat(output).doesNotContainPattern("(?m)^\\d{4}-\\d\\d-\\d\\d .*(INFO|WARN)");
        assertThat(Files.readString(work.resolve("members.log"))).contains("agent eu-1a-1");
        assertThat(work.resolve("control-plane.log")).isRegularFile();

        // Everything it started is stopped: the control plane's port refuses connections.
        Matcher api = API.matcher(output);
        assertThat(api.find()).isTrue();
        int port = Integer.parseInt(api.group(1));
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    /** Shows the run in the test's output while capturing it. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
