package io.github.failover4j.internal.check;

import io.github.failover4j.check.Check;
import io.github.failover4j.internal.Scheduler;
import io.github.failover4j.internal.Threads;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * The process's running checks: one runner per {@link Check}, however many groups track it, started
 * with its first subscriber and stopped with its last.
 */
public final class CheckRunners {
  private static final Map<Check, CheckRunner> RUNNING = new IdentityHashMap<>();

  private CheckRunners() {}

  /**
   * Subscribes to a check, starting it if nobody else tracks it.
   *
   * @param check the check
   * @param subscriber who hears its changes
   * @return its runner, for its counts
   */
  public static synchronized CheckRunner subscribe(Check check, CheckRunner.Subscriber subscriber) {
    CheckRunner runner = RUNNING.computeIfAbsent(check, c -> new CheckRunner(c, Probes.create(c.probe()),
        Scheduler.system(), task -> {
          Future<?> future = Threads.checks().submit(task);
          return () -> future.cancel(true);
        }));
    runner.subscribe(subscriber);
    runner.start();
    return runner;
  }

  /**
   * Unsubscribes from a check, stopping it if nobody else tracks it.
   *
   * @param check the check
   * @param subscriber who subscribed
   */
  public static synchronized void unsubscribe(Check check, CheckRunner.Subscriber subscriber) {
    CheckRunner runner = RUNNING.get(check);
    if (runner != null && runner.unsubscribe(subscriber)) {
      runner.stop();
      RUNNING.remove(check);
    }
  }
}
