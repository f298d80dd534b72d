package dev.flotilla.dns.server;

import dev.flotilla.dns.records.DnsSettings;
import dev.flotilla.dns.records.RecordComputation;
import dev.flotilla.dns.records.RecordType;
import dev.flotilla.dns.records.ResourceRecordSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An immutable, indexed copy of one zone, ready to answer from: RRsets by owner name and type, and the empty
 * non-terminals (names with no records but with names below them, which answer NODATA rather than NXDOMAIN).
 *
 * <p>Built defensively from RRsets that may have been written by hand: records outside the zone or with unparsable
 * data are skipped, duplicates merged, and a name holding a CNAME keeps only the CNAME (RFC 1034 §3.6.2). What was
 * skipped is in {@link #problems()}. dnsjava's {@link Name} compares case-insensitively, so lookups do too.
 */
public final class ZoneSnapshot {

    private final DnsSettings settings;
    private final Name origin;
    private final SOARecord soa;
    private final Map<Name, Map<Integer, RRset>> nodes;
    private final Set<Name> emptyNonTerminals;
    private final List<String> problems;

    private ZoneSnapshot(DnsSettings settings, Name origin, SOARecord soa, Map<Name, Map<Integer, RRset>> nodes,
                         Set<Name> emptyNonTerminals, List<String> problems) {
        this.settings = settings;
        this.origin = origin;
        this.soa = soa;
        this.nodes = nodes;
        this.emptyNonTerminals = emptyNonTerminals;
        this.problems = problems;
    }

    /** An empty zone: only its SOA and NS. */
    public static ZoneSnapshot empty(DnsSettings settings) {
        return of(settings, 1, List.of());
    }

    /**
     * The zone of {@code settings.domain()} with its apex (SOA with {@code serial}, NS) and {@code records}.
     * SOA or NS given in {@code records} for the apex are ignored: the apex comes from the settings.
     */
    public static ZoneSnapshot of(DnsSettings settings, long serial, Collection<ResourceRecordSet> records) {
        Name origin = absolute(settings.domain());
        List<String> problems = new ArrayList<>();
        Map<Name, Map<Integer, RRset>> nodes = new HashMap<>();
        for (ResourceRecordSet rs : RecordComputation.apex(settings, serial)) {
            add(nodes, origin, rs, problems);
        }
        for (ResourceRecordSet rs : records) {
            if (rs.name().equalsIgnoreCase(settings.domain())
                    && (rs.type() == RecordType.SOA || rs.type() == RecordType.NS)) {
                continue;
            }
            add(nodes, origin, rs, problems);
        }
        for (var e : nodes.entrySet()) {
            Map<Integer, RRset> node = e.getValue();
            if (node.containsKey(Type.CNAME) && node.size() > 1) {
                problems.add(e.getKey() + ": a CNAME cannot share its name with other data; kept only the CNAME");
                RRset cname = node.get(Type.CNAME);
                node.clear();
                node.put(Type.CNAME, cname);
            }
        }
        Set<Name> ents = new HashSet<>();
        for (Name n : nodes.keySet()) {
            // Every ancestor between the name and the apex exists, even with no records of its own.
            for (int labels = n.labels() - 1; labels > origin.labels(); labels--) {
                Name ancestor = new Name(n, n.labels() - labels);
                if (!nodes.containsKey(ancestor)) {
                    ents.add(ancestor);
                }
            }
        }
        Map<Name, Map<Integer, RRset>> frozen = new HashMap<>();
        nodes.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
        SOARecord soa = (SOARecord) nodes.get(origin).get(Type.SOA).first();
        return new ZoneSnapshot(settings, origin, soa, Collections.unmodifiableMap(frozen), Set.copyOf(ents),
                List.copyOf(problems));
    }

    private static void add(Map<Name, Map<Integer, RRset>> nodes, Name origin, ResourceRecordSet rs,
                            List<String> problems) {
        Name owner;
        try {
            owner = Name.fromString(rs.name(), Name.root);
        } catch (TextParseException e) {
            problems.add(rs.name() + ": not a DNS name (" + e.getMessage() + "); skipped");
            return;
        }
        if (!owner.subdomain(origin)) {
            problems.add(rs.name() + ": outside zone " + origin + "; skipped");
            return;
        }
        int type = Type.value(rs.type().name());
        for (String value : rs.values()) {
            Record r;
            try {
                r = Record.fromString(owner, type, DClass.IN, rs.ttl(), value, Name.root);
            } catch (IOException | RuntimeException e) {
                problems.add(rs.name() + " " + rs.type() + " '" + value + "': " + e.getMessage() + "; skipped");
                continue;
            }
            RRset set = nodes.computeIfAbsent(owner, k -> new LinkedHashMap<>()).computeIfAbsent(type, k -> new RRset());
            // An RRset has one TTL (RFC 2181 §5.2); the lowest wins when merged sets disagree.
            if (set.size() > 0 && set.getTTL() != r.getTTL()) {
                problems.add(rs.name() + " " + rs.type() + ": TTLs differ; using the lowest");
            }
            set.addRR(r);
        }
    }

    static Name absolute(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("domain: '" + name + "' is not a DNS name", e);
        }
    }

    /** The settings this zone was built with. */
    public DnsSettings settings() {
        return settings;
    }

    /** The apex. */
    public Name origin() {
        return origin;
    }

    /** The SOA record (also the negative answer's authority). */
    public SOARecord soa() {
        return soa;
    }

    /** The RRsets at {@code name} by type, or null when the name holds no records. */
    Map<Integer, RRset> node(Name name) {
        return nodes.get(name);
    }

    /** True when {@code name} holds no records but names below it do. */
    boolean isEmptyNonTerminal(Name name) {
        return emptyNonTerminals.contains(name);
    }

    /** Number of owner names holding records. */
    public int size() {
        return nodes.size();
    }

    /** Input records that were skipped or changed, one line each, naming the record. */
    public List<String> problems() {
        return problems;
    }
}
