package io.github.failover4j.linux;

import java.nio.ByteBuffer;

/**
 * The system calls failover4j makes, with memory passed as plain addresses of direct buffers. The
 * one seam between failover4j and a native-call library: {@link JnrSyscalls} implements it with
 * jnr-ffi on Java 17; a Java 22+ FFM implementation can replace it without touching anything else.
 * Return values follow libc: negative on failure, then {@link #errno()} says why.
 */
interface Syscalls {
  int socket(int domain, int type, int protocol);

  int setsockopt(int fd, int level, int name, long value, int length);

  int bind(int fd, long address, int length);

  int connect(int fd, long address, int length);

  long sendmsg(int fd, long message, int flags);

  long recvmsg(int fd, long message, int flags);

  long recv(int fd, long buffer, long length, int flags);

  long read(int fd, long buffer, long length);

  long write(int fd, long buffer, long length);

  int ppoll(long fds, long count, long timeout, long sigmask);

  int close(int fd);

  int open(String path, int flags);

  int setns(int fd, int type);

  int eventfd(int initial, int flags);

  int timerfd_create(int clock, int flags);

  int timerfd_settime(int fd, int flags, long newValue, long oldValue);

  int prctl(int option, long arg2, long arg3, long arg4, long arg5);

  int kill(int pid, int signal);

  /** Sets a thread's policy; {@code pid} 0 is the calling thread, {@code param} a {@code struct sched_param}. */
  int sched_setscheduler(int pid, int policy, long param);

  int mlockall(int flags);

  String strerror(int errno);

  /** The errno of the calling thread's last failed call; read it right after that call. */
  int errno();

  /** The native address of a direct buffer's first byte. */
  long address(ByteBuffer direct);
}
