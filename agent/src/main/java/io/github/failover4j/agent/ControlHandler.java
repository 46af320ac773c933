package io.github.failover4j.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.ConfigurationException;
import io.github.failover4j.Demotion;
import io.github.failover4j.FailoverException;
import io.github.failover4j.FailoverGroup;
import io.github.failover4j.GroupStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the control socket's commands on the agent's running groups, one at a time, and
 * answers each with one JSON object: {@code {"ok": true, ...}}, or {@code {"ok": false, "code":
 * "UNKNOWN_GROUP", "error": "..."}}. The demotions it makes (by {@code demote} and {@code yield})
 * are its own, listed in the status, and undone by {@code undemote}; they last until then or until
 * the agent stops, and carry over to a group a reload restarts (not to one it removes).
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
    /** Not possible for this agent: a reload of one run without a configuration file. */
    NOT_SUPPORTED,
    /** The configuration file to reload is invalid; nothing changed. */
    INVALID_CONFIG,
    /** The group could not do it. */
    FAILED
  }

  /** What {@code demote} without an amount takes off: down to priority 1. */
  static final int DEFAULT_AMOUNT = 254;
  /** The reason of {@code yield}'s demotion. */
  static final String YIELD_REASON = "yielded (failover4j-agent yield)";

  /** How long {@code reload} waits for the reload's end: less than the client waits for the answer. */
  static final Duration RELOAD_WAIT = Duration.ofSeconds(12);

  private static final Logger LOG = LoggerFactory.getLogger("control");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The demotions made through the socket for a group, and the running group they are on. */
  private record Held(FailoverGroup group, List<Demotion> demotions) {}

  private final RunningGroups groups;
  private final Reloader reloader;
  private final Map<String, Held> demotions = new LinkedHashMap<>(); // guarded by this

  /**
   * Serves the running groups, whatever reloads make of them.
   *
   * @param groups the agent's running groups
   * @param reloader what {@code reload} asks
   */
  ControlHandler(RunningGroups groups, Reloader reloader) {
    this.groups = groups;
    this.reloader = reloader;
    groups.addListener(new RunningGroups.Listener() {
      @Override
      public void started(FailoverGroup group) {
        carryOver(group);
      }

      @Override
      public void stopped(FailoverGroup group) {
        // kept: a restarted group takes them over when it starts
      }

      @Override
      public void reloaded(ReloadReport report) {
        forget(report.named(ReloadReport.Change.STOPPED));
      }
    });
  }

  /** A group a reload restarted gets the demotions its predecessor had. */
  private synchronized void carryOver(FailoverGroup group) {
    Held held = demotions.get(group.name());
    if (held == null || held.group() == group) {
      return;
    }
    List<Demotion> again = new ArrayList<>();
    held.demotions().forEach(d -> again.add(group.demote(d.reason(), d.amount())));
    demotions.put(group.name(), new Held(group, again));
    if (!again.isEmpty()) {
      LOG.info("{}: {} demotion(s) of the control socket kept across the reload", group.name(), again.size());
    }
  }

  private synchronized void forget(List<String> removed) {
    removed.forEach(demotions::remove);
  }

  /** The demotions made through the socket on a running group. */
  private List<Demotion> demotionsOf(FailoverGroup group) {
    Held held = demotions.get(group.name());
    if (held == null || held.group() != group) {
      held = new Held(group, new ArrayList<>());
      demotions.put(group.name(), held);
    }
    return held.demotions();
  }

  /**
   * Carries out one request line.
   *
   * @param line the request
   * @param peer who sent it, for the log, e.g. {@code root}
   * @return the answer
   */
  ObjectNode handle(String line, String peer) {
    ControlCommand command;
    try {
      command = ControlCommand.parse(line);
    } catch (IllegalArgumentException e) {
      return error(Error.BAD_REQUEST, e.getMessage());
    }
    if (command.command().equals("reload")) {
      return reload(peer); // without the lock: the groups the reload starts tell this handler
    }
    return handle(command, peer);
  }

  private synchronized ObjectNode handle(ControlCommand command, String peer) {
    Optional<FailoverGroup> group = command.group().flatMap(groups::group);
    if (command.group().isPresent() && group.isEmpty()) {
      return error(Error.UNKNOWN_GROUP, "unknown group \"" + command.group().get() + "\" (groups: "
          + String.join(", ", groups.names()) + ")");
    }
    try {
      return switch (command.command()) {
        case "status" -> status(command.lines());
        case "yield" -> yieldGroup(group.get(), peer);
        case "demote" -> demote(group.get(), command.amount().orElse(DEFAULT_AMOUNT),
            command.reason().orElse("failover4j-agent demote"), peer);
        case "undemote" -> undemote(group.get(), peer);
        default -> throw new IllegalStateException(command.command()); // parse() lets no other through
      };
    } catch (FailoverException | IllegalArgumentException e) {
      return error(Error.FAILED, command.command() + ": " + e.getMessage());
    }
  }

  /** Asks for a reload and waits for its report; one that takes longer goes on, and the log has it. */
  private ObjectNode reload(String peer) {
    ReloadReport report;
    try {
      report = reloader.request(peer + " (control socket)").get(RELOAD_WAIT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ConfigurationException invalid) {
        ObjectNode answer = error(Error.INVALID_CONFIG, "reload: nothing changed: " + invalid.getMessage());
        invalid.problems().forEach(answer.putArray("problems")::add);
        return answer;
      }
      if (e.getCause() instanceof Reloader.Unavailable unavailable) {
        return error(reloader.file().isEmpty() ? Error.NOT_SUPPORTED : Error.FAILED, unavailable.getMessage());
      }
      return error(Error.FAILED, "reload: " + e.getCause());
    } catch (TimeoutException e) {
      return error(Error.FAILED, "reload: still running after " + RELOAD_WAIT.toSeconds() + " s (a master's"
          + " handover waits for its movers); it goes on, and the agent's log says what it did");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(Error.FAILED, "reload: interrupted while waiting for it; the agent's log says what it did");
    }
    String message = String.join("\n", report.lines());
    ObjectNode answer = report.ok() ? ok().put("message", message) : error(Error.FAILED, message);
    ArrayNode outcomes = answer.putArray("groups");
    for (ReloadReport.Outcome outcome : report.groups()) {
      ObjectNode item = outcomes.addObject().put("name", outcome.group()).put("change", outcome.change().word());
      outcome.failure().ifPresent(why -> item.put("error", why));
    }
    report.notApplied().forEach(answer.putArray("notApplied")::add);
    report.warnings().forEach(answer.putArray("warnings")::add);
    return answer;
  }

  private ObjectNode status(boolean withLines) {
    ObjectNode answer = ok().put("schema", StatusJson.SCHEMA);
    ArrayNode array = answer.putArray("groups");
    ArrayNode lines = withLines ? answer.putArray("lines") : null;
    for (FailoverGroup group : groups.groups()) {
      GroupStatus status = group.status();
      array.add(StatusJson.group(status, demotionsOf(group)));
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
    List<Demotion> own = demotionsOf(group);
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
    demotionsOf(group).add(demotion);
    String message = group.name() + ": demoted by " + amount + " (" + demotion.reason() + ") until `undemote "
        + group.name() + "`";
    LOG.info("{}: demote {}", peer, message);
    return ok().put("group", group.name()).put("amount", amount).put("message", message);
  }

  private ObjectNode undemote(FailoverGroup group, String peer) {
    List<Demotion> own = demotionsOf(group);
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
