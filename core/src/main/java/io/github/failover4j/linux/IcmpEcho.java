package io.github.failover4j.linux;

import io.github.failover4j.FailoverException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * ICMP (or ICMPv6) echo to one address, without forking {@code ping}. The socket is an
 * unprivileged ICMP datagram socket where {@code net.ipv4.ping_group_range} admits this process's
 * group (the kernel then fills in the identifier and checksum, and hands over only replies to it),
 * else a raw socket, which needs CAP_NET_RAW. The socket is connected to the target, so the kernel
 * passes only packets from it; a reply counts when its type, identifier, sequence number and random
 * payload are those of the request just sent.
 *
 * <p>Not thread-safe. Internal to failover4j, public only for its health checks in another package.
 */
public final class IcmpEcho implements Closeable {
  /** How the socket was opened. */
  public enum Kind {
    /** An unprivileged ICMP datagram socket ({@code net.ipv4.ping_group_range}). */
    DATAGRAM,
    /** A raw socket (CAP_NET_RAW). */
    RAW
  }

  private static final int IPPROTO_ICMP = 1;
  private static final int SOL_RAW = 255;
  private static final int ICMP_FILTER = 1;
  private static final int ICMP6_FILTER = 1;
  private static final int ECHO_REQUEST = 8;
  private static final int ECHO_REPLY = 0;
  private static final int ECHO_REQUEST_V6 = 128;
  private static final int ECHO_REPLY_V6 = 129;
  private static final int EACCES = 13;
  private static final int HEADER = 8;
  private static final int PAYLOAD = 16;
  private static final int RECEIVE = 2048;
  // an interrupt is noticed between two waits of at most this long
  private static final long SLICE_NANOS = 50_000_000L;
  private static final Random NONCES = new SecureRandom();

  private final InetAddress target;
  private final byte[] targetBytes;
  private final boolean v6;
  private final Kind kind;
  private final int fd;
  private final int identifier;
  private final Native.Memory request = Native.allocate(HEADER + PAYLOAD);
  private final Native.Memory reply = Native.allocate(RECEIVE);
  // the same memory as request and reply, in network order for the ICMP fields
  private final ByteBuffer out = request.buffer().duplicate();
  private final ByteBuffer in = reply.buffer().duplicate();
  // pollfd (fd, events, revents: 8 bytes) then timespec (seconds, nanoseconds: 16 bytes)
  private final Native.Memory poll = Native.allocate(24);
  private final MessageHeader sender = new MessageHeader();
  private int sequence;
  private boolean closed;

  private IcmpEcho(InetAddress target, Kind kind, int fd) {
    this.target = target;
    this.targetBytes = target.getAddress();
    this.v6 = target instanceof Inet6Address;
    this.kind = kind;
    this.fd = fd;
    this.identifier = NONCES.nextInt() & 0xFFFF;
    poll.buffer().putInt(0, fd).putShort(4, Linux.POLLIN);
  }

  /**
   * Opens a socket connected to the target: an ICMP datagram socket if allowed, else a raw one.
   *
   * @param target the address to ping
   * @return the open socket
   * @throws FailoverException if neither kind of socket is allowed, saying how to allow one
   * @throws IOException if the socket cannot be set up (e.g. IPv6 is disabled)
   */
  public static IcmpEcho open(InetAddress target) throws IOException {
    boolean v6 = target instanceof Inet6Address;
    int family = v6 ? Linux.AF_INET6 : Linux.AF_INET;
    int protocol = v6 ? Linux.IPPROTO_ICMPV6 : IPPROTO_ICMP;
    int flags = Linux.SOCK_NONBLOCK | Linux.SOCK_CLOEXEC;
    Kind kind = Kind.DATAGRAM;
    int fd = Native.sys().socket(family, Linux.SOCK_DGRAM | flags, protocol);
    if (fd < 0) {
      int datagramErrno = Native.errno();
      kind = Kind.RAW;
      fd = Native.sys().socket(family, Linux.SOCK_RAW | flags, protocol);
      if (fd < 0) {
        int rawErrno = Native.errno();
        if (isRefusal(datagramErrno) && isRefusal(rawErrno)) {
          throw new FailoverException(unavailable(target));
        }
        throw new ErrnoException("socket(" + (v6 ? "AF_INET6" : "AF_INET") + ", SOCK_RAW, ICMP)", rawErrno);
      }
    }
    IcmpEcho echo = new IcmpEcho(target, kind, fd);
    try {
      echo.configure();
    } catch (IOException | RuntimeException e) {
      echo.close();
      throw e;
    }
    return echo;
  }

