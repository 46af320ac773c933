package io.github.failover4j.provider.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.spi.IpMoverException;
import java.util.Optional;

/**
 * JSON bodies through Jackson's tree model: a mover reads a few fields of documents that grow with
 * every API version, and trees need neither classes for them nor reflective access to the
 * provider's module.
 */
public final class JsonBodies {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonBodies() {}

  /**
   * Parses a body.
   *
   * @param text the text
   * @return its tree, or a missing node if it is not JSON
   */
  public static JsonNode read(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      return node == null ? MissingNode.getInstance() : node;
    } catch (JsonProcessingException e) {
      return MissingNode.getInstance();
    }
  }

  /**
   * Starts a body.
   *
   * @return an empty object
   */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * Writes a body compactly: the bytes sent, and for a signed request also the bytes signed.
   *
   * @param node the tree
   * @return its text
   */
  public static String write(JsonNode node) {
    return node.toString();
  }

  /**
   * Reads a text field.
   *
   * @param node the object
   * @param field the field's name
   * @return its text; empty if absent, null, not text or blank, which no API means as a value
   */
  public static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
  }

  /**
   * Reads a field an answer must have, e.g. the {@code floating_ip} of a floating IP's document.
   *
   * @param body the answer
   * @param name the field's name
   * @param what the call, for the message
   * @return the field
   * @throws IpMoverException RETRYABLE if it is absent or null: an answer cut short, or a proxy's
   */
  public static JsonNode field(JsonNode body, String name, String what) throws IpMoverException {
    JsonNode value = body.path(name);
    if (value.isMissingNode() || value.isNull()) {
      throw new IpMoverException(what + ": the answer has no " + name);
    }
    return value;
  }
}
