package io.github.failover4j.testkit;

import io.github.failover4j.MoverOptions;
import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.vrrp.VrrpVersion;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Draws a cloud deployment from a seed: 3 to 5 routers on VRRPv3 at 1 s or 100 ms with distinct
 * priorities, one set of mover options for all of them (as one configuration file would give),
 * and a cloud whose latencies are drawn once; {@link #faulty} draws the faults of a bad spell.
 */
final class CloudScenario {
  static final String VIP = "10.0.0.200";

  final long seed;
  final Duration interval;
  final int[] priorities;
  final MoverOptions options;
  final CloudConditions healthy;

  private CloudScenario(long seed) {
    this.seed = seed;
    Random random = new Random(seed * 0x9E3779B97F4A7C15L + 0xC1);
    this.interval = random.nextBoolean() ? Duration.ofSeconds(1) : Duration.ofMillis(100);
    this.priorities = new int[3 + random.nextInt(3)];
    List<Integer> pool = new ArrayList<>();
    for (int p = 1; p <= 254; p++) {
      pool.add(p);
    }
    for (int i = 0; i < priorities.length; i++) {
      priorities[i] = pool.remove(random.nextInt(pool.size()));
    }
    Duration reads = millis(random, 20, 500);
    Duration writes = millis(random, 200, 3_000);
    this.healthy = CloudConditions.healthy().withLatency(Latency.between(Duration.ofMillis(10), reads),
        Latency.between(Duration.ofMillis(50), writes));
    this.options = MoverOptions.builder()
        .settle(random.nextInt(4) == 0 ? Duration.ZERO : millis(random, 1_000, 8_000))
        .reconcileInterval(millis(random, 5_000, 30_000))
        // a deadline shorter than the slowest answer would fail claims that are merely slow
        .timeout(healthy.maxLatency().multipliedBy(2).plus(millis(random, 0, 8_000)))
        .maxBackoff(millis(random, 2_000, 10_000))
        .release(random.nextBoolean() ? MoverOptions.Release.KEEP : MoverOptions.Release.UNASSIGN)
        .onClaimFailure(MoverOptions.OnClaimFailure.values()[random.nextInt(3)])
        .failAfter(millis(random, 3_000, 15_000))
        .demoteBy(20 + random.nextInt(131))
        .onSplitBrain(random.nextBoolean() ? MoverOptions.OnSplitBrain.RECLAIM : MoverOptions.OnSplitBrain.STEP_DOWN)
        .build();
  }

  static CloudScenario draw(long seed) {
    return new CloudScenario(seed);
  }

  private static Duration millis(Random random, int least, int most) {
    return Duration.ofMillis(least + random.nextInt(most - least + 1));
  }

  static String name(int index) {
    return "r" + (index + 1);
  }

  static VrrpConfig config(int priority, Duration interval) {
    try {
      return VrrpConfig.builder(51).version(VrrpVersion.V3).priority(priority).advertInterval(interval)
          .addresses(List.of(InetAddress.getByName(VIP))).build();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  VrrpSimulation simulation() {
    VrrpSimulation.Builder builder = VrrpSimulation.builder(seed).cloud(healthy);
    for (int i = 0; i < priorities.length; i++) {
      builder.router(name(i), "10.0.0." + (i + 1), config(priorities[i], interval)).mover(name(i), options);
    }
    return builder.build();
  }

  /** The faults of a bad spell: each kind on or off, at a random rate. */
  CloudConditions faulty(Random random) {
    CloudConditions faulty = healthy;
    if (random.nextBoolean()) {
      faulty = faulty.withServerErrors(random.nextDouble() * 0.3);
    }
    if (random.nextBoolean()) {
      faulty = faulty.withRateLimits(random.nextDouble() * 0.2, millis(random, 1_000, 10_000));
    }
    if (random.nextBoolean()) {
      faulty = faulty.withTimeouts(random.nextDouble() * 0.1);
    }
    if (random.nextBoolean()) {
      faulty = faulty.withLockWindow(millis(random, 0, 3_000));
    }
    if (random.nextBoolean()) {
      faulty = faulty.withStaleness(millis(random, 0, 5_000));
    }
    return faulty;
  }

  /** Longest Master_Down_Interval: three intervals plus a Skew_Time under one. */
  Duration masterDown() {
    return interval.multipliedBy(4);
  }

  /**
   * How long the quiet tail must last for any leftover of the chaos to have played out: an outage
   * or a fault held, then (three times over, for a takeover, a step-down and a preemption) an
   * election, the settle time, an operation timing out, the longest wait before a retry, and a
   * check, claim and verify.
   */
  Duration quietTail(Duration longestOutage, Duration longestRetryAfter) {
    Duration longestWait = max(options.maxBackoff(), max(options.reconcileInterval(), longestRetryAfter));
    Duration round = masterDown().plus(options.settle()).plus(options.timeout()).plus(longestWait)
        .plus(healthy.maxLatency().multipliedBy(6));
    return longestOutage.plus(options.failAfter()).plus(round.multipliedBy(3));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public String toString() {
    return "seed " + seed + ": VRRPv3 every " + interval.toMillis() + " ms, priorities " + Arrays.toString(priorities)
        + ", " + options + ", latency " + healthy.reads().max().toMillis() + "/" + healthy.writes().max().toMillis()
        + " ms";
  }
}
