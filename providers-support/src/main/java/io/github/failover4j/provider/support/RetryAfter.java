package io.github.failover4j.provider.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import okhttp3.Headers;

/** How long an answer asked the client to wait before the next request: its {@code Retry-After}. */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * Reads {@code Retry-After}, in seconds or as an HTTP date (RFC 9110 allows both; rate limiters
   * and the proxies in front of APIs send either).
   *
   * @param headers the answer's headers
   * @param clock the wall clock, to turn a date into a wait
   * @return the wait, if the header is present, valid and not past
   */
  public static Optional<Duration> of(Headers headers, Clock clock) {
    String value = headers.get("Retry-After");
    if (value == null) {
      return Optional.empty();
    }
    Duration wait;
    try {
      wait = Duration.ofSeconds(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        wait = Duration.between(clock.instant(), at);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
    return wait.isNegative() || wait.isZero() ? Optional.empty() : Optional.of(wait);
  }
}
