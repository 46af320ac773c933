package io.github.failover4j.provider.hetzner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A Hetzner Robot failover IP (or IPv6 failover net), as much of it as the mover reads.
 *
 * @param ip the failover IP, or the net's address
 * @param activeServerIp the main IP of the server it is routed to, if routed
 */
record Failover(String ip, Optional<String> activeServerIp) {
  /**
   * Reads one from the webservice's JSON.
   *
   * @param node a {@code failover} object
   * @return the failover IP
   */
  static Failover of(JsonNode node) {
    JsonNode active = node.path("active_server_ip");
    return new Failover(node.path("ip").asText(""),
        active.isTextual() && !active.asText().isEmpty() ? Optional.of(active.asText()) : Optional.empty());
  }
}
