package io.github.failover4j.testkit;

import io.github.failover4j.vrrp.AddressFamily;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One simulated link joining every router: multicast reaches all the others, unicast the one
 * addressed. Every random choice comes from one seeded {@link Random}, drawn in event order, so a
 * seed replays a run exactly. A partition splits the link in two sides that cannot hear each
 * other; packets already on the way still arrive.
 */
public final class SimulatedNetwork {
  private final VirtualScheduler scheduler;
  private final Random random;
  private final List<SimulatedRouter> routers = new ArrayList<>();
  private NetworkConditions conditions;
  private Set<String> isolated = Set.of();
  private long sent;
  private long lost;
  private long partitioned;
  private long duplicated;

  SimulatedNetwork(VirtualScheduler scheduler, Random random, NetworkConditions conditions) {
    this.scheduler = scheduler;
    this.random = random;
    this.conditions = conditions;
  }

  void attach(SimulatedRouter router) {
    routers.add(router);
  }

  /**
   * Changes how copies are treated from now on.
   *
   * @param newConditions the conditions
   */
  public void conditions(NetworkConditions newConditions) {
    this.conditions = newConditions;
  }

  /**
   * Returns the current conditions.
   *
   * @return the conditions
   */
  public NetworkConditions conditions() {
    return conditions;
  }

  /**
   * Cuts the link between the named routers and all the others.
   *
   * @param side the routers on one side
   */
  public void partition(Collection<String> side) {
    this.isolated = Set.copyOf(side);
  }

  /** Joins the two sides of a partition again. */
  public void heal() {
    this.isolated = Set.of();
  }

  /**
   * Tells whether two routers can hear each other.
   *
   * @param a a router's name
   * @param b another router's name
   * @return false if a partition separates them
   */
  public boolean connected(String a, String b) {
    return isolated.contains(a) == isolated.contains(b);
  }

  /**
   * Returns the copies sent, lost, cut off by a partition, and duplicated so far.
   *
   * @return {sent, lost, partitioned, duplicated}
   */
  public long[] counters() {
    return new long[] {sent, lost, partitioned, duplicated};
  }

  void send(SimulatedRouter from, InetAddress destination, byte[] packet) {
    boolean multicast = destination.equals(AddressFamily.of(destination).vrrpGroup());
    for (SimulatedRouter to : routers) {
      if (to != from && (multicast || to.address().equals(destination))) {
        copy(from, to, packet);
      }
    }
  }

  private void copy(SimulatedRouter from, SimulatedRouter to, byte[] packet) {
    sent++;
    if (!connected(from.name(), to.name())) {
      partitioned++;
      return;
    }
    if (random.nextDouble() < conditions.loss()) {
      lost++;
      return;
    }
    deliverLater(to, packet);
    if (random.nextDouble() < conditions.duplication()) {
      duplicated++;
      deliverLater(to, packet);
    }
  }

  private void deliverLater(SimulatedRouter to, byte[] packet) {
    long delay = conditions.delay().toNanos() + (long) (random.nextDouble() * conditions.jitter().toNanos());
    scheduler.at(scheduler.now() + delay, () -> to.receive(packet));
  }
}
