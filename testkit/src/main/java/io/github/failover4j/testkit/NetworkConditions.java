package io.github.failover4j.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a simulated link treats each copy of a packet: lost with probability {@code loss}, else
 * delivered after {@code delay} plus a uniform share of {@code jitter} (so packets overtake each
 * other when the jitter exceeds their spacing), and duplicated with probability
 * {@code duplication}, the duplicate taking its own delay.
 *
 * @param loss probability that a copy is lost, 0..1
 * @param delay the fixed part of the one-way delay
 * @param jitter the random part of the one-way delay, drawn uniformly from [0, jitter)
 * @param duplication probability that a delivered copy arrives twice, 0..1
 */
public record NetworkConditions(double loss, Duration delay, Duration jitter, double duplication) {

  /**
   * Validates the parameters.
   *
   * @throws IllegalArgumentException listing every parameter out of range
   */
  public NetworkConditions {
    List<String> problems = new ArrayList<>();
    if (!(loss >= 0 && loss <= 1)) {
      problems.add("loss: " + loss + " (expected: 0..1)");
    }
    if (!(duplication >= 0 && duplication <= 1)) {
      problems.add("duplication: " + duplication + " (expected: 0..1)");
    }
    if (delay.isNegative() || jitter.isNegative()) {
      problems.add("delay, jitter: " + delay + ", " + jitter + " (expected: >= 0)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /**
   * A healthy LAN: 100 µs one-way delay with up to 50 µs of jitter, no loss, no duplication.
   *
   * @return the conditions
   */
  public static NetworkConditions lan() {
    return new NetworkConditions(0, Duration.ofNanos(100_000), Duration.ofNanos(50_000), 0);
  }

  /**
   * Returns a copy with another loss probability.
   *
   * @param probability 0..1
   * @return the copy
   */
  public NetworkConditions withLoss(double probability) {
    return new NetworkConditions(probability, delay, jitter, duplication);
  }

  /**
   * Returns a copy with another delay.
   *
   * @param fixed the fixed part
   * @param random the random part
   * @return the copy
   */
  public NetworkConditions withDelay(Duration fixed, Duration random) {
    return new NetworkConditions(loss, fixed, random, duplication);
  }

  /**
   * Returns a copy with another duplication probability.
   *
   * @param probability 0..1
   * @return the copy
   */
  public NetworkConditions withDuplication(double probability) {
    return new NetworkConditions(loss, delay, jitter, probability);
  }

  /**
   * Returns the longest one-way delay a delivered copy can take.
   *
   * @return delay plus jitter
   */
  public Duration maxDelay() {
    return delay.plus(jitter);
  }
}
