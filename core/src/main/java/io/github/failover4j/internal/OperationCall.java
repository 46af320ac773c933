package io.github.failover4j.internal;

import io.github.failover4j.spi.ElectionCall;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One mover operation's or lease store call's deadline and cancellation, as its driver hands it over. */
final class OperationCall implements MoverCall, ElectionCall {
  private static final Logger LOG = LoggerFactory.getLogger(OperationCall.class);

  private final Scheduler scheduler;
  private final long deadline;
  private final OptionalLong fencingToken;
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private Runnable abort;

  OperationCall(Scheduler scheduler, long deadline) {
    this(scheduler, deadline, OptionalLong.empty());
  }

  OperationCall(Scheduler scheduler, long deadline, OptionalLong fencingToken) {
    this.scheduler = scheduler;
    this.deadline = deadline;
    this.fencingToken = fencingToken;
  }

  @Override
  public OptionalLong fencingToken() {
    return fencingToken;
  }

  @Override
  public Duration remaining() {
    return Duration.ofNanos(deadline - scheduler.now());
  }

  @Override
  public boolean cancelled() {
    return cancelled.getCount() == 0 || scheduler.now() >= deadline;
  }

  @Override
  public void onCancel(Runnable action) {
    boolean now;
    synchronized (this) {
      abort = action;
      now = cancelled.getCount() == 0;
    }
    if (now) {
      action.run();
    }
  }

  @Override
  public void pause(Duration delay) throws IpMoverException {
    long left = deadline - scheduler.now();
    if (cancelled()) {
      throw IpMoverException.cancelled("cancelled");
    }
    if (delay.toNanos() >= left) {
      throw IpMoverException.cancelled("a wait of " + delay.toMillis() + " ms would pass the operation's deadline");
    }
    try {
      if (cancelled.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
        throw IpMoverException.cancelled("cancelled");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw IpMoverException.cancelled("interrupted");
    }
  }

  /**
   * Cancels: wakes a pause and runs the registered abort. The abort is the provider's code, run on
   * the driver's lane: if it throws, that is logged, never thrown into the driver's logic.
   */
  void cancel() {
    Runnable action;
    synchronized (this) {
      if (cancelled.getCount() == 0) {
        return;
      }
      cancelled.countDown();
      action = abort;
    }
    if (action != null) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("a mover's abort threw; the operation is cancelled all the same", e);
      }
    }
  }
}
