package io.github.failover4j.spi;

import java.time.Duration;

/**
 * One {@link LeaseStore} call in progress: its deadline and its cancellation. The driver cancels a
 * call when its deadline passes or the group closes; a store registers how to abort what it is
 * blocked in ({@code call::cancel} for an OkHttp call) and bounds its timeouts by
 * {@link #remaining()}, so that a renewal that hangs cannot keep a holder past its deadline.
 */
public interface ElectionCall {
  /**
   * Returns the time left until the call's deadline.
   *
   * @return the time left; zero or negative when past
   */
  Duration remaining();

  /**
   * Tells whether the call was cancelled (or its deadline passed).
   *
   * @return true if the store should stop and throw {@link ElectionException#cancelled}
   */
  boolean cancelled();

  /**
   * Registers what aborts the blocking work of this call; it runs once, on the thread that
   * cancels, at once if already cancelled. Registering again replaces the previous one.
   *
   * @param abort e.g. {@code call::cancel}
   */
  void onCancel(Runnable abort);
}
