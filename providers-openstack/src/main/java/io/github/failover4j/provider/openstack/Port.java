package io.github.failover4j.provider.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.provider.support.JsonBodies;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Neutron port, as much of it as a mover reads.
 *
 * @param id its id
 * @param networkId its network's id
 * @param deviceId the instance (or router) it is attached to, possibly empty
 * @param macAddress its MAC address, lower case
 * @param fixedIps its fixed IP addresses
 * @param allowedAddressPairs the other addresses it may send from
 * @param revision its revision number, which {@code If-Match} compares
 */
record Port(String id, String networkId, String deviceId, String macAddress, List<String> fixedIps,
    List<AddressPair> allowedAddressPairs, long revision) {

  /** Copies the lists. */
  Port {
    fixedIps = List.copyOf(fixedIps);
    allowedAddressPairs = List.copyOf(allowedAddressPairs);
  }

  /**
   * One allowed address pair: an address or CIDR, and the MAC it may be sent with (the port's own
   * when Neutron was not told another).
   *
   * @param ipAddress the address or CIDR, as Neutron shows it
   * @param macAddress the MAC, if Neutron shows one
   */
  record AddressPair(String ipAddress, Optional<String> macAddress) {
    /**
     * Writes the pair as a port update sends it back: unchanged, so that Neutron keeps it as it was.
     *
     * @param into the array's new element
     */
    void write(ObjectNode into) {
      into.put("ip_address", ipAddress);
      macAddress.ifPresent(mac -> into.put("mac_address", mac));
    }
  }

  /**
   * Reads one from a {@code port} object.
   *
   * @param node the object
   * @return the port
   */
  static Port of(JsonNode node) {
    List<String> ips = new ArrayList<>();
    node.path("fixed_ips").forEach(ip -> JsonBodies.text(ip, "ip_address").ifPresent(ips::add));
    List<AddressPair> pairs = new ArrayList<>();
    node.path("allowed_address_pairs").forEach(pair -> JsonBodies.text(pair, "ip_address")
        .ifPresent(ip -> pairs.add(new AddressPair(ip, JsonBodies.text(pair, "mac_address")))));
    return new Port(node.path("id").asText(""), node.path("network_id").asText(""), node.path("device_id").asText(""),
        node.path("mac_address").asText("").toLowerCase(Locale.ROOT), ips, pairs,
        node.path("revision_number").asLong(-1));
  }

  /** Describes the port for a message: id, MAC and addresses. */
  @Override
  public String toString() {
    return "port " + id + " (" + macAddress + ", " + String.join(", ", fixedIps) + ")";
  }
}
