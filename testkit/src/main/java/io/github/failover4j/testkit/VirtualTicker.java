package io.github.failover4j.testkit;

import java.time.Duration;

/** A monotonic clock in nanoseconds that only moves when told to. Starts at 0. Not thread-safe. */
public final class VirtualTicker {
  private long nanos;

  /** Creates a ticker reading 0. */
  public VirtualTicker() {}

  /**
   * Returns the current reading.
   *
   * @return nanoseconds since the start
   */
  public long read() {
    return nanos;
  }

  /**
   * Moves the clock forward to a reading.
   *
   * @param newNanos the new reading
   * @throws IllegalArgumentException if it lies in the past
   */
  public void advanceTo(long newNanos) {
    if (newNanos < nanos) {
      throw new IllegalArgumentException("time: " + newNanos + " ns (expected: >= " + nanos + ")");
    }
    nanos = newNanos;
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far, not negative
   */
  public void advance(Duration duration) {
    advanceTo(nanos + duration.toNanos());
  }
}
