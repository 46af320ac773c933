package io.github.failover4j.vrrp;

import java.net.InetAddress;

/**
 * The master a virtual router currently follows (or itself, when MASTER).
 *
 * @param address its primary (IPv4) or link-local (IPv6) address
 * @param priority the priority it advertises
 * @param intervalCentis the interval it advertises, in centiseconds
 */
public record MasterInfo(InetAddress address, int priority, int intervalCentis) {}
