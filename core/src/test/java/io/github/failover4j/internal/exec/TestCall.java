package io.github.failover4j.internal.exec;

import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.time.Duration;

/**
 * A mover call with a deadline that a test cancels by hand (core's tests cannot use the testkit's
 * TestMoverCall: the testkit depends on core).
 */
final class TestCall implements MoverCall {
  private final long deadline;
  private boolean cancelled; // guarded by this
  private Runnable abort; // guarded by this

  TestCall(Duration timeout) {
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  void cancel() {
    Runnable toRun;
    synchronized (this) {
      cancelled = true;
      toRun = abort;
      abort = null;
    }
    if (toRun != null) {
      toRun.run();
    }
  }

  @Override
  public Duration remaining() {
    return Duration.ofNanos(deadline - System.nanoTime());
  }

  @Override
  public synchronized boolean cancelled() {
    return cancelled || deadline - System.nanoTime() <= 0;
  }

  @Override
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (!cancelled) {
        abort = action;
        return;
      }
    }
    action.run();
  }

  @Override
  public void pause(Duration delay) throws IpMoverException {
    throw new UnsupportedOperationException("the exec mover does not pause");
  }
}
