package io.github.failover4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.Demotion;
import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import io.github.failover4j.TrackState;
import io.github.failover4j.TrackStatus;
import io.github.failover4j.check.Check;
import io.github.failover4j.testkit.SimulationEvent.Kind;
import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.vrrp.VrrpStateMachine;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tracked checks, demotion and sync groups, run through the same group logic and check runner as
 * on Linux, in virtual time. Checks are in-JVM ones whose answer the scenario sets.
 */
class TrackedSimulationTest {
  private static final long SECOND = 1_000_000_000L;
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  static LongStream seeds() {
    return Seeds.first(200);
  }

  private static VrrpConfig config(int vrid, int priority) {
    try {
      return VrrpConfig.builder(vrid).priority(priority).advertInterval(INTERVAL)
          .addresses(List.of(InetAddress.getByName("10.0.1." + vrid))).build();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Check check(String name, AtomicBoolean healthy, int rise, int fall) {
    return Check.builder(name).inJvm(healthy::get).interval(INTERVAL).rise(rise).fall(fall).build();
  }

  private static Optional<SimulationEvent> firstTransition(VrrpSimulation sim, String router, Role to, long after) {
    return sim.timeline().stream()
        .filter(e -> e.nanos() >= after && e.router().equals(router) && e.kind() == Kind.TRANSITION
            && e.transition().orElseThrow().to() == to)
        .findFirst();
  }

  /**
   * Makes the check's answer change at {@code at}, just after the run due then: the state then
   * changes exactly at {@code at} + count × interval. Call before {@code at} − interval, so that
   * the run due at {@code at} is already scheduled.
   */
  private static void flipAfterTheRunAt(VrrpSimulation sim, long at, AtomicBoolean healthy, boolean value) {
    sim.runUntil(at - SECOND + 1);
    sim.scheduler().at(at, () -> healthy.set(value));
  }

  /** Two routers, a tracking a check, started and left 5 s to elect. */
  private static VrrpSimulation pair(long seed, int priorityA, int priorityB, Check check, int weight) {
    VrrpSimulation sim = VrrpSimulation.builder(seed)
        .router("a", "10.0.0.1", config(1, priorityA))
        .router("b", "10.0.0.2", config(1, priorityB))
        .track("a", check, weight)
        .build();
    sim.routers().forEach(SimulatedRouter::start);
    sim.runUntil(5 * SECOND);
    return sim;
  }

  @Test
  void aFailingCheckMakesFaultAfterFallIntervalsAndTheBackupTakesOverAfterSkewTime() {
    AtomicBoolean healthy = new AtomicBoolean(true);
    VrrpSimulation sim = pair(1, 200, 100, check("web", healthy, 1, 2), 0);
    assertEquals(Role.MASTER, sim.router("a").role());

    long t = 10 * SECOND;
    flipAfterTheRunAt(sim, t, healthy, false);
    sim.runUntil(t + 3 * SECOND);

    SimulationEvent fault = firstTransition(sim, "a", Role.FAULT, t).orElseThrow();
    assertEquals(t + 2 * INTERVAL.toNanos(), fault.nanos(), "FAULT at t + fall x interval");
    assertEquals(RoleChange.Cause.CHECK_FAILED, fault.transition().orElseThrow().cause());
    assertEquals("check web failing", fault.transition().orElseThrow().reason());
    SimulationEvent takeover = firstTransition(sim, "b", Role.MASTER, t).orElseThrow();
    long skew = new VrrpStateMachine(config(1, 100), sim.router("b").address()).skewTimeNanos();
    long took = takeover.nanos() - fault.nanos();
    assertTrue(took >= skew && took <= skew + NetworkConditions.lan().maxDelay().toNanos(),
        "the backup took over " + took + " ns after the FAULT (expected: Skew_Time " + skew + " ns + a delay)");
    assertTrue(sim.router("b").holdsAddresses());
    assertEquals(RoleChange.Cause.MASTER_RELEASED, takeover.transition().orElseThrow().cause());
  }

  @Test
  void aRecoveringCheckLeavesFaultAfterRiseIntervalsAndPreemptsBack() {
    AtomicBoolean healthy = new AtomicBoolean(false);
    VrrpSimulation sim = pair(2, 200, 100, check("web", healthy, 3, 1), 0);
    assertEquals(Role.FAULT, sim.router("a").role());
    assertEquals(Role.MASTER, sim.router("b").role());

    long t = 10 * SECOND;
    flipAfterTheRunAt(sim, t, healthy, true);
    sim.runUntil(t + 10 * SECOND);

    SimulationEvent recovered = firstTransition(sim, "a", Role.BACKUP, t).orElseThrow();
    assertEquals(t + 3 * INTERVAL.toNanos(), recovered.nanos(), "BACKUP at t + rise x interval");
    assertEquals(RoleChange.Cause.RECOVERED, recovered.transition().orElseThrow().cause());
    assertEquals(List.of(sim.router("a")), sim.masters(), "the higher priority preempts once healthy");
  }

  @Test
  void aRouterWaitsForItsWeightZeroCheckAndNeverClaimsWhileItFails() {
    VrrpSimulation sim = pair(7, 200, 100, check("web", new AtomicBoolean(false), 1, 1), 0);
    List<SimulationEvent> ofA = sim.timeline().stream().filter(e -> e.router().equals("a")).toList();
    assertEquals(List.of(Kind.STARTED, Kind.TRACK_CHANGED, Kind.TRANSITION), ofA.stream().map(SimulationEvent::kind)
        .toList(), ofA.toString());
    assertEquals(Role.INITIALIZE, ofA.get(2).transition().orElseThrow().from());
    assertEquals(Role.FAULT, ofA.get(2).transition().orElseThrow().to());
    assertEquals(List.of(sim.router("b")), sim.masters());
  }

  @Test
  void aNegativeWeightLetsALowerBackupPreempt() {
    AtomicBoolean healthy = new AtomicBoolean(true);
    VrrpSimulation sim = pair(3, 200, 150, check("uplink", healthy, 1, 1), -60);
    assertEquals(List.of(sim.router("a")), sim.masters());

    long t = 10 * SECOND;
    flipAfterTheRunAt(sim, t, healthy, false);
    sim.runUntil(t + 10 * SECOND);
    assertEquals(140, sim.router("a").priority());
    assertEquals(List.of(sim.router("b")), sim.masters());
    SimulationEvent preempted = firstTransition(sim, "b", Role.MASTER, t).orElseThrow();
    assertEquals(RoleChange.Cause.PREEMPTED_LOWER_PRIORITY, preempted.transition().orElseThrow().cause());
    // RFC 9568: the backup ignores the lowered master's adverts and takes over when its down timer runs out
    long downInterval = new VrrpStateMachine(config(1, 150), sim.router("b").address()).masterDownIntervalNanos();
    assertTrue(preempted.nanos() <= t + INTERVAL.toNanos() + downInterval + SECOND,
        "preempted at " + preempted.nanos());
    assertEquals(Role.BACKUP, sim.router("a").role());

    healthy.set(true);
    sim.runFor(Duration.ofSeconds(10));
    assertEquals(200, sim.router("a").priority());
    assertEquals(List.of(sim.router("a")), sim.masters());
  }

  @Test
  void aDemotionHandsOverAndItsUndoTakesBack() {
    VrrpSimulation sim = VrrpSimulation.builder(4)
        .router("a", "10.0.0.1", config(1, 200))
        .router("b", "10.0.0.2", config(1, 150))
        .build();
    sim.routers().forEach(SimulatedRouter::start);
    sim.runUntil(5 * SECOND);
    SimulatedRouter a = sim.router("a");
    assertEquals(List.of(a), sim.masters());

    Demotion maintenance = a.demote("maintenance", 100);
    assertEquals(100, a.priority());
    assertEquals(100, a.status().demotion());
    sim.runFor(Duration.ofSeconds(6));
    assertEquals(List.of(sim.router("b")), sim.masters());

    maintenance.close();
    maintenance.close(); // twice: nothing more
    assertEquals(200, a.priority());
    sim.runFor(Duration.ofSeconds(6));
    assertEquals(List.of(a), sim.masters());
  }

  @Test
  void aSyncGroupMovesTogether() {
    AtomicBoolean healthy = new AtomicBoolean(true);
    VrrpSimulation sim = VrrpSimulation.builder(5)
        .router("a-web", "10.0.0.1", config(1, 200))
        .router("a-pub", "10.0.0.1", config(2, 200))
        .router("b-web", "10.0.0.2", config(1, 100))
        .router("b-pub", "10.0.0.2", config(2, 100))
        .track("a-web", check("nginx", healthy, 1, 1), 0)
        .syncGroup("edge", "a-web", "a-pub")
        .syncGroup("edge", "b-web", "b-pub")
        .build();
    sim.routers().forEach(SimulatedRouter::start);
    sim.runUntil(5 * SECOND);
    assertEquals(List.of(sim.router("a-web"), sim.router("a-pub")), sim.masters());

    healthy.set(false);
    sim.runFor(Duration.ofSeconds(3));
    assertEquals(Role.FAULT, sim.router("a-web").role());
    assertEquals(Role.FAULT, sim.router("a-pub").role(), "the member follows into FAULT");
    SimulationEvent followed = firstTransition(sim, "a-pub", Role.FAULT, 5 * SECOND).orElseThrow();
    assertEquals(RoleChange.Cause.SYNC_GROUP, followed.transition().orElseThrow().cause());
    assertEquals("sync group edge: a-web in FAULT", followed.transition().orElseThrow().reason());
    assertEquals(List.of(sim.router("b-web"), sim.router("b-pub")), sim.masters());

    healthy.set(true);
    sim.runFor(Duration.ofSeconds(8));
    assertEquals(List.of(sim.router("a-web"), sim.router("a-pub")), sim.masters(), "back together");
  }

  @Test
  void aSyncGroupMemberFallingBackToBackupTakesTheOthersWithIt() {
    VrrpSimulation sim = VrrpSimulation.builder(6)
        .router("a-web", "10.0.0.1", config(1, 200))
        .router("a-pub", "10.0.0.1", config(2, 200))
        .router("c-web", "10.0.0.3", config(1, 250))
        .syncGroup("edge", "a-web", "a-pub")
        .build();
    sim.router("a-web").start();
    sim.router("a-pub").start();
    sim.runUntil(5 * SECOND);
    assertEquals(List.of(sim.router("a-web"), sim.router("a-pub")), sim.masters());

    sim.router("c-web").start(); // a higher priority for one VRID only
    sim.runFor(Duration.ofSeconds(6));
    assertEquals(List.of(sim.router("c-web")), sim.masters(), "a-pub yields with a-web");
    SimulationEvent yielded = firstTransition(sim, "a-pub", Role.BACKUP, 5 * SECOND).orElseThrow();
    assertEquals(RoleChange.Cause.SYNC_GROUP, yielded.transition().orElseThrow().cause());
  }

  /**
   * Random check flaps on three routers, each tracking its own check with a random weight. While it
   * runs: a router whose weight-0 check fails is never MASTER, and each router's role changes reach
   * its listener strictly in order. Once every check is healthy again: one MASTER, the highest.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomCheckFlapsKeepTheInvariants(long seed) {
    Random random = new Random(seed);
    VrrpSimulation.Builder builder = VrrpSimulation.builder(seed);
    List<AtomicBoolean> answers = new ArrayList<>();
    int[] weights = {0, -30, -120, 20};
    for (int i = 0; i < 3; i++) {
      String name = "r" + (i + 1);
      builder.router(name, "10.0.0." + (i + 1), config(7, 50 + random.nextInt(150)));
      AtomicBoolean healthy = new AtomicBoolean(true);
      answers.add(healthy);
      builder.track(name, check("c" + i, healthy, 1 + random.nextInt(3), 1 + random.nextInt(3)),
          weights[random.nextInt(weights.length)]);
    }
    VrrpSimulation sim = builder.build();
    Map<String, Role> lastHeard = new HashMap<>();
    for (SimulatedRouter router : sim.routers()) {
      lastHeard.put(router.name(), Role.INITIALIZE);
      router.watch(change -> {
        sim.check(change.from() == lastHeard.get(router.name()),
            router.name() + ": heard " + change + " after " + lastHeard.get(router.name()) + " (expected: in order)");
        lastHeard.put(router.name(), change.to());
      });
    }
    sim.addInvariant("no MASTER while a weight-0 check fails", () -> sim.routers().stream()
        .filter(SimulatedRouter::isRunning)
        .allMatch(r -> r.role() == Role.FAULT || r.status().tracked().stream()
            .noneMatch(t -> t.weight() == 0 && t.state() == TrackState.FAILING)));
    sim.routers().forEach(SimulatedRouter::start);
    for (int step = 0; step < 30; step++) {
      AtomicBoolean answer = answers.get(random.nextInt(answers.size()));
      answer.set(!answer.get());
      sim.runFor(Duration.ofMillis(random.nextInt(8_000)));
    }

    answers.forEach(a -> a.set(true));
    sim.runFor(Duration.ofSeconds(20));
    int highest = sim.routers().stream().mapToInt(r -> r.config().priority() + Math.max(0, weightOf(r))).max()
        .orElseThrow();
    sim.check(sim.masters().size() == 1 && sim.masters().get(0).priority() == highest,
        "one master of priority " + highest + " once all checks are healthy (expected), got " + sim.masters());
    for (SimulatedRouter router : sim.routers()) {
      sim.check(lastHeard.get(router.name()) == router.role(), router.name() + ": the listener's last role "
          + lastHeard.get(router.name()) + " (expected: " + router.role() + ")");
    }
  }

  private static int weightOf(SimulatedRouter router) {
    return router.status().tracked().stream().mapToInt(TrackStatus::weight).sum();
  }
}
