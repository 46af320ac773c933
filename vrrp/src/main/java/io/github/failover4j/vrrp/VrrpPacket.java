package io.github.failover4j.vrrp;

import java.net.InetAddress;

/**
 * A received VRRP packet: the IP-layer facts the receiver needs and the advertisement it carried.
 *
 * @param source the IP source address: the sender's primary (IPv4) or link-local (IPv6) address
 * @param destination the IP destination: the VRRP multicast group or, in unicast mode, the receiver
 * @param ttl the TTL (IPv4) or hop limit (IPv6) the packet arrived with
 * @param advertisement the decoded message
 * @param checksum the checksum form the sender used (for VRRPv3 over IPv4 it varies by vendor)
 */
public record VrrpPacket(
    InetAddress source,
    InetAddress destination,
    int ttl,
    VrrpAdvertisement advertisement,
    ChecksumMode checksum) {}
