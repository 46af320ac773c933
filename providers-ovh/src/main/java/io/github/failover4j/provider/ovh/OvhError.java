package io.github.failover4j.provider.ovh;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.failover4j.provider.support.JsonBodies;
import io.github.failover4j.provider.support.Reply;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An error as OVH's API describes it. Two envelopes are in use: {@code {"class":
 * "Client::Forbidden", "message": …}} and, for authentication, the older {@code {"errorCode":
 * "INVALID_SIGNATURE", "httpCode": "400 Bad Request", "message": …}}; either may come, so both are
 * read.
 *
 * @param errorClass the {@code class}, e.g. {@code Client::NotFound}, or empty
 * @param errorCode the {@code errorCode}, e.g. {@code NOT_GRANTED_CALL}, or empty
 * @param message the explanation, possibly empty
 */
record OvhError(String errorClass, String errorCode, String message) {
  /**
   * The codes of a request whose signature OVH refused. A clock that drifted since the last
   * {@code /auth/time} makes a signature fail too: the API does not document which code a stale
   * timestamp gets, so each of these is worth one re-synchronisation.
   */
  private static final Set<String> SIGNATURE_CODES = Set.of("INVALID_SIGNATURE", "QUERY_TIME_OUT",
      "INVALID_TIMESTAMP");

  /**
   * Reads the error of an answer.
   *
   * @param reply the answer
   * @return the error; its fields are empty if the body is not an error document
   */
  static OvhError of(Reply reply) {
    JsonNode body = JsonBodies.read(reply.body());
    return new OvhError(JsonBodies.text(body, "class").orElse(""), JsonBodies.text(body, "errorCode").orElse(""),
        JsonBodies.text(body, "message").orElse(""));
  }

  /**
   * Tells whether OVH refused the request's signature or its timestamp.
   *
   * @return true for a signature error
   */
  boolean signatureRefused() {
    String lower = message.toLowerCase(Locale.ROOT);
    return SIGNATURE_CODES.contains(errorCode) || lower.contains("invalid signature")
        || lower.contains("timestamp") || lower.contains("out of time");
  }

  /**
   * Tells whether the error says that another operation on the resource is still running (OVH
   * answers this with 409, and has used other statuses for it).
   *
   * @return true for "operation already in progress" and the like
   */
  boolean inProgress() {
    String lower = message.toLowerCase(Locale.ROOT);
    return lower.contains("in progress") || lower.contains("pending") || errorClass.startsWith("Client::Conflict");
  }

  /**
   * Describes a failed call, e.g. {@code HTTP 403 Client::Forbidden: User not granted for this
   * request (query id EU.ext-3.63ac…)}.
   *
   * @param reply the answer
   * @param redact removes the credentials from the provider's text
   * @return the description, without secrets
   */
  String describe(Reply reply, UnaryOperator<String> redact) {
    String name = (errorClass + " " + errorCode).strip();
    return reply.describe(name.isEmpty() ? "error" : name, message, redact);
  }
}
