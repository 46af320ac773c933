package io.github.failover4j.linux;

/**
 * A reusable {@code msghdr} with one {@code iovec}, for sending a buffer to an address with
 * {@code sendmsg} without allocating.
 */
final class MessageHeader {
  // msghdr (LP64): name 0, namelen 8, iov 16, iovlen 24, control 32, controllen 40, flags 48; iovec at 56
  private final Native.Memory memory = Native.allocate(72);

  MessageHeader() {
    memory.buffer().putLong(16, memory.address() + 56).putLong(24, 1);
  }

  /**
   * Sends {@code length} bytes at {@code buffer} to the socket address at {@code name} (0 for none:
   * the kernel, for netlink).
   */
  long send(int fd, long name, int nameLength, long buffer, long length) {
    memory.buffer().putLong(0, name).putInt(8, nameLength).putLong(56, buffer).putLong(64, length);
    return Native.sys().sendmsg(fd, memory.address(), 0);
  }
}
