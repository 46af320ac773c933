package io.github.failover4j.linux;

import java.nio.charset.StandardCharsets;

/** setsockopt with an int, and SO_BINDTODEVICE: the options every failover4j socket sets. */
final class SocketOptions {
  private SocketOptions() {}

  static void setInt(int fd, int level, int name, int value, String what) throws ErrnoException {
    Native.Memory memory = Native.allocate(4);
    memory.buffer().putInt(0, value);
    Native.check(Native.sys().setsockopt(fd, level, name, memory.address(), 4), "setsockopt(" + what + ")");
  }

  /** Only packets of this interface in, only out through it. */
  static void bindToDevice(int fd, String interfaceName) throws ErrnoException {
    byte[] name = interfaceName.getBytes(StandardCharsets.US_ASCII);
    Native.Memory device = Native.allocate(name.length + 1);
    device.buffer().put(0, name);
    Native.check(Native.sys().setsockopt(fd, Linux.SOL_SOCKET, Linux.SO_BINDTODEVICE, device.address(),
        name.length + 1), "setsockopt(SO_BINDTODEVICE, " + interfaceName + ")");
  }
}
