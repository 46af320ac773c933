package io.github.failover4j;

import io.github.failover4j.vrrp.ChecksumMode;
import java.net.InetAddress;
import java.time.Duration;

/**
 * The master a group follows, or the group itself when it is master.
 *
 * @param address its primary (IPv4) or link-local (IPv6) address
 * @param priority the priority it advertises
 * @param advertInterval the interval it advertises
 * @param checksum the checksum form its advertisements carry (for VRRPv3 over IPv4 it differs by
 *     vendor and keepalived setting)
 * @param self whether this group is the master
 */
public record MasterStatus(InetAddress address, int priority, Duration advertInterval, ChecksumMode checksum,
    boolean self) {}
