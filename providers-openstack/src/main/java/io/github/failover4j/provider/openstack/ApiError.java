package io.github.failover4j.provider.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.failover4j.provider.support.JsonBodies;
import io.github.failover4j.provider.support.Reply;
import java.util.function.UnaryOperator;

/**
 * An error as the OpenStack services describe it: Neutron's
 * {@code {"NeutronError": {"type", "message", "detail"}}}, or Keystone's (and keystonemiddleware's,
 * in front of Neutron) {@code {"error": {"code", "title", "message"}}}. Only the type and the message
 * are kept for exception messages, shortened and with every secret removed: an error body may quote
 * a request.
 *
 * @param type Neutron's exception type, e.g. {@code RevisionNumberConstraintFailed}, Keystone's
 *     title, e.g. {@code Unauthorized}, or {@code unknown} when the body was not an error document
 * @param message the service's explanation, possibly empty
 */
record ApiError(String type, String message) {

  /**
   * Reads the error of an answer.
   *
   * @param reply the answer
   * @return the error, of type {@code unknown} if the body is not an error document
   */
  static ApiError of(Reply reply) {
    JsonNode body = JsonBodies.read(reply.body());
    JsonNode neutron = body.path("NeutronError");
    if (neutron.isObject()) {
      return new ApiError(JsonBodies.text(neutron, "type").orElse("unknown"),
          JsonBodies.text(neutron, "message").orElse(""));
    }
    JsonNode keystone = body.path("error");
    if (keystone.isObject()) {
      return new ApiError(JsonBodies.text(keystone, "title").orElse("unknown"),
          JsonBodies.text(keystone, "message").orElse(""));
    }
    return new ApiError("unknown", "");
  }

  /**
   * Describes a failed call, e.g. {@code HTTP 412 RevisionNumberConstraintFailed: Constrained to 3,
   * but current revision is 4 (request id req-5f1c…)}.
   *
   * @param reply the answer
   * @param redact removes the secrets from the service's text
   * @return the description, without secrets
   */
  String describe(Reply reply, UnaryOperator<String> redact) {
    return reply.describe(type, message, redact);
  }
}
