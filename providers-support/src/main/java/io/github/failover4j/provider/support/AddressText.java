package io.github.failover4j.provider.support;

import io.github.failover4j.IpLiterals;
import io.github.failover4j.VirtualIp;
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
    return IpLiterals.text(address);
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
