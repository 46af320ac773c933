package io.github.failover4j.linux;

import io.github.failover4j.MissingCapabilityException;
import java.io.Closeable;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An rtnetlink socket for requests: dump the links and addresses of a namespace, add and remove
 * addresses. Not thread-safe: one user at a time. Failures come back in the kernel's answer (a
 * negative errno in NLMSG_ERROR), not as the call's errno.
 */
final class Netlink implements Closeable {
  /** A network interface as the kernel reports it. */
  record Link(int index, String name, int flags, byte[] mac) {
    boolean up() {
      return (flags & Linux.IFF_UP) != 0 && (flags & Linux.IFF_RUNNING) != 0;
    }
  }

  /** An address on an interface. */
  record Address(int index, InetAddress address, int prefix, int flags, String label) {}

  private static final int HEADER = 16;
  private static final int RECEIVE_SIZE = 64 * 1024;

  private final int fd;
  private final Native.Memory request = Native.allocate(1024);
  // one answer buffer per thread, not per socket: an exchange runs on one thread from request to
  // answer, and a local mover per group, each with 64 KiB of its own, took 16 MB for 255 groups
  private static final ThreadLocal<Native.Memory> REPLY = ThreadLocal.withInitial(() -> Native.allocate(RECEIVE_SIZE));
  private final MessageHeader header = new MessageHeader();
  private int sequence;

  private Netlink(int fd) {
    this.fd = fd;
  }

  /** Opens a request socket in a namespace (the current one if empty). */
  static Netlink open(Optional<String> namespace) throws ErrnoException {
    return NetworkNamespace.call(namespace, () -> new Netlink(openSocket(0, 0)));
  }

  /** A netlink route socket subscribed to multicast groups; non-blocking if asked. */
  static int openSocket(int groups, int extraType) throws ErrnoException {
    Syscalls libc = Native.sys();
    int fd = (int) Native.check(libc.socket(Linux.AF_NETLINK, Linux.SOCK_RAW | Linux.SOCK_CLOEXEC | extraType,
        Linux.NETLINK_ROUTE), "socket(AF_NETLINK)");
    Native.Memory address = Native.allocate(12);
    address.buffer().putShort(0, (short) Linux.AF_NETLINK).putInt(8, groups);
    if (libc.bind(fd, address.address(), 12) < 0) {
      int errno = Native.errno();
      libc.close(fd);
      throw new ErrnoException("bind(AF_NETLINK)", errno);
    }
    return fd;
  }

  List<Link> links() throws ErrnoException {
    List<Link> links = new ArrayList<>();
    ByteBuffer b = begin(Linux.RTM_GETLINK, Linux.NLM_F_REQUEST | Linux.NLM_F_DUMP);
    b.put(HEADER, (byte) 0); // ifinfomsg: family AF_UNSPEC, the rest zero
    exchange(HEADER + 16, "RTM_GETLINK", message -> parseLink(message).ifPresent(links::add));
    return links;
  }

  Optional<Link> link(String name) throws ErrnoException {
    return links().stream().filter(l -> l.name().equals(name)).findFirst();
  }

  List<Address> addresses() throws ErrnoException {
    List<Address> addresses = new ArrayList<>();
    begin(Linux.RTM_GETADDR, Linux.NLM_F_REQUEST | Linux.NLM_F_DUMP);
    exchange(HEADER + 8, "RTM_GETADDR", message -> parseAddress(message).ifPresent(addresses::add));
    return addresses;
  }

  /**
   * Adds an address; IPv6 addresses skip duplicate address detection, so that they are usable at
   * once (as keepalived does).
   *
   * @return false if it was already there
   */
  boolean addAddress(int index, InetAddress address, int prefix, Optional<String> label) throws ErrnoException {
    return changeAddress(Linux.RTM_NEWADDR, Linux.NLM_F_REQUEST | Linux.NLM_F_ACK | Linux.NLM_F_CREATE
        | Linux.NLM_F_EXCL, index, address, prefix, label, Linux.EEXIST);
  }

  /** Removes an address; returns false if it was not there. */
  boolean deleteAddress(int index, InetAddress address, int prefix) throws ErrnoException {
    return changeAddress(Linux.RTM_DELADDR, Linux.NLM_F_REQUEST | Linux.NLM_F_ACK, index, address, prefix,
        Optional.empty(), Linux.EADDRNOTAVAIL);
  }

  @Override
  public void close() {
    Native.sys().close(fd);
  }

  private boolean changeAddress(int type, int flags, int index, InetAddress address, int prefix,
      Optional<String> label, int harmless) throws ErrnoException {
    ByteBuffer b = begin(type, flags);
    boolean v6 = address instanceof Inet6Address;
    b.put(HEADER, (byte) (v6 ? Linux.AF_INET6 : Linux.AF_INET))
        .put(HEADER + 1, (byte) prefix)
        .put(HEADER + 2, (byte) (v6 ? Linux.IFA_F_NODAD : 0))
        .put(HEADER + 3, (byte) 0)
        .putInt(HEADER + 4, index);
    int length = HEADER + 8;
    length = attribute(b, length, Linux.IFA_LOCAL, address.getAddress());
    length = attribute(b, length, Linux.IFA_ADDRESS, address.getAddress());
    if (label.isPresent()) {
      byte[] name = label.get().getBytes(StandardCharsets.US_ASCII);
      byte[] terminated = new byte[name.length + 1];
      System.arraycopy(name, 0, terminated, 0, name.length);
      length = attribute(b, length, Linux.IFA_LABEL, terminated);
    }
    String call = (type == Linux.RTM_NEWADDR ? "RTM_NEWADDR " : "RTM_DELADDR ") + address.getHostAddress() + "/" + prefix;
    try {
      exchange(length, call, message -> { });
      return true;
    } catch (ErrnoException e) {
      if (e.errno() == harmless) {
        return false;
      }
      if (e.errno() == Linux.EPERM) {
        throw new MissingCapabilityException("CAP_NET_ADMIN", "add and remove virtual addresses");
      }
      throw e;
    }
  }

