package io.github.failover4j.provider.ovh;

import io.github.failover4j.VirtualIp;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * An OVH IP block, as the {@code /ip} API names it in its paths: a network address and a prefix
 * length, e.g. {@code 203.0.113.7/32}.
 *
 * @param network the block's first address
 * @param prefixLength the prefix length
 * @param text the block as OVH writes it; an IPv6 block keeps the user's spelling, which is
 *     OVH's compressed one, instead of Java's expanded form
 */
record IpBlock(InetAddress network, int prefixLength, String text) {
  /**
   * Checks that the address is the block's first one: OVH knows no other name for it.
   *
   * @throws IllegalArgumentException if host bits are set
   */
  IpBlock {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(text, "text");
    if (!isNetwork(network, prefixLength)) {
      throw new IllegalArgumentException(text + " has host bits set");
    }
  }

  /**
   * Parses {@code ADDRESS/PREFIX}, or a bare address as a single-address block.
   *
   * @param text e.g. {@code 203.0.113.7/32}
   * @return the block
   * @throws IllegalArgumentException if it is not a block
   */
  static IpBlock parse(String text) {
    String literal = text.strip().toLowerCase(Locale.ROOT);
    VirtualIp ip = VirtualIp.parse(literal);
    String address = literal.contains("/") ? literal.substring(0, literal.indexOf('/')) : literal;
    String name = ip.address() instanceof Inet4Address ? ip.address().getHostAddress() : address;
    return new IpBlock(ip.address(), ip.prefixLength(), name + "/" + ip.prefixLength());
  }

  /**
   * The block of one IPv4 address, a /32.
   *
   * @param address the address
   * @return the block
   */
  static IpBlock of(Inet4Address address) {
    return new IpBlock(address, 32, address.getHostAddress() + "/32");
  }

  /**
   * Tells whether an address lies in the block.
   *
   * @param address the address
   * @return true if it does
   */
  boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    for (int bit = 0; bit < prefixLength; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((a[bit / 8] & mask) != (n[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Tells whether the block is a single address.
   *
   * @return true for a /32 or a /128
   */
  boolean single() {
    return prefixLength == network.getAddress().length * 8;
  }

  private static boolean isNetwork(InetAddress address, int prefixLength) {
    byte[] a = address.getAddress();
    for (int bit = prefixLength; bit < a.length * 8; bit++) {
      if ((a[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
        return false;
      }
    }
    return true;
  }

  /** The block as OVH writes it, e.g. {@code 203.0.113.7/32}. */
  @Override
  public String toString() {
    return text;
  }
}
