package io.github.failover4j.linux;

import java.io.IOException;

/**
 * Signals to a whole process group: how a health-check or notify script is stopped together with
 * every child it started, also those it left running in the background. Internal to failover4j,
 * public only for its script runner in another package.
 */
public final class ProcessGroups {
  /** Asks a process to end (its handlers run). */
  public static final int SIGTERM = 15;
  /** Ends a process at once. */
  public static final int SIGKILL = 9;
  /** No signal: only asks whether the group still has a process. */
  public static final int PROBE = 0;

  private static final int ESRCH = 3;

  private ProcessGroups() {}

  /**
   * Sends a signal to every process of a group.
   *
   * @param groupId the group's id: the pid of the process that made it with {@code setsid}
   * @param signal {@link #SIGTERM}, {@link #SIGKILL} or {@link #PROBE}
   * @return true if the group has a process (which got the signal), false if it has none left
   * @throws IOException if the kernel refused, e.g. EPERM for a member running as another user
   * @throws IllegalArgumentException for a group id of 1 or less
   */
  public static boolean signal(long groupId, int signal) throws IOException {
    // kill(-1) would signal every process this one may signal, kill(0) its own group: never do either
    if (groupId <= 1 || groupId > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("process group " + groupId + " (expected: 2.." + Integer.MAX_VALUE + ")");
    }
    if (Native.sys().kill(-(int) groupId, signal) == 0) {
      return true;
    }
    int errno = Native.errno();
    if (errno == ESRCH) {
      return false;
    }
    throw new ErrnoException("kill(-" + groupId + ", " + signal + ")", errno);
  }
}
