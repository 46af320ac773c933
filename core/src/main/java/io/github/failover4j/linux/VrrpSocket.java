package io.github.failover4j.linux;

import io.github.failover4j.MissingCapabilityException;
import io.github.failover4j.vrrp.AddressFamily;
import java.io.Closeable;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The raw IP protocol 112 socket of one interface and family, shared by every group there: bound
 * to the device, TTL / hop limit 255, multicast loop off, member of 224.0.0.18 or ff02::12. The
 * source of each sent packet is set per message (IP_PKTINFO / IPV6_PKTINFO), not by bind(): a
 * bound raw socket would only hear packets addressed to that one address, not the group.
 *
 * <p>Receiving and sending do not allocate. An IPv4 raw socket delivers the IP header; an IPv6 one
 * does not, so a synthetic IPv6 header (source from the sender's address, destination and hop
 * limit from ancillary data) is written in front of the payload: the codec always sees a whole
 * packet. Not thread-safe: the engine thread owns it.
 */
public final class VrrpSocket implements Closeable {
  private static final int IPV6_HEADER = 40;
  private static final int BUFFER = 8192;
  private static final int CONTROL = 256;
  // msghdr (LP64): name 0, namelen 8, iov 16, iovlen 24, control 32, controllen 40, flags 48; 56 bytes
  private static final int MSGHDR = 56;
  private static final int IOVEC = 16;
  private static final int SOCKADDR = 28;

  private final AddressFamily family;
  private final String interfaceName;
  private final int interfaceIndex;
  private final int fd;
  private final Native.Memory packet = Native.allocate(BUFFER);
  private final Native.Memory header = Native.allocate(MSGHDR + IOVEC + SOCKADDR + CONTROL);
  private final ByteBuffer view;

  private VrrpSocket(AddressFamily family, String interfaceName, int interfaceIndex, int fd) {
    this.family = family;
    this.interfaceName = interfaceName;
    this.interfaceIndex = interfaceIndex;
    this.fd = fd;
    this.view = packet.buffer().duplicate(); // same memory, network order for the codec
    int payload = family == AddressFamily.IPV6 ? IPV6_HEADER : 0;
    ByteBuffer h = header.buffer();
    h.putLong(0, header.address() + MSGHDR + IOVEC)
        .putLong(16, header.address() + MSGHDR)
        .putLong(24, 1)
        .putLong(32, header.address() + MSGHDR + IOVEC + SOCKADDR)
        .putLong(MSGHDR, packet.address() + payload)
        .putLong(MSGHDR + 8, BUFFER - payload);
  }

