package io.github.failover4j;

/**
 * A demotion in force (CARP's {@code carpdemote}): it takes its amount off the priority of a group
 * ({@link FailoverGroup#demote}) or of every group of the process ({@link FailoverGroup#demoteAll})
 * until it is closed. Closing it twice does nothing.
 */
public interface Demotion extends AutoCloseable {
  /**
   * Returns why, for status and logs.
   *
   * @return the reason
   */
  String reason();

  /**
   * Returns how much it takes off.
   *
   * @return 1..254
   */
  int amount();

  /** Ends the demotion: the priority goes back up by its amount. */
  @Override
  void close();
}
