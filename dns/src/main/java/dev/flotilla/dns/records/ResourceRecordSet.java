package dev.flotilla.dns.records;

import java.util.List;
import java.util.Objects;

/**
 * One RRset: every record of one type at one name, in the shape of an external-dns {@code Endpoint}
 * ({@code dnsName}, {@code recordType}, {@code targets}, {@code recordTTL}), so it maps one-to-one to API objects.
 *
 * <p>Names are lower-case, absolute and written without the trailing dot. Values are in presentation format
 * (an address; a target name; {@code "priority weight port target"} for SRV; the SOA fields in zone-file order),
 * sorted so that equal sets compare equal.
 *
 * @param name   owner name, e.g. {@code web.shop.flotilla.svc.flotilla.internal}
 * @param type   record type
 * @param ttl    time to live in seconds
 * @param values record data, one per record, sorted and without duplicates
 */
public record ResourceRecordSet(String name, RecordType type, long ttl, List<String> values) {

    public ResourceRecordSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (ttl < 0 || ttl > DnsSettings.MAX_TTL) {
            throw new IllegalArgumentException("ttl: must be between 0 and " + DnsSettings.MAX_TTL + ", got " + ttl);
        }
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("values: an RRset needs at least one record (" + name + " " + type + ")");
        }
        values = List.copyOf(values.stream().distinct().sorted().toList());
    }
}