  /**
   * Opens the socket of an interface in a namespace.
   *
   * @throws MissingCapabilityException without CAP_NET_RAW
   */
  static VrrpSocket open(AddressFamily family, Optional<String> namespace, String interfaceName, int interfaceIndex)
      throws ErrnoException {
    Capabilities.require(Linux.CAP_NET_RAW, "CAP_NET_RAW", "open raw VRRP sockets (IP protocol 112)");
    boolean v4 = family == AddressFamily.IPV4;
    int fd = NetworkNamespace.call(namespace, () -> {
      int s = Native.sys().socket(v4 ? Linux.AF_INET : Linux.AF_INET6,
          Linux.SOCK_RAW | Linux.SOCK_NONBLOCK | Linux.SOCK_CLOEXEC, Linux.IPPROTO_VRRP);
      if (s < 0) {
        int errno = Native.errno();
        if (errno == Linux.EPERM) {
          throw new MissingCapabilityException("CAP_NET_RAW", "open raw VRRP sockets (IP protocol 112)");
        }
        throw new ErrnoException("socket(" + family + ", SOCK_RAW, 112)", errno);
      }
      return s;
    });
    VrrpSocket socket = new VrrpSocket(family, interfaceName, interfaceIndex, fd);
    try {
      socket.configure();
    } catch (ErrnoException | RuntimeException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  private void configure() throws ErrnoException {
    SocketOptions.bindToDevice(fd, interfaceName);
    if (family == AddressFamily.IPV4) {
      setInt(Linux.IPPROTO_IP, Linux.IP_TTL, 255, "IP_TTL");
      setInt(Linux.IPPROTO_IP, Linux.IP_MULTICAST_TTL, 255, "IP_MULTICAST_TTL");
      setInt(Linux.IPPROTO_IP, Linux.IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
      setInt(Linux.IPPROTO_IP, Linux.IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
      setInt(Linux.IPPROTO_IP, Linux.IP_TOS, Linux.TOS_NETWORK_CONTROL, "IP_TOS");
      Native.Memory mreqn = Native.allocate(12);
      mreqn.buffer().putInt(8, interfaceIndex);
      Native.check(Native.sys().setsockopt(fd, Linux.IPPROTO_IP, Linux.IP_MULTICAST_IF, mreqn.address(), 12),
          "setsockopt(IP_MULTICAST_IF)");
    } else {
      setInt(Linux.IPPROTO_IPV6, Linux.IPV6_UNICAST_HOPS, 255, "IPV6_UNICAST_HOPS");
      setInt(Linux.IPPROTO_IPV6, Linux.IPV6_MULTICAST_HOPS, 255, "IPV6_MULTICAST_HOPS");
      setInt(Linux.IPPROTO_IPV6, Linux.IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
      setInt(Linux.IPPROTO_IPV6, Linux.IPV6_MULTICAST_IF, interfaceIndex, "IPV6_MULTICAST_IF");
      setInt(Linux.IPPROTO_IPV6, Linux.IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
      setInt(Linux.IPPROTO_IPV6, Linux.IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
      setInt(Linux.IPPROTO_IPV6, Linux.IPV6_TCLASS, Linux.TOS_NETWORK_CONTROL, "IPV6_TCLASS");
    }
    join();
  }

  /**
   * Joins the VRRP group on the interface. Harmless when already a member; may fail while the
   * interface is down, so the engine calls it again when the link comes up.
   */
  void join() throws ErrnoException {
    Native.Memory request = Native.allocate(20);
    int result;
    if (family == AddressFamily.IPV4) {
      request.buffer().put(0, family.vrrpGroup().getAddress()).putInt(8, interfaceIndex);
      result = Native.sys().setsockopt(fd, Linux.IPPROTO_IP, Linux.IP_ADD_MEMBERSHIP, request.address(), 12);
    } else {
      request.buffer().put(0, family.vrrpGroup().getAddress()).putInt(16, interfaceIndex);
      result = Native.sys().setsockopt(fd, Linux.IPPROTO_IPV6, Linux.IPV6_ADD_MEMBERSHIP, request.address(), 20);
    }
    if (result < 0) {
      int errno = Native.errno();
      if (errno != 98) { // EADDRINUSE: already a member
        throw new ErrnoException("join " + family.vrrpGroup().getHostAddress() + " on " + interfaceName, errno);
      }
    }
  }

  private void setInt(int level, int name, int value, String what) throws ErrnoException {
    SocketOptions.setInt(fd, level, name, value, what);
  }

  int fd() {
    return fd;
  }

  String interfaceName() {
    return interfaceName;
  }

  /**
   * Reads one waiting packet.
   *
   * @return the whole IP packet from position 0, or null when none is waiting
   * @throws ErrnoException on a receive error other than "nothing waiting"
   */
  ByteBuffer receive() throws ErrnoException {
    ByteBuffer h = header.buffer();
    h.putInt(8, SOCKADDR).putLong(40, CONTROL).putInt(48, 0);
    long length = Native.sys().recvmsg(fd, header.address(), Linux.MSG_DONTWAIT | Linux.MSG_TRUNC);
    if (length < 0) {
      int errno = Native.errno();
      if (errno == Linux.EAGAIN || errno == Linux.EINTR) {
        return null;
      }
      throw new ErrnoException("recvmsg on " + interfaceName, errno);
    }
    int payload = family == AddressFamily.IPV6 ? IPV6_HEADER : 0;
    if (length > BUFFER - payload) {
      // longer than any VRRP packet: hand over what fits, which the codec rejects by its length
      length = BUFFER - payload;
    }
    if (family == AddressFamily.IPV6) {
      synthesizeIpv6Header((int) length);
    }
    view.limit(payload + (int) length).position(0);
    return view;
  }

  /** Source from msg_name, destination from IPV6_PKTINFO, hop limit from IPV6_HOPLIMIT (0 if absent). */
  private void synthesizeIpv6Header(int payloadLength) {
    ByteBuffer h = header.buffer();
    ByteBuffer p = packet.buffer();
    p.put(0, (byte) 0x60).put(1, (byte) 0).put(2, (byte) 0).put(3, (byte) 0);
    p.put(4, (byte) (payloadLength >>> 8)).put(5, (byte) payloadLength).put(6, (byte) Linux.IPPROTO_VRRP);
    p.put(7, (byte) 0);
    for (int i = 0; i < 16; i++) {
      p.put(8 + i, h.get(MSGHDR + IOVEC + 8 + i)); // sin6_addr
      p.put(24 + i, (byte) 0);
    }
    int control = MSGHDR + IOVEC + SOCKADDR;
    long controlLength = h.getLong(40);
    for (int at = 0; at + 16 <= controlLength; ) {
      long length = h.getLong(control + at);
      int level = h.getInt(control + at + 8);
      int type = h.getInt(control + at + 12);
      if (length < 16 || at + length > controlLength) {
        break;
      }
      if (level == Linux.IPPROTO_IPV6 && type == Linux.IPV6_PKTINFO) {
        for (int i = 0; i < 16; i++) {
          p.put(24 + i, h.get(control + at + 16 + i));
        }
      } else if (level == Linux.IPPROTO_IPV6 && type == Linux.IPV6_HOPLIMIT) {
        p.put(7, (byte) h.getInt(control + at + 16));
      }
      at += (int) ((length + 7) & ~7L);
    }
  }

  /**
   * Prepares a message to send again and again without allocating.
   *
   * @param message the VRRP message, its checksum computed for this source and destination
   * @param source the IP source (the interface's primary or link-local address)
   * @param destination the group or a unicast peer
   */
  Outgoing prepare(byte[] message, InetAddress source, InetAddress destination) {
    return new Outgoing(message, source, destination);
  }

  /**
   * Sends a prepared message.
   *
   * @throws ErrnoException if the kernel refused it (e.g. ENETDOWN while the link is down)
   */
  void send(Outgoing outgoing) throws ErrnoException {
    if (Native.sys().sendmsg(fd, outgoing.memory.address(), Linux.MSG_DONTWAIT) < 0) {
      // the message is built only on failure: the send path must not allocate
      throw new ErrnoException("sendmsg on " + interfaceName, Native.errno());
    }
  }

  @Override
  public void close() {
    Native.sys().close(fd);
  }

  /** A ready msghdr with its destination, iovec, source (PKTINFO) and message, in native memory. */
  final class Outgoing {
    private final Native.Memory memory;

    private Outgoing(byte[] message, InetAddress source, InetAddress destination) {
      boolean v4 = family == AddressFamily.IPV4;
      int cmsgData = v4 ? 12 : 20;
      int cmsgSpace = 16 + ((cmsgData + 7) & ~7);
      int name = MSGHDR + IOVEC;
      int control = name + SOCKADDR;
      int data = control + cmsgSpace;
      memory = Native.allocate(data + message.length);
      long base = memory.address();
      ByteBuffer b = memory.buffer();
      b.putLong(0, base + name).putInt(8, v4 ? 16 : 28)
          .putLong(16, base + MSGHDR).putLong(24, 1)
          .putLong(32, base + control).putLong(40, cmsgSpace)
          .putLong(MSGHDR, base + data).putLong(MSGHDR + 8, message.length);
      b.putShort(name, (short) (v4 ? Linux.AF_INET : Linux.AF_INET6));
      if (v4) {
        b.put(name + 4, destination.getAddress());
        b.putLong(control, 16 + cmsgData).putInt(control + 8, Linux.IPPROTO_IP).putInt(control + 12, Linux.IP_PKTINFO);
        b.putInt(control + 16, interfaceIndex).put(control + 20, source.getAddress());
      } else {
        b.put(name + 8, destination.getAddress()).putInt(name + 24, interfaceIndex);
        b.putLong(control, 16 + cmsgData).putInt(control + 8, Linux.IPPROTO_IPV6)
            .putInt(control + 12, Linux.IPV6_PKTINFO);
        b.put(control + 16, source.getAddress()).putInt(control + 32, interfaceIndex);
      }
      b.put(data, message);
    }
  }
}