  private ByteBuffer begin(int type, int flags) {
    ByteBuffer b = request.buffer();
    for (int i = 0; i < b.capacity(); i++) {
      b.put(i, (byte) 0);
    }
    b.putShort(4, (short) type).putShort(6, (short) flags).putInt(8, ++sequence);
    return b;
  }

  private static int attribute(ByteBuffer b, int offset, int type, byte[] value) {
    b.putShort(offset, (short) (4 + value.length)).putShort(offset + 2, (short) type);
    b.put(offset + 4, value);
    return offset + align(4 + value.length);
  }

  /** Sends the request and reads answers until its ACK, error or end of dump. */
  private void exchange(int length, String call, Consumer<ByteBuffer> onMessage) throws ErrnoException {
    Syscalls libc = Native.sys();
    request.buffer().putInt(0, length);
    Native.check(header.send(fd, 0, 0, request.address(), length), call);
    while (true) {
      Native.Memory reply = REPLY.get();
      int received = (int) Native.check(libc.recv(fd, reply.address(), RECEIVE_SIZE, 0), call);
      ByteBuffer b = reply.buffer();
      for (int at = 0; at + HEADER <= received; ) {
        int messageLength = b.getInt(at);
        int type = b.getShort(at + 4) & 0xFFFF;
        int seq = b.getInt(at + 8);
        if (messageLength < HEADER || at + messageLength > received) {
          throw new ErrnoException(call + ": malformed netlink answer", 0);
        }
        if (seq == sequence) {
          if (type == Linux.NLMSG_ERROR) {
            int error = b.getInt(at + HEADER);
            if (error != 0) {
              throw new ErrnoException(call, -error);
            }
            return; // the ACK
          }
          if (type == Linux.NLMSG_DONE) {
            return;
          }
          onMessage.accept(b.slice(at, messageLength).order(b.order()));
        }
        at += align(messageLength);
      }
    }
  }

  /** Parses an RTM_NEWLINK or RTM_DELLINK message (also the events of {@link LinkMonitor}). */
  static Optional<Link> parseLink(ByteBuffer m) {
    int type = m.getShort(4) & 0xFFFF;
    if (type != Linux.RTM_NEWLINK && type != Linux.RTM_DELLINK) {
      return Optional.empty();
    }
    int index = m.getInt(HEADER + 4);
    int flags = type == Linux.RTM_DELLINK ? 0 : m.getInt(HEADER + 8);
    String[] name = {""};
    byte[][] mac = {new byte[0]};
    attributes(m, HEADER + 16, (attribute, value) -> {
      if (attribute == Linux.IFLA_IFNAME) {
        name[0] = cString(value);
      } else if (attribute == Linux.IFLA_ADDRESS) {
        mac[0] = value;
      }
    });
    return Optional.of(new Link(index, name[0], flags, mac[0]));
  }

  private static Optional<Address> parseAddress(ByteBuffer m) {
    if ((m.getShort(4) & 0xFFFF) != Linux.RTM_NEWADDR) {
      return Optional.empty();
    }
    int family = m.get(HEADER) & 0xFF;
    int prefix = m.get(HEADER + 1) & 0xFF;
    int flags = m.get(HEADER + 2) & 0xFF;
    int index = m.getInt(HEADER + 4);
    byte[][] found = new byte[Linux.IFA_FLAGS + 1][];
    attributes(m, HEADER + 8, (attribute, value) -> {
      if (attribute < found.length) {
        found[attribute] = value;
      }
    });
    byte[] local = found[Linux.IFA_LOCAL];
    byte[] address = found[Linux.IFA_ADDRESS];
    String label = found[Linux.IFA_LABEL] == null ? "" : cString(found[Linux.IFA_LABEL]);
    if (found[Linux.IFA_FLAGS] != null) {
      flags = ByteBuffer.wrap(found[Linux.IFA_FLAGS]).order(m.order()).getInt();
    }
    // IPv4 point-to-point links put the peer in IFA_ADDRESS and the local address in IFA_LOCAL
    byte[] bytes = local != null ? local : address;
    if (bytes == null || (family != Linux.AF_INET && family != Linux.AF_INET6)) {
      return Optional.empty();
    }
    try {
      InetAddress inet = family == Linux.AF_INET
          ? InetAddress.getByAddress(bytes)
          : Inet6Address.getByAddress(null, bytes, (NetworkInterface) null);
      return Optional.of(new Address(index, inet, prefix, flags, label));
    } catch (UnknownHostException e) {
      return Optional.empty(); // a length the kernel never sends
    }
  }

  /** Calls back with each rtattr (type, value) of a message from an offset; stops at a malformed one. */
  private static void attributes(ByteBuffer m, int start, java.util.function.BiConsumer<Integer, byte[]> onAttribute) {
    for (int at = start; at + 4 <= m.limit(); ) {
      int length = m.getShort(at) & 0xFFFF;
      if (length < 4 || at + length > m.limit()) {
        return;
      }
      byte[] value = new byte[length - 4];
      m.get(at + 4, value);
      onAttribute.accept(m.getShort(at + 2) & 0x3FFF, value);
      at += align(length);
    }
  }

  private static String cString(byte[] value) {
    int end = 0;
    while (end < value.length && value[end] != 0) {
      end++;
    }
    return new String(value, 0, end, StandardCharsets.US_ASCII);
  }

  static int align(int length) {
    return (length + 3) & ~3;
  }
}