  /**
   * Tells why this process cannot ping, for a check's configuration to report at build time.
   *
   * @param target the address to be pinged (its family decides which socket is tried)
   * @return no entry if an ICMP socket can be opened, else one problem saying how to allow one
   */
  public static List<String> problems(InetAddress target) {
    try {
      open(target).close();
      return List.of();
    } catch (FailoverException e) {
      return List.of("ping: " + e.getMessage());
    } catch (IOException | UnsupportedOperationException e) {
      return List.of("ping " + target.getHostAddress() + ": " + e.getMessage());
    } catch (LinkageError e) {
      // the native binding did not load (not Linux, or jffi's library missing)
      return List.of("ping " + target.getHostAddress() + ": no native access: " + e);
    }
  }

  private static boolean isRefusal(int errno) {
    return errno == EACCES || errno == Linux.EPERM;
  }

  private static String unavailable(InetAddress target) {
    String range;
    // in one read: a sysctl file answers a read at any offset but 0 with end of file
    try (InputStream in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ping_group_range"))) {
      range = new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim().replaceAll("\\s+", " ");
    } catch (IOException e) {
      range = "unreadable";
    }
    return "cannot ping " + target.getHostAddress() + ": this process may open neither an unprivileged ICMP socket"
        + " (its group must be within net.ipv4.ping_group_range, now \"" + range + "\"; allow it with, e.g.,"
        + " sysctl -w net.ipv4.ping_group_range=\"0 2147483647\") nor a raw one (needs CAP_NET_RAW: run as root,"
        + " or AmbientCapabilities=CAP_NET_RAW in the systemd unit)";
  }

  private void configure() throws IOException {
    // a raw socket is handed every ICMP packet from the target: let only echo replies wake it
    if (kind == Kind.RAW && !v6) {
      SocketOptions.setInt(fd, SOL_RAW, ICMP_FILTER, ~(1 << ECHO_REPLY), "ICMP_FILTER");
    } else if (kind == Kind.RAW) {
      Native.Memory filter = Native.allocate(32); // icmp6_filter: one bit per type, set = blocked
      ByteBuffer bits = filter.buffer();
      for (int i = 0; i < 8; i++) {
        bits.putInt(i * 4, -1);
      }
      bits.putInt((ECHO_REPLY_V6 >> 5) * 4, ~(1 << (ECHO_REPLY_V6 & 31)));
      Native.check(Native.sys().setsockopt(fd, Linux.IPPROTO_ICMPV6, ICMP6_FILTER, filter.address(), 32),
          "setsockopt(ICMP6_FILTER)");
    }
    Native.Memory address = Native.allocate(28);
    ByteBuffer a = address.buffer();
    a.putShort(0, (short) (v6 ? Linux.AF_INET6 : Linux.AF_INET));
    if (v6) {
      a.put(8, target.getAddress()).putInt(24, ((Inet6Address) target).getScopeId());
    } else {
      a.put(4, target.getAddress());
    }
    Native.check(Native.sys().connect(fd, address.address(), v6 ? 28 : 16), "connect(" + target.getHostAddress() + ")");
  }

