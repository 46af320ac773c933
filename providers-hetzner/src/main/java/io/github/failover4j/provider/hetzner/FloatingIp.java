package io.github.failover4j.provider.hetzner;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.failover4j.provider.support.AddressText;
import java.net.InetAddress;
import java.util.OptionalLong;

/**
 * A Hetzner Cloud floating IP, as much of it as a mover reads.
 *
 * @param id its id
 * @param ip its address; for IPv6 a /64 net, e.g. {@code 2001:db8:1:2::/64}
 * @param server the server it is assigned to, if any
 */
record FloatingIp(long id, String ip, OptionalLong server) {
  /**
   * Reads one from the API's JSON.
   *
   * @param node a {@code floating_ip} object
   * @return the floating IP
   */
  static FloatingIp of(JsonNode node) {
    JsonNode server = node.path("server");
    return new FloatingIp(node.path("id").asLong(), node.path("ip").asText(),
        server.isIntegralNumber() ? OptionalLong.of(server.asLong()) : OptionalLong.empty());
  }

  /**
   * Tells whether an address is this floating IP, or lies in its IPv6 net.
   *
   * @param address the address
   * @return true if it does
   */
  boolean covers(InetAddress address) {
    return AddressText.parse(ip).map(net -> Addresses.contains(net, address)).orElse(false);
  }
}
