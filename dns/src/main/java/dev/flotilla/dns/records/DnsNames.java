package dev.flotilla.dns.records;

import java.util.Locale;

/**
 * The federated name scheme (Kubernetes Federation v1's):
 * <ul>
 *   <li>global: {@code <svc>.<ns>.<federation>.svc.<domain>}</li>
 *   <li>region: {@code <svc>.<ns>.<federation>.svc.<region>.<domain>}</li>
 *   <li>zone: {@code <svc>.<ns>.<federation>.svc.<zone>.<region>.<domain>}</li>
 *   <li>SRV: {@code _<port>._<protocol>.} before any of the three</li>
 * </ul>
 * Names are lower-case and written without the trailing dot.
 */
public final class DnsNames {

    private static final int MAX_NAME_LENGTH = 253;

    private DnsNames() {
    }

    /** The name answering with every healthy endpoint of the Service. */
    public static String global(DnsSettings settings, String namespace, String service) {
        return service + "." + namespace + "." + settings.federation() + ".svc." + settings.domain();
    }

    /** The name answering with the Service's healthy endpoints in one region. */
    public static String region(DnsSettings settings, String namespace, String service, String region) {
        return service + "." + namespace + "." + settings.federation() + ".svc." + region + "." + settings.domain();
    }

    /** The name answering with the Service's healthy endpoints in one zone of a region. */
    public static String zone(DnsSettings settings, String namespace, String service, String region, String zone) {
        return service + "." + namespace + "." + settings.federation() + ".svc." + zone + "." + region + "."
                + settings.domain();
    }

    /** The SRV owner name of a named port under {@code base} (one of the three names above). */
    public static String srv(String portName, String protocol, String base) {
        return "_" + portName + "._" + protocol.toLowerCase(Locale.ROOT) + "." + base;
    }

    /** True for an RFC 1123 label in lower case: 1–63 of a-z, 0-9 and '-', neither first nor last a '-'. */
    public static boolean isLabel(String s) {
        if (s == null || s.isEmpty() || s.length() > 63) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return false;
            }
        }
        return s.charAt(0) != '-' && s.charAt(s.length() - 1) != '-';
    }

    /**
     * Lower-cases a host name, drops one trailing dot and checks every label.
     *
     * @throws IllegalArgumentException naming {@code field} when it is not a valid host name
     */
    public static String normalize(String name, String field) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(field + ": required, a DNS name such as flotilla.internal");
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(field + ": longer than " + MAX_NAME_LENGTH + " characters: " + name);
        }
        for (String label : n.split("\\.", -1)) {
            if (!isLabel(label)) {
                throw new IllegalArgumentException(field + ": '" + name + "' is not a DNS name (bad label '"
                        + label + "')");
            }
        }
        return n;
    }
}
