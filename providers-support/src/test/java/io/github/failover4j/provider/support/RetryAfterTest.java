package io.github.failover4j.provider.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2027-01-15T08:00:00Z"), ZoneOffset.UTC);

  @Test
  void inSecondsOrAsADate() {
    assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.of(Headers.of("Retry-After", "30"), CLOCK));
    assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.of(Headers.of("Retry-After", " 30 "), CLOCK));
    assertEquals(Optional.of(Duration.ofMinutes(2)),
        RetryAfter.of(Headers.of("Retry-After", "Fri, 15 Jan 2027 08:02:00 GMT"), CLOCK));
  }

  @Test
  void noPastZeroOrUnreadableWait() {
    assertEquals(Optional.empty(), RetryAfter.of(Headers.of(), CLOCK));
    assertEquals(Optional.empty(), RetryAfter.of(Headers.of("Retry-After", "0"), CLOCK));
    assertEquals(Optional.empty(), RetryAfter.of(Headers.of("Retry-After", "-5"), CLOCK));
    assertEquals(Optional.empty(), RetryAfter.of(Headers.of("Retry-After", "soon"), CLOCK));
    assertEquals(Optional.empty(), RetryAfter.of(Headers.of("Retry-After", "Fri, 15 Jan 2027 07:59:00 GMT"), CLOCK));
  }
}
