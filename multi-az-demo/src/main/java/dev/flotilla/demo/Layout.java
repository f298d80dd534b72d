package dev.flotilla.demo;

import dev.flotilla.demo.local.MemberSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the demo's member clusters are: regions, their zones, and the clusters in each zone, generated from three
 * counts. Pure and deterministic: the same counts always give the same names.
 *
 * <p>Regions are named {@code eu-1, us-1, ap-1, sa-1, ...} (then {@code eu-2, ...}); zones after their region with
 * a letter ({@code eu-1a, eu-1b}); clusters after their zone with a number ({@code eu-1a-1}). Zones are dealt to
 * regions and clusters to zones as evenly as possible, the earlier ones taking the remainder: 2 regions, 3 zones
 * and 6 clusters give eu-1 (eu-1a, eu-1b) and us-1 (us-1a), two clusters per zone.
 *
 * @param members every cluster, ordered by region, zone, then number
 */
public record Layout(List<MemberSpec> members) {

    /** Most regions: each needs a distinct name and the demo runs every cluster in one JVM. */
    public static final int MAX_REGIONS = 8;
    /** Most zones in one region: one letter each. */
    public static final int MAX_ZONES_PER_REGION = 26;
    /** Most clusters: each simulated cluster runs its own API server and agent in the demo's JVM. */
    public static final int MAX_CLUSTERS = 30;

    private static final List<String> REGION_PREFIXES = List.of("eu", "us", "ap", "sa", "ca", "me", "af", "au");

    public Layout {
        members = List.copyOf(members);
    }

    /**
     * Generates a layout.
     *
     * @throws IllegalArgumentException naming the option ({@code --regions}, {@code --zones}, {@code --clusters})
     *     whose value cannot be laid out
     */
    public static Layout generate(int regions, int zones, int clusters) {
        if (regions < 1 || regions > MAX_REGIONS) {
            throw new IllegalArgumentException("--regions: must be between 1 and " + MAX_REGIONS + ", got " + regions);
        }
        if (zones < regions) {
            throw new IllegalArgumentException("--zones: every region needs at least one zone, so at least "
                    + regions + " (--regions " + regions + "), got " + zones);
        }
        if (zones > regions * MAX_ZONES_PER_REGION) {
            throw new IllegalArgumentException("--zones: at most " + MAX_ZONES_PER_REGION + " per region ("
                    + regions * MAX_ZONES_PER_REGION + " for --regions " + regions + "), got " + zones);
        }
        if (clusters < zones) {
            throw new IllegalArgumentException("--clusters: every zone needs at least one cluster, so at least "
                    + zones + " (--zones " + zones + "), got " + clusters);
        }
        if (clusters > MAX_CLUSTERS) {
            throw new IllegalArgumentException("--clusters: at most " + MAX_CLUSTERS + " (each simulated cluster "
                    + "and its agent run in this JVM), got " + clusters);
        }
        List<String> zoneNames = new ArrayList<>();
        List<String> zoneRegions = new ArrayList<>();
        for (int r = 0; r < regions; r++) {
            String region = regionName(r);
            int zonesHere = share(zones, regions, r);
            for (int z = 0; z < zonesHere; z++) {
                zoneNames.add(region + (char) ('a' + z));
                zoneRegions.add(region);
            }
        }
        List<MemberSpec> members = new ArrayList<>();
        for (int z = 0; z < zones; z++) {
            int clustersHere = share(clusters, zones, z);
            for (int c = 1; c <= clustersHere; c++) {
                members.add(new MemberSpec(zoneNames.get(z) + "-" + c, zoneRegions.get(z), zoneNames.get(z)));
            }
        }
        return new Layout(members);
    }

    /** {@code eu-1, us-1, ..., au-1, eu-2, ...}. */
    static String regionName(int index) {
        return REGION_PREFIXES.get(index % REGION_PREFIXES.size()) + "-" + (index / REGION_PREFIXES.size() + 1);
    }

    /** Item {@code index}'s share when {@code total} things are dealt to {@code groups}, the first ones first. */
    private static int share(int total, int groups, int index) {
        return total / groups + (index < total % groups ? 1 : 0);
    }

    /** @return the regions, in order */
    public List<String> regions() {
        return members.stream().map(MemberSpec::region).distinct().toList();
    }

    /** @return the zones, in order */
    public List<String> zones() {
        return members.stream().map(MemberSpec::zone).distinct().toList();
    }

    /** @return each region's zones, in order */
    public Map<String, List<String>> zonesByRegion() {
        Map<String, List<String>> byRegion = new LinkedHashMap<>();
        for (MemberSpec member : members) {
            List<String> zones = byRegion.computeIfAbsent(member.region(), r -> new ArrayList<>());
            if (!zones.contains(member.zone())) {
                zones.add(member.zone());
            }
        }
        return byRegion;
    }

    /** @return the region of a zone of this layout */
    public String regionOf(String zone) {
        return members.stream().filter(m -> m.zone().equals(zone)).map(MemberSpec::region).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no zone " + zone + " in " + zones()));
    }

    /** @return the names of the clusters in a zone */
    public List<String> clustersIn(String zone) {
        return members.stream().filter(m -> m.zone().equals(zone)).map(MemberSpec::name).toList();
    }

    /** @return every cluster's name */
    public List<String> clusterNames() {
        return members.stream().map(MemberSpec::name).toList();
    }

    /** @return the member of that name */
    public MemberSpec member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cluster " + name));
    }

    /** @return one line: {@code eu-1 (eu-1a: eu-1a-1 eu-1a-2; eu-1b: ...), us-1 (...)} */
    public String describe() {
        StringBuilder text = new StringBuilder();
        zonesByRegion().forEach((region, zones) -> {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(region).append(" (");
            for (int i = 0; i < zones.size(); i++) {
                text.append(i == 0 ? "" : "; ").append(zones.get(i)).append(": ")
                        .append(String.join(" ", clustersIn(zones.get(i))));
            }
            text.append(')');
        });
        return text.toString();
    }
}
