package io.github.failover4j.internal;

import io.github.failover4j.MoverOptions;
import io.github.failover4j.MoverState;
import io.github.failover4j.MoverStatus;
import io.github.failover4j.group.MoverLogic;
import io.github.failover4j.group.MoverOutcome;
import io.github.failover4j.group.MoverOutput;
import io.github.failover4j.group.MoverStep;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.MoverCall;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Runs one mover's {@link MoverLogic} beside the engine: the engine only hands wishes over and
 * returns; the logic runs on the mover's own serial lane, its timers on a {@link Scheduler}, and its
 * operations through {@link Operations} — blocking calls on a mover thread in production
 * ({@link MoverWorker}), a simulated cloud in virtual time in the testkit.
 */
public final class MoverDriver {
  /** Runs a mover's operations. */
  public interface Operations {
    /**
     * Starts an operation and reports its outcome once, from any thread, possibly before returning.
     *
     * @param step what to call
     * @param current the holder last seen, for a claim
     * @param call its deadline and cancellation
     * @param done takes the outcome
     */
    void run(MoverStep step, Holder current, MoverCall call, Consumer<MoverOutcome> done);

    /** Frees the mover, once nothing runs any more. */
    void close();
  }

  /** What a driver tells its group, on the mover's lane, in order. */
  public interface Events {
    /**
     * The mover changed state.
     *
     * @param mover the driver
     * @param from the old state
     * @param to the new one
     * @param detail why, without secrets
     */
    void changed(MoverDriver mover, MoverState from, MoverState to, String detail);

    /**
     * The provider shows the addresses on another node while the group is MASTER.
     *
     * @param mover the driver
     * @param holder the other node
     * @param action what the group must do
     */
    void splitBrain(MoverDriver mover, Holder holder, MoverOptions.OnSplitBrain action);

    /**
     * The claim-failure policy starts or stops to apply.
     *
     * @param mover the driver
     * @param failing true when it starts
     * @param why in words, without secrets
     */
    void claimFailing(MoverDriver mover, boolean failing, String why);
  }

  private final String name;
  private final MoverOptions options;
  private final Operations operations;
  private final SerialExecutor lane;
  private final Scheduler scheduler;
  private final Events events;
  private final MoverLogic logic;
  private final Runnable onTimer = this::onTimer;
  // the inputs, made once: a lambda is linked the first time it is made, milliseconds on the path
  // of a new master's claim (hold() runs on the engine thread)
  private final Runnable hold = () -> drive(true, this::holdNow);
  private final Runnable release = () -> drive(true, this::releaseNow);
  private final Runnable reannounce = () -> drive(false, this::reannounceNow);
  private final Runnable masterHeard = () -> drive(false, this::masterHeardNow);
  private final Object quiet = new Object();
  private volatile MoverStatus status;
  private final AtomicInteger wishes = new AtomicInteger(); // handed over, not yet taken and published
  private boolean settled = true; // guarded by quiet
  private OperationCall call;
  // the lease term of the last hold wish: handed over from the engine thread, then read on the lane
  private volatile OptionalLong wantedTerm = OptionalLong.empty();
  private OptionalLong term = OptionalLong.empty();
  private Scheduler.Cancellable timer;
  private long armed = MoverLogic.NO_DEADLINE;

  /**
   * Creates a driver.
   *
   * @param name the mover's name
   * @param kind where its addresses live
   * @param options how to run it
   * @param operations runs its operations
   * @param executor where its logic runs, one task at a time
   * @param scheduler its clock and timers
   * @param random draws the backoff's jitter
   * @param events what it tells the group
   */
  public MoverDriver(String name, IpMover.Kind kind, MoverOptions options, Operations operations, Executor executor,
      Scheduler scheduler, RandomGenerator random, Events events) {
    this.name = name;
    this.options = options;
    this.operations = operations;
    this.lane = new SerialExecutor(executor);
    this.scheduler = scheduler;
    this.events = events;
    this.logic = new MoverLogic(name, kind, options, random, new Output());
    this.status = logic.status();
  }

