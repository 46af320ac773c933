package io.github.failover4j.internal.check;

import io.github.failover4j.TrackState;
import io.github.failover4j.check.Check;
import io.github.failover4j.group.TrackCounts;
import io.github.failover4j.internal.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one check every interval, at a fixed rate, for every group that tracks it: the probe on a
 * check thread (never the engine's), a timeout that interrupts it (a script's process group is
 * killed) and counts it, a run skipped while the previous one still runs, and rise and fall before
 * the state changes. Subscribers hear each change of state, and the current state when they
 * subscribe.
 */
public final class CheckRunner implements TrackCounts {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.failover4j.check");

  /** Starts a probe run somewhere; the handle interrupts it. */
  @FunctionalInterface
  public interface Launcher {
    /**
     * Starts a task.
     *
     * @param task the probe run
     * @return a handle that interrupts the run
     */
    Scheduler.Cancellable launch(Runnable task);
  }

  /** Hears a check's state changes, on a check thread. */
  @FunctionalInterface
  public interface Subscriber {
    /**
     * Takes a new state.
     *
     * @param state the state
     * @param detail what the last run said
     */
    void changed(TrackState state, String detail);
  }

  private final Check check;
  private final ProbeTask probe;
  private final Scheduler scheduler;
  private final Launcher launcher;
  private final List<Subscriber> subscribers = new ArrayList<>(); // guarded by this
  private final CheckHealth health;
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private volatile long lastLatencyNanos = -1; // -1 before a run ended by itself
  // guarded by this
  private boolean started;
  private boolean stopped;
  private long firstTick;
  private long ticks;
  private long generation;
  private boolean running;
  private long launchedAt; // the running run's start, on the scheduler's clock
  private Scheduler.Cancellable nextTick;
  private Scheduler.Cancellable timeout;
  private Scheduler.Cancellable run;
  private String detail = "not run yet";

  /**
   * Creates the runner of a check.
   *
   * @param check the check
   * @param probe what it runs
   * @param scheduler its clock and timer
   * @param launcher where its probe runs
   */
  public CheckRunner(Check check, ProbeTask probe, Scheduler scheduler, Launcher launcher) {
    this.check = check;
    this.probe = probe;
    this.scheduler = scheduler;
    this.launcher = launcher;
    this.health = new CheckHealth(check.rise(), check.fall(), check.startFailing());
  }

  /**
   * Returns the check.
   *
   * @return the check
   */
  public Check check() {
    return check;
  }

  /**
   * Adds a subscriber, and tells it the current state if the check has one.
   *
   * @param subscriber who to tell
   */
  public synchronized void subscribe(Subscriber subscriber) {
    subscribers.add(subscriber);
    if (health.state() != TrackState.UNKNOWN) {
      subscriber.changed(health.state(), detail);
    }
  }

  /**
   * Removes a subscriber.
   *
   * @param subscriber who to forget
   * @return true if none is left
   */
  public synchronized boolean unsubscribe(Subscriber subscriber) {
    subscribers.remove(subscriber);
    return subscribers.isEmpty();
  }

  /** Runs the check now, then every interval. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    firstTick = scheduler.now();
    nextTick = scheduler.schedule(Duration.ZERO, this::tick);
  }

  /** Stops the check: no more runs, a running one interrupted. */
  public synchronized void stop() {
    stopped = true;
    cancel(nextTick);
    cancel(timeout);
    cancel(run);
  }

  private static void cancel(Scheduler.Cancellable task) {
    if (task != null) {
      task.cancel();
    }
  }

  private void tick() {
    long id;
    synchronized (this) {
      if (stopped) {
        return;
      }
      // fixed rate: runs are due at start + n × interval, however long they take; after a stall
      // the missed ones are dropped, not caught up back to back (that would count a whole fall at once)
      long interval = check.interval().toNanos();
      long now = scheduler.now();
      ticks = Math.max(ticks + 1, (now - firstTick) / interval + 1);
      nextTick = scheduler.schedule(Duration.ofNanos(firstTick + ticks * interval - now), this::tick);
      if (running) {
        skipped.incrementAndGet();
        return;
      }
      running = true;
      id = ++generation;
      launchedAt = scheduler.now();
      runs.incrementAndGet();
      timeout = scheduler.schedule(check.timeout(), () -> timedOut(id));
    }
    Scheduler.Cancellable handle = launcher.launch(() -> execute(id));
    synchronized (this) {
      if (running && generation == id) {
        run = handle;
      }
    }
  }

  private void execute(long id) {
    boolean healthy;
    String said;
    try {
      healthy = probe.run(check.timeout());
      said = healthy ? "ok" : "failed";
    } catch (TimeoutException e) {
      healthy = false;
      said = "timed out after " + check.timeout().toMillis() + " ms";
    } catch (InterruptedException e) {
      return; // timed out or stopped: already handled
    } catch (Exception e) {
      healthy = false;
      said = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    finish(id, healthy, said, false);
  }

  private void timedOut(long id) {
    Scheduler.Cancellable handle;
    synchronized (this) {
      if (!running || generation != id) {
        return;
      }
      timeouts.incrementAndGet();
      handle = run;
    }
    cancel(handle);
    finish(id, false, "timed out after " + check.timeout().toMillis() + " ms", true);
  }

  private void finish(long id, boolean healthy, String said, boolean byTimeout) {
    synchronized (this) {
      if (!running || generation != id) {
        return; // the timeout already judged this run
      }
      running = false;
      run = null;
      if (!byTimeout) {
        cancel(timeout);
        lastLatencyNanos = scheduler.now() - launchedAt;
      }
      timeout = null;
      if (stopped) {
        return;
      }
      boolean changed = health.record(healthy);
      if (!healthy && !said.equals(detail)) {
        LOG.debug("check {}: {}", check.name(), said);
      }
      detail = said;
      if (changed) {
        // under the lock: two runs' news must not overtake each other; subscribers only hand it on
        for (Subscriber subscriber : subscribers) {
          subscriber.changed(health.state(), said);
        }
      }
    }
  }

  @Override
  public long runs() {
    return runs.get();
  }

  @Override
  public long timeouts() {
    return timeouts.get();
  }

  @Override
  public long skipped() {
    return skipped.get();
  }

  @Override
  public Optional<Duration> lastLatency() {
    long nanos = lastLatencyNanos;
    return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
  }
}
