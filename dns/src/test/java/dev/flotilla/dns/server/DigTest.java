package dev.flotilla.dns.server;

import static dev.flotilla.dns.server.TestZone.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server through the real {@code dig} (Debian dnsutils; {@code .ci/run} installs it). Skipped, visibly, on a
 * machine without dig.
 */
class DigTest {

    static DnsServer server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(digAvailable(), "dig is not installed (apt-get install dnsutils)");
        server = new DnsServer(TestZone.snapshot(true, 5), 2).start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static boolean digAvailable() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, "dig")));
    }

    /** dig's whole output for {@code args} against our server. */
    static String dig(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", Integer.toString(server.port()),
                "+norecurse", "+time=2", "+tries=2"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** The records dig prints with {@code +short}. */
    static List<String> digShort(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("+short");
        return dig(all.toArray(String[]::new)).lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void a() throws Exception {
        String out = dig(WEB, "A");
        assertThat(out).contains("status: NOERROR").containsPattern("flags: qr aa[ ;]")
                .containsPattern(WEB.replace(".", "\\.") + "\\.\\s+30\\s+IN\\s+A\\s+10\\.0\\.0\\.1");
    }

    @Test
    void aaaa() throws Exception {
        assertThat(digShort(WEB_EU_A, "AAAA")).containsExactly("2001:db8::1");
    }

    @Test
    void cnameChainInOneAnswer() throws Exception {
        assertThat(digShort(WEB_US_A, "A")).containsExactly(WEB_US + ".", WEB + ".", "10.0.0.1");
        assertThat(digShort(WEB_EU_B, "CNAME")).containsExactly(WEB_EU + ".");
    }

    @Test
    void srv() throws Exception {
        String out = dig("_http._tcp." + WEB, "SRV");
        assertThat(out).contains("status: NOERROR").containsPattern("IN\\s+SRV\\s+0 100 80 " + WEB.replace(".", "\\.") + "\\.")
                .contains("ADDITIONAL SECTION");
    }

    @Test
    void soaAndNs() throws Exception {
        assertThat(digShort(DOMAIN, "SOA"))
                .containsExactly("ns1.flotilla.internal. hostmaster.flotilla.internal. 5 3600 600 86400 30");
        assertThat(digShort(DOMAIN, "NS")).containsExactly("ns1.flotilla.internal.");
    }

    @Test
    void nxdomainAndNodata() throws Exception {
        String nx = dig("missing.shop.flotilla.svc." + DOMAIN, "A");
        assertThat(nx).contains("status: NXDOMAIN").containsPattern("flags: qr aa[ ;]").contains("AUTHORITY SECTION")
                .contains("SOA");
        String nodata = dig(WEB, "MX");
        assertThat(nodata).contains("status: NOERROR").contains("ANSWER: 0").contains("AUTHORITY: 1");
        assertThat(dig(DOWN, "A")).contains("status: NXDOMAIN");
    }

    @Test
    void refusedOutsideTheZone() throws Exception {
        assertThat(dig("example.org", "A")).contains("status: REFUSED");
    }

    @Test
    void caseInsensitive() throws Exception {
        assertThat(digShort(WEB.toUpperCase(), "A")).containsExactly("10.0.0.1");
    }

    @Test
    void tcp() throws Exception {
        assertThat(digShort("+tcp", WEB_US_A, "A")).containsExactly(WEB_US + ".", WEB + ".", "10.0.0.1");
    }

    @Test
    void truncationThenTcpFallback() throws Exception {
        String truncated = dig("+ignore", "+noedns", BIG, "A");
        assertThat(truncated).contains("status: NOERROR").containsPattern("flags: qr aa tc[ ;]");

        String retried = dig("+noedns", BIG, "A");
        assertThat(retried).contains("Truncated, retrying in TCP mode").contains("ANSWER: " + BIG_SIZE);
    }

    @Test
    void edns() throws Exception {
        String out = dig("+bufsize=4096", WEB, "A");
        assertThat(out).contains("EDNS: version: 0").contains("udp: " + DnsResponder.MAX_UDP_PAYLOAD);
        assertThat(dig("+edns=1", "+noednsnegotiation", WEB, "A")).contains("status: BADVERS");
    }
}
