package io.github.failover4j.testkit;

import io.github.failover4j.testkit.SimulationEvent.Kind;
import io.github.failover4j.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real state machines on a seeded simulated network, hundreds of seeds per scenario. The two
 * standing invariants of {@link VrrpSimulation} are checked after every event; each scenario adds
 * its own. A failure names its seed; {@code -Dfailover4j.seed=N} replays that seed alone.
 */
class VrrpSimulationTest {

  static LongStream seeds() {
    return Seeds.first(200);
  }

  /** After a simultaneous start (a power-up), the highest priority wins, ties to the highest address. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aSimultaneousStartElectsTheHighestPriorityThenTheHighestAddress(long seed) {
    Scenario scenario = Scenario.withTies(seed);
    VrrpSimulation sim = scenario.simulation();
    sim.routers().forEach(SimulatedRouter::start);

    long converged = sim.routers().stream().mapToLong(Scenario::masterDownInterval).max().orElseThrow()
        + 2 * scenario.maxDelay();
    sim.runUntil(converged);
    SimulatedRouter expected = Scenario.expectedMaster(sim.routers());
    requireSoleMaster(sim, expected);
    sim.runFor(scenario.interval.multipliedBy(50));
  }

  /** Whatever the order and spacing of the starts, the highest priority ends up MASTER. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void staggeredStartsElectTheHighestPriority(long seed) {
    Scenario scenario = Scenario.distinct(seed);
    VrrpSimulation sim = scenario.simulation();
    long converged = 0;
    for (SimulatedRouter router : sim.routers()) {
      long start = (long) (sim.random().nextDouble() * 5 * scenario.interval.toNanos());
      sim.scheduler().at(start, router::start);
      converged = Math.max(converged, start + Scenario.masterDownInterval(router));
    }
    sim.runUntil(converged + scenario.interval.toNanos() + 2 * scenario.maxDelay());
    requireSoleMaster(sim, Scenario.expectedMaster(sim.routers()));
    sim.runFor(scenario.interval.multipliedBy(50));
  }

  /** The master stops dead: a backup takes over Master_Down_Interval after its last advertisement. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aCrashedMasterIsReplacedAfterMasterDownInterval(long seed) {
    Scenario scenario = Scenario.distinct(seed);
    VrrpSimulation sim = converged(scenario);
    SimulatedRouter master = sim.masters().get(0);

    sim.runFor(Duration.ofNanos((long) (sim.random().nextDouble() * scenario.interval.toNanos())));
    long lastAdvert = master.lastSentNanos();
    long crashed = sim.now();
    master.crash();
    List<SimulatedRouter> survivors = running(sim);
    sim.runFor(Duration.ofNanos(survivors.stream().mapToLong(Scenario::masterDownInterval).max().orElseThrow()
        + 2 * scenario.maxDelay()));

    SimulationEvent takeover = firstTakeoverAfter(sim, crashed);
    requireTakeoverAfter(sim, scenario, takeover, lastAdvert, "the last advertisement", "Master_Down_Interval",
        Scenario.masterDownInterval(sim.router(takeover.router())));
    sim.runFor(scenario.interval.multipliedBy(3));
    requireSoleMaster(sim, Scenario.expectedMaster(survivors));
  }

  /** The master shuts down gracefully: a backup takes over Skew_Time after the priority 0. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aReleasingMasterIsReplacedAfterSkewTime(long seed) {
    Scenario scenario = Scenario.distinct(seed);
    VrrpSimulation sim = converged(scenario);
    SimulatedRouter master = sim.masters().get(0);

    sim.runFor(Duration.ofNanos((long) (sim.random().nextDouble() * scenario.interval.toNanos())));
    long released = sim.now();
    master.shutdown();
    List<SimulatedRouter> survivors = running(sim);
    sim.runFor(Duration.ofSeconds(1).plus(scenario.conditions.maxDelay().multipliedBy(2)));

    SimulationEvent takeover = firstTakeoverAfter(sim, released);
    requireTakeoverAfter(sim, scenario, takeover, released, "priority 0", "Skew_Time",
        Scenario.skewTime(sim.router(takeover.router())));
    sim.runFor(scenario.interval.multipliedBy(3));
    requireSoleMaster(sim, Scenario.expectedMaster(survivors));
  }

  /** A higher-priority backup waits out its preempt delay before it takes over. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void preemptDelayIsHonoured(long seed) {
    Scenario scenario = Scenario.pair(seed, 100, 200);
    Duration delay = Duration.ofMillis(1_000 + new java.util.Random(seed).nextInt(299_000));
    VrrpSimulation sim = scenario.simulation(config -> config.preemptDelay(delay));
    SimulatedRouter low = sim.router("r1");
    SimulatedRouter high = sim.router("r2");
    low.start();
    sim.runUntil(Scenario.masterDownInterval(low) + scenario.maxDelay());
    long highStarts = sim.now();
    high.start();

    sim.addInvariant("the higher priority waits for its preempt delay",
        () -> sim.now() >= highStarts + delay.toNanos() || low.role() == Role.MASTER);
    long latest = highStarts + scenario.interval.toNanos() + scenario.maxDelay() + delay.toNanos()
        + Scenario.masterDownInterval(high);
    sim.runUntil(latest + scenario.maxDelay());
    requireSoleMaster(sim, high);
    SimulationEvent takeover = firstTakeoverAfter(sim, highStarts);
    sim.check(takeover.router().equals("r2") && takeover.nanos() <= latest,
        "preempted at " + takeover.nanos() + " ns (expected: by " + latest + " ns)");
  }

  /** With nopreempt, a returning higher-priority router stays BACKUP. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void noPreemptKeepsAReturningHigherPriorityRouterBackup(long seed) {
    Scenario scenario = Scenario.pair(seed, 100, 200);
    VrrpSimulation sim = scenario.simulation(config -> config.preempt(false));
    SimulatedRouter low = sim.router("r1");
    SimulatedRouter high = sim.router("r2");
    sim.routers().forEach(SimulatedRouter::start);
    sim.runUntil(Scenario.masterDownInterval(low) + 2 * scenario.maxDelay());
    requireSoleMaster(sim, high);

    high.crash();
    sim.runFor(Duration.ofNanos(Scenario.masterDownInterval(low) + 2 * scenario.maxDelay()));
    requireSoleMaster(sim, low);
    high.start();
    sim.addInvariant("the returning router stays BACKUP", () -> high.role() == Role.BACKUP);
    sim.runFor(scenario.interval.multipliedBy(100));
    requireSoleMaster(sim, low);
  }

  /** VRRPv3 backups configured with other intervals time out on the master's (RFC 9568 §6.4.2). */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void v3BackupsFollowTheMastersIntervalNotTheirOwn(long seed) {
    Scenario scenario = Scenario.distinct(seed);
    java.util.Random random = new java.util.Random(seed);
    VrrpSimulation sim = scenario.simulation(config -> config.version(io.github.failover4j.vrrp.VrrpVersion.V3)
        .advertInterval(Duration.ofMillis(10 * (1 + random.nextInt(100)))));
    sim.routers().forEach(SimulatedRouter::start);
    sim.runUntil(sim.routers().stream().mapToLong(Scenario::masterDownInterval).max().orElseThrow()
        + 2 * scenario.maxDelay());
    SimulatedRouter master = Scenario.expectedMaster(sim.routers());
    requireSoleMaster(sim, master);

    sim.addInvariant("the master stays master", () -> sim.masters().equals(List.of(master)));
    sim.runFor(master.config().advertInterval().multipliedBy(30));
  }

