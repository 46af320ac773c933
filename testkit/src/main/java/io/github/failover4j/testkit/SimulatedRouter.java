package io.github.failover4j.testkit;

import io.github.failover4j.Announcements;
import io.github.failover4j.Demotion;
import io.github.failover4j.GroupStatus;
import io.github.failover4j.MoverChange;
import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import io.github.failover4j.TrackState;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.group.GroupLogic;
import io.github.failover4j.group.GroupOutput;
import io.github.failover4j.group.ElectionSettings;
import io.github.failover4j.group.GroupSettings;
import io.github.failover4j.group.LeaseRequest;
import io.github.failover4j.group.RoleTransition;
import io.github.failover4j.group.SyncCoordinator;
import io.github.failover4j.Tracked;
import io.github.failover4j.internal.Demotions;
import io.github.failover4j.internal.MoverDriver;
import io.github.failover4j.internal.Scheduler;
import io.github.failover4j.internal.check.CheckRunner;
import io.github.failover4j.internal.check.Probes;
import io.github.failover4j.MoverOptions;
import io.github.failover4j.MoverState;
import io.github.failover4j.group.MoverOutcome;
import io.github.failover4j.group.MoverStep;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.ElectionException;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.LeaseView;
import io.github.failover4j.spi.MoverCall;
import io.github.failover4j.testkit.SimulationEvent.Kind;
import io.github.failover4j.vrrp.AdvertisementView;
import io.github.failover4j.vrrp.VrrpCodec;
import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.vrrp.VrrpDecodeException;
import io.github.failover4j.vrrp.VrrpStateMachine;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One failover group on the simulated network, run by the same {@link GroupLogic} as a
 * {@code FailoverGroup} on Linux: its advertisements travel encoded and are read, filtered and
 * judged on receipt; its claims and releases go through the real mover driver; its tracked checks
 * run on their real runner in virtual time.
 *
 * <p>Without a {@link SimulatedCloud}, the mover is a local one that holds the addresses at once
 * ("holding the addresses" stands for whatever a claim would do). With one, the mover is a cloud
 * mover with the router's {@link MoverOptions}: it settles, checks, claims, verifies and
 * reconciles through the cloud's API in virtual time, and what it reports (a claim failing, a split
 * brain) reaches the group logic as it does on Linux.
 */
public final class SimulatedRouter {
  // FailoverGroup's default closeTimeout: how long a shut-down group's mover may finish its release
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final InetAddress address;
  private final VrrpConfig config;
  private final GroupSettings settings;
  private final VrrpSimulation simulation;
  private final MoverOptions moverOptions;
  private final Optional<SimulatedCloud> cloud;
  private final Optional<SimulatedLeaseStore> leaseStore; // present: the store's lease elects it, not VRRP
  private final String cloudAddress; // the key the cloud routes this group's addresses by
  private final Output output = new Output();
  private final byte[][] packets = new byte[VrrpConfig.OWNER_PRIORITY + 1][];
  private final Demotions demotions = new Demotions();
  private final List<Consumer<RoleChange>> watchers = new ArrayList<>();
  private final List<Consumer<MoverChange>> moverWatchers = new ArrayList<>();
  private GroupLogic logic;
  private final List<CheckRunner> runners = new ArrayList<>();
  private MoverDriver mover;
  private boolean running;
  private boolean linkUp = true;
  private boolean heldLocally;
  // bumped at every start and crash: what a dead run scheduled must not reach the next one
  private long generation;
  // the run whose mover still works: it outlives a shutdown for a while to finish its release
  private long moverRun;
  private long timerGeneration;
  private long armedDeadline = VrrpStateMachine.NO_DEADLINE;
  private long dropped;
  private long lastSentNanos = -1;

