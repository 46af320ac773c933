package io.github.failover4j.linux.libc;

import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import jnr.ffi.types.u_int64_t;

/**
 * The libc functions as jnr-ffi binds them; internal to failover4j, not an API. Public, in a package
 * of its own exported to every module, only because jnr-ffi defines the implementation in a class
 * loader (so an unnamed module) of its own. Addresses are passed as pointer-sized integers.
 *
 * <p>No function here takes six arguments: with jffi 1.4.3 (the last with native jars on Maven
 * Central) jnr-ffi's fast path passes garbage as a sixth argument, so {@code sendto} is replaced by
 * {@code sendmsg}.
 */
public interface LibC {
  int socket(int domain, int type, int protocol);

  int setsockopt(int fd, int level, int name, @intptr_t long value, int length);

  int bind(int fd, @intptr_t long address, int length);

  int connect(int fd, @intptr_t long address, int length);

  @ssize_t long sendmsg(int fd, @intptr_t long message, int flags);

  @ssize_t long recvmsg(int fd, @intptr_t long message, int flags);

  @ssize_t long recv(int fd, @intptr_t long buffer, @size_t long length, int flags);

  @ssize_t long read(int fd, @intptr_t long buffer, @size_t long length);

  @ssize_t long write(int fd, @intptr_t long buffer, @size_t long length);

  int ppoll(@intptr_t long fds, @u_int64_t long count, @intptr_t long timeout, @intptr_t long sigmask);

  int close(int fd);

  int open(String path, int flags);

  int setns(int fd, int type);

  int eventfd(int initial, int flags);

  int timerfd_create(int clock, int flags);

  int timerfd_settime(int fd, int flags, @intptr_t long newValue, @intptr_t long oldValue);

  int prctl(int option, long arg2, long arg3, long arg4, long arg5);

  int kill(int pid, int signal);

  int sched_setscheduler(int pid, int policy, @intptr_t long param);

  int mlockall(int flags);

  String strerror(int errno);
}
