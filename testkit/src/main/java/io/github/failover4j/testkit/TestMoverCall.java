package io.github.failover4j.testkit;

import io.github.failover4j.spi.ElectionCall;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MoverCall} (and {@link ElectionCall}) for tests of an {@link io.github.failover4j.spi.IpMover} or a
 * {@link io.github.failover4j.spi.LeaseStore}: a deadline on the
 * real clock, and a {@link #cancel()} that a test calls from any thread, as failover4j's driver
 * does when the group's wish changes. When the deadline passes the call cancels itself, as the
 * driver's does, so a mover that only registered {@link #onCancel} is stopped by it too.
 *
 * <pre>{@code
 * TestMoverCall call = TestMoverCall.within(Duration.ofSeconds(30));
 * Holder holder = mover.observe(call);
 * }</pre>
 */
public final class TestMoverCall implements MoverCall, ElectionCall {
  // cancels calls at their deadline; a daemon, so that a test JVM never waits for it
  private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "failover4j-test-mover-call-deadline");
    thread.setDaemon(true);
    return thread;
  });

  private final long deadlineNanos;
  private final CountDownLatch cancellation = new CountDownLatch(1);
  private Runnable abort; // guarded by this; null once run

  private TestMoverCall(Duration timeout) {
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
  }

  /**
   * Makes a call whose deadline is a time from now.
   *
   * @param timeout the time the operation has; it cancels itself when that has passed
   * @return the call
   */
  public static TestMoverCall within(Duration timeout) {
    TestMoverCall call = new TestMoverCall(timeout);
    DEADLINES.schedule(call::cancel, Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    return call;
  }

  /**
   * Cancels the operation: runs what the mover registered with {@link #onCancel} (on this thread),
   * and wakes its {@link #pause}. Calling it again does nothing.
   */
  public void cancel() {
    Runnable toRun;
    synchronized (this) {
      if (cancellation.getCount() == 0) {
        return;
      }
      cancellation.countDown();
      toRun = abort;
      abort = null;
    }
    if (toRun != null) {
      toRun.run();
    }
  }

  @Override
  public Duration remaining() {
    return Duration.ofNanos(deadlineNanos - System.nanoTime());
  }

  @Override
  public boolean cancelled() {
    return cancellation.getCount() == 0 || deadlineNanos - System.nanoTime() <= 0;
  }

  @Override
  public void onCancel(Runnable abort) {
    synchronized (this) {
      if (cancellation.getCount() > 0) {
        this.abort = abort;
        return;
      }
    }
    abort.run();
  }

  @Override
  public void pause(Duration delay) throws IpMoverException {
    if (cancelled()) {
      throw IpMoverException.cancelled("pause: the call was cancelled");
    }
    if (delay.compareTo(remaining()) > 0) {
      throw IpMoverException.cancelled("pause of " + delay.toMillis() + " ms: would pass the deadline");
    }
    try {
      if (cancellation.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
        throw IpMoverException.cancelled("pause: the call was cancelled");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw IpMoverException.cancelled("pause: interrupted");
    }
  }

  @Override
  public String toString() {
    return "TestMoverCall(" + (cancelled() ? "cancelled" : remaining().toMillis() + " ms left") + ")";
  }
}