  /**
   * Returns the mover's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns how the mover runs.
   *
   * @return the options
   */
  public MoverOptions options() {
    return options;
  }

  /**
   * Wants the addresses held.
   *
   * @param fencingToken the token of the lease term the group holds them for; empty under VRRP
   */
  public void hold(OptionalLong fencingToken) {
    wishes.incrementAndGet();
    wantedTerm = fencingToken;
    lane.execute(hold);
  }

  /** Wants the addresses released. */
  public void release() {
    wishes.incrementAndGet();
    lane.execute(release);
  }

  /** Announces (or, for a cloud, re-checks) the held addresses again. */
  public void reannounce() {
    lane.execute(reannounce);
  }

  /** The group, not MASTER, heard another master: a pending cloud release is called off. */
  public void masterHeard() {
    lane.execute(masterHeard);
  }

  private void holdNow() {
    term = wantedTerm;
    logic.hold(scheduler.now());
  }

  private void releaseNow() {
    term = OptionalLong.empty(); // the term ended: a release is every node's to make
    logic.release(scheduler.now());
  }

  private void reannounceNow() {
    logic.reannounce(scheduler.now());
  }

  private void masterHeardNow() {
    logic.masterHeard(scheduler.now());
  }

  /**
   * Returns the mover's state.
   *
   * @return the latest snapshot
   */
  public MoverStatus status() {
    return status;
  }

  /**
   * Waits until what was asked so far is done or waiting for a retry (a closing MASTER's local
   * release), then calls off what is left and closes the mover.
   *
   * @param timeout how long to wait at most
   * @return true if it was done in time
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean close(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean finished;
    synchronized (quiet) {
      long left;
      while ((!settled || wishes.get() > 0) && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(quiet, left);
      }
      finished = settled && wishes.get() == 0;
    }
    lane.execute(() -> {
      logic.close(scheduler.now());
      if (timer != null) {
        timer.cancel();
      }
      operations.close();
    });
    return finished;
  }

  private void onTimer() {
    armed = MoverLogic.NO_DEADLINE;
    drive(false, () -> logic.onTimer(scheduler.now()));
  }

  /**
   * Runs an input on the lane, then publishes the status and re-arms the timer. A wish counts as
   * handed over until the logic's quiet state after it is published, in one step, so that
   * {@link #close} never sees it taken while the state before it still shows.
   */
  private void drive(boolean wish, Runnable input) {
    try {
      input.run();
    } finally {
      status = logic.status();
      synchronized (quiet) {
        if (wish) {
          wishes.decrementAndGet();
        }
        settled = logic.quiet();
        quiet.notifyAll();
      }
      rearm();
    }
  }

  private void rearm() {
    long deadline = logic.deadline();
    if (deadline != armed) {
      if (timer != null) {
        timer.cancel();
      }
      armed = deadline;
      timer = deadline == MoverLogic.NO_DEADLINE ? null
          : scheduler.schedule(Duration.ofNanos(Math.max(0, deadline - scheduler.now())), () -> lane.execute(onTimer));
    }
  }

  /** What the logic asks: runs on the lane. */
  private final class Output implements MoverOutput {
    @Override
    public void start(long id, MoverStep step, Holder current, long deadline) {
      OperationCall started = new OperationCall(scheduler, deadline, term);
      call = started;
      operations.run(step, current, started, outcome -> lane.execute(() -> drive(false, () ->
          logic.completed(scheduler.now(), id, outcome))));
    }

    @Override
    public void cancel(long id) {
      if (call != null) {
        call.cancel();
      }
    }

    @Override
    public void changed(MoverState from, MoverState to, String detail) {
      events.changed(MoverDriver.this, from, to, detail);
    }

    @Override
    public void splitBrain(Holder holder, MoverOptions.OnSplitBrain action) {
      events.splitBrain(MoverDriver.this, holder, action);
    }

    @Override
    public void claimFailing(boolean failing, String why) {
      events.claimFailing(MoverDriver.this, failing, why);
    }
  }
}
