package io.github.failover4j.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One request to the control socket, as a JSON object on one line
 * ({@code {"command":"demote","group":"web","amount":50,"reason":"maintenance"}}), or as words on
 * one line for a person at {@code socat - UNIX-CONNECT:/run/failover4j/agent.sock}
 * ({@code demote web 50 maintenance window}).
 *
 * @param command {@code status}, {@code yield}, {@code demote}, {@code undemote} or {@code reload}
 * @param group the group, for yield, demote and undemote
 * @param amount a demotion's amount, 1..254
 * @param reason a demotion's reason
 * @param lines whether a status also carries its lines for people ({@link StatusReport#line})
 */
record ControlCommand(String command, Optional<String> group, OptionalInt amount, Optional<String> reason,
    boolean lines) {
  static final List<String> COMMANDS = List.of("status", "yield", "demote", "undemote", "reload");
  /** The longest request line read. */
  static final int MAX_LINE = 4096;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Reads a request line.
   *
   * @param line the line, without its end
   * @return the command
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static ControlCommand parse(String line) {
    String text = line.strip();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty request (expected: one of " + String.join(", ", COMMANDS) + ")");
    }
    ControlCommand command = text.startsWith("{") || text.startsWith("[") ? json(text) : words(text);
    return command.validated();
  }

  private static ControlCommand json(String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("request: not JSON: " + e.getOriginalMessage());
    }
    if (!node.isObject() || !node.path("command").isTextual()) {
      throw new IllegalArgumentException("request: " + (node.isObject() ? "no \"command\"" : "not an object")
          + " (expected: {\"command\": \"status\"})");
    }
    JsonNode amount = node.get("amount");
    if (amount != null && !amount.isNull() && !amount.canConvertToInt()) {
      throw new IllegalArgumentException("amount: " + amount + " (expected: 1..254)");
    }
    if (amount != null && !amount.isNull() && !amount.isIntegralNumber()) {
      throw new IllegalArgumentException("amount: " + amount + " (expected: a whole number, 1..254)");
    }
    return new ControlCommand(node.get("command").asText(), text(node, "group"),
        amount == null || amount.isNull() ? OptionalInt.empty() : OptionalInt.of(amount.asInt()),
        text(node, "reason"), node.path("lines").asBoolean(false));
  }

  private static Optional<String> text(JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(key + ": " + value + " (expected: text)");
    }
    return Optional.of(value.asText());
  }

  /** {@code status}, {@code yield web}, {@code demote web [50] [reason words]}, {@code undemote web}. */
  private static ControlCommand words(String text) {
    List<String> words = Arrays.asList(text.split("\\s+"));
    String command = words.get(0).toLowerCase(Locale.ROOT);
    Optional<String> group = words.size() > 1 ? Optional.of(words.get(1)) : Optional.empty();
    OptionalInt amount = OptionalInt.empty();
    int reasonFrom = 2;
    if (command.equals("demote") && words.size() > 2 && words.get(2).matches("-?\\d{1,9}")) {
      amount = OptionalInt.of(Integer.parseInt(words.get(2)));
      reasonFrom = 3;
    }
    Optional<String> reason = command.equals("demote") && words.size() > reasonFrom
        ? Optional.of(String.join(" ", words.subList(reasonFrom, words.size()))) : Optional.empty();
    int expected = switch (command) {
      case "status", "reload" -> 1;
      case "yield", "undemote" -> 2;
      default -> Integer.MAX_VALUE;
    };
    if (words.size() > expected) {
      throw new IllegalArgumentException(command + ": unexpected " + String.join(" ", words.subList(expected,
          words.size())));
    }
    return new ControlCommand(command, group, amount, reason, command.equals("status"));
  }

  private ControlCommand validated() {
    if (!COMMANDS.contains(command)) {
      throw new IllegalArgumentException("unknown command \"" + command + "\" (expected: one of "
          + String.join(", ", COMMANDS) + ")");
    }
    boolean needsGroup = command.equals("yield") || command.equals("demote") || command.equals("undemote");
    if (needsGroup && group.filter(g -> !g.isBlank()).isEmpty()) {
      throw new IllegalArgumentException(command + ": no group (expected: " + command + " GROUP)");
    }
    if (amount.isPresent() && (amount.getAsInt() < 1 || amount.getAsInt() > 254)) {
      throw new IllegalArgumentException("amount: " + amount.getAsInt() + " (expected: 1..254)");
    }
    if (reason.isPresent() && reason.get().isBlank()) {
      throw new IllegalArgumentException("reason: blank (expected: why, for the status)");
    }
    return this;
  }

  /**
   * Writes the request as the client sends it: one JSON line.
   *
   * @return the line, without its end
   */
  String toJson() {
    ObjectNode node = MAPPER.createObjectNode().put("command", command);
    group.ifPresent(g -> node.put("group", g));
    amount.ifPresent(a -> node.put("amount", a));
    reason.ifPresent(r -> node.put("reason", r));
    if (lines) {
      node.put("lines", true);
    }
    return node.toString();
  }
}
