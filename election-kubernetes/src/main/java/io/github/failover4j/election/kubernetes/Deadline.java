package io.github.failover4j.election.kubernetes;

import io.github.failover4j.spi.ElectionCall;
import java.time.Duration;
import java.util.function.LongSupplier;

/** The bound of a call the store makes on its own, outside the driver's calls: its last, at close. */
final class Deadline implements ElectionCall {
  private final LongSupplier nanoTime;
  private final long endNanos;

  /**
   * Starts the time.
   *
   * @param nanoTime the monotonic clock
   * @param length how long the call may take
   */
  Deadline(LongSupplier nanoTime, Duration length) {
    this.nanoTime = nanoTime;
    this.endNanos = nanoTime.getAsLong() + length.toNanos();
  }

  @Override
  public Duration remaining() {
    return Duration.ofNanos(endNanos - nanoTime.getAsLong());
  }

  @Override
  public boolean cancelled() {
    return remaining().isNegative();
  }

  @Override
  public void onCancel(Runnable abort) {
    // nobody cancels it: its request's timeout is its remaining time
  }
}
