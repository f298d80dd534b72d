package dev.flotilla.agent.app;

import dev.flotilla.api.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations as people write them ({@link Durations}): {@code 500ms}, {@code 2s}, {@code 1m}, {@code PT2S}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
