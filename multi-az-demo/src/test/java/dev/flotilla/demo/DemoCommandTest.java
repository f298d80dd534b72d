package dev.flotilla.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line: help, and every invalid option refused with exit code 2 before anything starts. */
class DemoCommandTest {

    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {
    }

    /** Runs the command in-process; the root is a folder without a launcher, so a run that got past the options fails. */
    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DemoMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), tmp.resolve("no-repository"));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().replaceAll("\\s+", " ")).contains("--port=PORT", "--dns-port=PORT", "--regions=N", "--zones=N", "--clusters=N",
                "--replicas=N", "--outage-zone=ZONE", "--no-outage", "--exit", "--work-dir=DIR", "--rto-goal=DURATION",
                "--recovery-goal=DURATION", "--rebalance-delay=DURATION", "default: 8080", "default: 8053",
                "default: 12", "Exit codes:");
    }

    @Test
    void aLeadingDemoWordIsIgnored() {
        assertThat(run("demo", "--help").exitCode()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--zones 1 | Invalid value for option '--zones': a multi-AZ federation needs at least 2 zones, got 1",
        "--regions 3 --zones 2 | Invalid value for option '--zones': every region needs at least one zone",
        "--clusters 2 | Invalid value for option '--clusters': every zone needs at least one cluster",
        "--port 70000 | Invalid value for option '--port': 70000 is not a port number",
        "--dns-port -1 | Invalid value for option '--dns-port': -1 is not a port number",
        "--port 9000 --dns-port 9000 | Invalid value for option '--dns-port': must differ from --port",
        "--replicas 0 | Invalid value for option '--replicas': must be between 1 and 200, got 0",
        "--outage-zone eu-9z | Invalid value for option '--outage-zone': 'eu-9z' is not a zone of this layout; the zones are eu-1a, eu-1b, us-1a",
        "--no-outage --outage-zone us-1a | Invalid value for option '--outage-zone': cannot be combined with --no-outage",
        "--rto-goal soon | Invalid value for option '--rto-goal': 'soon' is not a duration",
        "--recovery-goal 0s | Invalid value for option '--recovery-goal': must be more than 0",
        "--replicas many | Invalid value for option '--replicas': 'many' is not an int",
        "--zone 3 | Unknown options: '--zone'"})
    void invalidOptionsExitWith2AndAMessageNamingTheOption(String args, String message) {
        Run run = run(args.trim().split(" +"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(message);
        assertThat(run.out()).as("nothing started").doesNotContain("starting the control plane");
    }

    @Test
    void aWorkDirectoryThatIsNotEmptyIsRefused() throws IOException {
        Path used = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(used.resolve("something"), "x");

        Run run = run("--work-dir", used.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid value for option '--work-dir': " + used + " is not an empty directory");
    }

    @Test
    void withoutTheControlPlaneBuiltTheDemoFailsWithAClearMessage() {
        Run run = run("--exit", "--port", "0", "--dns-port", "0", "--work-dir", tmp.resolve("work").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("demo: FAILED — the control plane did not start: the control plane is not built");
    }

    @Test
    void theDefaultsAreTheIssuesFederationAndTheFirstZoneGoesDown() {
        DemoOptions options = DemoOptions.of(8080, 8053, 2, 3, 6, 12, null, true, false, null, Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(10));

        assertThat(options.layout()).isEqualTo(Layout.generate(2, 3, 6));
        assertThat(options.outage()).isTrue();
        assertThat(options.outageZone()).isEqualTo("eu-1a");
    }

    @Test
    void freePortsAndNoOutageAreAccepted() {
        DemoOptions options = DemoOptions.of(0, 0, 1, 2, 2, 1, null, false, true, null, Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(10));

        assertThat(options.outage()).isFalse();
        assertThat(options.outageZone()).isNull();
        assertThat(options.port()).isZero();
        assertThat(options.dnsPort()).isZero();
    }

    @Test
    void optionErrorsWithoutAnOptionNameAreLeftAlone() {
        assertThat(DemoCommand.asOptionError("--zones: bad")).isEqualTo("Invalid value for option '--zones': bad");
        assertThat(DemoCommand.asOptionError("something else: bad")).isEqualTo("something else: bad");
        assertThatThrownBy(() -> DemoOptions.of(0, 0, 2, 3, 6, 12, null, true, true, null, null,
                Duration.ofSeconds(60), Duration.ofSeconds(10))).hasMessage("--rto-goal: must be more than 0, got null");
    }
}
