package io.github.failover4j.linux;

import io.github.failover4j.GroupStatus;
import io.github.failover4j.MoverChange;
import io.github.failover4j.MoverOptions;
import io.github.failover4j.MoverState;
import io.github.failover4j.MoverStatus;
import io.github.failover4j.PriorityChange;
import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import io.github.failover4j.SplitBrain;
import io.github.failover4j.TrackChange;
import io.github.failover4j.TrackState;
import io.github.failover4j.group.GroupLogic;
import io.github.failover4j.group.GroupOutput;
import io.github.failover4j.group.GroupSettings;
import io.github.failover4j.group.LeaseRequest;
import io.github.failover4j.group.RoleTransition;
import io.github.failover4j.Tracked;
import io.github.failover4j.internal.LeaseDriver;
import io.github.failover4j.internal.ListenerDispatcher;
import io.github.failover4j.internal.LogTask;
import io.github.failover4j.internal.MoverDriver;
import io.github.failover4j.internal.Scheduler;
import io.github.failover4j.internal.SerialExecutor;
import io.github.failover4j.internal.Threads;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.ElectionException;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.LeaseStore;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.LeaseView;
import io.github.failover4j.vrrp.AdvertisementView;
import io.github.failover4j.vrrp.VrrpCodec;
import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.vrrp.VrrpDecodeException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Runs a group's {@link GroupLogic} on the engine thread: sends its advertisements on the
 * interface's socket, hands claims and releases to its mover drivers, and hands events to the log
 * and the listeners on an event lane, never on the engine thread, whose stalls cause false
 * failovers. Its movers' reports come back here: their changes go to the log and the listeners,
 * their policies (a fault, a demotion, a step-down) to the logic on the engine thread.
 */
public final class GroupRuntime implements GroupOutput, MoverDriver.Events {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.failover4j");
  private static final long LOG_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
  private static final int DROP_KINDS = VrrpDecodeException.Reason.values().length;

  private final GroupLogic logic;
  private final GroupSettings settings;
  private final VrrpConfig vrrp;
  private final InetAddress source;
  private final List<InetAddress> destinations;
  private final MoverDriver[] movers;
  private final ListenerDispatcher listeners;
  private final String tag;
  private final SerialExecutor events = new SerialExecutor(Threads.movers());
  private static final long HELD_RECHECK_NANOS = Duration.ofMillis(50).toNanos();
  private final Object held = new Object();
  private LeaseDriver election; // a group elected by a lease: set before it is registered

  // engine thread only
  private VrrpSocket socket;
  // ready-made messages by advertised priority, made on first use
  private final VrrpSocket.Outgoing[][] messages = new VrrpSocket.Outgoing[VrrpConfig.OWNER_PRIORITY + 1][];
  private final long[] lastLogged = new long[DROP_KINDS + GroupOutput.Problem.values().length + 1];

  /**
   * Creates the runtime of a group.
   *
   * @param settings the group's configuration
   * @param source the address it sends from
   * @param movers makes the drivers of its IP movers, which report to this runtime
   * @param listeners its listeners
   */
  public GroupRuntime(GroupSettings settings, InetAddress source,
      Function<MoverDriver.Events, List<MoverDriver>> movers, ListenerDispatcher listeners) {
    this.settings = settings;
    this.vrrp = settings.vrrp();
    this.source = source;
    this.destinations = settings.unicastPeers().isEmpty() ? List.of(vrrp.family().vrrpGroup()) : settings.unicastPeers();
    this.movers = movers.apply(this).toArray(MoverDriver[]::new);
    this.listeners = listeners;
    this.tag = "[" + settings.name() + (settings.election().isPresent() ? "" : " vrid=" + vrrp.vrid()) + "]";
    this.logic = new GroupLogic(settings, source, this);
  }

  /**
   * Returns the group's logic; only the engine thread may feed it.
   *
   * @return the logic
   */
  public GroupLogic logic() {
    return logic;
  }

  GroupSettings settings() {
    return settings;
  }

  int vrid() {
    return vrrp.vrid();
  }

  /** How often the group must act on time: its advertisements, or its lease's renewals; stalls are measured by it. */
  Duration advertInterval() {
    return settings.election().map(e -> e.timing().renewEvery()).orElse(vrrp.advertInterval());
  }

