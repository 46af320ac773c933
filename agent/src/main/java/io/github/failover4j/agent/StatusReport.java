package io.github.failover4j.agent;

import io.github.failover4j.FailoverGroup;
import io.github.failover4j.GroupCounters;
import io.github.failover4j.GroupStatus;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/** The groups' status and counters as log lines: what SIGUSR1 asks for. */
final class StatusReport {
  private StatusReport() {}

  static void log(Logger log, List<FailoverGroup> groups) {
    for (FailoverGroup group : groups) {
      log.info("{}", line(group.status()));
    }
  }

  static String line(GroupStatus status) {
    GroupCounters c = status.counters();
    String master = status.master()
        .map(m -> m.self() ? "self" : m.address().getHostAddress() + " priority " + m.priority() + " every "
            + m.advertInterval().toMillis() + " ms, checksum " + m.checksum())
        .orElse("none known");
    String times = c.timeInRole().entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms").collect(Collectors.joining(", "));
    return "[" + status.name() + " vrid=" + status.vrid() + "] " + status.role() + " on " + status.interfaceName()
        + ", priority " + status.priority() + ", master " + master
        + "; adverts sent " + c.advertsSent() + ", received " + c.advertsReceived()
        + ", priority 0 sent " + c.priorityZeroSent() + ", received " + c.priorityZeroReceived()
        + "; dropped " + c.dropped() + (c.invalid().isEmpty() ? "" : " " + c.invalid())
        + (c.notFromPeer() > 0 ? ", not from a peer " + c.notFromPeer() : "")
        + (c.wrongDestination() > 0 ? ", wrong destination " + c.wrongDestination() : "")
        + "; address list mismatches " + c.addressListMismatches() + ", send errors " + c.sendErrors()
        + ", transitions " + c.transitions() + ", mover failures " + c.moverFailures()
        + ", engine stalls " + c.engineStalls() + "; time in role: " + times;
  }
}
