package io.github.failover4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.FailoverGroup;
import io.github.failover4j.FailoverListener;
import io.github.failover4j.GroupCounters;
import io.github.failover4j.GroupStatus;
import io.github.failover4j.MoverState;
import io.github.failover4j.MoverStatus;
import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import io.github.failover4j.TrackChange;
import io.github.failover4j.TrackState;
import io.github.failover4j.TrackStatus;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.vrrp.VrrpDecodeException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The meters against statuses set by the test, on a registry with a clock the test moves. */
class FailoverGroupMetricsTest {
  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final FakeSource source = new FakeSource();

  @Test
  void aGroupNotStartedReadsInitializeAndZeros() {
    FailoverGroup group = FailoverGroup.builder().name("web").interfaceName("eth0").vrid(51).priority(150)
        .virtualIp("192.0.2.10/24").build();
    new FailoverGroupMetrics(group).bindTo(registry);

    assertEquals(Map.of("initialize", 1.0, "backup", 0.0, "master", 0.0, "fault", 0.0), byTag("group.role", "role"));
    assertEquals(150, value("group.priority", Tags.empty()));
    assertEquals(0, value("group.transitions", Tags.empty()));
    assertEquals(0, value("adverts.sent", Tags.empty()));
    assertTrue(byTag("adverts.dropped", "reason").values().stream().allMatch(v -> v == 0));
    // the local mover is known before start: idle until the group is master
    assertEquals(Map.of("idle", 1.0, "settling", 0.0, "claiming", 0.0, "holding", 0.0, "releasing", 0.0,
        "failing", 0.0), byTag("mover.state", "state"));
    assertTrue(Double.isNaN(value("mover.latency", Tags.of("mover", "local"))));

    group.close(); // never started: stays INITIALIZE
    clock.add(1, TimeUnit.SECONDS);
    assertEquals(1, value("group.role", Tags.of("role", "initialize")));
  }

  @Test
  void roleGaugesFlipOnATransitionAndOneScrapeSeesOneSnapshot() {
    source.status = status(Role.BACKUP, GroupCounters.builder().transitions(1).advertsReceived(40).build());
    bind();
    assertEquals(Map.of("initialize", 0.0, "backup", 1.0, "master", 0.0, "fault", 0.0), byTag("group.role", "role"));
    int taken = source.taken;

    source.status = status(Role.MASTER, GroupCounters.builder().transitions(2).advertsReceived(41).advertsSent(3)
        .priorityZeroReceived(1).build());
    assertEquals(1, value("group.role", Tags.of("role", "backup")), "read within 100 ms: the same snapshot");
    assertEquals(taken, source.taken);

    clock.add(Snapshots.FRESH_NANOS, TimeUnit.NANOSECONDS);
    assertEquals(Map.of("initialize", 0.0, "backup", 0.0, "master", 1.0, "fault", 0.0), byTag("group.role", "role"));
    assertEquals(2, value("group.transitions", Tags.empty()));
    assertEquals(41, value("adverts.received", Tags.empty()));
    assertEquals(3, value("adverts.sent", Tags.empty()));
    assertEquals(1, value("adverts.priority.zero.received", Tags.empty()));
    assertEquals(0, value("adverts.priority.zero.sent", Tags.empty()));
    assertEquals(taken + 1, source.taken, "every meter of a scrape read one snapshot");
  }

  @Test
  void priorityDemotionHeldFaultsAndTimeInRole() {
    GroupCounters counters = GroupCounters.builder().timeInRole(Role.BACKUP, Duration.ofMillis(1500))
        .timeInRole(Role.MASTER, Duration.ofSeconds(20)).sendErrors(4).addressListMismatches(2).engineStalls(1)
        .build();
    source.status = new GroupStatus("web", "eth0", 51, Role.FAULT, 90, 150, 60, List.of("check nginx failing",
        "interface eth1 down"), List.of(), Optional.empty(), counters, List.of());
    bind();

    assertEquals(90, value("group.priority", Tags.empty()));
    assertEquals(60, value("group.demotion", Tags.empty()));
    assertEquals(2, value("group.faults", Tags.empty()));
    assertEquals(0, value("group.held", Tags.empty()));
    assertEquals(Map.of("initialize", 0.0, "backup", 1.5, "master", 20.0, "fault", 0.0),
        byTag("group.role.time", "role"));
    assertEquals(4, value("adverts.send.errors", Tags.empty()));
    assertEquals(2, value("adverts.address.list.mismatches", Tags.empty()));
    assertEquals(1, value("engine.stalls", Tags.empty()));
  }

