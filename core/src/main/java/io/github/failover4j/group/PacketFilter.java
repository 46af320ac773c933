package io.github.failover4j.group;

import io.github.failover4j.vrrp.AdvertisementView;
import java.net.InetAddress;
import java.util.List;

/**
 * Admits the advertisements a group should hear: multicast ones in multicast mode, and in unicast
 * mode only those sent to this node by a configured peer. Reads the view the codec filled, so it
 * allocates nothing.
 */
final class PacketFilter {
  /** What the filter decided about a packet. */
  enum Verdict {
    ACCEPTED,
    /** A multicast advertisement reached a unicast group, or the other way round. */
    WRONG_DESTINATION,
    /** A unicast advertisement from an address that is not a peer. */
    NOT_FROM_PEER
  }

  private final byte[] group;
  private final byte[][] peers;

  /**
   * Creates the filter of a group.
   *
   * @param group the VRRP multicast group of the family
   * @param peers the unicast peers; empty in multicast mode
   */
  PacketFilter(InetAddress group, List<InetAddress> peers) {
    this.group = group.getAddress();
    this.peers = peers.stream().map(InetAddress::getAddress).toArray(byte[][]::new);
  }

  Verdict judge(AdvertisementView advert) {
    boolean toGroup = advert.destinationEquals(group);
    if (peers.length == 0) {
      return toGroup ? Verdict.ACCEPTED : Verdict.WRONG_DESTINATION;
    }
    if (toGroup) {
      return Verdict.WRONG_DESTINATION;
    }
    for (byte[] peer : peers) {
      if (advert.sourceEquals(peer)) {
        return Verdict.ACCEPTED;
      }
    }
    return Verdict.NOT_FROM_PEER;
  }
}
