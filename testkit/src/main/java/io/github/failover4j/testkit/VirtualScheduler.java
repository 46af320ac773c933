package io.github.failover4j.testkit;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * Runs actions at virtual times, in time order and, for equal times, in the order they were
 * scheduled: a run is a pure function of its inputs. Not thread-safe.
 */
public final class VirtualScheduler {
  private record Event(long atNanos, long sequence, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event other) {
      int byTime = Long.compare(atNanos, other.atNanos);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }

  private final VirtualTicker ticker;
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private long sequence;
  private long executed;

  /**
   * Creates a scheduler that moves a ticker.
   *
   * @param ticker the clock to advance as events run
   */
  public VirtualScheduler(VirtualTicker ticker) {
    this.ticker = ticker;
  }

  /**
   * Returns the current virtual time.
   *
   * @return nanoseconds
   */
  public long now() {
    return ticker.read();
  }

  /**
   * Schedules an action.
   *
   * @param atNanos when to run it, not before now
   * @param action what to run
   */
  public void at(long atNanos, Runnable action) {
    if (atNanos < ticker.read()) {
      throw new IllegalArgumentException("time: " + atNanos + " ns (expected: >= now, " + ticker.read() + ")");
    }
    queue.add(new Event(atNanos, sequence++, action));
  }

  /**
   * Schedules an action after a delay.
   *
   * @param delay how long from now
   * @param action what to run
   */
  public void after(Duration delay, Runnable action) {
    at(ticker.read() + delay.toNanos(), action);
  }

  /**
   * Runs every action due up to a time, in order, calling {@code afterEach} after each one; then
   * moves the clock to that time.
   *
   * @param untilNanos the time to reach
   * @param afterEach what to run after every action (e.g. invariant checks)
   */
  public void runUntil(long untilNanos, Runnable afterEach) {
    while (!queue.isEmpty() && queue.peek().atNanos() <= untilNanos) {
      Event event = queue.poll();
      ticker.advanceTo(event.atNanos());
      event.action().run();
      executed++;
      afterEach.run();
    }
    ticker.advanceTo(untilNanos);
  }

  /**
   * Returns how many actions have run.
   *
   * @return the count
   */
  public long executed() {
    return executed;
  }
}
