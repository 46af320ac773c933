package io.github.failover4j;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A virtual address, with the prefix length it gets on the interface and an optional IPv4 label
 * (as {@code ip addr add 192.0.2.10/24 dev eth0 label eth0:vip}).
 *
 * @param address the address
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 * @param label an IPv4 label starting with the interface's name, at most 15 characters
 */
public record VirtualIp(InetAddress address, int prefixLength, Optional<String> label) {

  /**
   * Checks the prefix length against the family.
   *
   * @throws IllegalArgumentException if it is out of range or the label is on an IPv6 address
   */
  public VirtualIp {
    int max = address instanceof Inet4Address ? 32 : 128;
    if (prefixLength < 0 || prefixLength > max) {
      throw new IllegalArgumentException("prefix length: " + prefixLength + " (expected: 0.." + max + ")");
    }
    if (label.isPresent() && !(address instanceof Inet4Address)) {
      throw new IllegalArgumentException("label: " + label.get() + " (expected: none; only IPv4 addresses have labels)");
    }
  }

  /**
   * Parses {@code ADDRESS/PREFIX}, or a bare address (a /32 or /128). IP literals only: never a DNS
   * lookup.
   *
   * @param text e.g. {@code 192.0.2.10/24} or {@code 2001:db8::10/64}
   * @return the virtual address without a label
   * @throws IllegalArgumentException naming what is wrong
   */
  public static VirtualIp parse(String text) {
    int slash = text.indexOf('/');
    InetAddress address = IpLiterals.parse(slash < 0 ? text : text.substring(0, slash));
    int max = address instanceof Inet4Address ? 32 : 128;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
    }
    if (prefix < 0 || prefix > max) {
      throw new IllegalArgumentException("\"" + text + "\" (expected: ADDRESS/PREFIX with a prefix of 0.." + max + ")");
    }
    return new VirtualIp(address, prefix, Optional.empty());
  }

  /**
   * Returns a copy with a label.
   *
   * @param newLabel the label
   * @return the copy
   */
  public VirtualIp withLabel(String newLabel) {
    return new VirtualIp(address, prefixLength, Optional.of(newLabel));
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefixLength + label.map(l -> " (" + l + ")").orElse("");
  }
}
