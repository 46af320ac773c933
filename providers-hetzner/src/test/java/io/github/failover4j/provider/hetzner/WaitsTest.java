package io.github.failover4j.provider.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class WaitsTest {
  private static final Instant NOW = Instant.parse("2027-01-15T08:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void rateLimitResetIsAUnixTime() {
    long reset = NOW.getEpochSecond() + 75;
    assertEquals(Optional.of(Duration.ofSeconds(75)),
        Waits.rateLimitReset(Headers.of("RateLimit-Reset", Long.toString(reset)), CLOCK));
    assertEquals(Optional.empty(),
        Waits.rateLimitReset(Headers.of("RateLimit-Reset", Long.toString(NOW.getEpochSecond() - 5)), CLOCK));
    assertEquals(Optional.empty(), Waits.rateLimitReset(Headers.of("RateLimit-Reset", "x"), CLOCK));
  }
}
