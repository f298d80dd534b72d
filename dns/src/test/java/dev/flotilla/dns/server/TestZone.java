package dev.flotilla.dns.server;

import dev.flotilla.dns.records.ClusterEndpoints;
import dev.flotilla.dns.records.DnsSettings;
import dev.flotilla.dns.records.RecordComputation;
import dev.flotilla.dns.records.ServiceEndpoints;
import dev.flotilla.dns.records.ServicePort;
import java.util.ArrayList;
import java.util.List;

/**
 * The zone the server tests answer from:
 * <ul>
 *   <li>{@code web.shop}: eu-west-a healthy (10.0.0.1, 2001:db8::1), eu-west-b failed, us-east-a with no ready
 *       endpoints; named port http/TCP 80;</li>
 *   <li>{@code down.shop}: nothing healthy anywhere;</li>
 *   <li>{@code big.shop}: 120 healthy clusters without topology, 120 A records (too big for UDP).</li>
 * </ul>
 */
final class TestZone {

    static final String DOMAIN = "flotilla.internal";
    static final String WEB = "web.shop.flotilla.svc.flotilla.internal";
    static final String WEB_EU = "web.shop.flotilla.svc.eu-west.flotilla.internal";
    static final String WEB_EU_A = "web.shop.flotilla.svc.eu-west-a.eu-west.flotilla.internal";
    static final String WEB_EU_B = "web.shop.flotilla.svc.eu-west-b.eu-west.flotilla.internal";
    static final String WEB_US = "web.shop.flotilla.svc.us-east.flotilla.internal";
    static final String WEB_US_A = "web.shop.flotilla.svc.us-east-a.us-east.flotilla.internal";
    static final String DOWN = "down.shop.flotilla.svc.flotilla.internal";
    static final String DOWN_EU = "down.shop.flotilla.svc.eu-west.flotilla.internal";
    static final String BIG = "big.shop.flotilla.svc.flotilla.internal";
    static final int BIG_SIZE = 120;

    private TestZone() {
    }

    static List<ServiceEndpoints> services(boolean euWestAHealthy) {
        List<ClusterEndpoints> bigClusters = new ArrayList<>();
        for (int i = 0; i < BIG_SIZE; i++) {
            bigClusters.add(new ClusterEndpoints("m" + i, null, null, true, List.of("10.9." + (i / 200) + "." + (i % 200 + 1)), 1));
        }
        return List.of(
                new ServiceEndpoints("shop", "web", List.of(new ServicePort("http", "TCP", 80)), List.of(
                        new ClusterEndpoints("eu-a", "eu-west", "eu-west-a", euWestAHealthy,
                                List.of("10.0.0.1", "2001:db8::1"), 2),
                        new ClusterEndpoints("eu-b", "eu-west", "eu-west-b", false, List.of("10.0.0.2"), 2),
                        new ClusterEndpoints("us-a", "us-east", "us-east-a", true, List.of("10.1.0.1"), 0))),
                new ServiceEndpoints("shop", "down", List.of(), List.of(
                        new ClusterEndpoints("eu-a", "eu-west", "eu-west-a", false, List.of("10.0.0.7"), 1))),
                new ServiceEndpoints("shop", "big", List.of(), bigClusters));
    }

    static ZoneSnapshot snapshot(boolean euWestAHealthy, long serial) {
        DnsSettings s = DnsSettings.defaults();
        return ZoneSnapshot.of(s, serial, RecordComputation.zone(s, serial, services(euWestAHealthy)).records());
    }
}
