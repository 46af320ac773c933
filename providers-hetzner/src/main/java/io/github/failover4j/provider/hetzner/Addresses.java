package io.github.failover4j.provider.hetzner;

import io.github.failover4j.VirtualIp;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP address arithmetic the APIs need: the nets of floating IPs and failover IPs. */
final class Addresses {
  private Addresses() {}

  /**
   * Tells whether an address lies in a net.
   *
   * @param net the net (a bare address is a net of one)
   * @param address the address
   * @return true if the family matches and the first {@code prefixLength} bits are equal
   */
  static boolean contains(VirtualIp net, InetAddress address) {
    byte[] a = net.address().getAddress();
    byte[] b = address.getAddress();
    if (a.length != b.length) {
      return false;
    }
    int bits = net.prefixLength();
    for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if ((a[i] & mask) != (b[i] & mask)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the net an address lies in.
   *
   * @param address the address
   * @param prefixLength the net's prefix length
   * @return the net's first address
   */
  static InetAddress network(InetAddress address, int prefixLength) {
    byte[] bytes = address.getAddress();
    int bits = prefixLength;
    for (int i = 0; i < bytes.length; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xff : bits <= 0 ? 0 : (0xff << (8 - bits)) & 0xff;
      bytes[i] = (byte) (bytes[i] & mask);
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
    }
  }
}
