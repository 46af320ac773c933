package io.github.failover4j.vrrp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * IPv4 addresses decoded recently. A receiver sees the same few addresses (its peers, the group,
 * the virtual addresses) in every packet, and making an {@link InetAddress} was a third of
 * decode's time. Racing threads may both make one; each slot always holds a whole address.
 */
final class RecentAddresses {
  private static final int SLOTS = 256;
  private static final AtomicReferenceArray<Inet4Address> IPV4 = new AtomicReferenceArray<>(SLOTS);

  private RecentAddresses() {}

  /** The address of a big-endian int; {@link Inet4Address#hashCode()} is that int. */
  static InetAddress ipv4(int address) {
    int slot = (address ^ address >>> 8 ^ address >>> 16 ^ address >>> 24) & (SLOTS - 1);
    Inet4Address cached = IPV4.get(slot);
    if (cached != null && cached.hashCode() == address) {
      return cached;
    }
    try {
      Inet4Address fresh = (Inet4Address) InetAddress.getByAddress(new byte[] {
          (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
      IPV4.set(slot, fresh);
      return fresh;
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // only thrown for a wrong length
    }
  }
}
