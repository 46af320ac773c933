package io.github.failover4j.provider.ovh;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.failover4j.provider.support.JsonBodies;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A task of the {@code /ip} API ({@code ip.IpTask}): a move or a park, carried out asynchronously.
 *
 * @param taskId its id
 * @param function e.g. {@code genericMoveFloatingIp}
 * @param status {@code init}, {@code todo}, {@code doing}, {@code done}, or a failure:
 *     {@code cancelled}, {@code customerError}, {@code ovhError}
 * @param comment OVH's details, if any
 * @param destination the service a move goes to, if any
 */
record IpTask(long taskId, String function, String status, Optional<String> comment, Optional<String> destination) {
  /**
   * Reads one from the API's document.
   *
   * @param node the document
   * @param redact removes the credentials from OVH's comment, which messages quote
   * @return the task
   */
  static IpTask of(JsonNode node, UnaryOperator<String> redact) {
    return new IpTask(node.path("taskId").asLong(-1), JsonBodies.text(node, "function").orElse(""),
        JsonBodies.text(node, "status").orElse(""), JsonBodies.text(node, "comment").map(redact),
        JsonBodies.text(node.path("destination"), "serviceName"));
  }

  /**
   * Describes it for messages, e.g. {@code task 4711 (genericMoveFloatingIp, doing, to ns1.ip-1-2-3.eu)}.
   *
   * @return the description
   */
  String describe() {
    return "task " + taskId + " (" + function + ", " + status + destination.map(d -> ", to " + d).orElse("") + ")";
  }
}
