package io.github.failover4j.linux;

import java.io.IOException;

/** A failed system call, with the errno read right after it. */
final class ErrnoException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int errno;

  ErrnoException(String call, int errno) {
    super(call + ": " + Native.strerror(errno) + " (errno " + errno + ")");
    this.errno = errno;
  }

  int errno() {
    return errno;
  }
}
