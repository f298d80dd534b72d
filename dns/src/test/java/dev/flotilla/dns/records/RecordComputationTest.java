package dev.flotilla.dns.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordComputationTest {

    private static final DnsSettings S = DnsSettings.defaults();
    private static final String GLOBAL = "web.shop.flotilla.svc.flotilla.internal";
    private static final String EU = "web.shop.flotilla.svc.eu-west.flotilla.internal";
    private static final String EU_A = "web.shop.flotilla.svc.eu-west-a.eu-west.flotilla.internal";
    private static final String EU_B = "web.shop.flotilla.svc.eu-west-b.eu-west.flotilla.internal";
    private static final String US = "web.shop.flotilla.svc.us-east.flotilla.internal";
    private static final String US_A = "web.shop.flotilla.svc.us-east-a.us-east.flotilla.internal";

    static ClusterEndpoints healthy(String name, String region, String zone, String... ips) {
        return new ClusterEndpoints(name, region, zone, true, List.of(ips), 3);
    }

    static ServiceEndpoints web(ClusterEndpoints... clusters) {
        return new ServiceEndpoints("shop", "web", List.of(), List.of(clusters));
    }

    /** name → "TYPE v1,v2" for every RRset, the easiest shape to assert on. */
    static Map<String, List<String>> byName(ServiceRecords r) {
        return r.records().stream().collect(Collectors.groupingBy(ResourceRecordSet::name, java.util.TreeMap::new,
                Collectors.mapping(rs -> rs.type() + " " + String.join(",", rs.values()), Collectors.toList())));
    }

    @Test
    void everyLevelAnswersWithItsOwnHealthyEndpoints() {
        var r = RecordComputation.forService(S, web(
                healthy("a", "eu-west", "eu-west-a", "10.0.0.1"),
                healthy("b", "eu-west", "eu-west-b", "10.0.0.2"),
                healthy("c", "us-east", "us-east-a", "10.1.0.1")));

        assertThat(byName(r)).containsExactlyInAnyOrderEntriesOf(Map.of(
                GLOBAL, List.of("A 10.0.0.1,10.0.0.2,10.1.0.1"),
                EU, List.of("A 10.0.0.1,10.0.0.2"),
                EU_A, List.of("A 10.0.0.1"),
                EU_B, List.of("A 10.0.0.2"),
                US, List.of("A 10.1.0.1"),
                US_A, List.of("A 10.1.0.1")));
        assertThat(r.records()).allSatisfy(rs -> assertThat(rs.ttl()).isEqualTo(30));
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void zoneWithoutHealthyEndpointsIsACnameToItsRegion() {
        var r = RecordComputation.forService(S, web(
                new ClusterEndpoints("a", "eu-west", "eu-west-a", false, List.of("10.0.0.1"), 3),
                healthy("b", "eu-west", "eu-west-b", "10.0.0.2")));

        assertThat(byName(r)).containsEntry(EU_A, List.of("CNAME " + EU))
                .containsEntry(EU, List.of("A 10.0.0.2"))
                .containsEntry(GLOBAL, List.of("A 10.0.0.2"));
    }

    @Test
    void regionWithoutHealthyEndpointsIsACnameToTheGlobalName() {
        var r = RecordComputation.forService(S, web(
                new ClusterEndpoints("a", "eu-west", "eu-west-a", true, List.of("10.0.0.1"), 0),
                healthy("c", "us-east", "us-east-a", "10.1.0.1")));

        assertThat(byName(r)).containsEntry(EU_A, List.of("CNAME " + EU))
                .containsEntry(EU, List.of("CNAME " + GLOBAL))
                .containsEntry(GLOBAL, List.of("A 10.1.0.1"))
                .containsEntry(US_A, List.of("A 10.1.0.1"));
    }

    @Test
    void noHealthyEndpointAnywhereLeavesTheGlobalNameWithoutRecords() {
        var r = RecordComputation.forService(S, web(
                new ClusterEndpoints("a", "eu-west", "eu-west-a", false, List.of("10.0.0.1"), 2),
                new ClusterEndpoints("b", "us-east", "us-east-a", true, List.of("10.1.0.1"), 0)));

        assertThat(byName(r)).doesNotContainKey(GLOBAL)
                .containsEntry(EU, List.of("CNAME " + GLOBAL))
                .containsEntry(US, List.of("CNAME " + GLOBAL))
                .containsEntry(EU_A, List.of("CNAME " + EU))
                .containsEntry(US_A, List.of("CNAME " + US));
    }

    @Test
    void noClustersAtAllGivesNoRecords() {
        assertThat(RecordComputation.forService(S, web()).records()).isEmpty();
    }

    @Test
    void severalClustersInOneZoneAreMergedAndHealthOnlyCountsPerCluster() {
        var r = RecordComputation.forService(S, web(
                healthy("a1", "eu-west", "eu-west-a", "10.0.0.1"),
                healthy("a2", "eu-west", "eu-west-a", "10.0.0.3", "10.0.0.1"),
                new ClusterEndpoints("a3", "eu-west", "eu-west-a", false, List.of("10.0.0.9"), 5)));

        assertThat(byName(r)).containsEntry(EU_A, List.of("A 10.0.0.1,10.0.0.3"))
                .containsEntry(EU, List.of("A 10.0.0.1,10.0.0.3"));
    }

    @Test
    void ipv6EndpointsBecomeAaaaBesideA() {
        var r = RecordComputation.forService(S, web(
                healthy("a", "eu-west", "eu-west-a", "10.0.0.1", "2001:DB8:0:0:0:0:0:1"),
                healthy("b", "eu-west", "eu-west-b", "fd00::0:2")));

        assertThat(byName(r)).containsEntry(EU_A, List.of("A 10.0.0.1", "AAAA 2001:db8::1"))
                .containsEntry(EU_B, List.of("AAAA fd00::2"))
                .containsEntry(GLOBAL, List.of("A 10.0.0.1", "AAAA 2001:db8::1,fd00::2"));
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.1, 10.0.0.1",
            "::, ::",
            "::1, ::1",
            "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "::ffff:192.0.2.1, ::ffff:c000:201",
            "fe80:0:0:1::, fe80:0:0:1::",
    })
    void addressesArePrintedCanonically(String in, String canonical) {
        assertThat(IpAddresses.parse(in)).get().extracting(IpAddresses.Ip::text).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource({"lb.example.com", "10.0.0", "10.0.0.256", "010.0.0.1", "1:2:3:4:5:6:7:8:9", "1::2::3", "::g", "''"})
    void nonAddressesAreSkippedWithAWarningNamingTheCluster(String bad) {
        var r = RecordComputation.forService(S, web(healthy("a", "eu-west", "eu-west-a", bad, "10.0.0.1")));

        assertThat(byName(r)).containsEntry(EU_A, List.of("A 10.0.0.1"));
        assertThat(r.warnings()).singleElement().asString()
                .contains("cluster a").contains("status.loadBalancer.ingress").contains("'" + bad + "'");
    }

    @Test
    void clustersWithoutTopologyLabelsOnlyServeTheGlobalName() {
        var r = RecordComputation.forService(S, web(
                healthy("bare", null, null, "10.0.0.1"),
                healthy("regional", "eu-west", "", "10.0.0.2"),
                healthy("zoneOnly", null, "z1", "10.0.0.3")));

        assertThat(byName(r)).containsOnlyKeys(GLOBAL, EU)
                .containsEntry(GLOBAL, List.of("A 10.0.0.1,10.0.0.2,10.0.0.3"))
                .containsEntry(EU, List.of("A 10.0.0.2"));
        assertThat(r.warnings()).singleElement().asString().contains("cluster zoneOnly").contains("no region");
    }

    @Test
    void topologyLabelsAreLowerCasedAndUnusableOnesSkipped() {
        var r = RecordComputation.forService(S, web(
                healthy("a", "EU-West", "EU-West-A", "10.0.0.1"),
                healthy("b", "eu_west", "x", "10.0.0.2")));

        assertThat(byName(r)).containsOnlyKeys(GLOBAL, EU, EU_A);
        assertThat(r.warnings()).singleElement().asString().contains("cluster b").contains("region label 'eu_west'");
    }

    @Test
    void namedPortsGetSrvAtEveryLevelPointingAtTheNearestNameWithAddresses() {
        var svc = new ServiceEndpoints("shop", "web",
                List.of(new ServicePort("http", "TCP", 80), new ServicePort(null, "TCP", 8080),
                        new ServicePort("dns", "UDP", 53)),
                List.of(healthy("a", "eu-west", "eu-west-a", "10.0.0.1"),
                        new ClusterEndpoints("b", "eu-west", "eu-west-b", false, List.of("10.0.0.2"), 1),
                        new ClusterEndpoints("c", "us-east", "us-east-a", true, List.of("10.1.0.1"), 0)));

        var r = byName(RecordComputation.forService(S, svc));

        assertThat(r).containsEntry("_http._tcp." + GLOBAL, List.of("SRV 0 100 80 " + GLOBAL))
                .containsEntry("_dns._udp." + GLOBAL, List.of("SRV 0 100 53 " + GLOBAL))
                .containsEntry("_http._tcp." + EU, List.of("SRV 0 100 80 " + EU))
                .containsEntry("_http._tcp." + EU_A, List.of("SRV 0 100 80 " + EU_A))
                .containsEntry("_http._tcp." + EU_B, List.of("SRV 0 100 80 " + EU))
                .containsEntry("_http._tcp." + US, List.of("SRV 0 100 80 " + GLOBAL))
                .containsEntry("_http._tcp." + US_A, List.of("SRV 0 100 80 " + GLOBAL));
        assertThat(r.keySet()).noneMatch(n -> n.contains("8080"));
        assertThat(r.keySet().stream().filter(n -> n.startsWith("_"))).hasSize(12);
    }

    @Test
    void noSrvWhenNothingIsHealthyAnywhere() {
        var svc = new ServiceEndpoints("shop", "web", List.of(new ServicePort("http", null, 80)),
                List.of(new ClusterEndpoints("a", "eu-west", "eu-west-a", false, List.of("10.0.0.1"), 1)));

        assertThat(RecordComputation.forService(S, svc).records()).noneMatch(rs -> rs.type() == RecordType.SRV);
    }

    @Test
    void badPortsAreSkippedWithAWarningNamingTheField() {
        var svc = new ServiceEndpoints("shop", "web",
                List.of(new ServicePort("ok", "tcp", 1), new ServicePort("Bad_Name", "TCP", 80),
                        new ServicePort("p", "ICMP", 80), new ServicePort("q", "TCP", 70000)),
                List.of(healthy("a", null, null, "10.0.0.1")));

        var r = RecordComputation.forService(S, svc);

        assertThat(r.records()).filteredOn(rs -> rs.type() == RecordType.SRV).extracting(ResourceRecordSet::name)
                .containsExactly("_ok._tcp." + GLOBAL);
        assertThat(r.warnings()).containsExactly(
                "spec.ports[1].name: 'Bad_Name' is not a DNS label; no SRV record",
                "spec.ports[2].protocol: 'ICMP' is not TCP, UDP or SCTP; no SRV record",
                "spec.ports[3].port: 70000 is not between 1 and 65535; no SRV record");
    }

    @Test
    void federationDomainAndTtlAreConfigurable() {
        var s = DnsSettings.of("Acme", "Example.COM.", 180);
        var r = RecordComputation.forService(s, web(healthy("a", "r1", "z1", "10.0.0.1")));

        assertThat(byName(r)).containsOnlyKeys("web.shop.acme.svc.example.com", "web.shop.acme.svc.r1.example.com",
                "web.shop.acme.svc.z1.r1.example.com");
        assertThat(r.records()).allSatisfy(rs -> assertThat(rs.ttl()).isEqualTo(180));
    }

    @Test
    void apexHasSoaAndNs() {
        var apex = RecordComputation.apex(S, 42);

        assertThat(apex).containsExactly(
                new ResourceRecordSet("flotilla.internal", RecordType.SOA, 30,
                        List.of("ns1.flotilla.internal hostmaster.flotilla.internal 42 3600 600 86400 30")),
                new ResourceRecordSet("flotilla.internal", RecordType.NS, 30, List.of("ns1.flotilla.internal")));
        assertThatThrownBy(() -> RecordComputation.apex(S, -1)).hasMessageStartingWith("serial:");
        assertThatThrownBy(() -> RecordComputation.apex(S, 1L << 32)).hasMessageStartingWith("serial:");
    }

    @Test
    void zoneHoldsApexAndEveryServiceSorted() {
        var z = RecordComputation.zone(S, 7, List.of(web(healthy("a", null, null, "10.0.0.1")),
                new ServiceEndpoints("shop", "api", List.of(), List.of(healthy("a", null, null, "10.0.0.5")))));

        assertThat(z.records()).extracting(rs -> rs.name() + " " + rs.type()).containsExactly(
                "api.shop.flotilla.svc.flotilla.internal A",
                "flotilla.internal SOA",
                "flotilla.internal NS",
                GLOBAL + " A");
    }

    @Test
    void theResultDoesNotDependOnClusterOrder() {
        var a = healthy("a", "eu-west", "eu-west-a", "10.0.0.1", "::1");
        var b = new ClusterEndpoints("b", "eu-west", "eu-west-b", false, List.of("10.0.0.2"), 1);
        var c = healthy("c", "us-east", "us-east-a", "10.1.0.1");

        assertThat(RecordComputation.forService(S, web(a, b, c)))
                .isEqualTo(RecordComputation.forService(S, web(c, b, a)));
    }

    @Test
    void invalidInputIsRejectedNamingTheField() {
        assertThatThrownBy(() -> RecordComputation.forService(S, new ServiceEndpoints("shop", "we.b", null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("metadata.name:");
        assertThatThrownBy(() -> RecordComputation.forService(S, new ServiceEndpoints("", "web", null, null)))
                .hasMessageStartingWith("metadata.namespace:");
        assertThatThrownBy(() -> DnsSettings.of("a.b", "x.y", 30)).hasMessageStartingWith("federation:");
        assertThatThrownBy(() -> DnsSettings.of("f", "bad..domain", 30)).hasMessageStartingWith("domain:");
        assertThatThrownBy(() -> DnsSettings.of("f", "x.y", -1)).hasMessageStartingWith("ttl:");
        assertThatThrownBy(() -> new DnsSettings("f", "x.y", 30, List.of("ns_1.x.y")))
                .hasMessageStartingWith("nameServers:");
    }
}
