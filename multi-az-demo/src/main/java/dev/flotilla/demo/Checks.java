package dev.flotilla.demo;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo's goals as pure predicates over a {@link Snapshot}: is the federation up, is the app spread and ready,
 * has the outage been detected, the zone evicted, the app recovered elsewhere, DNS failed over, and — once the zone
 * is back — has everything returned. Each is level-based: it says whether the state holds now, never how it came
 * about.
 */
final class Checks {

    private Checks() {
    }

    /** @return whether every cluster of the layout is registered and Ready=True */
    static boolean allReady(Snapshot s, Collection<String> clusters) {
        return clusters.stream().allMatch(name -> s.clusters().containsKey(name) && s.clusters().get(name).isReady());
    }

    /**
     * The app is where it should be: the binding places exactly {@code replicas}, in every zone of the layout, and
     * every cluster it names runs at least its share ready (its member's own Deployment says so).
     */
    static boolean spreadAndReady(Snapshot s, Layout layout, int replicas) {
        if (s.placed() != replicas) {
            return false;
        }
        Set<String> zones = new HashSet<>();
        for (Map.Entry<String, Integer> placed : s.placement().entrySet()) {
            if (placed.getValue() <= 0) {
                continue;
            }
            Snapshot.MemberState member = s.members().get(placed.getKey());
            if (member == null || member.readyReplicas() < placed.getValue()) {
                return false;
            }
            if (layout.clusterNames().contains(placed.getKey())) {
                zones.add(layout.member(placed.getKey()).zone());
            }
        }
        return zones.containsAll(layout.zones());
    }

    /**
     * A zone is served by DNS: each of its clusters' Services has a load-balancer address, the zone's name answers
     * exactly those addresses (no CNAME), and the global name includes them.
     */
    static boolean zoneServed(Snapshot s, Layout layout, String zone) {
        List<String> clusters = layout.clustersIn(zone);
        for (String cluster : clusters) {
            Snapshot.MemberState member = s.members().get(cluster);
            if (member == null || member.ingress().isEmpty()) {
                return false;
            }
        }
        Set<String> expected = s.ingressOf(clusters);
        DnsAnswer answer = s.answer(DnsNames.zone(zone, layout.regionOf(zone)));
        return answer.direct() && new HashSet<>(answer.addresses()).equals(expected)
                && s.answer(DnsNames.global()).addresses().containsAll(expected);
    }

    /** @return whether every zone of the layout is served by DNS */
    static boolean everyZoneServed(Snapshot s, Layout layout) {
        return layout.zones().stream().allMatch(zone -> zoneServed(s, layout, zone));
    }

    /** Outage detected: every cluster of the lost zone is Ready=Unknown (its lease lapsed). */
    static boolean detected(Snapshot s, Collection<String> lost) {
        return lost.stream().allMatch(name -> s.clusters().containsKey(name)
                && "Unknown".equals(s.clusters().get(name).ready()));
    }

    /** Evicted: the binding places replicas, none of them on the lost clusters. */
    static boolean evicted(Snapshot s, Collection<String> lost) {
        return s.placed() > 0 && lost.stream().noneMatch(name -> s.placement().getOrDefault(name, 0) > 0);
    }

    /** Recovered elsewhere: the surviving members' own Deployments report every replica ready. */
    static boolean readyElsewhere(Snapshot s, Collection<String> survivors, int replicas) {
        return s.readyIn(survivors) >= replicas;
    }

    /**
     * DNS failed over: the lost zone's name answers with a CNAME (to its region's name, or further) and none of the
     * zone's addresses, and the global name still answers, without them.
     *
     * @param lostAddresses the zone's load-balancer addresses, as seen before the outage
     */
    static boolean dnsFailedOver(Snapshot s, Layout layout, String zone, Set<String> lostAddresses) {
        DnsAnswer zoneAnswer = s.answer(DnsNames.zone(zone, layout.regionOf(zone)));
        DnsAnswer global = s.answer(DnsNames.global());
        return !zoneAnswer.cnames().isEmpty() && zoneAnswer.addresses().stream().noneMatch(lostAddresses::contains)
                && !global.addresses().isEmpty() && global.addresses().stream().noneMatch(lostAddresses::contains);
    }

    /** @return whether none of the named clusters has a taint left */
    static boolean untainted(Snapshot s, Collection<String> clusters) {
        return clusters.stream().allMatch(name -> s.clusters().containsKey(name)
                && s.clusters().get(name).taints().isEmpty());
    }
}
