package dev.flotilla.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LiveViewTest {

    private final LiveView view = new LiveView(ChecksTest.LAYOUT, 12, 8053);

    @Test
    void showsClustersByRegionAndZoneWithHealthPlacementAndMembers() {
        ChecksTest.Builder b = new ChecksTest.Builder()
                .cluster("eu-1a-1", "Unknown", "unreachable:NoSchedule", "unreachable:NoExecute")
                .placement(ChecksTest.evictedPlacement()).member("eu-1b-1", 4, 3);
        List<String> lines = view.render(b.build(), "HEADER");

        assertThat(lines.get(0)).isEqualTo("HEADER");
        assertThat(lines.get(1)).startsWith("REGION  ZONE     CLUSTER    READY    TAINTS");
        assertThat(lines.get(2)).matches("eu-1 +eu-1a +eu-1a-1 +Unknown +unreachable:NoSchedule,NoExecute +- +2/2 ready");
        assertThat(lines.get(3)).matches(" +eu-1a-2 +True +- +- +2/2 ready");
        assertThat(lines.get(4)).matches(" +eu-1b +eu-1b-1 +True +- +4 +3/4 ready");
        assertThat(lines.get(6)).matches("us-1 +us-1a +us-1a-1 +True +- +2 +2/2 ready");
        assertThat(lines.get(8)).matches(" +total \\(12 wanted\\) +12 +13 ready");
        assertThat(lines).contains("PAGE GET http://127.5.0.1:8080/ → 200 hello from us-1a-1/us-1a pod web-1");
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .matches("  zone +web\\.demo\\.flotilla\\.svc\\.eu-1a\\.eu-1\\.flotilla\\.internal +A 127\\.1\\.0\\.1 127\\.2\\.0\\.1"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("  region web.demo.flotilla.svc.us-1.flotilla.internal"));
        assertThat(lines).contains("DNS  (dig @127.0.0.1 -p 8053 NAME)");
    }

    @Test
    void theSignatureIgnoresTheHeaderAndWhichAddressAndPodAnswered() {
        ChecksTest.Builder b = new ChecksTest.Builder();
        List<String> first = view.render(b.build(), "12:00:01");
        b.page = new Snapshot.Page("http://127.3.0.1:8080/", 200, "hello from eu-1b-1/eu-1b pod web-2");
        List<String> second = view.render(b.build(), "12:00:02");

        assertThat(LiveView.signature(second)).isEqualTo(LiveView.signature(first));
        b.page = new Snapshot.Page("http://127.3.0.1:8080/", 0, "HttpConnectTimeoutException");
        assertThat(LiveView.signature(view.render(b.build(), "x"))).as("a page no longer served")
                .isNotEqualTo(LiveView.signature(first));
        b.page = new Snapshot.Page("http://127.3.0.1:8080/", 200, "hello");
        b.cluster("us-1a-2", "Unknown");
        assertThat(LiveView.signature(view.render(b.build(), "x"))).isNotEqualTo(LiveView.signature(first));
    }

    @Test
    void unregisteredClustersAndSilentMembersAreShownAsSuch() {
        ChecksTest.Builder b = new ChecksTest.Builder();
        b.clusters.remove("us-1a-2");
        b.members.put("us-1a-1", new Snapshot.MemberState(null, 0, List.of(), false));
        b.placement(Map.of());
        List<String> lines = view.render(b.build(), "h");

        assertThat(lines).anySatisfy(line -> assertThat(line).matches(" +us-1a-2 +- +\\(not registered\\) +- +2/2 ready"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("us-1a-1").endsWith("(member API not answering)"));
    }

    @Test
    void taintsAreGroupedByKey() {
        assertThat(LiveView.taints(List.of())).isEqualTo("-");
        assertThat(LiveView.taints(List.of("unreachable:NoSchedule", "unreachable:NoExecute", "unschedulable:NoSchedule")))
                .isEqualTo("unreachable:NoSchedule,NoExecute unschedulable:NoSchedule");
    }

    @Test
    void withoutATerminalABlockIsPrintedOnlyWhenTheViewChanges() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        ChecksTest.Builder b = new ChecksTest.Builder();

        console.view(view.render(b.build(), "first"), true);
        console.view(view.render(b.build(), "same content"), true);
        b.cluster("eu-1a-1", "Unknown");
        console.line("[ +4.60 s] detection");
        console.view(view.render(b.build(), "changed"), true);

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("first", "changed", "[ +4.60 s] detection").doesNotContain("same content")
                .doesNotContain("\033[");
    }
}