  SimulatedRouter(String name, InetAddress address, VrrpConfig config, List<Tracked> tracked,
      Optional<SyncCoordinator> syncGroup, MoverOptions moverOptions, Optional<SimulatedCloud> cloud,
      Optional<SimulatedLeaseStore> leaseStore, VrrpSimulation simulation) {
    this.name = name;
    this.address = address;
    this.config = config;
    this.simulation = simulation;
    this.moverOptions = moverOptions;
    this.cloud = cloud;
    this.cloudAddress = config.addresses().get(0).getHostAddress();
    this.settings = new GroupSettings(name, "sim0", Optional.empty(), config,
        config.addresses().stream().map(a -> new VirtualIp(a, a.getAddress().length * 8, Optional.empty())).toList(),
        Optional.empty(), List.of(), true, Announcements.DEFAULT, tracked, syncGroup,
        leaseStore.map(store -> new ElectionSettings("simulated", name, store.timing())));
    this.leaseStore = leaseStore;
    this.logic = new GroupLogic(settings, address, output);
    demotions.watch(why -> {
      if (running) {
        drive(() -> logic.onDemotion(simulation.now(), demotions.total(), why));
      }
    });
  }

  /**
   * Returns the router's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the router's primary address.
   *
   * @return the address it sends from
   */
  public InetAddress address() {
    return address;
  }

  /**
   * Returns the router's configuration.
   *
   * @return the configuration
   */
  public VrrpConfig config() {
    return config;
  }

  /**
   * Returns the router's role.
   *
   * @return the role; INITIALIZE when not running
   */
  public Role role() {
    return running ? logic.telemetry().role() : Role.INITIALIZE;
  }

  /**
   * Returns the priority the router advertises now: its configured one, changed by tracked checks
   * and demotions.
   *
   * @return the effective priority
   */
  public int priority() {
    return logic.priority();
  }

  /**
   * Returns the router's status, as {@code FailoverGroup.status()} would give it: effective
   * priority, faults, tracked items and counters.
   *
   * @return the status
   */
  public GroupStatus status() {
    return logic.telemetry().status(simulation.now(), 0, List.of(mover.status()));
  }

  /**
   * Returns when the router's logic must next be woken.
   *
   * @return the virtual time, or {@link VrrpStateMachine#NO_DEADLINE}
   */
  public long deadline() {
    return logic.deadline();
  }

  /**
   * Tells whether the router runs.
   *
   * @return false before start and after a crash or shutdown
   */
  public boolean isRunning() {
    return running;
  }

  /**
   * Tells whether the router holds the virtual addresses: between a claim and a release, or, with
   * a {@link SimulatedCloud}, while the cloud routes them to it (even if it crashed).
   *
   * @return true if it holds them
   */
  public boolean holdsAddresses() {
    return cloud.map(c -> c.holder(cloudAddress).equals(Optional.of(name))).orElse(heldLocally);
  }

  /**
   * Returns the key the {@link SimulatedCloud} routes this router's virtual addresses by: the
   * first of them.
   *
   * @return the address, e.g. {@code 10.0.0.200}
   */
  public String cloudAddress() {
    return cloudAddress;
  }

  /**
   * Returns how many received packets failed decoding.
   *
   * @return the count
   */
  public long dropped() {
    return dropped;
  }

  /**
   * Returns when the router last sent an advertisement.
   *
   * @return the virtual time, or -1
   */
  public long lastSentNanos() {
    return lastSentNanos;
  }

  /**
   * Hears every role change of this router, as a listener of a {@code FailoverGroup} would, in
   * order, at once.
   *
   * @param watcher what to tell
   */
  public void watch(Consumer<RoleChange> watcher) {
    watchers.add(watcher);
  }

  /**
   * Hears every state change of this router's IP mover, as a listener's
   * {@code onMoverChange} would, in order, at once. Its {@code at} is the virtual time.
   *
   * @param watcher what to tell
   */
  public void watchMover(Consumer<MoverChange> watcher) {
    moverWatchers.add(watcher);
  }

  /**
   * Lowers the router's priority until the handle is closed.
   *
   * @param reason why
   * @param amount 1..254
   * @return the handle
   */
  public Demotion demote(String reason, int amount) {
    return demotions.add(reason, amount);
  }