  /**
   * Returns how the socket was opened.
   *
   * @return datagram or raw
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Sends one echo request and waits for its reply.
   *
   * @param timeout how long to wait for the reply
   * @return true if the reply came in time, false if not
   * @throws IOException if sending failed or an error came back (e.g. host unreachable)
   * @throws InterruptedException if the thread was interrupted while waiting
   */
  public boolean ping(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    sequence = (sequence + 1) & 0xFFFF;
    byte[] payload = new byte[PAYLOAD];
    NONCES.nextBytes(payload);
    ByteBuffer r = out;
    r.put(0, (byte) (v6 ? ECHO_REQUEST_V6 : ECHO_REQUEST)).put(1, (byte) 0).putShort(2, (short) 0)
        .putShort(4, (short) identifier).putShort(6, (short) sequence).put(HEADER, payload);
    // the kernel computes ICMPv6 checksums, and those of datagram ICMP sockets; raw ICMPv4 is ours
    if (kind == Kind.RAW && !v6) {
      r.putShort(2, (short) checksum(r, HEADER + PAYLOAD));
    }
    if (sender.send(fd, 0, 0, request.address(), HEADER + PAYLOAD) < 0) {
      throw new ErrnoException("send echo request to " + target.getHostAddress(), Native.errno());
    }
    while (true) {
      if (receiveReply(payload)) {
        return true;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("ping of " + target.getHostAddress() + " interrupted");
      }
      awaitReadable(Math.min(remaining, SLICE_NANOS));
    }
  }

  private void awaitReadable(long nanos) throws ErrnoException {
    poll.buffer().putShort(6, (short) 0).putLong(8, nanos / 1_000_000_000L).putLong(16, nanos % 1_000_000_000L);
    if (Native.sys().ppoll(poll.address(), 1, poll.address() + 8, 0) < 0) {
      int errno = Native.errno();
      if (errno != Linux.EINTR) {
        throw new ErrnoException("ppoll", errno);
      }
    }
  }

  /** Reads every waiting packet; true once one is the reply to the request just sent. */
  private boolean receiveReply(byte[] payload) throws ErrnoException {
    while (true) {
      long length = Native.sys().recv(fd, reply.address(), RECEIVE, Linux.MSG_DONTWAIT);
      if (length < 0) {
        int errno = Native.errno();
        if (errno == Linux.EAGAIN || errno == Linux.EINTR) {
          return false;
        }
        throw new ErrnoException("receive echo reply from " + target.getHostAddress(), errno);
      }
      if (matches((int) Math.min(length, RECEIVE), payload)) {
        return true;
      }
    }
  }

  private boolean matches(int length, byte[] payload) {
    ByteBuffer p = in;
    int at = 0;
    if (kind == Kind.RAW && !v6) {
      // a raw IPv4 socket delivers the IP header too; it also hears the request itself on loopback
      if (length < 20) {
        return false;
      }
      at = (p.get(0) & 0x0F) * 4;
      for (int i = 0; i < 4; i++) {
        if (p.get(12 + i) != targetBytes[i]) {
          return false;
        }
      }
    }
    if (length < at + HEADER + PAYLOAD || (p.get(at) & 0xFF) != (v6 ? ECHO_REPLY_V6 : ECHO_REPLY)
        || p.get(at + 1) != 0 || (p.getShort(at + 6) & 0xFFFF) != sequence) {
      return false;
    }
    // a datagram socket's identifier is chosen by the kernel, which delivers only replies to it
    if (kind == Kind.RAW && (p.getShort(at + 4) & 0xFFFF) != identifier) {
      return false;
    }
    for (int i = 0; i < PAYLOAD; i++) {
      if (p.get(at + HEADER + i) != payload[i]) {
        return false;
      }
    }
    return true;
  }

  /** The Internet checksum (RFC 1071) of the first {@code length} bytes. */
  private static int checksum(ByteBuffer b, int length) {
    long sum = 0;
    for (int i = 0; i + 1 < length; i += 2) {
      sum += b.getShort(i) & 0xFFFF;
    }
    if ((length & 1) != 0) {
      sum += (b.get(length - 1) & 0xFF) << 8;
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return (int) ~sum & 0xFFFF;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Native.sys().close(fd);
    }
  }
}
