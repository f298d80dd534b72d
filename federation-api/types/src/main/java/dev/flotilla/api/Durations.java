package dev.flotilla.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them on a command line: {@code 500ms}, {@code 4.5s}, {@code 2m}, {@code 1h},
 * {@code 7d}, a bare number of seconds, or ISO-8601 ({@code PT4.5S}). One parser for every Flotilla command.
 */
public final class Durations {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)?");

  private Durations() {
  }

  /**
   * Parses a duration.
   *
   * @param text the text
   * @return the duration, never negative
   * @throws IllegalArgumentException naming the text, with examples
   */
  public static Duration parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher matcher = SIMPLE.matcher(value);
    if (matcher.matches()) {
      BigDecimal amount = new BigDecimal(matcher.group(1));
      String unit = matcher.group(2) == null ? "s" : matcher.group(2);
      long millisPerUnit = switch (unit) {
        case "ms" -> 1L;
        case "m" -> 60_000L;
        case "h" -> 3_600_000L;
        case "d" -> 86_400_000L;
        default -> 1_000L;
      };
      return Duration.ofMillis(amount.multiply(BigDecimal.valueOf(millisPerUnit)).longValue());
    }
    try {
      Duration parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
      if (!parsed.isNegative()) {
        return parsed;
      }
    } catch (RuntimeException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms, 4.5s, 2m, 1h, PT4.5S)");
  }
}
