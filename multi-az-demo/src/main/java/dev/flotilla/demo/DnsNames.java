package dev.flotilla.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The global DNS names of the sample Service, in Kubernetes Federation v1's scheme (docs/dns.md), for the default
 * federation {@code flotilla} and domain {@code flotilla.internal}:
 * {@code web.demo.flotilla.svc[.<zone>.<region>|.<region>].flotilla.internal}. Pure.
 */
final class DnsNames {

    static final String FEDERATION = "flotilla";
    static final String DOMAIN = "flotilla.internal";

    /** One name and what it covers: a zone, a region, or everything. */
    record Scope(String kind, String label, String name) {
    }

    private DnsNames() {
    }

    private static String prefix() {
        return SampleApp.NAME + "." + SampleApp.NAMESPACE + "." + FEDERATION + ".svc.";
    }

    static String global() {
        return prefix() + DOMAIN;
    }

    static String region(String region) {
        return prefix() + region + "." + DOMAIN;
    }

    static String zone(String zone, String region) {
        return prefix() + zone + "." + region + "." + DOMAIN;
    }

    /** @return every zone's name, then every region's, then the global one */
    static List<Scope> all(Layout layout) {
        List<Scope> scopes = new ArrayList<>();
        layout.zonesByRegion().forEach((region, zones) -> zones.forEach(zone ->
                scopes.add(new Scope("zone", zone, zone(zone, region)))));
        layout.regions().forEach(region -> scopes.add(new Scope("region", region, region(region))));
        scopes.add(new Scope("global", "global", global()));
        return scopes;
    }
}
