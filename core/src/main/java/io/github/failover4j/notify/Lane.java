package io.github.failover4j.notify;

import io.github.failover4j.internal.SerialExecutor;
import io.github.failover4j.internal.Threads;

/**
 * One group's notifications, run one at a time in the order they came: keepalived runs a group's
 * scripts at once, so that a slow {@code notify_backup} may finish after the {@code notify_master}
 * that followed it. The lanes share daemon threads, made when a lane has work and gone after 30
 * idle seconds.
 */
final class Lane {
  private final Object lock;
  private final SerialExecutor executor = new SerialExecutor(Threads.notifications());
  private int pending; // guarded by lock
  private NotifyHook.State last; // guarded by lock

  /**
   * Creates a lane.
   *
   * @param lock the hook's lock, held by the callers of {@link #submit} and {@link #stopped}, and
   *     notified whenever a notification is done
   */
  Lane(Object lock) {
    this.lock = lock;
  }

  /**
   * Queues a notification behind those queued before; the caller holds the lock.
   *
   * @param state its state
   * @param run runs its scripts
   */
  void submit(NotifyHook.State state, Runnable run) {
    pending++;
    last = state;
    executor.execute(() -> {
      try {
        run.run();
      } finally {
        synchronized (lock) {
          pending--;
          lock.notifyAll();
        }
      }
    });
  }

  /**
   * Tells whether the last notification was STOP and every script of the lane has run; the caller
   * holds the lock.
   *
   * @return true if the lane is done for good
   */
  boolean stopped() {
    return pending == 0 && last == NotifyHook.State.STOP;
  }
}
