package io.github.failover4j.provider.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({"250ms, 250", "1.5s, 1500", "2m, 120000", "1h, 3600000", " 30S , 30000", "0.25s, 250"})
  void readsANumberAndAUnit(String text, long millis) {
    assertEquals(Optional.of(Duration.ofMillis(millis)), Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "s", "-1s", "1.s", "1d", "1 s", "PT1S"})
  void refusesAnythingElse(String text) {
    assertEquals(Optional.empty(), Durations.parse(text));
  }

  @Test
  void writesItAsASettingWould() {
    assertEquals("100ms", Durations.text(Duration.ofMillis(100)));
    assertEquals("1s", Durations.text(Duration.ofSeconds(1)));
    assertEquals("1.5s", Durations.text(Duration.ofMillis(1500)));
    assertEquals("90s", Durations.text(Duration.ofSeconds(90)));
    assertEquals("3m", Durations.text(Duration.ofSeconds(180)));
    assertEquals("10m", Durations.text(Duration.ofMinutes(10)));
    assertEquals("60m", Durations.text(Duration.ofHours(1)));
  }
}
