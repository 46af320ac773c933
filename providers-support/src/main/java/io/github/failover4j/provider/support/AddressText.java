package io.github.failover4j.provider.support;

import io.github.failover4j.VirtualIp;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/** IP addresses as the providers' APIs write and read them. */
public final class AddressText {
  private AddressText() {}

  /**
   * Writes an address as the APIs write it: IPv6 in the RFC 5952 form ({@code 2001:db8::200}),
   * which {@link InetAddress#getHostAddress()} does not produce.
   *
   * @param address the address
   * @return its text
   */
  public static String of(InetAddress address) {
    if (address instanceof Inet4Address) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
    }
    // the longest run of two or more zero groups, the first of equals, becomes "::"
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append("::");
        i += bestLength - 1;
        continue;
      }
      if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
        s.append(':');
      }
      s.append(Integer.toHexString(groups[i]));
    }
    return s.toString();
  }

  /**
   * Reads an address as an API shows it, bare ({@code 10.0.0.5}) or as a net
   * ({@code 2001:db8:1:2::/64}).
   *
   * @param text the API's text
   * @return the address and prefix, or empty if it is neither
   */
  public static Optional<VirtualIp> parse(String text) {
    try {
      return Optional.of(VirtualIp.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
