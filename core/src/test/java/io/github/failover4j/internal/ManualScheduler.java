package io.github.failover4j.internal;

import java.time.Duration;
import java.util.PriorityQueue;

/** A scheduler in virtual time for unit tests: tasks run when the test advances the clock. */
public final class ManualScheduler implements Scheduler {
  private record Task(long at, long sequence, Runnable action, boolean[] cancelled) {}

  private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.at != b.at
      ? Long.compare(a.at, b.at) : Long.compare(a.sequence, b.sequence));
  private long now;
  private long sequence;

  @Override
  public long now() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    queue.add(new Task(now + delay.toNanos(), sequence++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /**
   * Runs every task due until the given time, in order, advancing the clock to each.
   *
   * @param until nanoseconds on this clock
   */
  public void runUntil(long until) {
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.at > until) {
          break;
        }
        queue.poll();
        now = Math.max(now, next.at); // late after a stall, never back in time
      }
      if (!next.cancelled[0]) {
        next.action.run();
      }
    }
    now = until;
  }

  /**
   * Moves the clock on without running anything, as when a thread is stalled: what was due meanwhile
   * runs late, at the next {@link #runUntil}.
   *
   * @param duration how long the stall lasts
   */
  public void stall(Duration duration) {
    now += duration.toNanos();
  }

  /**
   * Runs every task due within a duration from now.
   *
   * @param duration how far to advance
   */
  public void runFor(Duration duration) {
    runUntil(now + duration.toNanos());
  }

  /**
   * Returns when the next task not called off is due.
   *
   * @return its time, or -1 if there is none
   */
  public synchronized long next() {
    return queue.stream().filter(t -> !t.cancelled[0]).mapToLong(Task::at).min().orElse(-1);
  }

  /**
   * Counts the tasks still to run, called off ones excluded.
   *
   * @return the count
   */
  public synchronized long pending() {
    return queue.stream().filter(t -> !t.cancelled[0]).count();
  }
}
