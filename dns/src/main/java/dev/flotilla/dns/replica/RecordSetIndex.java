package dev.flotilla.dns.replica;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.dns.records.DnsSettings;
import dev.flotilla.dns.records.RecordType;
import dev.flotilla.dns.records.ResourceRecordSet;
import dev.flotilla.dns.server.ZoneSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The DNSRecordSet objects a DNS server answers from, by namespace/name, and the snapshot they make. Thread-safe;
 * {@link #snapshot} copies, so a snapshot never changes after it is built.
 */
public final class RecordSetIndex {

    /** The record types a DNSRecordSet may publish (the apex SOA and NS come from the settings). */
    public static final Set<RecordType> PUBLISHED = Set.of(RecordType.A, RecordType.AAAA, RecordType.CNAME,
            RecordType.SRV);

    private final Map<String, List<ResourceRecordSet>> byObject = new HashMap<>();

    /** Sets the records of one object (namespace/name) from its JSON. */
    public synchronized void put(String key, JsonNode dnsRecordSet) {
        byObject.put(key, recordSets(dnsRecordSet));
    }

    public synchronized void remove(String key) {
        byObject.remove(key);
    }

    /** Replaces everything (after a relist). */
    public synchronized void replaceAll(Map<String, JsonNode> objects) {
        byObject.clear();
        objects.forEach(this::put);
    }

    public synchronized int size() {
        return byObject.size();
    }

    /** The zone of every object's records, with the apex from {@code settings} and SOA serial {@code serial}. */
    public ZoneSnapshot snapshot(DnsSettings settings, long serial) {
        List<ResourceRecordSet> all = new ArrayList<>();
        synchronized (this) {
            byObject.values().forEach(all::addAll);
        }
        return ZoneSnapshot.of(settings, Math.max(1, serial & 0xFFFF_FFFFL), all);
    }

    /**
     * The RRsets of a DNSRecordSet ({@code spec.endpoints[]} = {@code dnsName, recordType, targets, recordTTL}).
     * Entries that cannot be served (unknown type, no targets, no name, a TTL out of range) are left out.
     */
    public static List<ResourceRecordSet> recordSets(JsonNode dnsRecordSet) {
        List<ResourceRecordSet> out = new ArrayList<>();
        for (JsonNode e : dnsRecordSet.path("spec").path("endpoints")) {
            RecordType type;
            try {
                type = RecordType.valueOf(e.path("recordType").asText(""));
            } catch (IllegalArgumentException unknown) {
                continue;
            }
            List<String> targets = new ArrayList<>();
            e.path("targets").forEach(t -> targets.add(t.asText()));
            long ttl = e.path("recordTTL").asLong(DnsSettings.DEFAULT_TTL);
            if (!PUBLISHED.contains(type) || targets.isEmpty() || !e.path("dnsName").isTextual() || ttl < 0
                    || ttl > DnsSettings.MAX_TTL) {
                continue;
            }
            out.add(new ResourceRecordSet(e.path("dnsName").asText().toLowerCase(Locale.ROOT), type, ttl, targets));
        }
        return out;
    }
}
