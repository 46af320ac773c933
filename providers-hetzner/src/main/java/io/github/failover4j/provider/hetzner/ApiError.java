package io.github.failover4j.provider.hetzner;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.failover4j.provider.support.JsonBodies;
import io.github.failover4j.provider.support.Reply;
import io.github.failover4j.spi.Secret;

/**
 * An error as Hetzner's APIs describe it: {@code {"error": {"code": …, "message": …}}} (Robot adds
 * {@code status} and, for rate limits, {@code interval}). Only the code and the message are kept
 * for exception messages ({@link Reply#describe}, which shortens the message and removes the
 * credential: an error body may quote a request).
 *
 * @param code the provider's error code, e.g. {@code locked}, {@code FAILOVER_ALREADY_ROUTED}, or
 *     {@code unknown} when the body was not an error document
 * @param message the provider's explanation, possibly empty
 * @param details the error object, for fields of one provider (Robot's {@code interval})
 */
record ApiError(String code, String message, JsonNode details) {
  /**
   * Reads the error of an answer.
   *
   * @param reply the answer
   * @return the error, {@code unknown} if the body is not an error document
   */
  static ApiError of(Reply reply) {
    JsonNode error = JsonBodies.read(reply.body()).path("error");
    if (!error.isObject()) {
      return new ApiError("unknown", "", error);
    }
    return new ApiError(error.path("code").asText("unknown"), error.path("message").asText(""), error);
  }

  /**
   * Describes the failed call this error came with, e.g. {@code HTTP 423 locked: The item … is
   * locked (correlation id 8f3c…)}.
   *
   * @param reply the answer
   * @param secret the credential to remove from the provider's text
   * @return the description, without the credential
   */
  String describe(Reply reply, Secret secret) {
    return reply.describe(code, message, secret::redact);
  }
}
