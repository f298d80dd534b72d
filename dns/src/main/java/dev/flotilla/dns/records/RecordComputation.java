package dev.flotilla.dns.records;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Derives the federated DNS records of Services from what member clusters report: a pure function, no I/O.
 *
 * <p>For a Service {@code web} in namespace {@code shop}:
 * <ul>
 *   <li>zone name ({@code web.shop.<fed>.svc.<zone>.<region>.<domain>}): A/AAAA of the healthy endpoints in that
 *       zone, else a CNAME to the region name;</li>
 *   <li>region name: the healthy endpoints in that region, else a CNAME to the global name;</li>
 *   <li>global name: every healthy endpoint; no record at all (so NXDOMAIN) when none is healthy;</li>
 *   <li>for every named port, at each of these names, {@code _<port>._<proto>.<name>} SRV pointing at the
 *       nearest of zone, region, global that has addresses (an SRV target must not be a CNAME, RFC 2782).</li>
 * </ul>
 * Zone and region names exist for every zone and region the Service was propagated to, healthy or not, so
 * failover is visible as a CNAME. A cluster is healthy when it is Ready and the Service has ready endpoints
 * there; its load-balancer IPs are its endpoints.
 */
public final class RecordComputation {

    /** SOA timers (refresh, retry, expire), in seconds: conventional secondary-server values. */
    static final long SOA_REFRESH = 3600;
    static final long SOA_RETRY = 600;
    static final long SOA_EXPIRE = 86400;

    private static final Comparator<ResourceRecordSet> ORDER =
            Comparator.comparing(ResourceRecordSet::name).thenComparing(ResourceRecordSet::type);

    private RecordComputation() {
    }

    /** Healthy addresses at one level (zone, region or the whole federation). */
    private static final class Addresses {
        final Set<String> v4 = new TreeSet<>();
        final Set<String> v6 = new TreeSet<>();

        boolean isEmpty() {
            return v4.isEmpty() && v6.isEmpty();
        }
    }

    /** A region's or a zone's key in iteration order. */
    private record ZoneKey(String region, String zone) implements Comparable<ZoneKey> {
        @Override
        public int compareTo(ZoneKey o) {
            int c = region.compareTo(o.region);
            return c != 0 ? c : zone.compareTo(o.zone);
        }
    }

    /**
     * The records of one Service.
     *
     * @throws IllegalArgumentException when the Service's namespace or name is not a DNS label
     */
    public static ServiceRecords forService(DnsSettings settings, ServiceEndpoints service) {
        String ns = service.namespace().toLowerCase(Locale.ROOT);
        String name = service.name().toLowerCase(Locale.ROOT);
        if (!DnsNames.isLabel(ns)) {
            throw new IllegalArgumentException("metadata.namespace: '" + service.namespace()
                    + "' of Service " + service.name() + " is not a DNS label");
        }
        if (!DnsNames.isLabel(name)) {
            throw new IllegalArgumentException("metadata.name: '" + service.name() + "' in namespace "
                    + service.namespace() + " is not a DNS label");
        }
        List<String> warnings = new ArrayList<>();
        Addresses global = new Addresses();
        Map<String, Addresses> regions = new TreeMap<>();
        Map<ZoneKey, Addresses> zones = new TreeMap<>();

        for (ClusterEndpoints c : service.clusters()) {
            String region = topologyLabel(c.cluster(), "region", c.region(), warnings);
            String zone = topologyLabel(c.cluster(), "zone", c.zone(), warnings);
            if (zone != null && region == null) {
                // An unusable region label has been reported already; a missing one has not.
                if (c.region() == null || c.region().isBlank()) {
                    warnings.add("cluster " + c.cluster() + ": has zone '" + zone + "' but no region; zone name skipped");
                }
                zone = null;
            }
            Addresses inRegion = region == null ? null : regions.computeIfAbsent(region, r -> new Addresses());
            Addresses inZone = zone == null ? null : zones.computeIfAbsent(new ZoneKey(region, zone), z -> new Addresses());
            if (!c.healthy()) {
                continue;
            }
            for (String raw : c.addresses()) {
                var ip = IpAddresses.parse(raw);
                if (ip.isEmpty()) {
                    warnings.add("cluster " + c.cluster() + ": status.loadBalancer.ingress '" + raw
                            + "' is not an IP address; skipped");
                    continue;
                }
                for (Addresses level : new Addresses[] {global, inRegion, inZone}) {
                    if (level != null) {
                        (ip.get().type() == RecordType.A ? level.v4 : level.v6).add(ip.get().text());
                    }
                }
            }
        }

        long ttl = settings.ttl();
        List<ResourceRecordSet> out = new ArrayList<>();
        String globalName = DnsNames.global(settings, ns, name);
        addAddresses(out, globalName, global, ttl);
        for (var r : regions.entrySet()) {
            String regionName = DnsNames.region(settings, ns, name, r.getKey());
            if (r.getValue().isEmpty()) {
                out.add(new ResourceRecordSet(regionName, RecordType.CNAME, ttl, List.of(globalName)));
            } else {
                addAddresses(out, regionName, r.getValue(), ttl);
            }
        }
        for (var z : zones.entrySet()) {
            String zoneName = DnsNames.zone(settings, ns, name, z.getKey().region(), z.getKey().zone());
            String regionName = DnsNames.region(settings, ns, name, z.getKey().region());
            if (z.getValue().isEmpty()) {
                out.add(new ResourceRecordSet(zoneName, RecordType.CNAME, ttl, List.of(regionName)));
            } else {
                addAddresses(out, zoneName, z.getValue(), ttl);
            }
        }

        List<ServicePort> named = namedPorts(service, warnings);
        if (!named.isEmpty() && !global.isEmpty()) {
            addSrv(out, named, globalName, globalName, ttl);
            for (var r : regions.entrySet()) {
                String regionName = DnsNames.region(settings, ns, name, r.getKey());
                addSrv(out, named, regionName, r.getValue().isEmpty() ? globalName : regionName, ttl);
            }
            for (var z : zones.entrySet()) {
                String region = z.getKey().region();
                String zoneName = DnsNames.zone(settings, ns, name, region, z.getKey().zone());
                String target = !z.getValue().isEmpty() ? zoneName
                        : !regions.get(region).isEmpty() ? DnsNames.region(settings, ns, name, region)
                        : globalName;
                addSrv(out, named, zoneName, target, ttl);
            }
        }
        out.sort(ORDER);
        return new ServiceRecords(service.namespace(), service.name(), out, warnings);
    }

