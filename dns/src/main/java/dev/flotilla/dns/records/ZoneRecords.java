package dev.flotilla.dns.records;

import java.util.List;

/**
 * The whole federated zone: the apex (SOA, NS) and every Service's records.
 *
 * @param settings the names and TTL the zone was computed with
 * @param serial   the SOA serial
 * @param records  every RRset, sorted by name then type
 */
public record ZoneRecords(DnsSettings settings, long serial, List<ResourceRecordSet> records) {

    public ZoneRecords {
        records = List.copyOf(records);
    }
}
