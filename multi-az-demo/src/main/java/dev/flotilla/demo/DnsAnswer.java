package dev.flotilla.demo;

import java.util.List;

/**
 * What the DNS server answered to an A query, reduced to what the demo shows and checks: the response code, the
 * CNAME chain it followed (targets without the trailing dot) and the addresses at its end, sorted. Pure.
 *
 * @param rcode     NOERROR, NXDOMAIN, ...; {@code TIMEOUT} or {@code ERROR} when no answer came
 * @param cnames    the CNAME targets, in chain order
 * @param addresses the A records' addresses, sorted
 */
record DnsAnswer(String rcode, List<String> cnames, List<String> addresses) {

    DnsAnswer {
        cnames = List.copyOf(cnames);
        addresses = addresses.stream().sorted(DnsAnswer::compareAddresses).toList();
    }

    /** No answer at all: the server is away or the query failed. */
    static DnsAnswer failed(String why) {
        return new DnsAnswer(why, List.of(), List.of());
    }

    /** @return whether the name answers with addresses of its own, without a CNAME */
    boolean direct() {
        return cnames.isEmpty() && !addresses.isEmpty();
    }

    /**
     * @return what dig would show, e.g. {@code A 127.12.0.1 127.40.0.1},
     *     {@code CNAME web.demo.flotilla.svc.eu-1.flotilla.internal → A ...} or {@code NXDOMAIN}
     */
    String describe() {
        StringBuilder text = new StringBuilder();
        for (String cname : cnames) {
            text.append("CNAME ").append(cname).append(" → ");
        }
        if (!addresses.isEmpty()) {
            text.append("A ").append(String.join(" ", addresses));
        } else if (rcode.equals("NOERROR")) {
            text.append("(no addresses)");
        } else {
            text.append(rcode);
        }
        return text.toString();
    }

    /** Numeric order for dotted quads, so 127.9.0.1 comes before 127.10.0.1. */
    static int compareAddresses(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c;
            try {
                c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            } catch (NumberFormatException notNumeric) {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
