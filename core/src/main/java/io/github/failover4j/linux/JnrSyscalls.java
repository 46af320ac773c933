package io.github.failover4j.linux;

import io.github.failover4j.linux.libc.LibC;
import java.nio.ByteBuffer;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/** {@link Syscalls} through jnr-ffi: the only class that knows jnr-ffi. */
final class JnrSyscalls implements Syscalls {
  private final LibC libc;
  private final Runtime runtime;

  JnrSyscalls() {
    this.libc = LibraryLoader.create(LibC.class).load("c");
    this.runtime = Runtime.getRuntime(libc);
  }

  @Override
  public int socket(int domain, int type, int protocol) {
    return libc.socket(domain, type, protocol);
  }

  @Override
  public int setsockopt(int fd, int level, int name, long value, int length) {
    return libc.setsockopt(fd, level, name, value, length);
  }

  @Override
  public int bind(int fd, long address, int length) {
    return libc.bind(fd, address, length);
  }

  @Override
  public int connect(int fd, long address, int length) {
    return libc.connect(fd, address, length);
  }

  @Override
  public long sendmsg(int fd, long message, int flags) {
    return libc.sendmsg(fd, message, flags);
  }

  @Override
  public long recvmsg(int fd, long message, int flags) {
    return libc.recvmsg(fd, message, flags);
  }

  @Override
  public long recv(int fd, long buffer, long length, int flags) {
    return libc.recv(fd, buffer, length, flags);
  }

  @Override
  public long read(int fd, long buffer, long length) {
    return libc.read(fd, buffer, length);
  }

  @Override
  public long write(int fd, long buffer, long length) {
    return libc.write(fd, buffer, length);
  }

  @Override
  public int ppoll(long fds, long count, long timeout, long sigmask) {
    return libc.ppoll(fds, count, timeout, sigmask);
  }

  @Override
  public int close(int fd) {
    return libc.close(fd);
  }

  @Override
  public int open(String path, int flags) {
    return libc.open(path, flags);
  }

  @Override
  public int setns(int fd, int type) {
    return libc.setns(fd, type);
  }

  @Override
  public int eventfd(int initial, int flags) {
    return libc.eventfd(initial, flags);
  }

  @Override
  public int timerfd_create(int clock, int flags) {
    return libc.timerfd_create(clock, flags);
  }

  @Override
  public int timerfd_settime(int fd, int flags, long newValue, long oldValue) {
    return libc.timerfd_settime(fd, flags, newValue, oldValue);
  }

  @Override
  public int prctl(int option, long arg2, long arg3, long arg4, long arg5) {
    return libc.prctl(option, arg2, arg3, arg4, arg5);
  }

  @Override
  public int kill(int pid, int signal) {
    return libc.kill(pid, signal);
  }

  @Override
  public int sched_setscheduler(int pid, int policy, long param) {
    return libc.sched_setscheduler(pid, policy, param);
  }

  @Override
  public int mlockall(int flags) {
    return libc.mlockall(flags);
  }

  @Override
  public String strerror(int errno) {
    return libc.strerror(errno);
  }

  @Override
  public int errno() {
    return LastError.getLastError(runtime);
  }

  @Override
  public long address(ByteBuffer direct) {
    return Pointer.wrap(runtime, direct).address();
  }
}
