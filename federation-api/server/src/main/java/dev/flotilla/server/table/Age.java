package dev.flotilla.server.table;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Ages as kubectl prints them ("45s", "3m12s", "5h", "12d"), with Kubernetes' rounding rules. */
public final class Age {

    private Age() {
    }

    /** The age of a timestamp, or {@code <unknown>} when it is missing or unparseable. */
    public static String since(String timestamp, Instant now) {
        if (timestamp == null || timestamp.isEmpty()) {
            return "<unknown>";
        }
        try {
            return human(Duration.between(Instant.parse(timestamp), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    /** A duration in kubectl's short human form. */
    public static String human(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 0) {
            return "<invalid>";
        }
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long rest = seconds % 60;
            return rest == 0 ? minutes + "m" : minutes + "m" + rest + "s";
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long rest = minutes % 60;
            return rest == 0 ? hours + "h" : hours + "h" + rest + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            long rest = hours % 24;
            return rest == 0 ? hours / 24 + "d" : hours / 24 + "d" + rest + "h";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        }
        long days = hours / 24;
        long years = days / 365;
        if (years < 8) {
            long rest = days % 365;
            return rest == 0 ? years + "y" : years + "y" + rest + "d";
        }
        return years + "y";
    }
}
