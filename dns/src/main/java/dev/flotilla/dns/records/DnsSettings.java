package dev.flotilla.dns.records;

import java.util.List;
import java.util.Locale;

/**
 * What names the federated zone uses: federation name, DNS domain (the zone apex), TTL and the apex's name
 * servers. Validated on construction; every error names the offending field.
 *
 * @param federation  federation name, one DNS label (default {@code flotilla})
 * @param domain      zone apex (default {@code flotilla.internal})
 * @param ttl         TTL of every record, and the negative-caching TTL in the SOA (default 30 s)
 * @param nameServers host names published as NS at the apex; the first is the SOA's primary (default
 *                    {@code ns1.<domain>})
 */
public record DnsSettings(String federation, String domain, long ttl, List<String> nameServers) {

    public static final String DEFAULT_FEDERATION = "flotilla";
    public static final String DEFAULT_DOMAIN = "flotilla.internal";
    public static final long DEFAULT_TTL = 30;
    /** RFC 2181 §8: a TTL is an unsigned 31-bit number. */
    public static final long MAX_TTL = 0x7FFF_FFFFL;

    public DnsSettings {
        if (federation == null || !DnsNames.isLabel(federation.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("federation: must be one DNS label (a-z, 0-9, '-'), got " + federation);
        }
        federation = federation.toLowerCase(Locale.ROOT);
        domain = DnsNames.normalize(domain, "domain");
        if (ttl < 0 || ttl > MAX_TTL) {
            throw new IllegalArgumentException("ttl: must be between 0 and " + MAX_TTL + " seconds, got " + ttl);
        }
        if (nameServers == null || nameServers.isEmpty()) {
            nameServers = List.of("ns1." + domain);
        }
        nameServers = nameServers.stream().map(ns -> DnsNames.normalize(ns, "nameServers")).toList();
    }

    /** The defaults a user gets with no configuration. */
    public static DnsSettings defaults() {
        return of(DEFAULT_FEDERATION, DEFAULT_DOMAIN, DEFAULT_TTL);
    }

    /** Settings with the default name server {@code ns1.<domain>}. */
    public static DnsSettings of(String federation, String domain, long ttl) {
        return new DnsSettings(federation, domain, ttl, List.of());
    }
}
