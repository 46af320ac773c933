package io.github.failover4j.provider.support;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the movers' settings write them: {@code 250ms}, {@code 1.5s}, {@code 2m}, {@code 1h}. */
final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private Durations() {}

  /**
   * Reads a duration: a number, possibly with a fraction, and a unit; case and surrounding white
   * space do not matter.
   *
   * @param text e.g. {@code 1.5s}
   * @return the duration, rounded to the nanosecond; empty if the text is not one
   */
  static Optional<Duration> parse(String text) {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    double unitNanos = switch (m.group(2)) {
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      default -> 3600e9;
    };
    return Optional.of(Duration.ofNanos(Math.round(Double.parseDouble(m.group(1)) * unitNanos)));
  }

  /**
   * Writes a duration as a setting would: milliseconds below a second, whole minutes as minutes,
   * else seconds, with a fraction if there is one.
   *
   * @param d the duration
   * @return e.g. {@code 250ms}, {@code 1.5s}, {@code 3m}
   */
  static String text(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis % 60_000 == 0) {
      return d.toMinutes() + "m";
    }
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
  }
}
