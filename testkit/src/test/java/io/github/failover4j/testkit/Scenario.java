package io.github.failover4j.testkit;

import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.vrrp.VrrpStateMachine;
import io.github.failover4j.vrrp.VrrpVersion;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Draws a deployment from a seed: 2 to 5 routers 10.0.0.1.., one VRID, VRRPv2 or v3 at a random
 * interval, random priorities, and a LAN whose delay stays well under Skew_Time.
 */
final class Scenario {
  final long seed;
  final Random random;
  final VrrpVersion version;
  final Duration interval;
  final NetworkConditions conditions;
  final boolean advertiseOnLowerPriority;
  final int[] priorities;

  private Scenario(long seed, int routers, int lowestPriority, int highestPriority, boolean distinct) {
    this.seed = seed;
    this.random = new Random(seed * 0x9E3779B97F4A7C15L);
    this.version = random.nextBoolean() ? VrrpVersion.V2 : VrrpVersion.V3;
    this.interval = version == VrrpVersion.V2
        ? Duration.ofSeconds(1 + random.nextInt(3))
        : Duration.ofMillis(10 * (1 + random.nextInt(100)));
    long delayMicros = 10 + random.nextInt(Math.max(1, (int) Math.min(1_000, interval.toMillis() * 1000 / 50)));
    this.conditions = NetworkConditions.lan().withDelay(
        Duration.ofNanos(delayMicros * 1000), Duration.ofNanos(random.nextInt((int) delayMicros + 1) * 1000L));
    this.advertiseOnLowerPriority = random.nextBoolean();
    this.priorities = new int[routers];
    List<Integer> pool = new ArrayList<>();
    for (int p = lowestPriority; p <= highestPriority; p++) {
      pool.add(p);
    }
    for (int i = 0; i < routers; i++) {
      priorities[i] = distinct ? pool.remove(random.nextInt(pool.size())) : pool.get(random.nextInt(pool.size()));
    }
  }

  /** 2..5 routers with distinct priorities from 1..254. */
  static Scenario distinct(long seed) {
    Random sizes = new Random(seed);
    return new Scenario(seed, 2 + sizes.nextInt(4), 1, 254, true);
  }

  /** 2..5 routers with priorities from a narrow range, so that ties are common. */
  static Scenario withTies(long seed) {
    Random sizes = new Random(seed);
    return new Scenario(seed, 2 + sizes.nextInt(4), 100, 102, false);
  }

  /** Two routers with the given priorities. */
  static Scenario pair(long seed, int first, int second) {
    Scenario scenario = new Scenario(seed, 2, 1, 254, true);
    scenario.priorities[0] = first;
    scenario.priorities[1] = second;
    return scenario;
  }

  static String name(int index) {
    return "r" + (index + 1);
  }

  static InetAddress address(int index) {
    try {
      return InetAddress.getByName("10.0.0." + (index + 1));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  VrrpConfig.Builder config(int index) {
    return VrrpConfig.builder(51)
        .version(version)
        .priority(priorities[index])
        .advertInterval(interval)
        .advertiseOnLowerPriority(advertiseOnLowerPriority)
        .addresses(List.of(address(200)));
  }

  VrrpSimulation simulation() {
    return simulation(UnaryOperator.identity());
  }

  /** Builds the simulation; {@code tweak} may change any router's configuration. */
  VrrpSimulation simulation(UnaryOperator<VrrpConfig.Builder> tweak) {
    VrrpSimulation.Builder builder = VrrpSimulation.builder(seed).conditions(conditions);
    for (int i = 0; i < priorities.length; i++) {
      builder.router(name(i), address(i).getHostAddress(), tweak.apply(config(i)).build());
    }
    return builder.build();
  }

  /** The router RFC 9568 elects among these: highest priority, then highest address. */
  static SimulatedRouter expectedMaster(List<SimulatedRouter> candidates) {
    return candidates.stream()
        .max(Comparator.<SimulatedRouter>comparingInt(r -> r.config().priority())
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.address().getAddress(), b.address().getAddress())))
        .orElseThrow();
  }

  /** Master_Down_Interval of a router's fresh machine (it has adopted no other interval yet). */
  static long masterDownInterval(SimulatedRouter router) {
    return new VrrpStateMachine(router.config(), router.address()).masterDownIntervalNanos();
  }

  static long skewTime(SimulatedRouter router) {
    return new VrrpStateMachine(router.config(), router.address()).skewTimeNanos();
  }

  long minDelay() {
    return conditions.delay().toNanos();
  }

  long maxDelay() {
    return conditions.maxDelay().toNanos();
  }

  @Override
  public String toString() {
    return "seed " + seed + ": " + version + " every " + interval.toMillis() + " ms, priorities "
        + Arrays.toString(priorities) + ", delay " + conditions.delay().toNanos() / 1000 + "+"
        + conditions.jitter().toNanos() / 1000 + " us";
  }
}
