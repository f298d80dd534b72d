package dev.flotilla.dns.records;

import java.util.Locale;
import java.util.Optional;

/** Parses IP literals without any name lookup and prints them canonically (RFC 5952 for IPv6). */
final class IpAddresses {

    /** A parsed literal: its family and its canonical text. */
    record Ip(RecordType type, String text) {
    }

    private IpAddresses() {
    }

    /** The literal's family and canonical text, or empty when {@code s} is not an IPv4 or IPv6 literal. */
    static Optional<Ip> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String t = s.trim();
        int[] v4 = parseV4(t);
        if (v4 != null) {
            return Optional.of(new Ip(RecordType.A, v4[0] + "." + v4[1] + "." + v4[2] + "." + v4[3]));
        }
        int[] v6 = parseV6(t.toLowerCase(Locale.ROOT));
        if (v6 != null) {
            return Optional.of(new Ip(RecordType.AAAA, formatV6(v6)));
        }
        return Optional.empty();
    }

    private static int[] parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            // Leading zeros are ambiguous (octal in some parsers): reject them.
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return null;
            }
            out[i] = v;
        }
        return out;
    }

    /** Eight 16-bit groups, or null. Accepts '::' and an embedded IPv4 tail. */
    private static int[] parseV6(String s) {
        if (s.isEmpty() || s.indexOf("::") != s.lastIndexOf("::")) {
            return null;
        }
        int[] groups = new int[8];
        String head;
        String tail;
        int gap = s.indexOf("::");
        if (gap >= 0) {
            head = s.substring(0, gap);
            tail = s.substring(gap + 2);
        } else {
            head = s;
            tail = null;
        }
        int[] h = groups(head);
        int[] t = tail == null ? new int[0] : groups(tail);
        if (h == null || t == null) {
            return null;
        }
        if (tail == null ? h.length != 8 : h.length + t.length > 7) {
            return null;
        }
        System.arraycopy(h, 0, groups, 0, h.length);
        System.arraycopy(t, 0, groups, 8 - t.length, t.length);
        return groups;
    }

    private static int[] groups(String part) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] items = part.split(":", -1);
        int lastIndex = items.length - 1;
        boolean v4Tail = items[lastIndex].contains(".");
        int[] out = new int[items.length + (v4Tail ? 1 : 0)];
        for (int i = 0; i < items.length; i++) {
            String g = items[i];
            if (i == lastIndex && v4Tail) {
                int[] v4 = parseV4(g);
                if (v4 == null) {
                    return null;
                }
                out[i] = (v4[0] << 8) | v4[1];
                out[i + 1] = (v4[2] << 8) | v4[3];
                continue;
            }
            if (g.isEmpty() || g.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < g.length(); k++) {
                int d = Character.digit(g.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out[i] = v;
        }
        return out;
    }

    /** RFC 5952: lower case, no leading zeros, the longest run (≥ 2) of zero groups as '::', the first on ties. */
    private static String formatV6(int[] g) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
