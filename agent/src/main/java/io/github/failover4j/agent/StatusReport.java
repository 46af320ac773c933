package io.github.failover4j.agent;

import io.github.failover4j.FailoverGroup;
import io.github.failover4j.GroupCounters;
import io.github.failover4j.GroupStatus;
import io.github.failover4j.MoverStatus;
import io.github.failover4j.Role;
import io.github.failover4j.TrackChange;
import io.github.failover4j.TrackStatus;
import java.util.List;
import java.util.Locale;
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
    return "[" + status.name() + " vrid=" + status.vrid() + "] " + status.role()
        + (status.faults().isEmpty() ? "" : " (" + String.join("; ", status.faults()) + ")")
        + " on " + status.interfaceName() + ", priority " + priority(status) + ", master " + master
        + "; adverts sent " + c.advertsSent() + ", received " + c.advertsReceived()
        + ", priority 0 sent " + c.priorityZeroSent() + ", received " + c.priorityZeroReceived()
        + "; dropped " + c.dropped() + (c.invalid().isEmpty() ? "" : " " + c.invalid())
        + (c.notFromPeer() > 0 ? ", not from a peer " + c.notFromPeer() : "")
        + (c.wrongDestination() > 0 ? ", wrong destination " + c.wrongDestination() : "")
        + "; address list mismatches " + c.addressListMismatches() + ", send errors " + c.sendErrors()
        + ", transitions " + c.transitions() + ", mover failures " + c.moverFailures()
        + ", engine stalls " + c.engineStalls() + "; time in role: " + times
        + (status.tracked().isEmpty() ? "" : "; tracked: "
            + status.tracked().stream().map(StatusReport::tracked).collect(Collectors.joining(", ")))
        + "; movers: " + status.movers().stream().map(StatusReport::mover).collect(Collectors.joining(", "))
        + (status.role() == Role.MASTER ? (status.held() ? "; addresses held" : "; addresses not yet held") : "");
  }

  /** {@code hetzner HOLDING (holder this node; last 840 ms; operations 3, failures 0)}. */
  private static String mover(MoverStatus m) {
    return m.name() + " " + m.state() + " (holder " + m.holder().orElse("not seen")
        + m.lastLatency().map(d -> "; last " + d.toMillis() + " ms").orElse("")
        + m.lastError().map(e -> "; last error: " + e).orElse("")
        + (m.attempts() > 0 ? "; failed attempts " + m.attempts() : "")
        + "; operations " + m.operations() + ", failures " + m.failures() + ")";
  }

  /** The effective priority, and how it came from the configured one when they differ. */
  private static String priority(GroupStatus status) {
    if (status.priority() == status.basePriority() && status.demotion() == 0) {
      return String.valueOf(status.priority());
    }
    return status.priority() + " (base " + status.basePriority()
        + (status.demotion() == 0 ? "" : ", demoted by " + status.demotion()) + ")";
  }

  /** {@code check nginx HEALTHY +0 (exit 0; runs 12, timeouts 0, skipped 0)}. */
  private static String tracked(TrackStatus t) {
    String runs = t.kind() == TrackChange.Kind.CHECK
        ? "runs " + t.runs() + ", timeouts " + t.timeouts() + ", skipped " + t.skipped() : "";
    String detail = t.detail().isEmpty() || runs.isEmpty() ? t.detail() + runs : t.detail() + "; " + runs;
    return t.kind().name().toLowerCase(Locale.ROOT) + " " + t.name() + " " + t.state() + " " + t.effect()
        + (t.reverse() ? " reversed" : "") + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
