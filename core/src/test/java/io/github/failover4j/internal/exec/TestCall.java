package io.github.failover4j.internal.exec;

import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A mover call with a deadline that a test cancels by hand (core's tests cannot use the testkit's
 * TestMoverCall: the testkit depends on core).
 */
final class TestCall implements MoverCall {
  private final long deadline;
  private final OptionalLong fencingToken;
  private boolean cancelled; // guarded by this
  private Runnable abort; // guarded by this

  TestCall(Duration timeout) {
    this(timeout, OptionalLong.empty());
  }

  /** A lease holder's call, acting for the term of this token. */
  TestCall(Duration timeout, OptionalLong fencingToken) {
    this.deadline = System.nanoTime() + timeout.toNanos();
    this.fencingToken = fencingToken;
  }

  @Override
  public OptionalLong fencingToken() {
    return fencingToken;
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
