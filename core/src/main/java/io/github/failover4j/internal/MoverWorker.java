package io.github.failover4j.internal;

import io.github.failover4j.group.MoverOutcome;
import io.github.failover4j.group.MoverStep;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.MoverContext;
import io.github.failover4j.spi.VirtualAddresses;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a real {@link IpMover}'s blocking operations for a {@link MoverDriver}, on a serial lane of
 * mover threads shared with the tasks the mover schedules (announcement bursts): they never overlap.
 * A {@link IpMover.Kind#LOCAL} mover's lane runs on the claim lane instead ({@link Threads#claims()}),
 * so that a new master's address and first announcement wait for no cloud call.
 */
public final class MoverWorker implements MoverDriver.Operations, MoverContext {
  private final VirtualAddresses target;
  private final MoverConfig config;
  private final Executor localExecutor;
  private final Scheduler scheduler;
  private volatile SerialExecutor lane; // chosen by the mover's kind once it is made
  private IpMover mover;
  private volatile boolean closed;

  /**
   * Creates a worker; the mover itself is made by {@link #start}.
   *
   * @param target the group's addresses
   * @param config the mover's settings
   * @param executor where the operations of a cloud mover run
   * @param localExecutor where those of a local mover run
   * @param scheduler the clock of the mover's scheduled tasks
   */
  public MoverWorker(VirtualAddresses target, MoverConfig config, Executor executor, Executor localExecutor,
      Scheduler scheduler) {
    this.target = target;
    this.config = config;
    this.lane = new SerialExecutor(executor);
    this.localExecutor = localExecutor;
    this.scheduler = scheduler;
  }

  /**
   * Makes the mover, on the caller's thread: its configuration errors belong to the group's start.
   *
   * @param factory makes the mover from this context
   * @return the mover
   */
  public IpMover start(Function<MoverContext, IpMover> factory) {
    IpMover made = factory.apply(this);
    if (made.kind() == IpMover.Kind.LOCAL) {
      lane = new SerialExecutor(localExecutor);
    }
    mover = made;
    return made;
  }

  @Override
  public void run(MoverStep step, Holder current, MoverCall call, Consumer<MoverOutcome> done) {
    lane.execute(() -> {
      MoverOutcome outcome;
      try {
        outcome = call(step, current, call);
      } catch (Error e) {
        // reported all the same, or the driver would wait for this operation forever
        done.accept(MoverOutcome.failed(new IpMoverException(name(step) + ": " + e, e)));
        throw e;
      }
      done.accept(outcome);
    });
  }

  private MoverOutcome call(MoverStep step, Holder current, MoverCall call) {
    if (call.cancelled()) {
      // called off (or past its deadline) while it waited behind another task: a claim must not
      // run on after the role is lost
      return MoverOutcome.failed(IpMoverException.cancelled(name(step) + ": cancelled before it started"));
    }
    try {
      switch (step) {
        case OBSERVE:
          return MoverOutcome.observed(mover.observe(call));
        case CLAIM:
          mover.claim(call, current);
          break;
        case RELEASE:
          mover.release(call);
          break;
        case REANNOUNCE:
          mover.reannounce(call);
          break;
        default:
          throw new IllegalStateException(step.name());
      }
      return MoverOutcome.done();
    } catch (IpMoverException e) {
      return MoverOutcome.failed(e);
    } catch (RuntimeException e) {
      // a provider's bug: reported as a failure like any other, with its class for whoever fixes it
      return MoverOutcome.failed(new IpMoverException(name(step) + ": " + e.getClass().getName() + ": "
          + e.getMessage(), e));
    }
  }

  private static String name(MoverStep step) {
    return step.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void close() {
    lane.execute(() -> {
      closed = true;
      if (mover != null) {
        mover.close();
      }
    });
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
}
