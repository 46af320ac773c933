package io.github.failover4j.vrrp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * Puts an IP header in front of a VRRP message, as the kernel would before handing the packet to a
 * raw socket: {@link VrrpCodec#encode} writes the message alone, {@link VrrpCodec#decode} reads the
 * whole packet.
 */
final class IpPackets {
  static final int IPV4_HEADER = 20;
  static final int IPV6_HEADER = 40;

  private IpPackets() {}

  /**
   * An IPv4 packet (20-byte header, TOS 0xc0 as keepalived sends) or an IPv6 packet (40-byte
   * header, traffic class 0xc0) with protocol / next header 112, carrying {@code payload}.
   *
   * @param payload any bytes: a VRRP message, or garbage to get past the IP checks
   * @param source the IP source; its family picks the header
   * @param destination the IP destination, of the same family
   * @param ttl the TTL or hop limit
   */
  static byte[] wrap(byte[] payload, InetAddress source, InetAddress destination, int ttl) {
    byte[] src = source.getAddress();
    byte[] dst = destination.getAddress();
    if (src.length != dst.length) {
      throw new IllegalArgumentException("source, destination: " + source + ", " + destination);
    }
    return source instanceof Inet4Address
        ? ipv4(payload, src, dst, ttl)
        : ipv6(payload, src, dst, ttl);
  }

  private static byte[] ipv4(byte[] payload, byte[] src, byte[] dst, int ttl) {
    ByteBuffer b = ByteBuffer.allocate(IPV4_HEADER + payload.length);
    b.put((byte) 0x45).put((byte) 0xc0).putShort((short) (IPV4_HEADER + payload.length))
        .putShort((short) 1).putShort((short) 0) // id 1, no fragmentation
        .put((byte) ttl).put((byte) 112).putShort((short) 0).put(src).put(dst);
    // the codec ignores the header checksum (the kernel checked it), but a real packet has one
    b.putShort(10, (short) ~Checksums.fold(Checksums.sum(b, 0, IPV4_HEADER)));
    return b.put(payload).array();
  }

  private static byte[] ipv6(byte[] payload, byte[] src, byte[] dst, int ttl) {
    return ByteBuffer.allocate(IPV6_HEADER + payload.length)
        .putInt(0x6c00_0000) // version 6, traffic class 0xc0, flow label 0
        .putShort((short) payload.length).put((byte) 112).put((byte) ttl)
        .put(src).put(dst).put(payload).array();
  }
}