  /**
   * Makes the group's lease store calls through a driver of its own (a group elected by a lease);
   * before the group is registered.
   *
   * @param store the group's store
   * @return the driver, to close after the group is unregistered
   */
  public LeaseDriver elect(LeaseStore store) {
    Engine engine = Engine.shared();
    Scheduler clock = new Scheduler() {
      @Override
      public long now() {
        return engine.now(); // the logic's deadlines are on the engine's ticker
      }

      @Override
      public Cancellable schedule(Duration delay, Runnable task) {
        return Scheduler.system().schedule(delay, task);
      }
    };
    election = new LeaseDriver(store, clock, new LeaseDriver.Answers() {
      @Override
      public void viewed(long id, long sentNanos, LeaseView view, LeaseTiming timing) {
        engine.execute(() -> logic.onLeaseView(engine.now(), id, sentNanos, view, timing));
      }

      @Override
      public void failed(long id, ElectionException.Kind kind, String message) {
        engine.execute(() -> logic.onLeaseFailure(engine.now(), id, kind, message));
      }
    });
    return election;
  }

  /** Takes the interface's socket and prepares the messages this group sends most. */
  void attach(VrrpSocket vrrpSocket) {
    this.socket = vrrpSocket;
    messages(0);
    messages(logic.priority());
  }

  private VrrpSocket.Outgoing[] messages(int priority) {
    VrrpSocket.Outgoing[] prepared = messages[priority];
    if (prepared == null) {
      prepared = destinations.stream()
          .map(d -> socket.prepare(VrrpCodec.encode(vrrp.advertisement(priority), source, d, vrrp.checksum()), source, d))
          .toArray(VrrpSocket.Outgoing[]::new);
      messages[priority] = prepared;
    }
    return prepared;
  }

  void onLink(long now, boolean up) {
    if (up && socket != null && logic.telemetry().role() == Role.FAULT) { // a lease group has no socket
      try {
        socket.join(); // a group joined while the link was down may have failed
      } catch (ErrnoException e) {
        events.execute(new LogTask(LOG, Level.WARN, "{} {}", tag, e.getMessage()));
      }
    }
    logic.onLink(now, up);
  }

  // ----- GroupOutput, on the engine thread

  @Override
  public boolean send(int priority) {
    boolean sent = true;
    for (VrrpSocket.Outgoing message : messages(priority)) {
      try {
        socket.send(message);
      } catch (ErrnoException e) {
        sent = false;
        logRarely(System.nanoTime(), DROP_KINDS + GroupOutput.Problem.values().length, "could not send: {}",
            e.getMessage());
      }
    }
    return sent;
  }

  @Override
  public void lease(LeaseRequest request) {
    election.request(request);
  }

  @Override
  public void claim(OptionalLong fencingToken) {
    for (MoverDriver mover : movers) {
      mover.hold(fencingToken);
    }
  }

  @Override
  public void release() {
    for (MoverDriver mover : movers) {
      mover.release();
    }
  }

  @Override
  public void reannounce() {
    for (MoverDriver mover : movers) {
      mover.reannounce();
    }
  }

  @Override
  public void masterHeard() {
    for (MoverDriver mover : movers) {
      mover.masterHeard();
    }
  }

  @Override
  public void transitioned(RoleTransition transition) {
    events.execute(new TransitionReport(transition, Instant.now(), listeners.snapshot()));
  }

  /**
   * A role change put into words, logged and told to the listeners on the event lane. A class, not
   * a lambda: linking a lambda the first time takes milliseconds, on the claim path.
   */
  private final class TransitionReport implements Runnable {
    private final RoleTransition transition;
    private final Instant at;
    private final Object[] recipients;

    TransitionReport(RoleTransition transition, Instant at, Object[] recipients) {
      this.transition = transition;
      this.at = at;
      this.recipients = recipients;
    }

    @Override
    public void run() {
      String reason = transition.reason();
      LOG.info("{} {} -> {} ({})", tag, transition.from(), transition.to(), reason);
      listeners.fire(recipients, new RoleChange(settings.name(), transition.from(), transition.to(),
          transition.cause(), reason, transition.priority(), at));
    }
  }

  @Override
  public void priorityChanged(int from, int to, String reason) {
    Object[] recipients = listeners.snapshot();
    PriorityChange change = new PriorityChange(settings.name(), from, to, reason, Instant.now());
    events.execute(() -> {
      LOG.info("{} priority {} -> {} ({})", tag, from, to, reason);
      listeners.fire(recipients, change);
    });
  }

  @Override
  public void trackChanged(Tracked tracked, TrackState state, String effect) {
    Object[] recipients = listeners.snapshot();
    TrackChange change = new TrackChange(settings.name(), tracked.kind(), tracked.name(), state, effect,
        Instant.now());
    events.execute(() -> {
      LOG.info("{} {}", tag, change);
      listeners.fire(recipients, change);
    });
  }

  @Override
  public void dropped(long now, VrrpDecodeException problem) {
    logRarely(now, problem.reason().ordinal(), "dropped a packet: {}", problem.getMessage());
  }

