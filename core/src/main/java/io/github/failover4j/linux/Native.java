package io.github.failover4j.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The process's {@link Syscalls}, errno checks, and native memory as direct buffers. */
final class Native {
  private static final class Holder {
    static final Syscalls SYSCALLS = load();
  }

  private Native() {}

  static Syscalls sys() {
    return Holder.SYSCALLS;
  }

  /** Must be read right after the failed call, on the same thread: any later call may reset it. */
  static int errno() {
    return Holder.SYSCALLS.errno();
  }

  static String strerror(int errno) {
    return Holder.SYSCALLS.strerror(errno);
  }

  /** Throws with the errno of the call just made if it returned a negative value. */
  static long check(long result, String call) throws ErrnoException {
    if (result < 0) {
      throw new ErrnoException(call, errno());
    }
    return result;
  }

  /** Zeroed native memory in host byte order (as structs want), with its address. */
  static Memory allocate(int size) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    return new Memory(buffer, Holder.SYSCALLS.address(buffer));
  }

  /**
   * A region of native memory. The buffer keeps it alive: hold the record as long as the address is
   * in use.
   *
   * @param buffer the memory, host byte order
   * @param address its first byte
   */
  record Memory(ByteBuffer buffer, long address) {}

  private static Syscalls load() {
    String os = System.getProperty("os.name");
    if (!os.startsWith("Linux")) {
      throw new UnsupportedOperationException("failover4j's data plane runs on Linux, not " + os);
    }
    return new JnrSyscalls();
  }
}