  /** Starts the router: its logic, its mover and its checks. */
  public void start() {
    if (running) {
      throw new IllegalStateException(name + ": already running");
    }
    if (moverRun != 0) {
      closeMover(); // a shut-down run's mover still finishing its release: the process is gone now
    }
    long run = ++generation;
    moverRun = run;
    armedDeadline = VrrpStateMachine.NO_DEADLINE;
    logic = new GroupLogic(settings, address, output);
    MoverDriver.Operations operations = cloud.<MoverDriver.Operations>map(c ->
        new ThisRunOnly(c.client(name, cloudAddress), run)).orElseGet(SimulatedMover::new);
    mover = new MoverDriver(cloud.isPresent() ? "cloud" : "simulated",
        cloud.isPresent() ? IpMover.Kind.CLOUD : IpMover.Kind.LOCAL, moverOptions, operations, Runnable::run,
        new VirtualTimer(() -> moverRun == run), new Random(simulation.random().nextLong()), new MoverEvents(run));
    running = true;
    simulation.record(name, Kind.STARTED, Optional.empty(), "");
    logic.onDemotion(simulation.now(), demotions.total(), "demoted at start");
    drive(() -> logic.start(simulation.now(), linkUp));
    startChecks(run);
  }

  private void startChecks(long run) {
    runners.clear();
    List<Tracked> tracked = settings.tracked();
    for (int i = 0; i < tracked.size(); i++) {
      if (tracked.get(i) instanceof Tracked.OfCheck item) {
        int index = i;
        CheckRunner runner = new CheckRunner(item.check(), Probes.create(item.check().probe()),
            new VirtualTimer(() -> generation == run),
            task -> {
              task.run(); // in virtual time a probe answers at once
              return () -> { };
            });
        runner.subscribe((state, detail) -> {
          if (running && generation == run) {
            drive(() -> logic.onTracked(simulation.now(), index, state, 0, detail));
          }
        });
        logic.trackCounts(index, runner);
        runners.add(runner);
        runner.start();
      }
    }
  }

  /**
   * Stops the router without a word: no priority 0, and local addresses vanish with it. A cloud
   * call in flight still runs to its end at the cloud (the request was sent); its answer goes
   * nowhere.
   */
  public void crash() {
    requireRunning();
    logic.abandon(simulation.now());
    running = false;
    heldLocally = false;
    generation++;
    moverRun = 0;
    timerGeneration++;
    runners.forEach(CheckRunner::stop);
    simulation.record(name, Kind.CRASHED, Optional.empty(), "");
  }

  /**
   * Shuts the router down cleanly: a MASTER sends priority 0 and releases. As in
   * {@code FailoverGroup.close()} with its default {@code closeTimeout}, the mover has 10 s to
   * finish a cloud release before it is closed (what is then in flight is cancelled), unless the
   * router starts again first.
   */
  public void shutdown() {
    requireRunning();
    simulation.record(name, Kind.SHUT_DOWN, Optional.empty(), "");
    runners.forEach(CheckRunner::stop);
    logic.stop(simulation.now());
    running = false;
    generation++;
    timerGeneration++;
    long run = moverRun;
    simulation.scheduler().after(CLOSE_TIMEOUT, () -> {
      if (moverRun == run) {
        closeMover();
      }
    });
  }

