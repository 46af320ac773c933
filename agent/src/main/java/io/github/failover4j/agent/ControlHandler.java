package io.github.failover4j.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.Demotion;
import io.github.failover4j.FailoverException;
import io.github.failover4j.FailoverGroup;
import io.github.failover4j.GroupStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the control socket's commands on the agent's groups, one at a time, and answers each
 * with one JSON object: {@code {"ok": true, ...}}, or {@code {"ok": false, "code": "UNKNOWN_GROUP",
 * "error": "..."}}. The demotions it makes (by {@code demote} and {@code yield}) are its own, listed
 * in the status, and undone by {@code undemote}; they last until then or until the agent stops.
 */
final class ControlHandler {
  /** Why a request failed, in every error answer; the client's exit code follows from it. */
  enum Error {
    /** The request could not be read. */
    BAD_REQUEST,
    /** No group of that name. */
    UNKNOWN_GROUP,
    /** The peer may not use the socket. */
    REFUSED,
    /** Not implemented yet (reload). */
    NOT_SUPPORTED,
    /** The group could not do it. */
    FAILED
  }

  /** What {@code demote} without an amount takes off: down to priority 1. */
  static final int DEFAULT_AMOUNT = 254;
  /** The reason of {@code yield}'s demotion. */
  static final String YIELD_REASON = "yielded (failover4j-agent yield)";

  private static final Logger LOG = LoggerFactory.getLogger("control");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Map<String, FailoverGroup> groups = new LinkedHashMap<>();
  private final Map<String, List<Demotion>> demotions = new LinkedHashMap<>();

  /**
   * Serves these groups.
   *
   * @param groups the agent's groups, started or not
   */
  ControlHandler(List<FailoverGroup> groups) {
    for (FailoverGroup group : groups) {
      this.groups.put(group.name(), group);
      demotions.put(group.name(), new ArrayList<>());
    }
  }

  /**
   * Carries out one request line.
   *
   * @param line the request
   * @param peer who sent it, for the log, e.g. {@code root}
   * @return the answer
   */
  synchronized ObjectNode handle(String line, String peer) {
    ControlCommand command;
    try {
      command = ControlCommand.parse(line);
    } catch (IllegalArgumentException e) {
      return error(Error.BAD_REQUEST, e.getMessage());
    }
    if (command.group().isPresent() && !groups.containsKey(command.group().get())) {
      return error(Error.UNKNOWN_GROUP, "unknown group \"" + command.group().get() + "\" (groups: "
          + String.join(", ", groups.keySet()) + ")");
    }
    try {
      return switch (command.command()) {
        case "status" -> status(command.lines());
        case "yield" -> yieldGroup(groups.get(command.group().get()), peer);
        case "demote" -> demote(groups.get(command.group().get()), command.amount().orElse(DEFAULT_AMOUNT),
            command.reason().orElse("failover4j-agent demote"), peer);
        case "undemote" -> undemote(groups.get(command.group().get()), peer);
        case "reload" -> error(Error.NOT_SUPPORTED, "reload: not supported yet; restart the agent to read its "
            + "configuration again (a master hands over gracefully on SIGTERM)");
        default -> throw new IllegalStateException(command.command()); // parse() lets no other through
      };
    } catch (FailoverException | IllegalArgumentException e) {
      return error(Error.FAILED, command.command() + ": " + e.getMessage());
    }
  }

  private ObjectNode status(boolean withLines) {
    ObjectNode answer = ok().put("schema", StatusJson.SCHEMA);
    ArrayNode array = answer.putArray("groups");
    ArrayNode lines = withLines ? answer.putArray("lines") : null;
    for (FailoverGroup group : groups.values()) {
      GroupStatus status = group.status();
      array.add(StatusJson.group(status, demotions.get(group.name())));
      if (lines != null) {
        lines.add(StatusReport.line(status));
      }
    }
    return answer;
  }

  /**
   * Demotes the group to priority 1 until {@code undemote}, so that it does not take over again,
   * then, if it is MASTER, steps down at once (priority 0: a backup takes over after Skew_Time).
   */
  private ObjectNode yieldGroup(FailoverGroup group, String peer) {
    GroupStatus before = group.status();
    if (before.basePriority() == 255) {
      return error(Error.FAILED, "yield: " + group.name() + " is the address owner (priority 255), which never "
          + "yields; give it a priority below 255");
    }
    List<Demotion> own = demotions.get(group.name());
    if (own.stream().noneMatch(d -> d.reason().equals(YIELD_REASON))) {
      own.add(group.demote(YIELD_REASON, DEFAULT_AMOUNT));
    }
    boolean stepped = group.yieldMastership("yielded by " + peer + " (failover4j-agent yield)");
    String message = group.name() + ": " + (stepped ? "was MASTER: sent priority 0 and stepped down to BACKUP"
        : "was " + before.role() + ": nothing to hand over") + "; demoted to priority 1 until `undemote "
        + group.name() + "`";
    LOG.info("{}: yield {}: {}", peer, group.name(), message);
    return ok().put("group", group.name()).put("yielded", stepped).put("message", message);
  }

  private ObjectNode demote(FailoverGroup group, int amount, String reason, String peer) {
    Demotion demotion = group.demote(reason + " (by " + peer + ")", amount);
    demotions.get(group.name()).add(demotion);
    String message = group.name() + ": demoted by " + amount + " (" + demotion.reason() + ") until `undemote "
        + group.name() + "`";
    LOG.info("{}: demote {}", peer, message);
    return ok().put("group", group.name()).put("amount", amount).put("message", message);
  }

  private ObjectNode undemote(FailoverGroup group, String peer) {
    List<Demotion> own = demotions.get(group.name());
    int undone = own.size();
    int amount = own.stream().mapToInt(Demotion::amount).sum();
    own.forEach(Demotion::close);
    own.clear();
    String message = group.name() + ": " + (undone == 0 ? "no demotion of the control socket to undo"
        : "undid " + undone + (undone == 1 ? " demotion" : " demotions") + " (" + amount + " in all)");
    LOG.info("{}: undemote {}", peer, message);
    return ok().put("group", group.name()).put("undone", undone).put("message", message);
  }

  private static ObjectNode ok() {
    return JSON.objectNode().put("ok", true);
  }

  /**
   * An error answer.
   *
   * @param code why
   * @param message for people
   * @return the answer
   */
  static ObjectNode error(Error code, String message) {
    return JSON.objectNode().put("ok", false).put("code", code.name()).put("error", message);
  }
}
