package io.github.failover4j.spi;

import java.time.Duration;

/** What a provider gets to make an {@link IpMover} for one group. */
public interface MoverContext {
  /**
   * Returns the addresses to move and where they live.
   *
   * @return the target
   */
  VirtualAddresses target();

  /**
   * Returns the provider's settings for this group.
   *
   * @return the settings
   */
  MoverConfig config();

  /**
   * Runs a task later, in order with the mover's other operations (never at the same time as one):
   * for repeated announcements, polling an asynchronous provider action, and the like.
   *
   * @param delay how long from now
   * @param task what to run
   */
  void schedule(Duration delay, Runnable task);
}
