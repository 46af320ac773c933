package io.github.failover4j.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads failover4j starts besides its engine: mover operations, which may block on a cloud
 * API, and one timer. Daemon threads, created on demand and gone after 30 idle seconds: an idle
 * library leaves no thread behind. The one exception is the claim lane: see {@link #claims()}.
 */
public final class Threads {
  private static final Duration IDLE = Duration.ofSeconds(30);

  private static final class Holder {
    static final ExecutorService MOVERS = newPool("failover4j-mover");
    static final ScheduledThreadPoolExecutor TIMER = newTimer();
    static final ExecutorService CHECKS = newPool("failover4j-check");
    static final ExecutorService NOTIFY = newPool("failover4j-notify");
    static final ExecutorService CLAIMS = newLane("failover4j-claim");
  }

  private Threads() {}

  /**
   * Returns the pool for blocking mover operations.
   *
   * @return a cached pool of daemon threads
   */
  public static ExecutorService movers() {
    return Holder.MOVERS;
  }

  /**
   * Returns the lane the local movers' operations run on: one daemon thread, in submission order,
   * made by the first group's start and then kept. A new master's address and first gratuitous ARP
   * go out from here: a thread made on demand would add its start, and a pool shared with cloud
   * calls and listeners could keep them waiting behind slow work. What runs here must be short
   * (netlink requests and packet sends, microseconds each); anything that may block for longer
   * belongs in {@link #movers()}.
   *
   * @return the single-thread lane
   */
  public static ExecutorService claims() {
    return Holder.CLAIMS;
  }

  /**
   * Returns the pool health checks run on: daemon threads made on demand, gone after 30 s idle.
   *
   * @return the pool
   */
  public static ExecutorService checks() {
    return Holder.CHECKS;
  }

  /**
   * Returns the pool notify scripts run on: daemon threads made on demand, gone after 30 s idle.
   *
   * @return the pool
   */
  public static ExecutorService notifications() {
    return Holder.NOTIFY;
  }

  /**
   * Runs a task after a delay on the timer thread; the task must only hand work on.
   *
   * @param delay how long from now
   * @param task what to run
   * @return the scheduled task, to cancel it
   */
  public static ScheduledFuture<?> schedule(Duration delay, Runnable task) {
    return Holder.TIMER.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Makes daemon threads named {@code prefix-N}.
   *
   * @param prefix the name prefix
   * @return the factory
   */
  public static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static ExecutorService newPool(String prefix) {
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE.toSeconds(), TimeUnit.SECONDS, new SynchronousQueue<>(),
        daemon(prefix));
  }

  private static ExecutorService newLane(String prefix) {
    return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon(prefix));
  }

  private static ScheduledThreadPoolExecutor newTimer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("failover4j-timer"));
    timer.setKeepAliveTime(IDLE.toSeconds(), TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }
}
