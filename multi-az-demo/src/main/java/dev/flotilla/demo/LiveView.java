package dev.flotilla.demo;

import dev.flotilla.demo.local.MemberSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link Snapshot} as the demo's live view, plain text (pure): the clusters by region and zone with their
 * health and taints, the replicas the binding places on each and what each member runs, the DNS answers for the
 * app's zone, region and global names, and the last page fetched.
 *
 * <pre>
 * REGION  ZONE    CLUSTER    READY    TAINTS                            PLACED  IN MEMBER
 * eu-1    eu-1a   eu-1a-1    True     -                                      2  2/2 ready
 * </pre>
 */
final class LiveView {

    private final Layout layout;
    private final int replicas;
    private final int dnsPort;

    LiveView(Layout layout, int replicas, int dnsPort) {
        this.layout = layout;
        this.replicas = replicas;
        this.dnsPort = dnsPort;
    }

    /**
     * @param header the first line (time and phase); it is not part of {@link #signature}
     * @return the view's lines
     */
    List<String> render(Snapshot s, String header) {
        List<String> lines = new ArrayList<>();
        lines.add(header);
        if (s.apiError() != null) {
            lines.add("control plane: not answering (" + s.apiError() + "); showing what it said last");
        }
        String format = "%-7s %-8s %-10s %-8s %-34s %6s  %s";
        lines.add(String.format(Locale.ROOT, format, "REGION", "ZONE", "CLUSTER", "READY", "TAINTS", "PLACED",
                "IN MEMBER (deploy " + SampleApp.NAMESPACE + "/" + SampleApp.NAME + ")"));
        String lastRegion = "";
        String lastZone = "";
        for (MemberSpec member : layout.members()) {
            Snapshot.ClusterState cluster = s.clusters().get(member.name());
            String ready = cluster == null ? "-" : cluster.ready().isEmpty() ? "?" : cluster.ready();
            String taints = cluster == null ? "(not registered)" : taints(cluster.taints());
            Integer placed = s.placement().get(member.name());
            lines.add(String.format(Locale.ROOT, format,
                    member.region().equals(lastRegion) ? "" : member.region(),
                    member.zone().equals(lastZone) ? "" : member.zone(),
                    member.name(), ready, taints, placed == null ? "-" : placed.toString(),
                    inMember(s.members().get(member.name()))));
            lastRegion = member.region();
            lastZone = member.zone();
        }
        int ready = s.readyIn(layout.clusterNames());
        lines.add(String.format(Locale.ROOT, format, "", "", "", "", "total (" + replicas + " wanted)",
                s.placement().isEmpty() ? "-" : Integer.toString(s.placed()), ready + " ready"));
        lines.add("DNS  (dig @127.0.0.1 -p " + dnsPort + " NAME)");
        int width = DnsNames.all(layout).stream().mapToInt(scope -> scope.name().length()).max().orElse(0);
        for (DnsNames.Scope scope : DnsNames.all(layout)) {
            lines.add(String.format(Locale.ROOT, "  %-6s %-" + width + "s  %s", scope.kind(), scope.name(),
                    s.answer(scope.name()).describe()));
        }
        lines.add("PAGE " + page(s.page()));
        return lines;
    }

    /**
     * What counts as a change of the view: everything but the header, and of the page only whether it was served
     * (each fetch goes to the next address and Pod by design).
     */
    static List<String> signature(List<String> lines) {
        List<String> signature = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            signature.add(line.startsWith("PAGE ") && line.contains(" → 200 ") ? "PAGE served" : line);
        }
        return signature;
    }

    /** {@code unreachable:NoSchedule,NoExecute}: one entry per key, its effects together. */
    static String taints(List<String> taints) {
        if (taints.isEmpty()) {
            return "-";
        }
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String taint : taints) {
            int colon = taint.lastIndexOf(':');
            String key = colon < 0 ? taint : taint.substring(0, colon);
            String effect = colon < 0 ? "" : taint.substring(colon + 1);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(effect);
        }
        List<String> parts = new ArrayList<>();
        byKey.forEach((key, effects) -> parts.add(key + ":" + String.join(",", effects)));
        return String.join(" ", parts);
    }

    private static String inMember(Snapshot.MemberState member) {
        if (member == null) {
            return "-";
        }
        if (!member.reachable()) {
            return "(member API not answering)";
        }
        if (member.replicas() == null) {
            return "-";
        }
        return member.readyReplicas() + "/" + member.replicas() + " ready";
    }

    private static String page(Snapshot.Page page) {
        if (page == null) {
            return "(not fetched yet)";
        }
        if (page.url() == null) {
            return page.body();
        }
        return "GET " + page.url() + " → " + (page.status() == 0 ? "" : page.status() + " ") + page.body();
    }
}
