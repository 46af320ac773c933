package io.github.failover4j.internal;

import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.MoverContext;
import io.github.failover4j.spi.VirtualAddresses;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link IpMover} of one group toward what the engine wants: held or released. The
 * engine only records the wish and returns; the mover works on its own serial lane. A wish is
 * re-read right before every attempt, so a stale claim never runs after a release, and a failed
 * attempt is retried with exponential backoff and full jitter (1 s doubling, at most 30 s) while
 * the wish stands.
 */
public final class MoverDriver implements MoverContext {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.failover4j.mover");
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LAST_RETRY = Duration.ofSeconds(30);

  private final String name;
  private final VirtualAddresses target;
  private final MoverConfig config;
  private final SerialExecutor lane;
  private final Scheduler scheduler;
  private final RandomGenerator random;
  // made once, off the engine thread: linking a lambda there on first use takes milliseconds
  private final Runnable reconcile = this::reconcile;
  private final Runnable reannouncement = this::reannounceIfHeld;
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean wantHeld;
  private volatile boolean closed;
  private IpMover mover;
  private Boolean held; // unknown until the first operation: a crashed run may have left addresses
  private int attempts;

  /**
   * Creates a driver; the mover itself is made by {@link #start}.
   *
   * @param name the mover's name, for logs
   * @param target the group's addresses
   * @param config the mover's settings
   */
  public MoverDriver(String name, VirtualAddresses target, MoverConfig config) {
    this(name, target, config, Threads.movers(), Scheduler.system(), new SplittableRandom());
  }

  /**
   * Creates a driver that runs on the given executor and scheduler: the testkit's simulation
   * runs movers in virtual time.
   *
   * @param name the mover's name, for logs
   * @param target the addresses it moves
   * @param config its configuration
   * @param executor where its operations run, one at a time
   * @param scheduler its clock for retries
   * @param random draws the retries' jitter
   */
  public MoverDriver(String name, VirtualAddresses target, MoverConfig config, Executor executor,
      Scheduler scheduler, RandomGenerator random) {
    this.name = name;
    this.target = target;
    this.config = config;
    this.lane = new SerialExecutor(executor);
    this.scheduler = scheduler;
    this.random = random;
  }

  /**
   * Makes the mover (on the caller's thread: its configuration errors belong to the group's start).
   *
   * @param factory makes the mover from this context
   */
  public void start(Function<MoverContext, IpMover> factory) {
    this.mover = factory.apply(this);
  }

  /** Wants the addresses held. */
  public void claim() {
    wantHeld = true;
    lane.execute(reconcile);
  }

  /** Wants the addresses released. */
  public void release() {
    wantHeld = false;
    lane.execute(reconcile);
  }

  /** Announces again, if the addresses are (still) wanted and held. */
  public void reannounce() {
    lane.execute(reannouncement);
  }

  private void reannounceIfHeld() {
    if (!closed && wantHeld && Boolean.TRUE.equals(held)) {
      attempt("reannounce", IpMover::reannounce);
    }
  }

  /**
   * Returns how many operations failed.
   *
   * @return the count
   */
  public long failures() {
    return failures.get();
  }

  /**
   * Waits until everything asked so far has been done (or failed), then closes the mover.
   *
   * @param timeout how long to wait at most
   * @return true if it finished in time
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean close(Duration timeout) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    lane.execute(done::countDown);
    boolean finished = done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    lane.execute(() -> {
      closed = true;
      mover.close();
    });
    return finished;
  }

  @Override
  public VirtualAddresses target() {
    return target;
  }

  @Override
  public MoverConfig config() {
    return config;
  }

  @Override
  public void schedule(Duration delay, Runnable task) {
    scheduler.schedule(delay, () -> lane.execute(() -> {
      if (!closed) {
        task.run();
      }
    }));
  }

  private void reconcile() {
    boolean want = wantHeld;
    if (closed || Boolean.valueOf(want).equals(held)) {
      return;
    }
    if (attempt(want ? "claim" : "release", want ? IpMover::claim : IpMover::release)) {
      held = want;
      attempts = 0;
    } else {
      // a failure may have done half the work (an address added, its announcement refused):
      // whatever is wanted next must be done, not skipped as already so
      held = null;
      long cap = Math.min(LAST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempts++, 10));
      Duration backoff = Duration.ofMillis(random.nextLong(cap / 2, cap + 1));
      LOG.info("[{}] {}: retrying in {} ms", target.group(), name, backoff.toMillis());
      scheduler.schedule(backoff, () -> lane.execute(reconcile));
    }
  }

  /** An operation of the mover. */
  @FunctionalInterface
  private interface Operation {
    void run(IpMover mover) throws IpMoverException;
  }

  private boolean attempt(String what, Operation operation) {
    try {
      operation.run(mover);
      LOG.debug("[{}] {}: {} done", target.group(), name, what);
      return true;
    } catch (IpMoverException | RuntimeException e) {
      failures.incrementAndGet();
      LOG.warn("[{}] {}: {} failed: {}", target.group(), name, what, e.getMessage());
      return false;
    }
  }
}
