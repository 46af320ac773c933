package io.github.failover4j.election.kubernetes;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Kubernetes tools write them (Go's {@code time.ParseDuration}: {@code 15s},
 * {@code 500ms}, {@code 1m30s}, {@code 1.5s}), so that a value copied from a client-go leader
 * election flag ({@code --leader-elect-lease-duration=15s}) reads the same here.
 */
final class GoDuration {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:h|ms|m|s))+");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)");

  private GoDuration() {}

  /**
   * Reads a duration.
   *
   * @param text e.g. {@code 1m30s}
   * @return the duration, to the nanosecond; empty if the text is not one
   */
  static Optional<Duration> parse(String text) {
    String t = text.strip();
    if (!WHOLE.matcher(t).matches()) {
      return Optional.empty();
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher m = PART.matcher(t);
    while (m.find()) {
      long unit = switch (m.group(2)) {
        case "h" -> 3_600_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "s" -> 1_000_000_000L;
        default -> 1_000_000L;
      };
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(nanos.longValue()));
  }

  /**
   * Writes a duration as a setting would.
   *
   * @param d the duration
   * @return e.g. {@code 500ms}, {@code 15s}, {@code 1.5s}
   */
  static String text(Duration d) {
    long millis = d.toMillis();
    return millis < 1000 ? millis + "ms" : BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
  }
}