  private void closeMover() {
    moverRun = 0;
    try {
      mover.close(Duration.ZERO); // in virtual time nothing finishes by waiting: call off what is left
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Takes the router's link down: it goes to FAULT and stops sending and hearing. */
  public void linkDown() {
    linkUp = false;
    simulation.record(name, Kind.LINK_DOWN, Optional.empty(), "");
    if (running) {
      drive(() -> logic.onLink(simulation.now(), false));
    }
  }

  /** Brings the router's link back up. */
  public void linkUp() {
    linkUp = true;
    simulation.record(name, Kind.LINK_UP, Optional.empty(), "");
    if (running) {
      drive(() -> logic.onLink(simulation.now(), true));
    }
  }

  void receive(byte[] packet) {
    if (!running || !linkUp) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.wrap(packet);
    if (VrrpCodec.vrid(buffer) == config.vrid()) {
      drive(() -> logic.onPacket(simulation.now(), buffer));
    }
  }

  /**
   * Feeds the logic one input, then wakes every router at its next deadline: an input to one
   * member of a sync group moves the others too.
   */
  private void drive(Runnable input) {
    input.run();
    simulation.routers().forEach(SimulatedRouter::rearm);
  }

  private void rearm() {
    long deadline = logic.deadline();
    if (!running || deadline == armedDeadline) {
      return;
    }
    armedDeadline = deadline;
    long timer = ++timerGeneration;
    if (deadline != VrrpStateMachine.NO_DEADLINE) {
      simulation.scheduler().at(Math.max(deadline, simulation.now()), () -> {
        if (timer == timerGeneration && running) {
          armedDeadline = VrrpStateMachine.NO_DEADLINE - 1; // fired: whatever comes next is new
          drive(() -> logic.onTimer(simulation.now()));
        }
      });
    }
  }

  private byte[] packet(int priority) {
    if (packets[priority] == null) {
      packets[priority] = VrrpCodec.encodePacket(config.advertisement(priority), address,
          config.family().vrrpGroup(), config.checksum(), 255);
    }
    return packets[priority];
  }

  private void requireRunning() {
    if (!running) {
      throw new IllegalStateException(name + ": not running");
    }
  }

  @Override
  public String toString() {
    return name + "(" + address.getHostAddress() + ", priority " + priority() + ", " + role() + ")";
  }

  /** What the logic asks of the simulation. */
  private final class Output implements GroupOutput {
    @Override
    public void lease(LeaseRequest request) {
      // a shut-down router's process lives on until its movers finish: it still resigns; a crashed one does not
      long run = moverRun;
      GroupLogic asker = logic;
      leaseStore.orElseThrow().call(name, request, new SimulatedLeaseStore.Answers() {
        @Override
        public void viewed(long sentNanos, LeaseView view, LeaseTiming timing) {
          if (moverRun == run && logic == asker) {
            drive(() -> asker.onLeaseView(simulation.now(), request.id(), sentNanos, view, timing));
          }
        }

        @Override
        public void failed(ElectionException.Kind kind, String message) {
          if (moverRun == run && logic == asker) {
            drive(() -> asker.onLeaseFailure(simulation.now(), request.id(), kind, message));
          }
        }
      });
    }

    @Override
    public boolean send(int priority) {
      if (!linkUp) {
        return false;
      }
      lastSentNanos = simulation.now();
      simulation.network().send(SimulatedRouter.this, config.family().vrrpGroup(), packet(priority));
      return true;
    }

    @Override
    public void claim(OptionalLong fencingToken) {
      mover.hold(fencingToken);
    }

    @Override
    public void release() {
      mover.release();
    }

    @Override
    public void reannounce() {
      mover.reannounce();
    }

    @Override
    public void masterHeard() {
      mover.masterHeard();
    }

    @Override
    public void transitioned(RoleTransition transition) {
      RoleChange change = new RoleChange(name, transition.from(), transition.to(), transition.cause(),
          transition.reason(), transition.priority(), Instant.EPOCH.plusNanos(simulation.now()));
      simulation.record(name, Kind.TRANSITION, Optional.of(change), "");
      watchers.forEach(w -> w.accept(change));
    }

    @Override
    public void priorityChanged(int from, int to, String reason) {
      simulation.record(name, Kind.PRIORITY_CHANGED, Optional.empty(), from + " -> " + to + " (" + reason + ")");
    }

    @Override
    public void trackChanged(Tracked tracked, TrackState state, String effect) {
      simulation.record(name, Kind.TRACK_CHANGED, Optional.empty(), tracked.name() + " " + state + " (" + effect + ")");
    }

    @Override
    public void dropped(long now, VrrpDecodeException problem) {
      dropped++;
    }

    @Override
    public void doubted(long now, Problem problem, AdvertisementView advert) {
      // counted by the logic; the simulation has nobody to warn
    }
  }

  /**
   * The mover a simulated router claims with: it holds the addresses at once, and gives them up at
   * once too, but for a router elected by a lease store, which takes the store's release time.
   */
  private final class SimulatedMover implements MoverDriver.Operations {
    @Override
    public void run(MoverStep step, Holder current, MoverCall call, Consumer<MoverOutcome> done) {
      switch (step) {
        case OBSERVE -> {
          done.accept(MoverOutcome.observed(heldLocally ? Holder.self() : Holder.nobody()));
          return;
        }
        case CLAIM -> {
          leaseStore.ifPresent(store -> simulation.check(call.fencingToken().equals(
              OptionalLong.of(store.lastGrant(name))), name + " claims for the term it was granted, "
              + store.lastGrant(name) + ", not " + call.fencingToken()));
          if (!heldLocally) {
            heldLocally = true;
            simulation.record(name, Kind.CLAIMED, Optional.empty(), "");
          }
        }
        case RELEASE -> {
          if (leaseStore.isEmpty()) {
            release();
            break;
          }
          long run = moverRun; // the lease's safety margin must cover the time a release takes
          simulation.scheduler().after(Duration.ofNanos(leaseStore.get().releaseNanos()), () -> {
            if (moverRun == run) { // a crash took the addresses with the process
              release();
              done.accept(MoverOutcome.done());
            }
          });
          return;
        }
        default -> { }
      }
      done.accept(MoverOutcome.done());
    }

    private void release() {
      if (heldLocally) {
        heldLocally = false;
        simulation.record(name, Kind.RELEASED, Optional.empty(), "");
      }
    }

    @Override
    public void close() {}
  }

  /**
   * A cloud client for one run of this router: the calls run at the cloud whatever happens, but
   * their answers reach the driver only while that run's mover works (not after a crash).
   */
  private final class ThisRunOnly implements MoverDriver.Operations {
    private final MoverDriver.Operations client;
    private final long run;

    ThisRunOnly(MoverDriver.Operations client, long run) {
      this.client = client;
      this.run = run;
    }

    @Override
    public void run(MoverStep step, Holder current, MoverCall call, Consumer<MoverOutcome> done) {
      client.run(step, current, call, outcome -> {
        if (moverRun == run) {
          done.accept(outcome);
        }
      });
    }

    @Override
    public void close() {
      client.close();
    }
  }

  /** What the mover tells the group: recorded, told to the watchers, and handed to the logic. */
  private final class MoverEvents implements MoverDriver.Events {
    private final long run;

    MoverEvents(long run) {
      this.run = run;
    }

    @Override
    public void changed(MoverDriver mover, MoverState from, MoverState to, String detail) {
      if (cloud.isPresent()) { // a local mover's changes are its CLAIMED and RELEASED lines
        simulation.record(name, Kind.MOVER_CHANGED, Optional.empty(),
            from + " -> " + to + (detail.isEmpty() ? "" : " (" + detail + ")"));
      }
      MoverChange change = new MoverChange(name, mover.name(), from, to, detail,
          Instant.EPOCH.plusNanos(simulation.now()));
      moverWatchers.forEach(w -> w.accept(change));
      if (leaseStore.isPresent() && to == MoverState.IDLE && moverRun == run) {
        drive(() -> logic.onMoversIdle(simulation.now())); // a stopped router too: its resign waits for this
      }
    }

    @Override
    public void splitBrain(MoverDriver mover, Holder holder, MoverOptions.OnSplitBrain action) {
      simulation.record(name, Kind.SPLIT_BRAIN, Optional.empty(), holder + " holds the addresses (" + action + ")");
      if (action == MoverOptions.OnSplitBrain.STEP_DOWN) {
        toLogic(() -> logic.onSplitBrain(simulation.now(), "mover " + mover.name() + " found the addresses on "
            + holder));
      }
    }

    @Override
    public void claimFailing(MoverDriver mover, boolean failing, String why) {
      simulation.record(name, Kind.CLAIM_FAILING, Optional.empty(), (failing ? "applies: " : "lifted: ") + why);
      toLogic(() -> logic.onMoverFailing(simulation.now(), mover.name(), failing, mover.options(), why));
    }

    /**
     * Hands a report to the logic as the engine's queue does on Linux: after the input that caused
     * it (the driver may report from inside a call of the logic's), and only to the run it is about.
     */
    private void toLogic(Runnable input) {
      simulation.scheduler().at(simulation.now(), () -> {
        if (running && generation == run) {
          drive(input);
        }
      });
    }
  }

  /** The simulation's scheduler for one run of this router: its tasks run only while it lives. */
  private final class VirtualTimer implements Scheduler {
    private final BooleanSupplier live;

    VirtualTimer(BooleanSupplier live) {
      this.live = live;
    }

    @Override
    public long now() {
      return simulation.now();
    }

    @Override
    public Cancellable schedule(java.time.Duration delay, Runnable task) {
      boolean[] cancelled = {false};
      simulation.scheduler().after(delay, () -> {
        if (!cancelled[0] && live.getAsBoolean()) {
          task.run();
        }
      });
      return () -> cancelled[0] = true;
    }
  }
}
