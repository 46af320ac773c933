package io.github.failover4j.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link SimulatedCloud} answers: how long reads (who holds an address) and writes (claims,
 * releases) take, which failures it injects with which probability per call, and how stale its
 * reads may be. A call draws at most one of the random failures; a write that another write on the
 * same address is still running (or finished less than {@code lockWindow} ago) fails as locked.
 *
 * @param reads the latency of a read
 * @param writes the latency of a write; the write takes effect at a uniform instant within it
 * @param serverErrors probability that a call fails with a 5xx (retryable), 0..1
 * @param rateLimits probability that a call fails with a 429, 0..1
 * @param retryAfter the longest {@code Retry-After} a 429 asks for; each draws uniformly up to it
 * @param timeouts probability that a call never answers, 0..1; a write lands anyway half the time
 * @param lockWindow how long after a write the address stays locked to other writes
 * @param staleness how far behind a read may lag: each read sees the cloud as it was a uniform
 *     time up to this long before it was served
 */
public record CloudConditions(Latency reads, Latency writes, double serverErrors, double rateLimits,
    Duration retryAfter, double timeouts, Duration lockWindow, Duration staleness) {

  /**
   * Validates the parameters.
   *
   * @throws IllegalArgumentException listing every parameter out of range
   */
  public CloudConditions {
    List<String> problems = new ArrayList<>();
    probability(problems, "serverErrors", serverErrors);
    probability(problems, "rateLimits", rateLimits);
    probability(problems, "timeouts", timeouts);
    if (serverErrors + rateLimits + timeouts > 1) {
      problems.add("serverErrors + rateLimits + timeouts: " + (serverErrors + rateLimits + timeouts)
          + " (expected: at most 1)");
    }
    if (retryAfter.isNegative() || lockWindow.isNegative() || staleness.isNegative()) {
      problems.add("retryAfter, lockWindow, staleness: " + retryAfter + ", " + lockWindow + ", " + staleness
          + " (expected: >= 0)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  private static void probability(List<String> problems, String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      problems.add(name + ": " + value + " (expected: 0..1)");
    }
  }

  /**
   * A healthy API: reads take 20 to 200 ms, writes 100 ms to 1 s, nothing fails, reads are
   * current, and an address is locked only while a write on it runs.
   *
   * @return the conditions
   */
  public static CloudConditions healthy() {
    return new CloudConditions(Latency.between(Duration.ofMillis(20), Duration.ofMillis(200)),
        Latency.between(Duration.ofMillis(100), Duration.ofSeconds(1)), 0, 0, Duration.ZERO, 0, Duration.ZERO,
        Duration.ZERO);
  }

  /**
   * Returns a copy with other latencies.
   *
   * @param newReads the latency of a read
   * @param newWrites the latency of a write
   * @return the copy
   */
  public CloudConditions withLatency(Latency newReads, Latency newWrites) {
    return new CloudConditions(newReads, newWrites, serverErrors, rateLimits, retryAfter, timeouts, lockWindow,
        staleness);
  }

  /**
   * Returns a copy with another probability of 5xx answers.
   *
   * @param probability 0..1
   * @return the copy
   */
  public CloudConditions withServerErrors(double probability) {
    return new CloudConditions(reads, writes, probability, rateLimits, retryAfter, timeouts, lockWindow, staleness);
  }

  /**
   * Returns a copy with another probability of 429 answers.
   *
   * @param probability 0..1
   * @param longestWait the longest {@code Retry-After} asked for
   * @return the copy
   */
  public CloudConditions withRateLimits(double probability, Duration longestWait) {
    return new CloudConditions(reads, writes, serverErrors, probability, longestWait, timeouts, lockWindow, staleness);
  }

  /**
   * Returns a copy with another probability of calls that never answer.
   *
   * @param probability 0..1
   * @return the copy
   */
  public CloudConditions withTimeouts(double probability) {
    return new CloudConditions(reads, writes, serverErrors, rateLimits, retryAfter, probability, lockWindow,
        staleness);
  }

  /**
   * Returns a copy in which an address stays locked for a while after each write.
   *
   * @param window how long
   * @return the copy
   */
  public CloudConditions withLockWindow(Duration window) {
    return new CloudConditions(reads, writes, serverErrors, rateLimits, retryAfter, timeouts, window, staleness);
  }

  /**
   * Returns a copy whose reads may lag the writes.
   *
   * @param lag how far behind a read may be, at most
   * @return the copy
   */
  public CloudConditions withStaleness(Duration lag) {
    return new CloudConditions(reads, writes, serverErrors, rateLimits, retryAfter, timeouts, lockWindow, lag);
  }

  /**
   * Returns the longest a call that answers can take.
   *
   * @return the longer of the two latencies' maxima
   */
  public Duration maxLatency() {
    return reads.max().compareTo(writes.max()) >= 0 ? reads.max() : writes.max();
  }
}
