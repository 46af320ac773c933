package io.github.failover4j.vrrp;

/**
 * What a VRRP checksum covers. The forms differ only for VRRPv3 over IPv4, where deployed routers
 * disagree (see RFC 9568 §5.2.8 and the keepalived {@code v3_checksum_as_v2} and
 * {@code old_unicast_checksum} options); VRRPv2 always uses {@link #MESSAGE_ONLY} and VRRPv3 over
 * IPv6 always {@link #PSEUDO_HEADER}, whatever a group asks for.
 */
public enum ChecksumMode {
  /**
   * The VRRP message alone. RFC 3768 for VRRPv2; RFC 9568 for VRRPv3 over IPv4 (keepalived with
   * {@code v3_checksum_as_v2}, Cisco, Juniper, FRR without {@code checksum-with-ipv4-pseudoheader}).
   */
  MESSAGE_ONLY,
  /**
   * The VRRP message and an IP pseudo-header holding the packet's real source and destination. The
   * RFC 5798 reading for IPv4 and the default of keepalived and FRR; the only form for IPv6.
   */
  PSEUDO_HEADER,
  /**
   * keepalived before 1.3.6 in unicast mode: a pseudo-header holding the multicast group 224.0.0.18
   * although the packet went to a unicast peer. Accepted on receipt; send it only to such peers.
   */
  LEGACY_UNICAST
}
