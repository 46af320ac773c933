package io.github.failover4j.testkit;

import io.github.failover4j.Demotion;
import io.github.failover4j.MoverOptions;
import io.github.failover4j.MoverState;
import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import io.github.failover4j.testkit.SimulationEvent.Kind;
import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.vrrp.VrrpVersion;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * VRRP and a cloud mover together, through the same group logic and mover driver as on Linux, on
 * a {@link SimulatedCloud} in virtual time. Checked after every event: no mover ever has two
 * operations in flight (the cloud's check), and every move is one its node was entitled to make
 * ({@link MoveAudit}: MASTER when the claim started, for at least the settle time, and still when
 * the write landed; KEEP never unassigns). At the end of each run, once the network is healed and
 * the cloud healthy again for long enough, exactly one router is MASTER, the cloud routes the
 * address to it and its mover reports HOLDING. A failure names its seed; {@code
 * -Dfailover4j.seed=N} replays that seed alone.
 */
class CloudSimulationTest {
  private static final CloudStatistics STATISTICS = new CloudStatistics();
  private static final Duration SECOND = Duration.ofSeconds(1);
  // the longest outage and Retry-After the chaos injects, for the length of the quiet tail
  private static final int LONGEST_OUTAGE_MILLIS = 30_000;
  private static final Duration LONGEST_RETRY_AFTER = Duration.ofSeconds(10);

  static LongStream seeds() {
    return Seeds.first(200);
  }

  static LongStream targetedSeeds() {
    return Seeds.first(50);
  }

  @AfterAll
  static void printStatistics() {
    if (!STATISTICS.isEmpty()) {
      System.out.println("CloudSimulationTest, chaos then quiet:\n" + STATISTICS);
    }
  }

  /**
   * Flaps, partitions and heals, crashes (some in the middle of a claim), shutdowns and restarts,
   * demotions, provider faults (5xx, 429, locked, timeouts, outages, a forbidden node) and lagging
   * reads, in any order; then a quiet tail longer than any leftover can last.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void chaosThenQuietEndsWithOneMasterHoldingTheAddress(long seed) {
    CloudScenario scenario = CloudScenario.draw(seed);
    try {
      chaosThenQuiet(scenario);
    } catch (AssertionError e) {
      throw new AssertionError(scenario + "\n" + e.getMessage(), e);
    }
  }

  private static void chaosThenQuiet(CloudScenario scenario) {
    VrrpSimulation sim = scenario.simulation();
    MoveAudit audit = new MoveAudit(sim, router -> scenario.options);
    SimulatedCloud cloud = sim.cloud();
    Random random = sim.random();
    Map<String, Demotion> demotions = new LinkedHashMap<>();
    Set<String> forbidden = new LinkedHashSet<>();
    boolean[] chaos = {true};
    boolean[] crashNextClaim = {false};
    for (SimulatedRouter router : sim.routers()) {
      router.watchMover(change -> {
        if (crashNextClaim[0] && change.to() == MoverState.CLAIMING) {
          crashNextClaim[0] = false;
          // somewhere in its check and claim: the claim may be unsent, in flight or landed
          long window = scenario.healthy.reads().max().plus(scenario.healthy.writes().max()).toNanos();
          sim.scheduler().after(Duration.ofNanos((long) (random.nextDouble() * window)), () -> {
            if (chaos[0] && router.isRunning()
                && sim.routers().stream().filter(SimulatedRouter::isRunning).count() > 1) {
              router.crash();
            }
          });
        }
      });
    }
    sim.routers().forEach(SimulatedRouter::start);
    int steps = 20 + random.nextInt(21);
    for (int step = 0; step < steps; step++) {
      SimulatedRouter router = sim.routers().get(random.nextInt(sim.routers().size()));
      switch (random.nextInt(10)) {
        case 0 -> flap(sim, scenario, random);
        case 1 -> sim.network().partition(randomSide(sim, random));
        case 2 -> sim.network().heal();
        case 3 -> {
          if (!router.isRunning()) {
            router.start();
          } else if (sim.routers().stream().filter(SimulatedRouter::isRunning).count() > 1) {
            // not the last one: a run where every router is down tells nothing
            if (random.nextBoolean()) {
              router.crash();
            } else {
              router.shutdown();
            }
          }
        }
        case 4 -> {
          Demotion demotion = demotions.remove(router.name());
          if (demotion != null) {
            demotion.close();
          } else {
            demotions.put(router.name(), router.demote("chaos", 1 + random.nextInt(200)));
          }
        }
        case 5 -> cloud.conditions(scenario.faulty(random));
        case 6 -> cloud.conditions(scenario.healthy);
        case 7 -> cloud.outage(Duration.ofMillis(1 + random.nextInt(LONGEST_OUTAGE_MILLIS)));
        case 8 -> {
          if (forbidden.remove(router.name())) {
            cloud.permit(router.name());
          } else {
            forbidden.add(router.name());
            cloud.forbid(router.name());
          }
        }
        default -> crashNextClaim[0] = true;
      }
      sim.runFor(Duration.ofNanos((long) (random.nextDouble() * 20e9)));
    }

    long quiet = sim.now();
    chaos[0] = false;
    crashNextClaim[0] = false;
    sim.network().heal();
    cloud.conditions(scenario.healthy);
    forbidden.forEach(cloud::permit);
    demotions.values().forEach(Demotion::close);
    sim.routers().stream().filter(r -> !r.isRunning()).forEach(SimulatedRouter::start);
    sim.runFor(scenario.quietTail(Duration.ofMillis(LONGEST_OUTAGE_MILLIS), LONGEST_RETRY_AFTER));

    sim.check(sim.masters().size() == 1, "one MASTER after the quiet tail (expected), got " + sim.masters());
    SimulatedRouter master = sim.masters().get(0);
    requireHeld(sim, master);
    for (SimulatedRouter other : sim.routers()) {
      sim.check(other.isRunning(), other.name() + " runs (expected)");
      sim.check(other == master || !other.status().movers().get(0).holding(), other.name() + " is "
          + other.role() + " but its mover says HOLDING: " + other.status().movers());
    }
    long elected = audit.masterSince(master.name()).orElseThrow();
    Optional<Long> held = audit.holdingAfter(master.name(), elected);
    sim.check(held.isPresent(), master.name() + " reached HOLDING after its election (expected)");
    STATISTICS.add(sim, audit, elected, held.orElseThrow(), quiet);
  }

  /**
   * A flap: the master is cut off just long enough for a backup to become MASTER, and for less
   * than the settle time after that (a short while when there is none).
   */
  private static void flap(VrrpSimulation sim, CloudScenario scenario, Random random) {
    if (sim.masters().isEmpty()) {
      return;
    }
    Duration longest = scenario.masterDown().plus(scenario.options.settle().isZero()
        ? scenario.interval.multipliedBy(2) : scenario.options.settle());
    sim.network().partition(List.of(sim.masters().get(0).name()));
    sim.runFor(Duration.ofNanos((long) (random.nextDouble() * longest.toNanos())));
    sim.network().heal();
  }

  private static List<String> randomSide(VrrpSimulation sim, Random random) {
    List<String> side = new ArrayList<>();
    for (SimulatedRouter router : sim.routers()) {
      if (random.nextBoolean()) {
        side.add(router.name());
      }
    }
    return side;
  }

  /** A partition healed: the higher-priority master finds its address on the other side and claims it back. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("targetedSeeds")
  void aHealedPartitionLetsTheHigherPriorityMasterReclaim(long seed) {
    MoverOptions options = MoverOptions.builder().settle(SECOND.multipliedBy(2))
        .reconcileInterval(Duration.ofSeconds(30)).timeout(Duration.ofSeconds(5)).build();
    VrrpSimulation sim = pair(seed, options, true);
    SimulatedRouter a = sim.router("a");
    SimulatedRouter b = sim.router("b");
    long healed = cutOffTheMasterUntilTheOtherSideClaims(sim);

    sim.runFor(options.reconcileInterval().plus(SECOND.multipliedBy(5)));
    requireHeld(sim, a);
    sim.check(sim.timeline().stream().anyMatch(e -> e.nanos() >= healed && e.router().equals("a")
        && e.kind() == Kind.SPLIT_BRAIN), "a found the address on b after the heal (expected: a split brain)");
    CloudMove last = lastMove(sim);
    sim.check(last.to().equals(Optional.of("a")) && last.nanos() >= healed, "a claimed back after the heal, got "
        + last);
    sim.check(b.role() == Role.BACKUP, "b is BACKUP (expected), got " + b.role());
  }

  /** The same split brain under STEP_DOWN (no preemption): a leaves the address to b, which keeps it. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("targetedSeeds")
  void stepDownLeavesTheAddressWhereItIs(long seed) {
    MoverOptions options = MoverOptions.builder().settle(SECOND.multipliedBy(2))
        .reconcileInterval(Duration.ofSeconds(30)).timeout(Duration.ofSeconds(5))
        .onSplitBrain(MoverOptions.OnSplitBrain.STEP_DOWN).build();
    VrrpSimulation sim = pair(seed, options, false);
    SimulatedRouter a = sim.router("a");
    SimulatedRouter b = sim.router("b");
    long healed = cutOffTheMasterUntilTheOtherSideClaims(sim);
    int moves = sim.cloud().moves().size();

    sim.runFor(options.reconcileInterval().plus(SECOND.multipliedBy(10)));
    requireHeld(sim, b);
    sim.check(a.role() == Role.BACKUP, "a is BACKUP (expected), got " + a.role());
    sim.check(stepsDown(sim, "a", RoleChange.Cause.SPLIT_BRAIN, healed), "a stepped down for a split brain (expected)");
    sim.check(sim.cloud().moves().size() == moves, "no move after the heal (expected), got "
        + sim.cloud().moves().subList(moves, sim.cloud().moves().size()));
  }

  /** a's every call is refused (403, permanent): under FAULT it gives way, b takes over and holds. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("targetedSeeds")
  void faultPolicyHandsOverWhenOneNodeCannotClaim(long seed) {
    MoverOptions options = MoverOptions.builder().settle(SECOND).reconcileInterval(Duration.ofSeconds(10))
        .timeout(Duration.ofSeconds(5)).failAfter(Duration.ofSeconds(5))
        .onClaimFailure(MoverOptions.OnClaimFailure.FAULT).build();
    VrrpSimulation sim = pair(seed, options, false);
    SimulatedRouter a = sim.router("a");
    SimulatedRouter b = sim.router("b");
    sim.cloud().forbid("a");
    sim.routers().forEach(SimulatedRouter::start);

    sim.runFor(Duration.ofSeconds(60));
    requireHeld(sim, b);
    sim.check(stepsDown(sim, "a", RoleChange.Cause.MOVER_FAILED, 0), "a went to FAULT (expected)");
    sim.check(a.role() == Role.BACKUP, "a is BACKUP again once the fault is lifted (expected), got " + a.role());
    sim.check(sim.cloud().moves().stream().noneMatch(m -> m.to().equals(Optional.of("a"))), "no move to a");
  }

  /**
   * The same under DEMOTE, with preemption: a lowered below b, b preempts and holds; a stays
   * lowered until one of its claims succeeds (b crashes, a is allowed again and takes over).
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("targetedSeeds")
  void demotePolicyLetsAPeerPreempt(long seed) {
    MoverOptions options = MoverOptions.builder().settle(SECOND).reconcileInterval(Duration.ofSeconds(10))
        .timeout(Duration.ofSeconds(5)).failAfter(Duration.ofSeconds(5))
        .onClaimFailure(MoverOptions.OnClaimFailure.DEMOTE).demoteBy(150).build();
    VrrpSimulation sim = pair(seed, options, true);
    SimulatedRouter a = sim.router("a");
    SimulatedRouter b = sim.router("b");
    sim.cloud().forbid("a");
    sim.routers().forEach(SimulatedRouter::start);

    sim.runFor(Duration.ofSeconds(60));
    requireHeld(sim, b);
    sim.check(a.priority() == 50, "a demoted to 50 (expected), got " + a.priority());

    sim.cloud().permit("a");
    b.crash();
    sim.runFor(Duration.ofSeconds(20));
    requireHeld(sim, a);
    sim.check(a.priority() == 200, "a's demotion lifted by its claim (expected), got " + a.priority());
  }

  /** The master is cut off long enough for b to become MASTER, but b's mastership ends within the settle time. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("targetedSeeds")
  void aFlapShorterThanTheSettleTimeMovesNothing(long seed) {
    Random random = new Random(seed);
    Duration settle = Duration.ofMillis(4_000 + random.nextInt(6_001));
    MoverOptions options = MoverOptions.builder().settle(settle).reconcileInterval(Duration.ofSeconds(30)).build();
    VrrpSimulation sim = pair(seed, options, true);
    SimulatedRouter a = sim.router("a");
    SimulatedRouter b = sim.router("b");
    boolean[] bClaimed = {false};
    b.watchMover(change -> bClaimed[0] |= change.to() == MoverState.CLAIMING);
    sim.routers().forEach(SimulatedRouter::start);
    sim.runFor(settle.plus(SECOND.multipliedBy(10)));
    requireHeld(sim, a);
    int moves = sim.cloud().moves().size();

    // b takes over Master_Down_Interval (3.61 s) after a's last advertisement, at most 1 s before
    // the cut; it hears a again at most 1 s after the heal: its mastership lasts at most cut - 1.61 s
    long masterDown = 3_610_000_000L;
    long cut = masterDown + 200_000_000L
        + (long) (random.nextDouble() * (settle.toNanos() + 1_610_000_000L - masterDown - 400_000_000L));
    long flapped = sim.now();
    sim.network().partition(List.of("a"));
    sim.runFor(Duration.ofNanos(cut));
    sim.network().heal();
    sim.runFor(settle.plus(SECOND.multipliedBy(5)));

    sim.check(sim.timeline().stream().anyMatch(e -> e.nanos() >= flapped && e.router().equals("b")
        && e.kind() == Kind.TRANSITION && e.transition().orElseThrow().to() == Role.MASTER), "b became MASTER");
    sim.check(!bClaimed[0], "b never claimed (expected: its mastership was shorter than the settle time)");
    sim.check(sim.cloud().moves().size() == moves, "no move (expected), got "
        + sim.cloud().moves().subList(moves, sim.cloud().moves().size()));
    requireHeld(sim, a);
  }

  /** Under UNASSIGN, a master shut down gracefully unassigns the address before the next master claims it. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("targetedSeeds")
  void aGracefulShutdownUnassignsUnderTheUnassignPolicy(long seed) {
    MoverOptions options = MoverOptions.builder().settle(SECOND).reconcileInterval(Duration.ofSeconds(30))
        .timeout(Duration.ofSeconds(5)).release(MoverOptions.Release.UNASSIGN).build();
    VrrpSimulation sim = pair(seed, options, true);
    SimulatedRouter a = sim.router("a");
    SimulatedRouter b = sim.router("b");
    sim.routers().forEach(SimulatedRouter::start);
    sim.runFor(Duration.ofSeconds(10));
    requireHeld(sim, a);
    int moves = sim.cloud().moves().size();

    a.shutdown();
    sim.runFor(Duration.ofSeconds(10));
    requireHeld(sim, b);
    List<CloudMove> since = sim.cloud().moves().subList(moves, sim.cloud().moves().size());
    sim.check(since.size() == 2 && since.get(0).unassigned() && since.get(0).by().equals("a")
        && since.get(1).to().equals(Optional.of("b")), "a unassigned, then b claimed (expected), got " + since);
  }

  /**
   * The role is lost just as a verify's answer comes back (too late to cancel it: it answers
   * "held"). The mover must not settle in HOLDING for a group that no longer wants the address: it
   * goes on with the release (under UNASSIGN, the cloud unassigns it), as for any other answer of
   * an operation called off.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("targetedSeeds")
  void anAnswerThatArrivesAsTheRoleIsLostServesTheNewWish(long seed) {
    MoverOptions options = MoverOptions.builder().reconcileInterval(Duration.ofSeconds(30))
        .timeout(Duration.ofSeconds(5)).release(MoverOptions.Release.UNASSIGN).build();
    // fixed latencies: a check answers 100 ms after the claim begins, the claim 200 ms later, the verify 100 ms later
    CloudConditions exact = CloudConditions.healthy().withLatency(Latency.fixed(Duration.ofMillis(100)),
        Latency.fixed(Duration.ofMillis(200)));
    VrrpSimulation sim = VrrpSimulation.builder(seed).cloud(exact)
        .router("a", "10.0.0.1", config(200, true)).mover("a", options)
        .router("b", "10.0.0.2", config(100, true)).mover("b", options)
        .build();
    new MoveAudit(sim, router -> options);
    SimulatedRouter a = sim.router("a");
    a.watchMover(change -> {
      if (change.to() == MoverState.CLAIMING && sim.now() < Duration.ofSeconds(10).toNanos()) {
        sim.scheduler().at(sim.now() + Duration.ofMillis(400).toNanos() - 1_000, a::linkDown);
      }
    });
    sim.routers().forEach(SimulatedRouter::start);
    sim.runFor(Duration.ofSeconds(10));

    sim.check(a.role() == Role.FAULT, "a in FAULT (expected), got " + a.role());
    sim.check(!a.status().movers().get(0).holding(), "a's mover is not HOLDING for a group in FAULT (expected), got "
        + a.status().movers());
    requireHeld(sim, sim.router("b"));
  }

  /** Two routers, a (200) and b (100), VRRPv3 at 1 s, on a healthy cloud. */
  private static VrrpSimulation pair(long seed, MoverOptions options, boolean preempt) {
    VrrpSimulation sim = VrrpSimulation.builder(seed).cloud(CloudConditions.healthy())
        .router("a", "10.0.0.1", config(200, preempt)).mover("a", options)
        .router("b", "10.0.0.2", config(100, preempt)).mover("b", options)
        .build();
    new MoveAudit(sim, router -> options);
    return sim;
  }

  private static VrrpConfig config(int priority, boolean preempt) {
    try {
      return VrrpConfig.builder(51).version(VrrpVersion.V3).priority(priority).advertInterval(SECOND)
          .preempt(preempt).addresses(List.of(InetAddress.getByName(CloudScenario.VIP))).build();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts a pair, lets a take the address, then cuts a off until b has claimed it (settle 2 s
   * after Master_Down_Interval, and a claim of at most a few seconds) and heals.
   *
   * @return when it healed
   */
  private static long cutOffTheMasterUntilTheOtherSideClaims(VrrpSimulation sim) {
    sim.routers().forEach(SimulatedRouter::start);
    sim.runFor(Duration.ofSeconds(10));
    requireHeld(sim, sim.router("a"));
    sim.network().partition(List.of("a"));
    sim.runFor(Duration.ofMillis(12_000 + sim.random().nextInt(6_000)));
    sim.check(sim.cloud().holder(CloudScenario.VIP).equals(Optional.of("b")),
        "b claimed the address while cut off from a (expected), got " + sim.cloud().holder(CloudScenario.VIP));
    sim.network().heal();
    return sim.now();
  }

  private static boolean stepsDown(VrrpSimulation sim, String router, RoleChange.Cause cause, long after) {
    return sim.timeline().stream().anyMatch(e -> e.nanos() >= after && e.router().equals(router)
        && e.kind() == Kind.TRANSITION && e.transition().orElseThrow().from() == Role.MASTER
        && e.transition().orElseThrow().cause() == cause);
  }

  private static CloudMove lastMove(VrrpSimulation sim) {
    List<CloudMove> moves = sim.cloud().moves();
    sim.check(!moves.isEmpty(), "a move (expected), got none");
    return moves.get(moves.size() - 1);
  }

  /** The router is the one MASTER, the cloud routes the address to it, and its mover says HOLDING. */
  private static void requireHeld(VrrpSimulation sim, SimulatedRouter router) {
    sim.check(sim.masters().equals(List.of(router)), "sole master " + router.name() + " (expected), got "
        + sim.masters());
    sim.check(sim.cloud().holder(CloudScenario.VIP).equals(Optional.of(router.name())), "the cloud routes "
        + CloudScenario.VIP + " to " + router.name() + " (expected), got " + sim.cloud().holder(CloudScenario.VIP));
    sim.check(router.status().held(), router.name() + "'s mover HOLDING (expected), got "
        + router.status().movers());
  }
}