  @Test
  void dropsAreCountedByReason() {
    source.status = status(Role.BACKUP, GroupCounters.builder().invalid(VrrpDecodeException.Reason.BAD_CHECKSUM, 3)
        .invalid(VrrpDecodeException.Reason.AUTH_MISMATCH, 5).notFromPeer(2).wrongDestination(1).build());
    bind();

    Map<String, Double> drops = byTag("adverts.dropped", "reason");
    assertEquals(VrrpDecodeException.Reason.values().length + 2, drops.size(), drops.toString());
    assertEquals(3, drops.get("bad-checksum"));
    assertEquals(5, drops.get("auth-mismatch"));
    assertEquals(2, drops.get("not-from-peer"));
    assertEquals(1, drops.get("wrong-destination"));
    assertEquals(0, drops.get("bad-ttl"));
    assertEquals(source.status.counters().dropped(), drops.values().stream().mapToDouble(Double::doubleValue).sum());
  }

  @Test
  void moversShowTheirStateCountersAndLastLatency() {
    source.movers = List.of("local", "hetzner");
    source.status = status(Role.MASTER, GroupCounters.builder().build(), List.of(
        new MoverStatus("local", IpMover.Kind.LOCAL, MoverState.HOLDING, Optional.of("this node"), Optional.empty(),
            Optional.of(Duration.ofMillis(12)), 0, 3, 0),
        new MoverStatus("hetzner", IpMover.Kind.CLOUD, MoverState.FAILING, Optional.empty(),
            Optional.of("HTTP 503"), Optional.empty(), 2, 5, 3)));
    bind();

    assertEquals(1, value("mover.state", Tags.of("mover", "local", "state", "holding")));
    assertEquals(0, value("mover.state", Tags.of("mover", "local", "state", "idle")));
    assertEquals(1, value("mover.state", Tags.of("mover", "hetzner", "state", "failing")));
    assertEquals(6, byTag("mover.state", "state", Tags.of("mover", "hetzner")).size(), "one gauge per state");
    assertEquals(0.012, registry.get("failover4j.mover.latency").tags("mover", "local").timeGauge()
        .value(TimeUnit.SECONDS), 1e-9);
    assertTrue(Double.isNaN(value("mover.latency", Tags.of("mover", "hetzner"))));
    assertEquals(2, value("mover.attempts", Tags.of("mover", "hetzner")));
    assertEquals(5, value("mover.operations", Tags.of("mover", "hetzner")));
    assertEquals(3, value("mover.failures", Tags.of("mover", "hetzner")));
    assertEquals(3, value("mover.operations", Tags.of("mover", "local")));
    assertEquals(0, value("group.held", Tags.empty()), "hetzner does not hold the address yet");
  }