    /** SOA and NS at the apex. {@code serial} must change whenever any record changes (RFC 1982 arithmetic). */
    public static List<ResourceRecordSet> apex(DnsSettings settings, long serial) {
        if (serial < 0 || serial > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("serial: must be an unsigned 32-bit number, got " + serial);
        }
        String soa = String.join(" ", settings.nameServers().get(0), "hostmaster." + settings.domain(),
                Long.toString(serial), Long.toString(SOA_REFRESH), Long.toString(SOA_RETRY),
                Long.toString(SOA_EXPIRE), Long.toString(settings.ttl()));
        return List.of(
                new ResourceRecordSet(settings.domain(), RecordType.SOA, settings.ttl(), List.of(soa)),
                new ResourceRecordSet(settings.domain(), RecordType.NS, settings.ttl(), settings.nameServers()));
    }

    /** The whole zone: the apex and every Service's records. */
    public static ZoneRecords zone(DnsSettings settings, long serial, Collection<ServiceEndpoints> services) {
        List<ResourceRecordSet> all = new ArrayList<>(apex(settings, serial));
        for (ServiceEndpoints s : services) {
            all.addAll(forService(settings, s).records());
        }
        all.sort(ORDER);
        return new ZoneRecords(settings, serial, all);
    }

    private static void addAddresses(List<ResourceRecordSet> out, String name, Addresses a, long ttl) {
        if (!a.v4.isEmpty()) {
            out.add(new ResourceRecordSet(name, RecordType.A, ttl, List.copyOf(a.v4)));
        }
        if (!a.v6.isEmpty()) {
            out.add(new ResourceRecordSet(name, RecordType.AAAA, ttl, List.copyOf(a.v6)));
        }
    }

    private static void addSrv(List<ResourceRecordSet> out, List<ServicePort> ports, String owner, String target,
                               long ttl) {
        for (ServicePort p : ports) {
            out.add(new ResourceRecordSet(DnsNames.srv(p.name(), protocol(p), owner), RecordType.SRV, ttl,
                    List.of("0 100 " + p.port() + " " + target)));
        }
    }

    private static String protocol(ServicePort p) {
        return p.protocol() == null || p.protocol().isBlank() ? "tcp" : p.protocol().toLowerCase(Locale.ROOT);
    }

    private static List<ServicePort> namedPorts(ServiceEndpoints service, List<String> warnings) {
        List<ServicePort> named = new ArrayList<>();
        for (int i = 0; i < service.ports().size(); i++) {
            ServicePort p = service.ports().get(i);
            if (p.name() == null || p.name().isEmpty()) {
                continue;
            }
            String field = "spec.ports[" + i + "]";
            String portName = p.name().toLowerCase(Locale.ROOT);
            String proto = protocol(p);
            if (!DnsNames.isLabel(portName)) {
                warnings.add(field + ".name: '" + p.name() + "' is not a DNS label; no SRV record");
            } else if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
                warnings.add(field + ".protocol: '" + p.protocol() + "' is not TCP, UDP or SCTP; no SRV record");
            } else if (p.port() < 1 || p.port() > 65535) {
                warnings.add(field + ".port: " + p.port() + " is not between 1 and 65535; no SRV record");
            } else {
                named.add(new ServicePort(portName, proto, p.port()));
            }
        }
        return named;
    }

    /** A region or zone label as a DNS label, or null when absent or unusable (with a warning). */
    private static String topologyLabel(String cluster, String what, String value, List<String> warnings) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!DnsNames.isLabel(v)) {
            warnings.add("cluster " + cluster + ": " + what + " label '" + value
                    + "' is not a DNS label; " + what + " name skipped");
            return null;
        }
        return v;
    }
}
