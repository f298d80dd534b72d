package dev.flotilla.server.table;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AgeTest {

    @ParameterizedTest(name = "{0}s -> {1}")
    @CsvSource({
            "0, 0s", "45, 45s", "119, 119s", "120, 2m", "192, 3m12s", "600, 10m", "10799, 179m",
            "10800, 3h", "11400, 3h10m", "28800, 8h", "172799, 47h", "172800, 2d", "180000, 2d2h",
            "691200, 8d", "63072000, 2y", "63158400, 2y1d", "315360000, 10y"})
    void printsLikeKubectl(long seconds, String expected) {
        assertThat(Age.human(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void unknownAndFutureTimestamps() {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        assertThat(Age.since(null, now)).isEqualTo("<unknown>");
        assertThat(Age.since("yesterday", now)).isEqualTo("<unknown>");
        assertThat(Age.since("2026-11-25T12:00:10Z", now)).isEqualTo("<invalid>");
        assertThat(Age.since("2026-11-25T11:59:30Z", now)).isEqualTo("30s");
    }
}
