package io.github.failover4j.testkit;

import io.github.failover4j.MoverOptions;
import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import io.github.failover4j.check.Check;
import io.github.failover4j.group.SyncCoordinator;
import io.github.failover4j.Tracked;
import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.vrrp.VrrpStateMachine;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Real VRRP state machines on a seeded {@link SimulatedNetwork}, in virtual time. After every event
 * (a packet delivered, a timer fired, a scenario step) every invariant is checked; a violation
 * fails the run with its seed, so that {@code -Dfailover4j.seed=N} (see {@link Seeds}) replays it
 * exactly.
 *
 * <p>Standing invariants: no router's timer is overdue; virtual time moves on (a loop of events at
 * one instant fails instead of hanging); without a cloud, a running router holds
 * the addresses exactly while it is MASTER; with a {@linkplain Builder#cloud cloud}, no mover ever
 * has two operations in flight (a cloud claim takes time, so holding lags the role by design).
 * Scenarios add their own with {@link #addInvariant}.
 */
public final class VrrpSimulation {
  private static final int TIMELINE_IN_FAILURES = 25;
  // far more than any burst of one instant (a delivery fans out to a few routers and movers): a loop
  private static final int EVENTS_IN_ONE_INSTANT = 100_000;

  private final long seed;
  private final VirtualTicker ticker = new VirtualTicker();
  private final VirtualScheduler scheduler = new VirtualScheduler(ticker);
  private final SimulatedNetwork network;
  private final Optional<SimulatedCloud> cloud;
  private Optional<SimulatedLeaseStore> leaseStore = Optional.empty(); // set once, by the builder
  private final Random random;
  private final Map<String, SimulatedRouter> routers = new LinkedHashMap<>();
  private final List<SimulationEvent> timeline = new ArrayList<>();
  private final Map<String, BooleanSupplier> invariants = new LinkedHashMap<>();
  private long instant = -1;
  private int eventsThisInstant;

  private VrrpSimulation(long seed, NetworkConditions conditions, Optional<CloudConditions> cloudConditions,
      boolean leaseElected) {
    this.seed = seed;
    // independent streams: a scenario drawing one more number must not change the network's
    this.network = new SimulatedNetwork(scheduler, new Random(seed), conditions);
    this.cloud = cloudConditions.map(c -> new SimulatedCloud(scheduler, new Random(Long.reverse(seed) ^ 0xC10DL), c));
    this.random = new Random(~seed);
    cloud.ifPresentOrElse(c -> c.onMove(move -> record(move.by(), SimulationEvent.Kind.CLOUD_MOVED, Optional.empty(),
        move.address() + ": " + move.from().orElse("nobody") + " -> " + move.to().orElse("nobody"))),
        () -> {
          // with a lease store a release takes time, and a claim waits for it: the store's invariants instead
          if (!leaseElected) {
            addInvariant("a running router holds the addresses exactly while MASTER", () -> routers.values()
                .stream().allMatch(r -> r.holdsAddresses() == (r.isRunning() && r.role() == Role.MASTER)));
          }
        });
    addInvariant("no timer is overdue", () -> routers.values().stream()
        .filter(SimulatedRouter::isRunning)
        .allMatch(r -> r.deadline() == VrrpStateMachine.NO_DEADLINE || r.deadline() >= now()));
  }

  /**
   * Starts describing a simulation.
   *
   * @param seed the seed of every random choice of the run
   * @return the builder
   */
  public static Builder builder(long seed) {
    return new Builder(seed);
  }

  /**
   * Returns the seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Returns the current virtual time.
   *
   * @return nanoseconds since the start
   */
  public long now() {
    return ticker.read();
  }

  /**
   * Returns the scheduler, to add scenario steps.
   *
   * @return the scheduler
   */
  public VirtualScheduler scheduler() {
    return scheduler;
  }

  /**
   * Returns the network, to change its conditions or partition it.
   *
   * @return the network
   */
  public SimulatedNetwork network() {
    return network;
  }

  /**
   * Returns the simulated cloud the routers claim through.
   *
   * @return the cloud
   * @throws IllegalStateException if the simulation was built without one
   */
  public SimulatedCloud cloud() {
    return cloud.orElseThrow(() -> new IllegalStateException("no cloud (expected: Builder.cloud(...))"));
  }

  /**
   * Returns the lease store that elects the routers.
   *
   * @return the store
   * @throws IllegalStateException if the simulation was built without one
   */
  public SimulatedLeaseStore leaseStore() {
    return leaseStore.orElseThrow(() -> new IllegalStateException("no lease store (expected: Builder.leaseStore(...))"));
  }

  /**
   * Returns a random source for scenario choices, seeded from the simulation's seed.
   *
   * @return the random source
   */
  public Random random() {
    return random;
  }

  /**
   * Returns a router by name.
   *
   * @param name its name
   * @return the router
   */
  public SimulatedRouter router(String name) {
    SimulatedRouter router = routers.get(name);
    if (router == null) {
      throw new IllegalArgumentException("router: " + name + " (expected: one of " + routers.keySet() + ")");
    }
    return router;
  }

  /**
   * Returns every router, in the order they were added.
   *
   * @return the routers
   */
  public List<SimulatedRouter> routers() {
    return List.copyOf(routers.values());
  }

  /**
   * Returns the running routers that are MASTER now.
   *
   * @return the masters
   */
  public List<SimulatedRouter> masters() {
    return routers.values().stream()
        .filter(r -> r.isRunning() && r.role() == Role.MASTER)
        .toList();
  }

  /**
   * Returns what has happened so far.
   *
   * @return the timeline, oldest first
   */
  public List<SimulationEvent> timeline() {
    return List.copyOf(timeline);
  }

  /**
   * Adds an invariant, checked after every event from now on.
   *
   * @param description what must hold, for the failure message
   * @param holds true while it holds
   */
  public void addInvariant(String description, BooleanSupplier holds) {
    invariants.put(description, holds);
  }

  /**
   * Runs every event up to a time, checking the invariants after each.
   *
   * @param untilNanos the virtual time to reach
   * @throws AssertionError naming the seed, the time, the invariant and the last events
   */
  public void runUntil(long untilNanos) {
    scheduler.runUntil(untilNanos, this::checkInvariants);
  }

  /**
   * Runs for a while, checking the invariants after every event.
   *
   * @param duration how long, in virtual time
   */
  public void runFor(Duration duration) {
    runUntil(now() + duration.toNanos());
  }

  /**
   * Fails the run, with the seed and the last events, when a scenario's expectation does not hold.
   *
   * @param condition what must be true
   * @param message what was expected
   * @throws AssertionError if the condition is false
   */
  public void check(boolean condition, String message) {
    if (!condition) {
      throw failure(message);
    }
  }

  void record(String router, SimulationEvent.Kind kind, Optional<RoleChange> transition, String detail) {
    timeline.add(new SimulationEvent(now(), router, kind, transition, detail));
  }

  private void checkInvariants() {
    if (now() != instant) {
      instant = now();
      eventsThisInstant = 0;
    } else if (++eventsThisInstant > EVENTS_IN_ONE_INSTANT) {
      throw failure("invariant broken: virtual time moves on (" + EVENTS_IN_ONE_INSTANT
          + " events ran at this instant: a loop)");
    }
    cloud.flatMap(SimulatedCloud::violation).ifPresent(v -> {
      throw failure("invariant broken: a mover never has two operations in flight: " + v);
    });
    for (Map.Entry<String, BooleanSupplier> invariant : invariants.entrySet()) {
      if (!invariant.getValue().getAsBoolean()) {
        throw failure("invariant broken: " + invariant.getKey());
      }
    }
  }

  private AssertionError failure(String message) {
    StringBuilder text = new StringBuilder()
        .append("seed ").append(seed).append(" (replay: -Dfailover4j.seed=").append(seed).append("), at ")
        .append(String.format(java.util.Locale.ROOT, "%.6f s", now() / 1e9)).append(": ").append(message)
        .append("\nrouters: ").append(routers.values())
        .append("\nlast events:");
    timeline.subList(Math.max(0, timeline.size() - TIMELINE_IN_FAILURES), timeline.size())
        .forEach(e -> text.append("\n  ").append(e));
    return new AssertionError(text.toString());
  }

  /** Describes the routers and the network of a simulation. */
  public static final class Builder {
    private final long seed;
    private NetworkConditions conditions = NetworkConditions.lan();
    private final Map<String, InetAddress> addresses = new LinkedHashMap<>();
    private final Map<String, VrrpConfig> configs = new LinkedHashMap<>();
    private final Map<String, List<Tracked>> tracked = new LinkedHashMap<>();
    private final Map<String, SyncCoordinator> syncGroups = new LinkedHashMap<>();
    private final Map<String, MoverOptions> moverOptions = new LinkedHashMap<>();
    private Optional<CloudConditions> cloud = Optional.empty();
    private Optional<java.util.function.Function<VrrpSimulation, SimulatedLeaseStore>> leaseStore = Optional.empty();

    private Builder(long seed) {
      this.seed = seed;
    }

    /**
     * Sets the network conditions at the start (default {@link NetworkConditions#lan()}).
     *
     * @param value the conditions
     * @return this builder
     */
    public Builder conditions(NetworkConditions value) {
      this.conditions = value;
      return this;
    }

    /**
     * Adds a router. It does not run until {@link SimulatedRouter#start()} is called.
     *
     * @param name a unique name
     * @param address its primary address, an IP literal
     * @param config its virtual router
     * @return this builder
     */
    public Builder router(String name, String address, VrrpConfig config) {
      if (addresses.containsKey(name)) {
        throw new IllegalArgumentException("router: " + name + " (expected: a new name)");
      }
      try {
        addresses.put(name, InetAddress.getByName(address));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("address: " + address + " (expected: an IP literal)", e);
      }
      configs.put(name, config);
      tracked.put(name, new ArrayList<>());
      return this;
    }

    /**
     * Makes a router track a check, as {@code FailoverGroup.Builder#track} does; the check runs in
     * virtual time, so it should be an in-JVM one whose answer the scenario controls.
     *
     * @param router the router's name
     * @param check the check
     * @param weight -253..253; 0 holds the router in FAULT while the check fails
     * @return this builder
     */
    public Builder track(String router, Check check, int weight) {
      trackedOf(router).add(new Tracked.OfCheck(check, weight, false));
      return this;
    }

    /**
     * Puts routers in a sync group: they move together, as in keepalived's vrrp_sync_group. Routers
     * of one sync group stand for groups of one process.
     *
     * @param name the sync group's name
     * @param routers the routers' names
     * @return this builder
     */
    public Builder syncGroup(String name, String... routers) {
      SyncCoordinator coordinator = new SyncCoordinator(name);
      for (String router : routers) {
        trackedOf(router);
        if (syncGroups.putIfAbsent(router, coordinator) != null) {
          throw new IllegalArgumentException("router " + router + ": already in a sync group");
        }
      }
      return this;
    }

    /**
     * Routes the virtual addresses through a {@link SimulatedCloud}: every router's mover becomes a
     * cloud mover ({@code IpMover.Kind.CLOUD}) that claims through it. Without this, each router
     * has a local mover that holds the addresses at once.
     *
     * @param conditions how the cloud answers at the start
     * @return this builder
     */
    public Builder cloud(CloudConditions conditions) {
      this.cloud = Optional.of(conditions);
      return this;
    }

    /**
     * Elects the routers by a {@link SimulatedLeaseStore}'s lease instead of VRRP (their
     * {@code VrrpConfig} then only gives priority, preemption and addresses). Adds two invariants:
     * never two routers hold the addresses at once, and a router holds them only while the store's
     * lease is its own.
     *
     * @param timing the lease's times
     * @param latency each way between a router and the store
     * @param lostAnswers the probability that an answer is lost after the store acted
     * @param slowAnswers the probability that an answer comes a lease's duration late
     * @param releaseTime how long a router takes to give the addresses up (the local mover's netlink
     *     call, a process descheduled): what the lease's safety margin must cover
     * @return this builder
     */
    public Builder leaseStore(io.github.failover4j.spi.LeaseTiming timing, Latency latency, double lostAnswers,
        double slowAnswers, Latency releaseTime) {
      if (!(lostAnswers >= 0 && slowAnswers >= 0 && lostAnswers + slowAnswers <= 1)) {
        throw new IllegalArgumentException("lostAnswers, slowAnswers: " + lostAnswers + ", " + slowAnswers
            + " (expected: probabilities whose sum is at most 1)");
      }
      this.leaseStore = Optional.of(simulation -> new SimulatedLeaseStore(simulation.scheduler,
          new Random(seed * 31 + 0x1EA5EL), timing, latency, lostAnswers, slowAnswers, releaseTime));
      return this;
    }

    /**
     * Sets how a router's mover runs (default {@link MoverOptions#defaults()}): settle time,
     * reconcile interval, timeout, release and failure policies.
     *
     * @param router the router's name
     * @param options its mover's options
     * @return this builder
     */
    public Builder mover(String router, MoverOptions options) {
      trackedOf(router);
      moverOptions.put(router, options);
      return this;
    }

    private List<Tracked> trackedOf(String router) {
      List<Tracked> list = tracked.get(router);
      if (list == null) {
        throw new IllegalArgumentException("router: " + router + " (expected: one added before)");
      }
      return list;
    }

    /**
     * Builds the simulation at virtual time 0.
     *
     * @return the simulation
     */
    public VrrpSimulation build() {
      VrrpSimulation simulation = new VrrpSimulation(seed, conditions, cloud, leaseStore.isPresent());
      simulation.leaseStore = leaseStore.map(make -> make.apply(simulation));
      simulation.leaseStore.ifPresent(store -> {
        simulation.addInvariant("never two routers hold the addresses at once", () -> simulation.routers.values()
            .stream().filter(SimulatedRouter::holdsAddresses).count() <= 1);
        simulation.addInvariant("a router holds the addresses only while the store's lease is its own", () ->
            simulation.routers.values().stream().filter(SimulatedRouter::holdsAddresses)
                .allMatch(r -> store.holder().equals(Optional.of(r.name()))));
      });
      addresses.forEach((name, address) -> {
        SimulatedRouter router = new SimulatedRouter(name, address, configs.get(name), tracked.get(name),
            Optional.ofNullable(syncGroups.get(name)), moverOptions.getOrDefault(name, MoverOptions.defaults()),
            simulation.cloud, simulation.leaseStore, simulation);
        simulation.routers.put(name, router);
        simulation.network.attach(router);
      });
      return simulation;
    }
  }
}
