package io.github.failover4j.vrrp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** IPv4 or IPv6: the family of a VRRP message's IP header and of every address it carries. */
public enum AddressFamily {
  /** IPv4: 4-byte addresses, multicast group 224.0.0.18. */
  IPV4(4),
  /** IPv6: 16-byte addresses, multicast group ff02::12. */
  IPV6(16);

  private final int addressLength;

  AddressFamily(int addressLength) {
    this.addressLength = addressLength;
  }

  /**
   * Returns the length of one address of this family.
   *
   * @return 4 or 16
   */
  public int addressLength() {
    return addressLength;
  }

  /**
   * Returns the VRRP multicast group of this family (224.0.0.18 or ff02::12).
   *
   * @return the group address
   */
  public InetAddress vrrpGroup() {
    return this == IPV4 ? Wire.IPV4_GROUP : Wire.IPV6_GROUP;
  }

  /**
   * Returns the family of an address.
   *
   * @param address an IPv4 or IPv6 address
   * @return its family
   */
  public static AddressFamily of(InetAddress address) {
    if (address instanceof Inet4Address) {
      return IPV4;
    }
    if (address instanceof Inet6Address) {
      return IPV6;
    }
    throw new IllegalArgumentException("address: " + address + " (expected: IPv4 or IPv6)");
  }
}
