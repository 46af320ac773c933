package io.github.failover4j.provider.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.failover4j.provider.support.JsonBodies;
import java.util.Optional;

/**
 * A Neutron floating IP, as much of it as a mover reads.
 *
 * @param id its id
 * @param address the floating address, e.g. {@code 203.0.113.7}
 * @param portId the port it is associated with, if any
 * @param fixedIp the fixed IP of that port it is translated to, if associated
 * @param status {@code ACTIVE} once the data plane forwards it, {@code DOWN} or {@code ERROR}
 * @param revision its revision number, which {@code If-Match} compares
 */
record FloatingIp(String id, String address, Optional<String> portId, Optional<String> fixedIp, String status,
    long revision) {
  /**
   * Reads one from a {@code floatingip} object.
   *
   * @param node the object
   * @return the floating IP
   */
  static FloatingIp of(JsonNode node) {
    return new FloatingIp(node.path("id").asText(""), node.path("floating_ip_address").asText(""),
        JsonBodies.text(node, "port_id"), JsonBodies.text(node, "fixed_ip_address"), node.path("status").asText(""),
        node.path("revision_number").asLong(-1));
  }
}
