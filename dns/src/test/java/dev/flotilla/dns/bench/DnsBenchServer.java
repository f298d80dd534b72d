package dev.flotilla.dns.bench;

import dev.flotilla.dns.records.ClusterEndpoints;
import dev.flotilla.dns.records.DnsNames;
import dev.flotilla.dns.records.DnsSettings;
import dev.flotilla.dns.records.RecordComputation;
import dev.flotilla.dns.records.ResourceRecordSet;
import dev.flotilla.dns.records.ServiceEndpoints;
import dev.flotilla.dns.records.ServicePort;
import dev.flotilla.dns.records.ZoneRecords;
import dev.flotilla.dns.server.DnsServer;
import dev.flotilla.dns.server.ZoneSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The benchmark's Flotilla side (run by {@code dns/bench/run.sh}, never by the test suite): builds a federation of
 * Services over 3 regions × 2 zones with some failed clusters, serves it, and writes the same records as a zone
 * file for NSD and a dnsperf query file, so both servers answer the same questions from the same data.
 *
 * <p>Arguments: {@code port services outputDir [udpWorkers]}.
 */
public final class DnsBenchServer {

    private DnsBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        int workers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        DnsSettings settings = DnsSettings.defaults();
        List<ServiceEndpoints> services = services(count);
        ZoneRecords zone = RecordComputation.zone(settings, 1, services);
        Files.createDirectories(out);
        Files.writeString(out.resolve("flotilla.internal.zone"), zoneFile(zone));
        Files.writeString(out.resolve("queries.txt"), queries(settings, count));
        try (DnsServer server = new DnsServer(ZoneSnapshot.of(settings, 1, zone.records()), workers)) {
            server.start(InetAddress.getLoopbackAddress(), port);
            System.out.println("flotilla-dns ready on 127.0.0.1:" + server.port() + " with " + zone.records().size()
                    + " RRsets");
            Thread.currentThread().join();
        }
    }

    static List<ServiceEndpoints> services(int count) {
        Random rnd = new Random(7);
        List<ServiceEndpoints> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            List<ClusterEndpoints> clusters = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                for (int z = 0; z < 2; z++) {
                    boolean healthy = rnd.nextInt(10) != 0; // one cluster in ten failed: CNAME chains
                    clusters.add(new ClusterEndpoints("c" + r + z, "region-" + r, "zone-" + r + z, healthy,
                            List.of("10." + r + "." + (s % 250) + "." + (z * 100 + s / 250 + 1)), 3));
                }
            }
            out.add(new ServiceEndpoints("ns" + (s % 10), "svc" + s, List.of(new ServicePort("http", "TCP", 80)),
                    clusters));
        }
        return out;
    }

    /** dnsperf input: global, region and zone A lookups, SRV, and a few names that do not exist. */
    static String queries(DnsSettings settings, int count) {
        Random rnd = new Random(11);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            int s = rnd.nextInt(count);
            String ns = "ns" + (s % 10);
            String svc = "svc" + s;
            int r = rnd.nextInt(3);
            int z = rnd.nextInt(2);
            switch (i % 10) {
                case 0, 1, 2 -> sb.append(DnsNames.global(settings, ns, svc)).append(" A\n");
                case 3, 4 -> sb.append(DnsNames.region(settings, ns, svc, "region-" + r)).append(" A\n");
                case 5, 6, 7 -> sb.append(DnsNames.zone(settings, ns, svc, "region-" + r, "zone-" + r + z))
                        .append(" A\n");
                case 8 -> sb.append(DnsNames.srv("http", "tcp", DnsNames.global(settings, ns, svc))).append(" SRV\n");
                default -> sb.append("missing").append(i).append(".").append(ns).append(".flotilla.svc.")
                        .append(settings.domain()).append(" A\n");
            }
        }
        return sb.toString();
    }

    /** The records in RFC 1035 master-file form (absolute names everywhere). */
    static String zoneFile(ZoneRecords zone) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (ResourceRecordSet rs : zone.records()) {
            for (String v : rs.values()) {
                String data = switch (rs.type()) {
                    case CNAME, NS -> v + ".";
                    case SRV -> v + ".";
                    case SOA -> {
                        String[] f = v.split(" ");
                        f[0] = f[0] + ".";
                        f[1] = f[1] + ".";
                        yield String.join(" ", f);
                    }
                    default -> v;
                };
                sb.append(rs.name()).append(". ").append(rs.ttl()).append(" IN ").append(rs.type()).append(' ')
                        .append(data).append('\n');
            }
        }
        return sb.toString();
    }
}
