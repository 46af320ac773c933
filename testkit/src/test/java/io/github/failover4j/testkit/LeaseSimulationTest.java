package io.github.failover4j.testkit;

import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.vrrp.VrrpConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three candidates elected by a simulated lease store, run by the same group logic and lease
 * election as a {@code FailoverGroup}, hundreds of seeds per scenario. Besides the standing
 * invariants, the store's: never two routers hold the addresses at once, and a router holds them
 * only while the store's lease is its own — checked after every event.
 */
class LeaseSimulationTest {
  private static final LeaseTiming TIMING = new LeaseTiming(Duration.ofSeconds(3), Duration.ofMillis(500),
      Duration.ofSeconds(2));
  private static final Latency LATENCY = Latency.between(Duration.ofMillis(1), Duration.ofMillis(20));
  private static final long MAX_LATENCY = LATENCY.max().toNanos();
  // a netlink call is a millisecond; a descheduled process or a GC pause makes it more
  private static final Latency RELEASE = Latency.between(Duration.ZERO, Duration.ofMillis(400));
  private static final Statistics STATS = new Statistics();

  static LongStream seeds() {
    return Seeds.first(200);
  }

  private static VrrpSimulation simulation(long seed, double lostAnswers, double slowAnswers) {
    java.util.Random random = new java.util.Random(seed);
    List<Integer> priorities = new ArrayList<>(List.of(100 + random.nextInt(50), 150 + random.nextInt(50),
        200 + random.nextInt(50)));
    java.util.Collections.shuffle(priorities, random);
    VrrpSimulation.Builder builder = VrrpSimulation.builder(seed).leaseStore(TIMING, LATENCY, lostAnswers, slowAnswers,
        RELEASE);
    for (int i = 0; i < 3; i++) {
      builder.router("n" + (i + 1), "10.0.0." + (i + 1), config(priorities.get(i)));
    }
    return builder.build();
  }

