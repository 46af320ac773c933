package io.github.failover4j.linux;

import io.github.failover4j.FailoverException;
import io.github.failover4j.MissingCapabilityException;
import java.nio.file.Path;

/**
 * Real-time scheduling of a thread (keepalived's {@code vrrp_rt_priority}) and locked memory
 * (keepalived's {@code vrrp_no_swap}): beside a busy neighbour, a thread of the default policy waits
 * its turn for the CPU, and a page swapped out waits for the disk, both longer than a short
 * advertisement interval. SCHED_RR, as keepalived: a real-time thread that never sleeps is still
 * preempted by one of the same priority.
 */
public final class RealtimeScheduling {
  /** The highest real-time priority Linux gives SCHED_RR and SCHED_FIFO threads. */
  public static final int MAX_PRIORITY = 99;

  private static final int SCHED_OTHER = 0;
  private static final int SCHED_RR = 2;
  // threads the engine thread starts (the claim lane, mover threads, log lanes) keep the default policy
  private static final int SCHED_RESET_ON_FORK = 0x40000000;
  private static final int MCL_CURRENT = 1;
  private static final int MCL_FUTURE = 2;
  private static final int MCL_ONFAULT = 4; // Linux 4.4+
  private static final int EINVAL = 22;
  private static final int ENOMEM = 12;
  private static final int CAP_IPC_LOCK = 14;

  private static boolean locked; // guarded by the class

  private RealtimeScheduling() {}

  /**
   * Sets the calling thread's policy: SCHED_RR at a priority, or back to the default policy. Threads
   * it starts from then on start with the default policy (SCHED_RESET_ON_FORK): only it is real-time.
   *
   * @param priority 1..99; 0 for the default policy (SCHED_OTHER)
   * @throws MissingCapabilityException without CAP_SYS_NICE (or an RLIMIT_RTPRIO as high)
   */
  static void schedule(int priority) {
    Native.Memory param = Native.allocate(4); // struct sched_param { int sched_priority; }
    param.buffer().putInt(0, priority);
    int policy = priority == 0 ? SCHED_OTHER : SCHED_RR | SCHED_RESET_ON_FORK;
    if (Native.sys().sched_setscheduler(0, policy, param.address()) < 0) {
      int errno = Native.errno();
      if (errno == Linux.EPERM) {
        throw new MissingCapabilityException("CAP_SYS_NICE", "run the engine thread at real-time priority "
            + priority + " (SCHED_RR)", "run as root; or under systemd with AmbientCapabilities=CAP_SYS_NICE (and"
            + " CapabilityBoundingSet= it too) in the service's unit, or LimitRTPRIO=" + priority + " there, which"
            + " allows real-time priorities up to " + priority + " without the capability; or add cap_sys_nice+ep"
            + " to the java binary's file capabilities with setcap");
      }
      throw new FailoverException("real-time priority " + priority + ": " + new ErrnoException(
          "sched_setscheduler(SCHED_RR)", errno).getMessage());
    }
  }

  /**
   * Locks the process's memory, present and future, once per process: pages are then never swapped
   * out. With {@code MCL_ONFAULT} (Linux 4.4+) a page is locked when first touched: without it the
   * kernel would make every page the JVM has mapped resident at once, reserved heap and code cache
   * included (hundreds of MB for a daemon that uses 60). On an older kernel, which refuses the flag,
   * it locks everything ({@code MCL_CURRENT | MCL_FUTURE}).
   *
   * @throws MissingCapabilityException without CAP_IPC_LOCK, when RLIMIT_MEMLOCK is too small
   */
  public static synchronized void lockMemory() {
    if (locked) {
      return;
    }
    int result = Native.sys().mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT);
    if (result < 0 && Native.errno() == EINVAL) {
      result = Native.sys().mlockall(MCL_CURRENT | MCL_FUTURE);
    }
    if (result < 0) {
      int errno = Native.errno();
      // without the capability the kernel says EPERM (RLIMIT_MEMLOCK 0) or ENOMEM (over the limit)
      if (errno == Linux.EPERM || errno == ENOMEM && !Capabilities.effective(Path.of("/proc/self/status"),
          CAP_IPC_LOCK)) {
        throw new MissingCapabilityException("CAP_IPC_LOCK", "lock the process's memory (mlockall) beyond its"
            + " RLIMIT_MEMLOCK", "run as root; or under systemd with AmbientCapabilities=CAP_IPC_LOCK (and"
            + " CapabilityBoundingSet= it too) in the service's unit, or LimitMEMLOCK=infinity there; or add"
            + " cap_ipc_lock+ep to the java binary's file capabilities with setcap");
      }
      throw new FailoverException("lock memory: " + new ErrnoException("mlockall(MCL_CURRENT | MCL_FUTURE)",
          errno).getMessage());
    }
    locked = true;
  }
}