  @Override
  public void doubted(long now, Problem problem, AdvertisementView advert) {
    int kind = DROP_KINDS + problem.ordinal();
    if (!dueToLog(now, kind)) {
      return;
    }
    switch (problem) {
      case WRONG_DESTINATION -> log(settings.unicastPeers().isEmpty()
          ? "dropped a unicast advertisement: this group is multicast"
          : "dropped a multicast advertisement: this group is unicast");
      case NOT_FROM_PEER -> log("dropped an advertisement from {}: not a unicast peer",
          advert.source().getHostAddress());
      case ADDRESS_LIST_MISMATCH -> log("{} advertises {}, this group {}: check the configurations",
          advert.source().getHostAddress(), advert.advertisement().addresses(), vrrp.addresses());
    }
  }

  /**
   * Logs the first of a kind of event, then at most once a minute (a flood must not fill the disk),
   * on the event lane: a logger may block on its output.
   */
  private void logRarely(long now, int kind, String format, Object... arguments) {
    if (dueToLog(now, kind)) {
      log(format, arguments);
    }
  }

  private boolean dueToLog(long now, int kind) {
    if (lastLogged[kind] == 0 || now - lastLogged[kind] >= LOG_EVERY_NANOS) {
      lastLogged[kind] = now == 0 ? 1 : now;
      return true;
    }
    return false;
  }

  private void log(String format, Object... arguments) {
    Object[] all = new Object[arguments.length + 1];
    all[0] = tag;
    System.arraycopy(arguments, 0, all, 1, arguments.length);
    events.execute(new LogTask(LOG, Level.WARN, "{} " + format, all));
  }

  // ----- MoverDriver.Events, on a mover's lane

  @Override
  public void changed(MoverDriver mover, MoverState from, MoverState to, String detail) {
    Object[] recipients = listeners.snapshot();
    MoverChange change = new MoverChange(settings.name(), mover.name(), from, to, detail, Instant.now());
    events.execute(() -> {
      // the local mover follows every role change: its routine steps would double the log's lines
      Level level = to == MoverState.FAILING ? Level.WARN
          : mover.status().kind() == IpMover.Kind.LOCAL ? Level.DEBUG : Level.INFO;
      LOG.atLevel(level).log("{} mover {}: {} -> {}{}", tag, mover.name(), from, to,
          detail.isEmpty() ? "" : " (" + detail + ")");
      listeners.fire(recipients, change);
      synchronized (held) {
        held.notifyAll();
      }
    });
    if (election != null && to == MoverState.IDLE
        && Arrays.stream(movers).allMatch(m -> m.status().state() == MoverState.IDLE)) {
      Engine.shared().execute(() -> logic.onMoversIdle(Engine.shared().now())); // the lease may go now
    }
  }

  @Override
  public void splitBrain(MoverDriver mover, Holder holder, MoverOptions.OnSplitBrain action) {
    Object[] recipients = listeners.snapshot();
    SplitBrain event = new SplitBrain(settings.name(), mover.name(), holder.toString(), action, Instant.now());
    events.execute(() -> {
      LOG.warn("{} {}", tag, event);
      listeners.fire(recipients, event);
    });
    if (action == MoverOptions.OnSplitBrain.STEP_DOWN) {
      Engine.shared().execute(() -> logic.onSplitBrain(Engine.shared().now(),
          "mover " + mover.name() + " found the addresses on " + holder));
    }
  }

  @Override
  public void claimFailing(MoverDriver mover, boolean failing, String why) {
    Engine.shared().execute(() -> logic.onMoverFailing(Engine.shared().now(), mover.name(), failing, mover.options(),
        why));
  }

  // ----- read by other threads

  /**
   * Returns the current role.
   *
   * @return the role
   */
  public Role role() {
    return logic.telemetry().role();
  }

  /**
   * Waits until the group is MASTER.
   *
   * @param timeout how long at most
   * @return true if it is MASTER
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitMaster(Duration timeout) throws InterruptedException {
    return logic.telemetry().awaitMaster(timeout);
  }

  /**
   * Waits until the group is MASTER and every mover has verified that it holds the addresses.
   *
   * @param timeout how long at most
   * @return true if held
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitHeld(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (held) {
      while (!held()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        // a role change is published after its report runs: wake at least every 50 ms to look again
        TimeUnit.NANOSECONDS.timedWait(held, Math.min(left, HELD_RECHECK_NANOS));
      }
      return true;
    }
  }

  private boolean held() {
    return role() == Role.MASTER && Arrays.stream(movers).allMatch(m -> m.status().holding());
  }

  /**
   * Returns the movers' states.
   *
   * @return one status per mover, in the order they were added
   */
  public List<MoverStatus> movers() {
    return Arrays.stream(movers).map(MoverDriver::status).toList();
  }

  /**
   * Builds a snapshot.
   *
   * @param now the engine ticker's reading
   * @param engineStalls the engine's stall count
   * @return the status
   */
  public GroupStatus status(long now, long engineStalls) {
    return logic.telemetry().status(now, engineStalls, movers());
  }
}
