package io.github.failover4j.provider.support.testing;

import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import io.github.failover4j.testkit.TestMoverCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The testkit's {@link TestMoverCall} (a deadline on the real clock, cancelled from any thread as
 * the driver cancels), except that {@link #pause} records the wait and returns at once: the fakes
 * move on with each request, not with time, so a test of a mover that polls never sleeps, and can
 * check the waits it asked for.
 */
public final class RecordingCall implements MoverCall {
  private final TestMoverCall call;
  private final List<Duration> pauses = new ArrayList<>();

  private RecordingCall(Duration timeout) {
    this.call = TestMoverCall.within(timeout);
  }

  /**
   * Makes a call whose deadline is a time from now.
   *
   * @param timeout the time the operation has
   * @return the call
   */
  public static RecordingCall within(Duration timeout) {
    return new RecordingCall(timeout);
  }

  /**
   * Makes a call with the driver's default deadline.
   *
   * @return a call of two minutes
   */
  public static RecordingCall twoMinutes() {
    return within(Duration.ofMinutes(2));
  }

  @Override
  public Duration remaining() {
    return call.remaining();
  }

  @Override
  public boolean cancelled() {
    return call.cancelled();
  }

  @Override
  public void onCancel(Runnable abort) {
    call.onCancel(abort);
  }

  /** Records the wait, unless cancelled or the wait would pass the deadline, as the driver's pause refuses. */
  @Override
  public synchronized void pause(Duration delay) throws IpMoverException {
    if (cancelled() || delay.compareTo(remaining()) > 0) {
      throw IpMoverException.cancelled("pause of " + delay.toMillis() + " ms: cancelled");
    }
    pauses.add(delay);
  }

  /** Cancels the operation: runs the abort the mover registered, on this thread. */
  public void cancel() {
    call.cancel();
  }

  /**
   * Returns the waits the mover asked for.
   *
   * @return them, in order
   */
  public synchronized List<Duration> pauses() {
    return List.copyOf(pauses);
  }
}
