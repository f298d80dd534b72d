package dev.flotilla.demo;

import dev.flotilla.demo.local.MemberSpec;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The goals as predicates, on snapshots built by hand for the default layout. */
class ChecksTest {

    static final Layout LAYOUT = Layout.generate(2, 3, 6);
    static final List<String> LOST = List.of("eu-1a-1", "eu-1a-2");
    static final List<String> SURVIVORS = List.of("eu-1b-1", "eu-1b-2", "us-1a-1", "us-1a-2");
    static final Map<String, String> INGRESS = Map.of("eu-1a-1", "127.1.0.1", "eu-1a-2", "127.2.0.1",
            "eu-1b-1", "127.3.0.1", "eu-1b-2", "127.4.0.1", "us-1a-1", "127.5.0.1", "us-1a-2", "127.6.0.1");
    static final String ZONE_A = DnsNames.zone("eu-1a", "eu-1");

    /** A snapshot builder: every cluster Ready, 2 replicas placed and ready on each, DNS serving every zone. */
    static final class Builder {
        final Map<String, Snapshot.ClusterState> clusters = new HashMap<>();
        final Map<String, Integer> placement = new LinkedHashMap<>();
        final Map<String, Snapshot.MemberState> members = new HashMap<>();
        final Map<String, DnsAnswer> dns = new HashMap<>();
        Snapshot.Page page = new Snapshot.Page("http://127.5.0.1:8080/", 200, "hello from us-1a-1/us-1a pod web-1");

        Builder() {
            for (MemberSpec m : LAYOUT.members()) {
                clusters.put(m.name(), new Snapshot.ClusterState("True", List.of()));
                placement.put(m.name(), 2);
                members.put(m.name(), new Snapshot.MemberState(2, 2, List.of(INGRESS.get(m.name())), true));
            }
            for (String zone : LAYOUT.zones()) {
                dns.put(DnsNames.zone(zone, LAYOUT.regionOf(zone)), new DnsAnswer("NOERROR", List.of(),
                        LAYOUT.clustersIn(zone).stream().map(INGRESS::get).toList()));
            }
            dns.put(DnsNames.global(), new DnsAnswer("NOERROR", List.of(), List.copyOf(INGRESS.values())));
        }

        Builder cluster(String name, String ready, String... taints) {
            clusters.put(name, new Snapshot.ClusterState(ready, List.of(taints)));
            return this;
        }

        Builder placement(Map<String, Integer> placed) {
            placement.clear();
            placement.putAll(placed);
            return this;
        }

        Builder member(String name, int replicas, int ready) {
            members.put(name, new Snapshot.MemberState(replicas, ready, List.of(INGRESS.get(name)), true));
            return this;
        }

        Builder dns(String name, DnsAnswer answer) {
            dns.put(name, answer);
            return this;
        }

        Snapshot build() {
            return new Snapshot(42, Snapshot.Seen.at(42), clusters, placement, members, dns, page, null);
        }
    }

    static Map<String, Integer> evictedPlacement() {
        Map<String, Integer> placed = new LinkedHashMap<>();
        placed.put("eu-1b-1", 4);
        placed.put("eu-1b-2", 4);
        placed.put("us-1a-1", 2);
        placed.put("us-1a-2", 2);
        return placed;
    }

    @Test
    void theHealthyFederationMeetsTheSteadyGoalsAndNoOutageGoal() {
        Snapshot s = new Builder().build();

        assertThat(Checks.allReady(s, LAYOUT.clusterNames())).isTrue();
        assertThat(Checks.spreadAndReady(s, LAYOUT, 12)).isTrue();
        assertThat(Checks.everyZoneServed(s, LAYOUT)).isTrue();
        assertThat(Checks.untainted(s, LOST)).isTrue();
        assertThat(Checks.detected(s, LOST)).isFalse();
        assertThat(Checks.evicted(s, LOST)).isFalse();
        assertThat(Checks.readyElsewhere(s, SURVIVORS, 12)).isFalse();
        assertThat(Checks.dnsFailedOver(s, LAYOUT, "eu-1a", Set.of("127.1.0.1", "127.2.0.1"))).isFalse();
    }