  @Test
  void trackedItemsAppearOnceKnownAndShowTheirState() {
    bind(); // not started: nothing tracked in the status yet
    assertTrue(registry.find("failover4j.tracked.state").meters().isEmpty());

    source.status = new GroupStatus("web", "eth0", 51, Role.BACKUP, 90, 150, 0, List.of(), List.of(
        new TrackStatus(TrackChange.Kind.CHECK, "nginx", TrackState.FAILING, -60, false, "-60", "exit 1", 7, 1, 2,
            Optional.of(Duration.ofMillis(35))),
        new TrackStatus(TrackChange.Kind.INTERFACE, "eth1", TrackState.HEALTHY, 0, false, "+0", "", 0, 0, 0,
            Optional.empty())),
        Optional.empty(), GroupCounters.builder().build(), List.of());
    source.watcher.onEvent(new RoleChange("web", Role.INITIALIZE, Role.BACKUP, RoleChange.Cause.STARTED, "started",
        90, Instant.EPOCH));
    source.watcher.onEvent(new RoleChange("web", Role.BACKUP, Role.MASTER, RoleChange.Cause.MASTER_DOWN, "down",
        90, Instant.EPOCH));
    clock.add(Snapshots.FRESH_NANOS, TimeUnit.NANOSECONDS);

    assertEquals(Map.of("unknown", 0.0, "healthy", 0.0, "failing", 1.0),
        byTag("tracked.state", "state", Tags.of("kind", "check", "tracked", "nginx")));
    assertEquals(Map.of("unknown", 0.0, "healthy", 1.0, "failing", 0.0),
        byTag("tracked.state", "state", Tags.of("kind", "interface", "tracked", "eth1")));
    assertEquals(7, value("check.runs", Tags.of("check", "nginx")));
    assertEquals(1, value("check.timeouts", Tags.of("check", "nginx")));
    assertEquals(2, value("check.skipped", Tags.of("check", "nginx")));
    assertEquals(0.035, registry.get("failover4j.check.latency").tags("check", "nginx").timeGauge()
        .value(TimeUnit.SECONDS), 1e-9);
    assertNull(registry.find("failover4j.check.runs").tag("check", "eth1").functionCounter(),
        "an interface has no runs");
  }

  @Test
  void closeRemovesEveryMeterAndStopsWatching() {
    registry.counter("someone.else");
    FailoverGroupMetrics metrics = bind();
    assertTrue(registry.getMeters().size() > 30, registry.getMeters().toString());
    assertTrue(source.watcher != null, "watching for tracked items");

    metrics.close();
    metrics.close();
    assertEquals(List.of("someone.else"), registry.getMeters().stream().map(m -> m.getId().getName()).toList());
    assertNull(source.watcher);
  }

  private FailoverGroupMetrics bind() {
    FailoverGroupMetrics metrics = new FailoverGroupMetrics(source);
    metrics.bindTo(registry);
    return metrics;
  }

  private double value(String name, Tags tags) {
    Meter meter = registry.get("failover4j." + name).tags(tags.and("group", "web")).meter();
    return meter.measure().iterator().next().getValue();
  }

  private Map<String, Double> byTag(String name, String key) {
    return byTag(name, key, Tags.empty());
  }

  private Map<String, Double> byTag(String name, String key, Tags others) {
    Map<String, Double> values = new TreeMap<>();
    for (Meter meter : registry.find("failover4j." + name).tags(others.and("group", "web")).meters()) {
      values.put(meter.getId().getTag(key), meter.measure().iterator().next().getValue());
    }
    return values;
  }

  private static GroupStatus status(Role role, GroupCounters counters) {
    return status(role, counters, List.of());
  }

  private static GroupStatus status(Role role, GroupCounters counters, List<MoverStatus> movers) {
    return new GroupStatus("web", "eth0", 51, role, 150, 150, 0, List.of(), List.of(), Optional.empty(), counters,
        movers);
  }

  /** A group whose status the test sets, counting the snapshots taken. */
  private static final class FakeSource implements StatusSource {
    GroupStatus status = FailoverGroupMetricsTest.status(Role.INITIALIZE, GroupCounters.builder().build());
    List<String> movers = List.of();
    FailoverListener watcher;
    int taken;

    @Override
    public String name() {
      return "web";
    }

    @Override
    public List<String> moverNames() {
      return new ArrayList<>(movers);
    }

    @Override
    public GroupStatus status() {
      taken++;
      return status;
    }

    @Override
    public void watch(FailoverListener listener) {
      watcher = listener;
    }

    @Override
    public void unwatch(FailoverListener listener) {
      assertEquals(watcher, listener);
      watcher = null;
    }
  }
}
