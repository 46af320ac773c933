package io.github.failover4j.provider.hetzner;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Hetzner Cloud action: the asynchronous task a write starts, followed until it succeeds or fails.
 *
 * @param id its id
 * @param command what it does, e.g. {@code assign_floating_ip}
 * @param status {@code running}, {@code success} or {@code error}
 * @param errorCode the error's code when it failed, else empty
 * @param errorMessage the error's message when it failed, else empty
 */
record Action(long id, String command, String status, String errorCode, String errorMessage) {
  /**
   * Reads one from the API's JSON.
   *
   * @param node an {@code action} object
   * @return the action
   */
  static Action of(JsonNode node) {
    JsonNode error = node.path("error");
    return new Action(node.path("id").asLong(), node.path("command").asText(""), node.path("status").asText(""),
        error.path("code").asText(""), error.path("message").asText(""));
  }
}
