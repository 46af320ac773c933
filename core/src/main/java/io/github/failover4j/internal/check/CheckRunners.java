package io.github.failover4j.internal.check;

import io.github.failover4j.check.Check;
import io.github.failover4j.internal.Scheduler;
import io.github.failover4j.internal.Threads;
import io.github.failover4j.linux.InNamespace;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * The process's running checks: one runner per {@link Check} and network namespace, however many
 * groups track it there, started with its first subscriber and stopped with its last. A check of a
 * group in a namespace probes from that namespace.
 */
public final class CheckRunners {
  /** A check, by identity, in a namespace. */
  private record Key(Check check, Optional<String> namespace) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.check == check && key.namespace.equals(namespace);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(check) * 31 + namespace.hashCode();
    }
  }

  private static final Map<Key, CheckRunner> RUNNING = new HashMap<>();

  private CheckRunners() {}

  /**
   * Subscribes to a check, starting it if nobody else tracks it.
   *
   * @param check the check
   * @param namespace the network namespace it probes from, or empty for the process's own
   * @param subscriber who hears its changes
   * @return its runner, for its counts
   */
  public static synchronized CheckRunner subscribe(Check check, Optional<String> namespace,
      CheckRunner.Subscriber subscriber) {
    CheckRunner runner = RUNNING.computeIfAbsent(new Key(check, namespace), key -> {
      ProbeTask probe = Probes.create(check.probe());
      return new CheckRunner(check, timeout -> InNamespace.call(namespace, () -> probe.run(timeout)),
          Scheduler.system(), task -> {
            Future<?> future = Threads.checks().submit(task);
            return () -> future.cancel(true);
          });
    });
    runner.subscribe(subscriber);
    runner.start();
    return runner;
  }

  /**
   * Unsubscribes from a check, stopping it if nobody else tracks it.
   *
   * @param check the check
   * @param namespace as given to {@link #subscribe}
   * @param subscriber who subscribed
   */
  public static synchronized void unsubscribe(Check check, Optional<String> namespace,
      CheckRunner.Subscriber subscriber) {
    Key key = new Key(check, namespace);
    CheckRunner runner = RUNNING.get(key);
    if (runner != null && runner.unsubscribe(subscriber)) {
      runner.stop();
      RUNNING.remove(key);
    }
  }
}
