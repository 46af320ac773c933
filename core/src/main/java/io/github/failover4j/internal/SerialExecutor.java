package io.github.failover4j.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on another executor's threads: a mover's
 * operations must never overlap or reorder, and a listener must see changes in order even on a
 * thread pool.
 */
public final class SerialExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor delegate;
  private final Runnable drainer = this::drain; // made once: the engine thread must not link lambdas
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private boolean running;

  /**
   * Creates a lane on an executor.
   *
   * @param delegate where the tasks run
   */
  public SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    try {
      delegate.execute(drainer);
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        running = false;
        tasks.clear();
      }
      LOG.warn("executor refused a task, dropped: {}", e.toString());
    }
  }

  private void drain() {
    while (true) {
      Runnable task;
      synchronized (this) {
        task = tasks.poll();
        if (task == null) {
          running = false;
          return;
        }
      }
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.warn("task threw; going on with the next", e);
      }
    }
  }
}
