package dev.flotilla.dns.records;

/** The DNS record types the federated zone publishes. */
public enum RecordType {
    A, AAAA, CNAME, SRV, SOA, NS
}
