package io.github.failover4j.provider.support.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tests' time: a wall clock and a monotonic clock that move only when a test says so — together
 * as time passes ({@link #advance}), or the wall clock alone as when a host's clock is stepped
 * ({@link #step}). A provider's fakes date tokens and answers by it, and the provider reads both.
 */
public final class TestClock extends Clock {
  /** Where the wall clock starts unless told otherwise. */
  public static final Instant START = Instant.parse("2026-12-02T14:00:00Z");

  private final Instant start;
  private final AtomicLong elapsedNanos = new AtomicLong();
  private final AtomicLong steppedNanos = new AtomicLong();

  /** A clock at {@link #START}. */
  public TestClock() {
    this(START);
  }

  /**
   * A clock at another time, e.g. now, for a test whose fakes or movers read the real clocks too.
   *
   * @param start where the wall clock starts
   */
  public TestClock(Instant start) {
    this.start = start;
  }

  /**
   * Lets time pass: moves both clocks forward.
   *
   * @param d how long
   */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time passes forward: " + d + " (step the wall clock back instead)");
    }
    elapsedNanos.addAndGet(d.toNanos());
  }

  /**
   * Steps the wall clock alone, either way, as NTP or an operator steps a host's clock.
   *
   * @param d how far; negative for back
   */
  public void step(Duration d) {
    steppedNanos.addAndGet(d.toNanos());
  }

  /**
   * Returns the monotonic clock.
   *
   * @return nanoseconds from an arbitrary origin, as {@link System#nanoTime()}
   */
  public long nanoTime() {
    return 1_000_000_000L + elapsedNanos.get();
  }

  @Override
  public Instant instant() {
    return start.plusNanos(elapsedNanos.get() + steppedNanos.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
