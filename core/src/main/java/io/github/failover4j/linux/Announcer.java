package io.github.failover4j.linux;

import java.io.Closeable;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Tells the link that this node now answers for an address: a gratuitous ARP request ("who-has
 * VIP tell VIP", from the interface's MAC, to broadcast) for IPv4, an unsolicited neighbour
 * advertisement (override flag, target link-layer address option, to ff02::1, hop limit 255) for
 * IPv6 (RFC 4861 §7.2.6). Sockets are opened by {@link #prepare}, or on first use.
 */
final class Announcer implements Closeable {
  private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
  private static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  private static final int ARP_LENGTH = 28;
  private static final int NA_LENGTH = 32;

  private final Optional<String> namespace;
  private final String interfaceName;
  private final int index;
  private final byte[] mac;
  private final Native.Memory message = Native.allocate(64);
  private final Native.Memory address = Native.allocate(28);
  private final MessageHeader header = new MessageHeader();
  private int arp = -1;
  private int icmp6 = -1;

  Announcer(Optional<String> namespace, String interfaceName, int index, byte[] mac) {
    this.namespace = namespace;
    this.interfaceName = interfaceName;
    this.index = index;
    this.mac = mac.clone();
  }

  /**
   * Opens the socket an address's family needs, if not yet open: at the mover's start, so that a new
   * master's first announcement neither opens a socket nor enters a namespace, and a socket that
   * cannot be opened fails the start instead of the claim.
   */
  void prepare(InetAddress vip) throws ErrnoException {
    if (vip instanceof Inet4Address) {
      if (arp < 0) {
        arp = NetworkNamespace.call(namespace, () -> (int) Native.check(Native.sys().socket(Linux.AF_PACKET,
            Linux.SOCK_DGRAM | Linux.SOCK_CLOEXEC, Linux.htons(Linux.ETH_P_ARP)), "socket(AF_PACKET, ETH_P_ARP)"));
      }
    } else if (icmp6 < 0) {
      icmp6 = NetworkNamespace.call(namespace, () -> (int) Native.check(Native.sys().socket(Linux.AF_INET6,
          Linux.SOCK_RAW | Linux.SOCK_CLOEXEC, Linux.IPPROTO_ICMPV6), "socket(AF_INET6, SOCK_RAW, ICMPv6)"));
      SocketOptions.bindToDevice(icmp6, interfaceName);
      SocketOptions.setInt(icmp6, Linux.IPPROTO_IPV6, Linux.IPV6_MULTICAST_HOPS, 255, "IPV6_MULTICAST_HOPS");
      SocketOptions.setInt(icmp6, Linux.IPPROTO_IPV6, Linux.IPV6_MULTICAST_IF, index, "IPV6_MULTICAST_IF");
    }
  }

  void announce(InetAddress vip) throws ErrnoException {
    prepare(vip);
    if (vip instanceof Inet4Address) {
      gratuitousArp(vip);
    } else {
      unsolicitedNeighborAdvertisement(vip);
    }
  }

  private void gratuitousArp(InetAddress vip) throws ErrnoException {
    ByteBuffer m = message.buffer().duplicate(); // network order
    m.putShort(0, (short) 1).putShort(2, (short) 0x0800).put(4, (byte) 6).put(5, (byte) 4).putShort(6, (short) 1)
        .put(8, mac).put(14, vip.getAddress()).put(18, new byte[6]).put(24, vip.getAddress());
    ByteBuffer a = address.buffer(); // sockaddr_ll: host order but for the protocol
    clear(a);
    a.putShort(0, (short) Linux.AF_PACKET).put(2, (byte) (Linux.ETH_P_ARP >>> 8)).put(3, (byte) Linux.ETH_P_ARP)
        .putInt(4, index).put(11, (byte) 6).put(12, BROADCAST);
    if (header.send(arp, address.address(), 20, message.address(), ARP_LENGTH) < 0) {
      failed("gratuitous ARP", vip);
    }
  }

  private void unsolicitedNeighborAdvertisement(InetAddress vip) throws ErrnoException {
    ByteBuffer m = message.buffer().duplicate();
    clear(m);
    // type 136, code 0, checksum (the kernel computes ICMPv6 checksums), flags: override only
    m.put(0, (byte) 136).put(4, (byte) 0x20).put(8, vip.getAddress())
        .put(24, (byte) 2).put(25, (byte) 1).put(26, mac); // target link-layer address option
    ByteBuffer a = address.buffer();
    clear(a);
    a.putShort(0, (short) Linux.AF_INET6).put(8, ALL_NODES).putInt(24, index);
    if (header.send(icmp6, address.address(), 28, message.address(), NA_LENGTH) < 0) {
      failed("unsolicited neighbour advertisement", vip);
    }
  }

  /**
   * Throws with the errno of the send just made. The message is only built here: a string
   * concatenation is linked the first time it runs, milliseconds on a new master's first send.
   */
  private void failed(String what, InetAddress vip) throws ErrnoException {
    int errno = Native.errno();
    throw new ErrnoException(what + " for " + vip.getHostAddress() + " on " + interfaceName, errno);
  }

  private static void clear(ByteBuffer b) {
    for (int i = 0; i < b.capacity(); i++) {
      b.put(i, (byte) 0);
    }
  }

  @Override
  public void close() {
    if (arp >= 0) {
      Native.sys().close(arp);
    }
    if (icmp6 >= 0) {
      Native.sys().close(icmp6);
    }
  }
}
