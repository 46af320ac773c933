package io.github.failover4j;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals, read without ever looking a name up (configuration must not depend on DNS,
 * and {@link InetAddress#getByName} would resolve anything that is not a literal) and written as
 * RFC 5952 says.
 */
public final class IpLiterals {
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpLiterals() {}

  /**
   * Parses an IPv4 or IPv6 literal.
   *
   * @param text e.g. {@code 192.0.2.10} or {@code 2001:db8::10}
   * @return the address
   * @throws IllegalArgumentException if it is not a literal
   */
  public static InetAddress parse(String text) {
    boolean literal = IPV4.matcher(text).matches() || text.contains(":") && IPV6.matcher(text).matches();
    if (literal) {
      try {
        return InetAddress.getByName(text); // a literal: parsed, not resolved
      } catch (UnknownHostException e) {
        // a malformed IPv6 literal; reported below
      }
    }
    throw new IllegalArgumentException("\"" + text + "\" (expected: an IPv4 or IPv6 address literal)");
  }

  /**
   * Writes an address as people and cloud APIs write it: IPv6 compressed as RFC 5952 says
   * ({@code 2001:db8::10}), never {@code InetAddress}'s {@code 2001:db8:0:0:0:0:0:10} nor its
   * {@code toString()}'s leading slash.
   *
   * @param address the address
   * @return its text
   */
  public static String text(InetAddress address) {
    if (address instanceof Inet4Address) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
    }
    int best = -1;
    int bestLength = 1; // a single 0 is not compressed
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && words[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        best = i;
        bestLength = j - i;
      }
      i = Math.max(i, j);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == best) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(words[i]));
    }
    return out.toString();
  }
}
