package io.github.failover4j;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses IP address literals without ever looking a name up: configuration must not depend on DNS,
 * and {@link InetAddress#getByName} would resolve anything that is not a literal.
 */
final class IpLiterals {
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
  static InetAddress parse(String text) {
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
}
