package io.github.failover4j.linux;

import io.github.failover4j.FailoverException;
import io.github.failover4j.MissingCapabilityException;
import java.util.Optional;

/**
 * Runs socket creation inside a named network namespace ({@code /var/run/netns/NAME}, as made by
 * {@code ip netns add}). A socket belongs to the namespace it was created in, whatever thread uses
 * it later; only the calling thread switches, and only for the duration of the call.
 */
final class NetworkNamespace {
  /** A socket-creating call that may fail with errno. */
  @FunctionalInterface
  interface Action<T> {
    T run() throws ErrnoException;
  }

  private NetworkNamespace() {}

  static <T> T call(Optional<String> name, Action<T> action) throws ErrnoException {
    if (name.isEmpty()) {
      return action.run();
    }
    Syscalls libc = Native.sys();
    int target = libc.open("/var/run/netns/" + name.get(), Linux.O_RDONLY | Linux.O_CLOEXEC);
    if (target < 0) {
      int errno = Native.errno();
      if (errno == Linux.ENOENT) {
        throw new FailoverException("network namespace " + name.get() + ": not found in /var/run/netns");
      }
      throw new ErrnoException("open(/var/run/netns/" + name.get() + ")", errno);
    }
    int home = libc.open("/proc/thread-self/ns/net", Linux.O_RDONLY | Linux.O_CLOEXEC);
    try {
      Native.check(home, "open(/proc/thread-self/ns/net)");
      if (libc.setns(target, Linux.CLONE_NEWNET) < 0) {
        int errno = Native.errno();
        if (errno == Linux.EPERM) {
          throw new MissingCapabilityException("CAP_SYS_ADMIN", "enter network namespace " + name.get());
        }
        throw new ErrnoException("setns(" + name.get() + ")", errno);
      }
      try {
        return action.run();
      } finally {
        if (libc.setns(home, Linux.CLONE_NEWNET) < 0) {
          // the thread would go on in the wrong namespace: nothing sane can continue
          throw new IllegalStateException("cannot return to the original network namespace: errno " + Native.errno());
        }
      }
    } finally {
      libc.close(target);
      if (home >= 0) {
        libc.close(home);
      }
    }
  }
}
