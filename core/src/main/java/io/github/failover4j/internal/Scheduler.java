package io.github.failover4j.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * Time and delayed tasks for the parts that run beside the engine (checks, mover retries): the
 * system's in production, a virtual one in the testkit's simulation, so that those parts never
 * sleep in tests.
 */
public interface Scheduler {
  /** A scheduled task that may still be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Calls the task off if it has not started; does nothing otherwise. */
    void cancel();
  }

  /**
   * Returns the scheduler's clock.
   *
   * @return nanoseconds, only differences meaningful
   */
  long now();

  /**
   * Runs a task after a delay, on a thread of the scheduler's; the task must not block.
   *
   * @param delay how long to wait
   * @param task what to run
   * @return a handle to call it off
   */
  Cancellable schedule(Duration delay, Runnable task);

  /**
   * Returns the system's scheduler: {@link System#nanoTime()} and failover4j's timer thread.
   *
   * @return the scheduler
   */
  static Scheduler system() {
    return SystemScheduler.INSTANCE;
  }

  /** The system's scheduler. */
  final class SystemScheduler implements Scheduler {
    static final SystemScheduler INSTANCE = new SystemScheduler();

    private SystemScheduler() {}

    @Override
    public long now() {
      return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
      ScheduledFuture<?> future = Threads.schedule(delay, task);
      return () -> future.cancel(false);
    }
  }
}
