package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.GroupCounters;
import io.github.failover4j.GroupStatus;
import io.github.failover4j.MoverState;
import io.github.failover4j.MoverStatus;
import io.github.failover4j.Role;
import io.github.failover4j.spi.IpMover;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What SIGUSR1 logs about a group's movers: each one's state, and whether a MASTER really holds. */
class StatusReportTest {
  private static GroupStatus status(Role role, MoverState cloud) {
    return new GroupStatus("web", "ens10", 42, role, 100, 100, 0, List.of(), List.of(), Optional.empty(),
        GroupCounters.builder().build(), List.of(
            new MoverStatus("local", IpMover.Kind.LOCAL, MoverState.HOLDING, Optional.of("this node"),
                Optional.empty(), Optional.of(Duration.ofMillis(1)), 0, 2, 0),
            new MoverStatus("hetzner", IpMover.Kind.CLOUD, cloud, Optional.of("server 3080230"),
                Optional.of("assign: HTTP 503 unavailable"), Optional.empty(), 2, 5, 2)));
  }

  @Test
  void eachMoverIsShownAndAMasterSaysWhetherItsAddressesAreReallyHeld() {
    String failing = StatusReport.line(status(Role.MASTER, MoverState.FAILING));
    assertTrue(failing.contains("; movers: local HOLDING (holder this node; last 1 ms; operations 2, failures 0),"
        + " hetzner FAILING (holder server 3080230; last error: assign: HTTP 503 unavailable; failed attempts 2;"
        + " operations 5, failures 2); addresses not yet held"), failing);
    String held = StatusReport.line(status(Role.MASTER, MoverState.HOLDING));
    assertTrue(held.endsWith("; addresses held"), held);
    String backup = StatusReport.line(status(Role.BACKUP, MoverState.IDLE));
    assertTrue(!backup.contains("held"), backup);
  }
}
