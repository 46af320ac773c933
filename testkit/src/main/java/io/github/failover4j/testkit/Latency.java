package io.github.failover4j.testkit;

import java.time.Duration;
import java.util.Random;

/**
 * How long one kind of call to a {@link SimulatedCloud} takes: drawn uniformly between a least and
 * a most, from the cloud's seeded random source.
 *
 * @param min the shortest
 * @param max the longest, not shorter than {@code min}
 */
public record Latency(Duration min, Duration max) {

  /**
   * Validates the bounds.
   *
   * @throws IllegalArgumentException if {@code min} is negative or above {@code max}
   */
  public Latency {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("latency: " + min.toMillis() + ".." + max.toMillis()
          + " ms (expected: 0 <= min <= max)");
    }
  }

  /**
   * A latency drawn uniformly from a range.
   *
   * @param min the shortest
   * @param max the longest
   * @return the latency
   */
  public static Latency between(Duration min, Duration max) {
    return new Latency(min, max);
  }

  /**
   * A latency that is always the same.
   *
   * @param value how long every call takes
   * @return the latency
   */
  public static Latency fixed(Duration value) {
    return new Latency(value, value);
  }

  long draw(Random random) {
    long spread = max.toNanos() - min.toNanos();
    return min.toNanos() + (spread == 0 ? 0 : (long) (random.nextDouble() * (spread + 1)));
  }
}
