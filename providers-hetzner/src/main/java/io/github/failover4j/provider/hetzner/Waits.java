package io.github.failover4j.provider.hetzner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import okhttp3.Headers;

/**
 * Hetzner Cloud's own hint of how long to wait after a rate limit, when an answer has no
 * {@code Retry-After}: {@code RateLimit-Reset}, the UNIX time at which the project's request budget
 * is full again.
 */
final class Waits {
  private Waits() {}

  /**
   * Reads {@code RateLimit-Reset}.
   *
   * @param headers the answer's headers
   * @param clock the wall clock
   * @return the wait until the reset, if the header is present, valid and not past
   */
  static Optional<Duration> rateLimitReset(Headers headers, Clock clock) {
    String value = headers.get("RateLimit-Reset");
    if (value == null) {
      return Optional.empty();
    }
    try {
      Duration wait = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(value.strip())));
      return wait.isNegative() || wait.isZero() ? Optional.empty() : Optional.of(wait);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
