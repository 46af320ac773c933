package io.github.failover4j.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.Demotion;
import io.github.failover4j.ElectionStatus;
import io.github.failover4j.GroupCounters;
import io.github.failover4j.GroupStatus;
import io.github.failover4j.MasterStatus;
import io.github.failover4j.MoverStatus;
import io.github.failover4j.TrackStatus;
import io.github.failover4j.spi.Candidate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A group's status as JSON, for the control socket's {@code status}: field names and their meaning
 * are documented in the agent's README ("Control socket") and stable. New fields may be added;
 * none is renamed or removed without a new {@link #SCHEMA} number. Enumerations are their Java
 * names (upper case); times are whole milliseconds; an absent value is {@code null}. No password
 * or token is ever in it: a group's status holds none, and movers' errors are free of secrets.
 */
final class StatusJson {
  /** The schema's version, in every status response. */
  static final int SCHEMA = 1;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private StatusJson() {}

  /**
   * One group.
   *
   * @param status its status
   * @param demotions the demotions made through the control socket and still in force
   * @return the object
   */
  static ObjectNode group(GroupStatus status, List<Demotion> demotions) {
    ObjectNode group = JSON.objectNode();
    group.put("name", status.name());
    group.put("interface", status.interfaceName());
    group.put("vrid", status.vrid());
    group.put("role", status.role().name());
    group.put("priority", status.priority());
    group.put("basePriority", status.basePriority());
    group.put("demotion", status.demotion());
    ArrayNode control = group.putArray("controlDemotions");
    demotions.forEach(d -> control.addObject().put("amount", d.amount()).put("reason", d.reason()));
    ArrayNode faults = group.putArray("faults");
    status.faults().forEach(faults::add);
    group.set("master", status.master().map(StatusJson::master).orElse(null));
    group.set("election", status.election().map(StatusJson::election).orElse(null));
    ArrayNode tracked = group.putArray("tracked");
    status.tracked().forEach(t -> tracked.add(tracked(t)));
    ArrayNode movers = group.putArray("movers");
    status.movers().forEach(m -> movers.add(mover(m)));
    group.put("held", status.held());
    group.set("counters", counters(status.counters()));
    return group;
  }

  private static ObjectNode master(MasterStatus m) {
    return JSON.objectNode()
        .put("address", m.address().getHostAddress())
        .put("priority", m.priority())
        .put("advertIntervalMs", m.advertInterval().toMillis())
        .put("checksum", m.checksum().name())
        .put("self", m.self());
  }

  private static ObjectNode election(ElectionStatus e) {
    ObjectNode election = JSON.objectNode().put("store", e.store()).put("candidate", e.candidate());
    election.set("holder", e.holder().map(StatusJson::candidate).orElse(null));
    election.put("fencingToken", e.fencingToken());
    ArrayNode candidates = election.putArray("candidates");
    e.candidates().forEach(c -> candidates.add(candidate(c)));
    millis(election, "leaseLeftMs", e.leaseLeft());
    text(election, "lastError", Optional.of(e.lastError()).filter(error -> !error.isEmpty()));
    return election.put("calls", e.calls()).put("failures", e.failures());
  }

  private static ObjectNode candidate(Candidate c) {
    return JSON.objectNode().put("id", c.id()).put("priority", c.priority()).put("preempt", c.preempt());
  }

  private static ObjectNode tracked(TrackStatus t) {
    ObjectNode tracked = JSON.objectNode()
        .put("kind", t.kind().name())
        .put("name", t.name())
        .put("state", t.state().name())
        .put("weight", t.weight())
        .put("reverse", t.reverse())
        .put("effect", t.effect())
        .put("detail", t.detail())
        .put("runs", t.runs())
        .put("timeouts", t.timeouts())
        .put("skipped", t.skipped());
    millis(tracked, "lastLatencyMs", t.lastLatency());
    return tracked;
  }

  private static ObjectNode mover(MoverStatus m) {
    ObjectNode mover = JSON.objectNode()
        .put("name", m.name())
        .put("kind", m.kind().name())
        .put("state", m.state().name());
    text(mover, "holder", m.holder());
    text(mover, "lastError", m.lastError());
    millis(mover, "lastLatencyMs", m.lastLatency());
    return mover.put("attempts", m.attempts()).put("operations", m.operations()).put("failures", m.failures());
  }

  private static void text(ObjectNode node, String key, Optional<String> value) {
    if (value.isPresent()) {
      node.put(key, value.get());
    } else {
      node.putNull(key);
    }
  }

  /** A duration as whole milliseconds, or null. */
  private static void millis(ObjectNode node, String key, Optional<Duration> value) {
    if (value.isPresent()) {
      node.put(key, value.get().toMillis());
    } else {
      node.putNull(key);
    }
  }

  private static ObjectNode counters(GroupCounters c) {
    ObjectNode counters = JSON.objectNode()
        .put("advertsSent", c.advertsSent())
        .put("advertsReceived", c.advertsReceived())
        .put("priorityZeroSent", c.priorityZeroSent())
        .put("priorityZeroReceived", c.priorityZeroReceived())
        .put("dropped", c.dropped());
    ObjectNode invalid = counters.putObject("invalid");
    c.invalid().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> invalid.put(e.getKey().name(), e.getValue()));
    counters.put("notFromPeer", c.notFromPeer())
        .put("wrongDestination", c.wrongDestination())
        .put("addressListMismatches", c.addressListMismatches())
        .put("sendErrors", c.sendErrors())
        .put("transitions", c.transitions())
        .put("moverFailures", c.moverFailures())
        .put("engineStalls", c.engineStalls());
    ObjectNode times = counters.putObject("timeInRoleMs");
    c.timeInRole().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> times.put(e.getKey().name(), e.getValue().toMillis()));
    return counters;
  }
}