    @Test
    void notSpreadWhenAZoneHasNoReplicasOrACLusterRunsFewerThanItsShare() {
        assertThat(Checks.spreadAndReady(new Builder().placement(evictedPlacement()).build(), LAYOUT, 12))
                .as("eu-1a holds nothing").isFalse();
        assertThat(Checks.spreadAndReady(new Builder().member("us-1a-2", 2, 1).build(), LAYOUT, 12))
                .as("one replica not ready").isFalse();
        assertThat(Checks.spreadAndReady(new Builder().build(), LAYOUT, 13)).as("12 placed, 13 wanted").isFalse();
        assertThat(Checks.spreadAndReady(new Builder().member("us-1a-2", 4, 3).build(), LAYOUT, 12))
                .as("a shrinking cluster may keep more than its share meanwhile").isTrue();
    }

    @Test
    void aZoneIsServedOnlyWithExactlyItsAddressesAndInTheGlobalName() {
        String zoneB = DnsNames.zone("eu-1b", "eu-1");
        assertThat(Checks.zoneServed(new Builder().dns(zoneB, new DnsAnswer("NOERROR", List.of(),
                List.of("127.3.0.1"))).build(), LAYOUT, "eu-1b")).isFalse();
        assertThat(Checks.zoneServed(new Builder().dns(DnsNames.global(), new DnsAnswer("NOERROR", List.of(),
                List.of("127.1.0.1", "127.2.0.1"))).build(), LAYOUT, "eu-1b")).isFalse();
        Builder withoutService = new Builder();
        withoutService.members.put("eu-1b-2", new Snapshot.MemberState(null, 0, List.of(), true));
        assertThat(Checks.zoneServed(withoutService.build(), LAYOUT, "eu-1b")).isFalse();
    }

    @Test
    void theOutageMilestonesFollowTheFederationThroughAFailover() {
        Builder b = new Builder();
        b.cluster("eu-1a-1", "Unknown", "unreachable:NoSchedule", "unreachable:NoExecute");
        assertThat(Checks.detected(b.build(), LOST)).as("one of two clusters").isFalse();
        b.cluster("eu-1a-2", "Unknown", "unreachable:NoSchedule", "unreachable:NoExecute");
        assertThat(Checks.detected(b.build(), LOST)).isTrue();
        assertThat(Checks.untainted(b.build(), LOST)).isFalse();

        b.dns(ZONE_A, new DnsAnswer("NOERROR", List.of(DnsNames.region("eu-1")), List.of("127.3.0.1", "127.4.0.1")))
                .dns(DnsNames.global(), new DnsAnswer("NOERROR", List.of(),
                        List.of("127.3.0.1", "127.4.0.1", "127.5.0.1", "127.6.0.1")));
        assertThat(Checks.dnsFailedOver(b.build(), LAYOUT, "eu-1a", Set.of("127.1.0.1", "127.2.0.1"))).isTrue();

        b.placement(evictedPlacement());
        assertThat(Checks.evicted(b.build(), LOST)).isTrue();
        // The partitioned members still run their replicas: they must not count.
        b.member("eu-1b-1", 4, 2).member("eu-1b-2", 4, 2);
        assertThat(Checks.readyElsewhere(b.build(), SURVIVORS, 12)).isFalse();
        b.member("eu-1b-1", 4, 4).member("eu-1b-2", 4, 4);
        assertThat(Checks.readyElsewhere(b.build(), SURVIVORS, 12)).isTrue();
    }

    @Test
    void dnsHasNotFailedOverWhileAnyAnswerStillCarriesTheLostAddresses() {
        Set<String> lost = Set.of("127.1.0.1", "127.2.0.1");
        Snapshot zoneStillDirect = new Builder().dns(DnsNames.global(), new DnsAnswer("NOERROR", List.of(),
                List.of("127.3.0.1"))).build();
        assertThat(Checks.dnsFailedOver(zoneStillDirect, LAYOUT, "eu-1a", lost)).isFalse();

        Snapshot globalStillHasThem = new Builder().dns(ZONE_A, new DnsAnswer("NOERROR", List.of(DnsNames.region("eu-1")),
                List.of("127.3.0.1"))).build();
        assertThat(Checks.dnsFailedOver(globalStillHasThem, LAYOUT, "eu-1a", lost)).isFalse();

        Snapshot nothingLeft = new Builder().dns(ZONE_A, new DnsAnswer("NXDOMAIN", List.of(DnsNames.region("eu-1"),
                DnsNames.global()), List.of())).dns(DnsNames.global(), new DnsAnswer("NXDOMAIN", List.of(), List.of()))
                .build();
        assertThat(Checks.dnsFailedOver(nothingLeft, LAYOUT, "eu-1a", lost)).as("the app must stay reachable").isFalse();
    }

    @Test
    void anEmptyBindingIsNotAnEviction() {
        assertThat(Checks.evicted(new Builder().placement(Map.of()).build(), LOST)).isFalse();
    }
}
