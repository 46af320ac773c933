/**
 * The VRRP core of failover4j: a wire codec for VRRPv2 (RFC 3768) and VRRPv3 (RFC 5798, RFC 9568)
 * over IPv4 and IPv6, and a pure, clock-free state machine. Nothing here opens a socket, starts a
 * thread, reads a clock or logs.
 */
module io.github.failover4j.vrrp {
  exports io.github.failover4j.vrrp;
}
