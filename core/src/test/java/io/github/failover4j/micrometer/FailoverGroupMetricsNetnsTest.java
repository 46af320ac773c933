package io.github.failover4j.micrometer;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.FailoverGroup;
import io.github.failover4j.GroupCounters;
import io.github.failover4j.Role;
import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Two real groups in network namespaces, bound before they start: the role gauges follow an
 * election and a graceful handover, the tracked items appear once the groups start, and once the
 * groups are closed every counter equals their status.
 */
class FailoverGroupMetricsNetnsTest {
  private static final Duration MARGIN = Duration.ofSeconds(5);

  @Test
  void theMetersFollowRealGroups() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      Node a = lab.node("a").address("10.0.0.1/24");
      Node b = lab.node("b").address("10.0.0.2/24");
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      FailoverGroup ga = group(a, 200);
      FailoverGroup gb = group(b, 100);
      try (ga; gb) {
        new FailoverGroupMetrics(ga).bindTo(registry);
        new FailoverGroupMetrics(gb).bindTo(registry);
        assertEquals(1, role(registry, "a", Role.INITIALIZE));
        ga.start();
        gb.start();

        assertTrue(ga.awaitMaster(MARGIN), ga.status().toString());
        eventually(MARGIN, () -> role(registry, "a", Role.MASTER) == 1 && role(registry, "a", Role.BACKUP) == 0
            && role(registry, "b", Role.BACKUP) == 1, () -> registry.getMetersAsString());
        // the tracked interface is known from the start on: bound earlier, its meters came with the first event
        eventually(MARGIN, () -> registry.find("failover4j.tracked.state").tags("group", "a", "tracked", "nope0",
            "state", "failing").gauge() != null, () -> registry.getMetersAsString());
        assertEquals(1, registry.get("failover4j.tracked.state").tags("group", "a", "kind", "interface", "tracked",
            "nope0", "state", "failing").gauge().value());
        eventually(MARGIN, () -> value(registry, "b", "failover4j.adverts.received") > 0,
            () -> registry.getMetersAsString());

        ga.close(); // priority 0: b takes over at once
        assertTrue(gb.awaitMaster(MARGIN), gb.status().toString());
        eventually(MARGIN, () -> role(registry, "b", Role.MASTER) == 1 && role(registry, "a", Role.INITIALIZE) == 1,
            () -> registry.getMetersAsString());
        eventually(MARGIN, () -> registry.get("failover4j.mover.state").tags("group", "b", "mover", "local", "state",
            "holding").gauge().value() == 1, () -> registry.getMetersAsString());
      }
      // closed: the counts are final once the meters' last snapshot (at most 100 ms old) is renewed
      eventually(MARGIN, () -> value(registry, "b", "failover4j.adverts.sent") == gb.status().counters().advertsSent()
          && value(registry, "a", "failover4j.adverts.received") == ga.status().counters().advertsReceived(),
          () -> registry.getMetersAsString());
      for (FailoverGroup group : new FailoverGroup[] {ga, gb}) {
        GroupCounters counters = group.status().counters();
        String name = group.name();
        assertEquals(counters.advertsSent(), value(registry, name, "failover4j.adverts.sent"), name);
        assertEquals(counters.advertsReceived(), value(registry, name, "failover4j.adverts.received"), name);
        assertEquals(counters.transitions(), value(registry, name, "failover4j.group.transitions"), name);
        assertEquals(counters.priorityZeroSent(), value(registry, name, "failover4j.adverts.priority.zero.sent"));
        assertEquals(counters.priorityZeroReceived(),
            value(registry, name, "failover4j.adverts.priority.zero.received"), name);
      }
      assertTrue(value(registry, "a", "failover4j.adverts.priority.zero.sent") >= 1, "a handed over");
      assertTrue(value(registry, "b", "failover4j.adverts.priority.zero.received") >= 1, "b heard it");
    }
  }

  private static FailoverGroup group(Node node, int priority) {
    return FailoverGroup.builder().name(node.name()).networkNamespace(node.namespace()).interfaceName("eth0")
        .vrid(51).priority(priority).advertInterval(Duration.ofMillis(100)).virtualIp("10.0.0.200/24")
        .trackInterface("nope0", -10).build();
  }

  private static double role(MeterRegistry registry, String group, Role role) {
    return registry.get("failover4j.group.role").tags("group", group, "role", role.name().toLowerCase(Locale.ROOT))
        .gauge().value();
  }

  private static double value(MeterRegistry registry, String group, String name) {
    return registry.get(name).tags("group", group).functionCounter().count();
  }
}
