package io.github.failover4j.linux;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Link events of one namespace: a non-blocking rtnetlink socket subscribed to RTMGRP_LINK, read by
 * the engine thread when poll says it is readable.
 */
final class LinkMonitor implements Closeable {
  /** Told of every link event. */
  interface Listener {
    void linkChanged(Netlink.Link link);
  }

  private final int fd;
  private final Native.Memory buffer = Native.allocate(64 * 1024);

  private LinkMonitor(int fd) {
    this.fd = fd;
  }

  static LinkMonitor open(Optional<String> namespace) throws ErrnoException {
    return NetworkNamespace.call(namespace,
        () -> new LinkMonitor(Netlink.openSocket(Linux.RTMGRP_LINK, Linux.SOCK_NONBLOCK)));
  }

  int fd() {
    return fd;
  }

  /** Reads every waiting event. */
  void drain(Listener listener) throws ErrnoException {
    while (true) {
      long received = Native.sys().recv(fd, buffer.address(), buffer.buffer().capacity(), Linux.MSG_DONTWAIT);
      if (received < 0) {
        int errno = Native.errno();
        if (errno == Linux.EAGAIN || errno == Linux.EINTR) {
          return;
        }
        // ENOBUFS: events were lost; the engine re-reads every link's state
        throw new ErrnoException("recv(RTMGRP_LINK)", errno);
      }
      ByteBuffer b = buffer.buffer();
      for (int at = 0; at + 16 <= received; ) {
        int length = b.getInt(at);
        if (length < 16 || at + length > received) {
          break;
        }
        Netlink.parseLink(b.slice(at, length).order(b.order()))
            .ifPresent(listener::linkChanged);
        at += Netlink.align(length);
      }
    }
  }

  @Override
  public void close() {
    Native.sys().close(fd);
  }
}
