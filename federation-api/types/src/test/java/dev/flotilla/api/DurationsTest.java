package dev.flotilla.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsTheShortFormsDecimalsBareSecondsAndIso() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("4.5s")).isEqualTo(Duration.ofMillis(4500));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("10")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse(" PT4.5S ")).isEqualTo(Duration.ofMillis(4500));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void rejectsNonsenseAndNegativesWithExamples() {
    for (String bad : new String[] {"", "fast", "-1s", "PT-2S", "1.5x", "1e3s"}) {
      assertThatThrownBy(() -> Durations.parse(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a duration").hasMessageContaining("4.5s");
    }
  }
}