  /** Both sides of a partition elect a master; after the heal one is left within an interval. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aHealedPartitionHasOneMasterWithinOneInterval(long seed) {
    Scenario scenario = Scenario.distinct(seed);
    VrrpSimulation sim = converged(scenario);
    List<String> side = new ArrayList<>();
    for (SimulatedRouter router : sim.routers()) {
      if (sim.random().nextBoolean()) {
        side.add(router.name());
      }
    }
    sim.network().partition(side);
    long longest = sim.routers().stream().mapToLong(Scenario::masterDownInterval).max().orElseThrow();
    sim.runFor(Duration.ofNanos(2 * longest + (long) (sim.random().nextDouble() * 5 * longest)));

    sim.network().heal();
    sim.runFor(scenario.interval.plus(scenario.conditions.maxDelay()));
    requireSoleMaster(sim, Scenario.expectedMaster(sim.routers()));
    sim.runFor(scenario.interval.multipliedBy(20));
    requireSoleMaster(sim, Scenario.expectedMaster(sim.routers()));
  }

  /**
   * Loss, jitter beyond the interval (reordering), duplicates, crashes, restarts, link flaps and
   * partitions in any order: the standing invariants hold throughout, and once the network is
   * healthy again and every router is back, the right master is elected.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void chaosThenCalmConvergesToTheHighestPriority(long seed) {
    Scenario scenario = Scenario.withTies(seed);
    VrrpSimulation sim = scenario.simulation();
    java.util.Random random = sim.random();
    sim.routers().forEach(SimulatedRouter::start);
    long interval = scenario.interval.toNanos();
    for (int step = 0; step < 40; step++) {
      sim.network().conditions(scenario.conditions
          .withLoss(random.nextDouble() * 0.3)
          .withDuplication(random.nextDouble() * 0.2)
          .withDelay(scenario.conditions.delay(), Duration.ofNanos((long) (random.nextDouble() * 2 * interval))));
      SimulatedRouter router = sim.routers().get(random.nextInt(sim.routers().size()));
      switch (random.nextInt(6)) {
        case 0 -> { if (router.isRunning()) router.crash(); else router.start(); }
        case 1 -> { if (router.isRunning()) router.shutdown(); else router.start(); }
        case 2 -> sim.network().partition(List.of(router.name()));
        case 3 -> sim.network().heal();
        case 4 -> { if (router.role() == Role.FAULT) router.linkUp(); else router.linkDown(); }
        default -> { }
      }
      sim.runFor(Duration.ofNanos((long) (random.nextDouble() * 10 * interval)));
    }

    sim.network().conditions(scenario.conditions);
    sim.network().heal();
    for (SimulatedRouter router : sim.routers()) {
      router.linkUp(); // a stopped router may have lost its link too
      if (!router.isRunning()) {
        router.start();
      }
    }
    sim.runFor(Duration.ofNanos(sim.routers().stream().mapToLong(Scenario::masterDownInterval).max().orElseThrow()
        + interval + 2 * scenario.maxDelay() + 2 * interval)); // + in-flight reordered packets
    // preemption elects the highest priority; among equals, RFC 9568 keeps whichever is MASTER
    int highest = sim.routers().stream().mapToInt(r -> r.config().priority()).max().orElseThrow();
    sim.check(sim.masters().size() == 1 && sim.masters().get(0).config().priority() == highest,
        "one master of priority " + highest + " after calm returned (expected), got " + sim.masters());
  }

  private static VrrpSimulation converged(Scenario scenario) {
    VrrpSimulation sim = scenario.simulation();
    sim.routers().forEach(SimulatedRouter::start);
    sim.runUntil(sim.routers().stream().mapToLong(Scenario::masterDownInterval).max().orElseThrow()
        + 2 * scenario.maxDelay());
    requireSoleMaster(sim, Scenario.expectedMaster(sim.routers()));
    return sim;
  }

  /** The takeover came exactly the RFC's timer after the event, plus one network delay. */
  private static void requireTakeoverAfter(VrrpSimulation sim, Scenario scenario, SimulationEvent takeover, long event,
      String eventName, String timerName, long timer) {
    long took = takeover.nanos() - event;
    sim.check(took >= timer + scenario.minDelay() && took <= timer + scenario.maxDelay(),
        "takeover " + took + " ns after " + eventName + " (expected: " + timerName + " " + timer
            + " ns + a network delay of " + scenario.minDelay() + ".." + scenario.maxDelay() + " ns)");
  }

  static void requireSoleMaster(VrrpSimulation sim, SimulatedRouter expected) {
    sim.check(sim.masters().equals(List.of(expected)), "sole master " + expected.name() + " (expected), got "
        + sim.masters());
  }

  private static List<SimulatedRouter> running(VrrpSimulation sim) {
    return sim.routers().stream().filter(SimulatedRouter::isRunning).toList();
  }

  /** The first BACKUP -> MASTER after a time (not a start as MASTER). */
  private static SimulationEvent firstTakeoverAfter(VrrpSimulation sim, long nanos) {
    Optional<SimulationEvent> takeover = sim.timeline().stream()
        .filter(e -> e.nanos() >= nanos && e.kind() == Kind.TRANSITION
            && e.transition().orElseThrow().from() == Role.BACKUP
            && e.transition().orElseThrow().to() == Role.MASTER)
        .findFirst();
    sim.check(takeover.isPresent(), "a takeover after " + nanos + " ns (expected), got none");
    return takeover.orElseThrow();
  }
}
