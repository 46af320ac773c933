package io.github.failover4j.provider.ovh;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.failover4j.provider.support.JsonBodies;
import java.util.Optional;

/**
 * A Public Cloud additional ("failover") IP, the fields of OVH's {@code cloud.ip.FailoverIp} that
 * a move needs.
 *
 * @param id its id in the project
 * @param ip its address, e.g. {@code 203.0.113.7}
 * @param block its block, e.g. {@code 203.0.113.7/32}
 * @param routedTo the instance it is attached to, if any
 * @param status {@code ok}, or {@code operationPending} while an attach is carried out
 */
record FailoverIp(String id, String ip, String block, Optional<String> routedTo, String status) {
  /**
   * Reads one from the API's document.
   *
   * @param node the document
   * @return the IP
   */
  static FailoverIp of(JsonNode node) {
    return new FailoverIp(JsonBodies.text(node, "id").orElse(""), JsonBodies.text(node, "ip").orElse(""),
        JsonBodies.text(node, "block").orElse(""), JsonBodies.text(node, "routedTo"),
        JsonBodies.text(node, "status").orElse(""));
  }

  /**
   * Tells whether an attach is still being carried out: anything but {@code ok}, as the tools that
   * use this API wait for {@code ok}.
   *
   * @return true until the status is {@code ok}
   */
  boolean pending() {
    return !status.equals("ok");
  }

  /**
   * Tells whether this is the given block: by its address for a single address (the API shows the
   * bare address in {@code ip}), or by its block.
   *
   * @param wanted the block
   * @return true if it is
   */
  boolean is(IpBlock wanted) {
    return block.equals(wanted.toString()) || (wanted.single() && ip.equals(wanted.network().getHostAddress()));
  }
}