  private static VrrpConfig config(int priority) {
    try {
      return VrrpConfig.builder(1).priority(priority).addresses(List.of(InetAddress.getByName("10.0.0.200"))).build();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SimulatedRouter highest(List<SimulatedRouter> routers) {
    return routers.stream().max(java.util.Comparator.comparingInt(r -> r.config().priority())).orElseThrow();
  }

  /** Started in any order, the highest priority ends up the sole MASTER, holding the store's lease. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void staggeredStartsElectTheHighestPriority(long seed) {
    VrrpSimulation sim = simulation(seed, 0, 0);
    for (SimulatedRouter router : sim.routers()) {
      sim.scheduler().at((long) (sim.random().nextDouble() * 2 * TIMING.renewEvery().toNanos()), router::start);
    }
    sim.runFor(TIMING.duration().multipliedBy(3));
    requireSoleMaster(sim, highest(sim.routers()));
    STATS.run(sim);
  }

  /**
   * The master crashes (no resign): another takes over once the store lets its lease expire, within
   * the lease's duration, a renewal period and a skew (and the latencies) of the crash.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aCrashedMasterIsReplacedWhenItsLeaseExpires(long seed) {
    requireTakeover(seed, "crash", SimulatedRouter::crash,
        TIMING.duration().toNanos() + 2 * TIMING.renewEvery().toNanos() + 6 * MAX_LATENCY);
  }

  /** The master shuts down: it releases, then resigns, and the next one takes over at once. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aGracefulStopHandsOverAtOnce(long seed) {
    requireTakeover(seed, "graceful stop", SimulatedRouter::shutdown,
        RELEASE.max().toNanos() + TIMING.renewEvery().toNanos() + 8 * MAX_LATENCY);
  }

  /** Ends the converged master at a random moment of its renewal period; the best survivor must take over. */
  private static void requireTakeover(long seed, String after, java.util.function.Consumer<SimulatedRouter> end,
      long bound) {
    VrrpSimulation sim = simulation(seed, 0, 0);
    sim.routers().forEach(SimulatedRouter::start);
    sim.runFor(TIMING.duration().multipliedBy(2));
    SimulatedRouter master = sim.masters().get(0);
    sim.runFor(Duration.ofNanos((long) (sim.random().nextDouble() * TIMING.renewEvery().toNanos())));
    long ended = sim.now();
    end.accept(master);
    sim.runFor(Duration.ofNanos(bound));
    long took = takeoverAfter(sim, ended);
    sim.check(took >= 0 && took <= bound, "a survivor took over within " + bound / 1e6 + " ms of the " + after
        + " (took " + took / 1e6 + " ms)");
    requireSoleMaster(sim, highest(sim.routers().stream().filter(SimulatedRouter::isRunning).toList()));
    STATS.takeover(after, took);
    STATS.run(sim);
  }

  /**
   * Faults in a random schedule — store outages, a node cut off, lost and slow answers, crashes and
   * restarts, a node's link going down — never let two routers hold the addresses, nor one hold
   * them without the lease; once all is healed, exactly one MASTER holds them within a bound.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void faultsNeverMakeTwoHolders(long seed) {
    VrrpSimulation sim = simulation(seed, 0.05, 0.02);
    sim.routers().forEach(SimulatedRouter::start);
    SimulatedLeaseStore store = sim.leaseStore();
    java.util.Random random = sim.random();
    for (int step = 0; step < 12; step++) {
      sim.runFor(Duration.ofMillis(200 + random.nextInt(3000)));
      SimulatedRouter router = sim.routers().get(random.nextInt(3));
      switch (random.nextInt(6)) {
        case 0 -> {
          store.outage(Duration.ofMillis(500 + random.nextInt(4000)));
          STATS.fault("store outage");
        }
        case 1 -> {
          store.cutOff(router.name());
          STATS.fault("node cut off");
          sim.scheduler().after(Duration.ofMillis(500 + random.nextInt(5000)), () -> store.reconnect(router.name()));
        }
        case 2 -> {
          if (router.isRunning()) {
            router.crash();
            STATS.fault("crash");
            sim.scheduler().after(Duration.ofMillis(random.nextInt(5000)), () -> {
              if (!router.isRunning()) {
                router.start();
              }
            });
          }
        }
        case 3 -> {
          router.linkDown();
          STATS.fault("link down");
          sim.scheduler().after(Duration.ofMillis(random.nextInt(4000)), router::linkUp);
        }
        case 4 -> {
          if (router.isRunning()) {
            router.demote("simulated", 150);
            STATS.fault("demotion");
          }
        }
        default -> {
          if (router.isRunning() && router.role() == Role.MASTER) {
            router.shutdown();
            STATS.fault("shutdown");
            sim.scheduler().after(Duration.ofMillis(random.nextInt(3000)), () -> {
              if (!router.isRunning()) {
                router.start();
              }
            });
          }
        }
      }
    }
    // heal everything: every fault above ends within 6 s
    sim.runFor(Duration.ofSeconds(6));
    store.answerReliably();
    sim.routers().forEach(r -> {
      store.reconnect(r.name());
      r.linkUp();
      if (!r.isRunning()) {
        r.start();
      }
    });
    long healed = sim.now();
    // a late answer may still be out for a lease's duration; then a campaign, a skew and the latencies
    long bound = 2 * TIMING.duration().toNanos() + 2 * TIMING.renewEvery().toNanos() + 8 * MAX_LATENCY;
    sim.runFor(Duration.ofNanos(bound));
    sim.check(sim.masters().size() == 1 && sim.masters().get(0).holdsAddresses(),
        "exactly one MASTER holds the addresses within " + bound / 1e6 + " ms of healing: " + sim.masters());
    store.faults().forEach((kind, count) -> STATS.fault(kind.name().toLowerCase(java.util.Locale.ROOT), count));
    STATS.run(sim);
    STATS.healed(sim.now() - healed);
  }

  private static long takeoverAfter(VrrpSimulation sim, long since) {
    return sim.timeline().stream()
        .filter(e -> e.nanos() >= since && e.transition().map(t -> t.to() == Role.MASTER).orElse(false))
        .mapToLong(e -> e.nanos() - since).findFirst().orElse(-1);
  }

  private static void requireSoleMaster(VrrpSimulation sim, SimulatedRouter expected) {
    sim.check(sim.masters().equals(List.of(expected)), "sole MASTER " + expected.name() + ": " + sim.masters());
    sim.check(expected.holdsAddresses(), expected.name() + " holds the addresses");
    sim.check(sim.leaseStore().holder().equals(Optional.of(expected.name())), expected.name() + " holds the lease");
    sim.check(expected.status().election().flatMap(e -> e.holder()).map(c -> c.id()).equals(
        Optional.of(expected.name())), "its status shows itself as the holder");
  }

  @AfterAll
  static void report() {
    System.out.println(STATS);
  }

  /** What the runs did, printed once: the numbers a change to the election must keep. */
  private static final class Statistics {
    private long runs;
    private long events;
    private long virtualNanos;
    private long calls;
    private long grants;
    private final Map<String, Long> faults = new java.util.TreeMap<>();
    private final Map<String, List<Long>> takeovers = new java.util.TreeMap<>();
    private long maxHealNanos;
    private final Map<RoleChange.Cause, Long> causes = new EnumMap<>(RoleChange.Cause.class);

    synchronized void run(VrrpSimulation sim) {
      runs++;
      events += sim.scheduler().executed();
      virtualNanos += sim.now();
      calls += sim.leaseStore().calls();
      grants += sim.leaseStore().grants();
      sim.timeline().forEach(e -> e.transition().ifPresent(t -> causes.merge(t.cause(), 1L, Long::sum)));
    }

    synchronized void fault(String kind) {
      fault(kind, 1);
    }

    synchronized void fault(String kind, long count) {
      faults.merge(kind, count, Long::sum);
    }

    synchronized void takeover(String after, long nanos) {
      takeovers.computeIfAbsent(after, k -> new ArrayList<>()).add(nanos);
    }

    synchronized void healed(long nanos) {
      maxHealNanos = Math.max(maxHealNanos, nanos);
    }

    @Override
    public synchronized String toString() {
      StringBuilder text = new StringBuilder("lease simulation: ").append(runs).append(" runs, ").append(events)
          .append(" events, ").append(String.format(java.util.Locale.ROOT, "%.0f", virtualNanos / 1e9))
          .append(" s virtual, ").append(calls).append(" store calls, ").append(grants).append(" grants")
          .append("\n  faults: ").append(faults).append("\n  transitions by cause: ").append(causes);
      takeovers.forEach((after, times) -> text.append(String.format(java.util.Locale.ROOT,
          "%n  takeover after %s: %d, mean %.1f ms, max %.1f ms", after, times.size(),
          times.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6,
          times.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6)));
      return text.toString();
    }
  }
}
