package io.github.failover4j;

import io.github.failover4j.check.Check;
import io.github.failover4j.group.GroupSettings;
import io.github.failover4j.internal.Demotions;
import io.github.failover4j.internal.IpMovers;
import io.github.failover4j.internal.check.CheckRunner;
import io.github.failover4j.internal.check.CheckRunners;
import io.github.failover4j.internal.check.FilePoller;
import io.github.failover4j.internal.Scheduler;
import io.github.failover4j.internal.Threads;
import io.github.failover4j.internal.ListenerDispatcher;
import io.github.failover4j.internal.MoverDriver;
import io.github.failover4j.internal.MoverWorker;
import io.github.failover4j.linux.Engine;
import io.github.failover4j.linux.GroupRuntime;
import io.github.failover4j.linux.InterfaceInfo;
import io.github.failover4j.linux.LocalIpMoverProvider;
import io.github.failover4j.linux.RealtimeScheduling;
import io.github.failover4j.internal.LeaseDriver;
import io.github.failover4j.spi.ElectionConfig;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.LeaseStore;
import io.github.failover4j.spi.IpMoverProvider;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.MoverContext;
import io.github.failover4j.spi.VirtualAddresses;
import io.github.failover4j.vrrp.ChecksumMode;
import io.github.failover4j.vrrp.VrrpAuth;
import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.vrrp.VrrpVersion;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * High-availability leadership of virtual addresses with VRRP: while this group is MASTER it holds
 * the addresses (on the local interface, and through any cloud IP mover), and it hands them over
 * when it stops being MASTER.
 *
 * <pre>{@code
 * try (FailoverGroup web = FailoverGroup.builder()
 *     .name("web").interfaceName("eth0").vrid(51).priority(150)
 *     .advertInterval(Duration.ofMillis(100))
 *     .virtualIp("192.0.2.10/24")
 *     .build()) {
 *   web.addListener(change -> log.info("{}", change), Runnable::run);
 *   web.start();
 *   ...
 * } // close(): priority 0 first, so a backup takes over at once, then the address is released
 * }</pre>
 *
 * <p>Lifecycle ({@link #start()}, {@link #close()}) is apart from role (MASTER, BACKUP, FAULT).
 * Every group of the process runs on one engine thread; IP movers and listeners run elsewhere.
 * Thread-safe.
 */
public final class FailoverGroup implements AutoCloseable {
  /** Where a group is in its life. */
  public enum Lifecycle {
    /** Built, not started. */
    LATENT,
    /** Started: taking part in VRRP. */
    STARTED,
    /** Closed (or failed to start); it cannot start again. */
    CLOSED
  }

  private record MoverSpec(String name, MoverConfig config, MoverOptions options,
      Function<MoverContext, IpMover> factory) {}

  /** The engine thread's real-time priority (0: none) and whether memory is locked, as asked. */
  private record Scheduling(int realtimePriority, boolean lockMemory) {}

  /** A mover asked for: by provider name with settings, or an instance of the user's own. */
  private record MoverRequest(String name, MoverConfig config, MoverOptions options, Optional<IpMover> instance) {}

  private static final Logger LOG = LoggerFactory.getLogger("io.github.failover4j");

  private final GroupSettings settings;
  private final List<MoverSpec> movers;
  private final Duration closeTimeout;
  private final Scheduling scheduling;
  private final Optional<GroupElection> election;
  private volatile LeaseDriver leaseDriver; // a group elected by a lease, once started
  private final ListenerDispatcher listeners = new ListenerDispatcher();
  private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.LATENT);
  private volatile GroupRuntime runtime;
  private volatile List<MoverDriver> drivers = List.of();
  private final List<MoverWorker> workers = new ArrayList<>();
  private final Demotions demotions = new Demotions();
  private final Consumer<String> demotionChanged = this::demotionChanged;
  private final List<CheckSubscription> subscriptions = new ArrayList<>();
  private final List<FilePoller> pollers = new ArrayList<>();

  /** A tracked check's subscriber: hands each change to the engine thread. */
  private record CheckSubscription(Check check, CheckRunner.Subscriber subscriber) {}

  private FailoverGroup(GroupSettings settings, List<MoverSpec> movers, Duration closeTimeout,
      Scheduling scheduling, Optional<GroupElection> election) {
    this.election = election;
    this.settings = settings;
    this.movers = movers;
    this.closeTimeout = closeTimeout;
    this.scheduling = scheduling;
  }

  /**
   * Starts describing a group.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the group's name.
   *
   * @return the name
   */
  public String name() {
    return settings.name();
  }

  /**
   * Returns the names of the group's IP movers, in the order they run: {@code local} first unless
   * turned off, then the cloud movers.
   *
   * @return the names
   */
  public List<String> moverNames() {
    return movers.stream().map(MoverSpec::name).toList();
  }

  /**
   * Joins VRRP: opens the interface's socket, creates the IP movers, and starts as BACKUP (or MASTER
   * at once, for the address owner). Addresses of this group left on the interface by a crashed
   * earlier run are removed unless this group becomes MASTER.
   *
   * @throws IllegalStateException if already started or closed
   * @throws MissingCapabilityException without CAP_NET_RAW or CAP_NET_ADMIN; with {@link Builder#realtimePriority}
   *     without CAP_SYS_NICE, with {@link Builder#lockMemory} without CAP_IPC_LOCK
   * @throws FailoverException if the interface, its addresses or a mover are not usable; the group
   *     is then closed
   */
  public void start() {
    if (!lifecycle.compareAndSet(Lifecycle.LATENT, Lifecycle.STARTED)) {
      throw new IllegalStateException("start: " + lifecycle.get() + " (expected: LATENT)");
    }
    try {
      InterfaceInfo info = InterfaceInfo.describe(settings.namespace(), settings.interfaceName());
      // a group elected by a lease sends no VRRP: its logic never uses the source
      InetAddress source = election.isPresent() ? InetAddress.getLoopbackAddress() : source(info);
      GroupSettings effective = settings.withoutOwnPeers(info.addresses());
      if (!settings.unicastPeers().isEmpty() && effective.unicastPeers().isEmpty()) {
        throw new FailoverException("unicastPeers: " + settings.unicastPeers().stream().map(InetAddress::getHostAddress)
            .toList() + " are all addresses of " + settings.interfaceName() + " (expected: at least one other node)");
      }
      if (effective != settings) {
        LOG.info("[{}] unicastPeers: not sending to {}, an address of {} (the shared peer list names this node)",
            settings.name(), settings.unicastPeers().stream().filter(p -> !effective.unicastPeers().contains(p))
                .map(InetAddress::getHostAddress).toList(), settings.interfaceName());
      }
      VirtualAddresses target = new VirtualAddresses(settings.name(), vrid(), settings.interfaceName(),
          settings.namespace(), settings.virtualIps(), settings.announcements(),
          settings.vrrp().priority() == VrrpConfig.OWNER_PRIORITY);
      List<IpMover> made = new ArrayList<>();
      for (MoverSpec spec : movers) {
        MoverWorker worker = new MoverWorker(target, spec.config(), Threads.movers(), Threads.claims(),
            Scheduler.system());
        workers.add(worker);
        made.add(worker.start(spec.factory()));
      }
      LeaseStore store = election.map(e -> e.create(name())).orElse(null);
      GroupRuntime group = new GroupRuntime(store == null ? effective
          : effective.withElection(election.get().settings(store)), source, events -> {
        List<MoverDriver> list = new ArrayList<>();
        for (int i = 0; i < movers.size(); i++) {
          MoverSpec spec = movers.get(i);
          IpMover.Kind kind = made.get(i).kind();
          // a local mover's logic on the claim lane too: its claim then takes one thread hand-off
          list.add(new MoverDriver(spec.name(), kind, spec.options(), workers.get(i),
              kind == IpMover.Kind.LOCAL ? Threads.claims() : Threads.movers(), Scheduler.system(),
              new SplittableRandom(), events));
        }
        drivers = List.copyOf(list);
        return drivers;
      }, listeners);
      if (store != null) {
        leaseDriver = group.elect(store);
      }
      group.logic().onDemotion(0, demotions.total() + Demotions.process().total(), "demoted at start");
      if (scheduling.lockMemory()) {
        RealtimeScheduling.lockMemory(); // on this thread: faulting every page in takes a while
      }
      Engine.shared().register(group, scheduling.realtimePriority()).join();
      runtime = group;
      demotions.watch(demotionChanged);
      Demotions.process().watch(demotionChanged);
      subscribeChecks(group);
    } catch (CompletionException e) {
      closeMovers();
      lifecycle.set(Lifecycle.CLOSED);
      throw e.getCause() instanceof FailoverException failure ? failure
          : new FailoverException("start of group " + name() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (RuntimeException e) {
      closeMovers();
      lifecycle.set(Lifecycle.CLOSED);
      throw e;
    }
  }

  private void subscribeChecks(GroupRuntime group) {
    List<Tracked> tracked = settings.tracked();
    for (int i = 0; i < tracked.size(); i++) {
      if (tracked.get(i) instanceof Tracked.OfCheck item) {
        int index = i;
        CheckRunner.Subscriber subscriber = (state, detail) -> whileRunning(() ->
            group.logic().onTracked(Engine.shared().now(), index, state, 0, detail));
        CheckRunner runner = CheckRunners.subscribe(item.check(), settings.namespace(), subscriber);
        Engine.shared().execute(() -> group.logic().trackCounts(index, runner));
        subscriptions.add(new CheckSubscription(item.check(), subscriber));
      } else if (tracked.get(i) instanceof Tracked.OfFile item) {
        int index = i;
        FilePoller poller = new FilePoller(item.path(), Scheduler.system(), Threads.checks(), reading ->
            whileRunning(() -> group.logic().onTracked(Engine.shared().now(), index, TrackState.HEALTHY,
                reading.value(), reading.problem().orElse("holds " + reading.value()))));
        pollers.add(poller);
        poller.start();
      }
    }
  }

  private void demotionChanged(String why) {
    GroupRuntime group = runtime;
    if (group != null && lifecycle.get() == Lifecycle.STARTED) {
      whileRunning(() -> group.logic().onDemotion(Engine.shared().now(),
          demotions.total() + Demotions.process().total(), why));
    }
  }

  /**
   * Feeds the group's logic on the engine thread, unless the group was closed before the input's
   * turn came: close() queues the group's stop before it unsubscribes (priority 0 first), so an
   * input may come after the stop, and a stopped group must not report changes.
   */
  private void whileRunning(Runnable input) {
    Engine.shared().execute(() -> {
      if (lifecycle.get() == Lifecycle.STARTED) {
        input.run();
      }
    });
  }

  /**
   * Lowers this group's priority until the returned handle is closed (CARP's demotion counter);
   * demotions add up, and the effective priority stays within 1..254. The address owner (priority
   * 255) is never demoted.
   *
   * @param reason why, shown in status and logs
   * @param amount 1..254
   * @return the handle that undoes it
   * @throws IllegalArgumentException if the amount is out of range or the reason blank
   */
  public Demotion demote(String reason, int amount) {
    return demotions.add(reason, amount);
  }

  /**
   * Lowers the priority of every group of this process, present and future, until the returned
   * handle is closed.
   *
   * @param reason why, shown in status and logs
   * @param amount 1..254
   * @return the handle that undoes it
   * @throws IllegalArgumentException if the amount is out of range or the reason blank
   */
  public static Demotion demoteAll(String reason, int amount) {
    return Demotions.process().add(reason, amount);
  }

  /**
   * Hands mastership over without stopping: a MASTER sends priority 0 at once (a backup takes over
   * after Skew_Time), releases its addresses and goes on as BACKUP. The election then runs as ever:
   * with no other router it takes over again after Master_Down_Interval, and with preemption and the
   * highest priority it takes over again at once; {@link #demote} it first to keep it BACKUP (the
   * address owner, priority 255, cannot be demoted: it soon takes over again).
   *
   * @param reason why, in the role change and its log line
   * @return true if the group was MASTER and stepped down; false if it was not MASTER (or not started)
   */
  public boolean yieldMastership(String reason) {
    Objects.requireNonNull(reason, "reason");
    GroupRuntime group = runtime;
    if (group == null || lifecycle.get() != Lifecycle.STARTED) {
      return false;
    }
    AtomicReference<Boolean> yielded = new AtomicReference<>(false);
    try {
      Engine.shared().execute(() -> yielded.set(group.logic().yieldMaster(Engine.shared().now(), reason)))
          .get(closeTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      throw new FailoverException("yield of group " + name() + ": " + e, e);
    }
    return yielded.get();
  }

  private InetAddress source(InterfaceInfo info) {
    boolean ipv6 = !(settings.virtualIps().get(0).address() instanceof Inet4Address);
    if (settings.unicastSource().isPresent()) {
      InetAddress source = settings.unicastSource().get();
      if (!info.addresses().contains(source)) {
        throw new FailoverException("unicastSource " + source.getHostAddress() + ": not an address of "
            + settings.interfaceName() + " (it has " + info.addresses().stream().map(IpLiterals::text).toList()
            + ")");
      }
      return source;
    }
    List<InetAddress> virtual = settings.virtualIps().stream().map(VirtualIp::address).toList();
    return info.vrrpSource(ipv6, virtual).orElseThrow(() -> new FailoverException("interface "
        + settings.interfaceName() + ": no " + (ipv6 ? "IPv6 link-local" : "IPv4") + " address to send VRRP from"
        + (ipv6 ? "" : "; add one, or set unicastSource")));
  }

  /**
   * Leaves VRRP. A MASTER hands over gracefully: it sends priority 0 first (a backup takes over after
   * Skew_Time instead of Master_Down_Interval), then releases its addresses; this waits for the
   * release, at most the close timeout. Idempotent.
   */
  @Override
  public void close() {
    Lifecycle previous = lifecycle.getAndSet(Lifecycle.CLOSED);
    if (previous != Lifecycle.STARTED) {
      return;
    }
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    // priority 0 before anything else: the engine sends it as it takes the command, while this thread
    // unsubscribes; a check result or demotion queued behind it finds the group closed (whileRunning)
    CompletableFuture<Void> stopped = Engine.shared().unregister(runtime);
    demotions.unwatch(demotionChanged);
    Demotions.process().unwatch(demotionChanged);
    for (CheckSubscription subscription : subscriptions) {
      CheckRunners.unsubscribe(subscription.check(), settings.namespace(), subscription.subscriber());
    }
    pollers.forEach(FilePoller::stop);
    try {
      stopped.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      boolean released = true;
      for (MoverDriver driver : drivers) {
        released &= driver.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
      if (leaseDriver != null) { // resigns once the movers released: the others take over at once
        leaseDriver.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), released);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new FailoverException("close of group " + name() + ": " + e, e);
    }
  }

  private void closeMovers() {
    workers.forEach(MoverWorker::close);
    if (leaseDriver != null) {
      try {
        leaseDriver.close(Duration.ZERO, false);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Returns where the group is in its life.
   *
   * @return the lifecycle state
   */
  public Lifecycle lifecycle() {
    return lifecycle.get();
  }

  /**
   * Returns the group's role now.
   *
   * @return INITIALIZE before start and after close
   */
  public Role role() {
    GroupRuntime group = runtime;
    return group == null || lifecycle.get() != Lifecycle.STARTED ? Role.INITIALIZE : group.role();
  }

  /**
   * Tells whether the group is MASTER now.
   *
   * @return true if it is
   */
  public boolean isMaster() {
    return role() == Role.MASTER;
  }

  /**
   * Waits until the group is MASTER.
   *
   * @param timeout how long at most
   * @return true if it is MASTER, false if the time ran out or the group is closed
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if the group was never started
   */
  public boolean awaitMaster(Duration timeout) throws InterruptedException {
    GroupRuntime group = runtime;
    if (group == null) {
      if (lifecycle.get() == Lifecycle.LATENT) {
        throw new IllegalStateException("awaitMaster: not started");
      }
      return false;
    }
    return group.awaitMaster(timeout) && lifecycle.get() == Lifecycle.STARTED;
  }

  /**
   * Waits until the addresses are really held: the group is MASTER and every mover has verified
   * it (a cloud move can take seconds after {@link #awaitMaster} returns).
   *
   * @param timeout how long at most
   * @return true if held, false if the time ran out or the group is closed
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if the group was never started
   */
  public boolean awaitHeld(Duration timeout) throws InterruptedException {
    GroupRuntime group = runtime;
    if (group == null) {
      if (lifecycle.get() == Lifecycle.LATENT) {
        throw new IllegalStateException("awaitHeld: not started");
      }
      return false;
    }
    return group.awaitHeld(timeout) && lifecycle.get() == Lifecycle.STARTED;
  }

  /**
   * Adds a listener, told of every later role change, in order, on the executor.
   *
   * @param listener the listener; must be fast and must not throw
   * @param executor where it runs; with {@code Runnable::run} it runs on failover4j's event thread, never
   *     on the engine thread
   */
  public void addListener(FailoverListener listener, Executor executor) {
    listeners.add(Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(executor, "executor"));
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   */
  public void removeListener(FailoverListener listener) {
    listeners.remove(listener);
  }

  /**
   * Takes a snapshot: role, master, counters.
   *
   * @return the status
   */
  public GroupStatus status() {
    GroupRuntime group = runtime;
    if (group == null) {
      // before start: the demotions already made apply from the start, so show them
      int base = settings.vrrp().priority();
      int demotion = demotions.total() + Demotions.process().total();
      int priority = base == VrrpConfig.OWNER_PRIORITY ? base
          : Math.max(1, Math.min(VrrpConfig.OWNER_PRIORITY - 1, base - demotion));
      return new GroupStatus(name(), settings.interfaceName(), vrid(), Role.INITIALIZE, priority,
          base, demotion, List.of(), List.of(), Optional.empty(), GroupCounters.builder().build(), List.of());
    }
    GroupStatus s = Engine.shared().status(group);
    return lifecycle.get() == Lifecycle.STARTED ? s
        : new GroupStatus(s.name(), s.interfaceName(), s.vrid(), Role.INITIALIZE, s.priority(), s.basePriority(),
            s.demotion(), s.faults(), s.tracked(), Optional.empty(), s.counters(), s.movers());
  }

  /** The VRID, or 0 for a group elected by a lease. */
  private int vrid() {
    return election.isPresent() ? 0 : settings.vrrp().vrid();
  }

  @Override
  public String toString() {
    return "FailoverGroup[" + name() + " vrid=" + vrid() + " " + settings.interfaceName() + " "
        + role() + "]";
  }


  /**
   * Collects a group's options; {@link #build()} checks them all at once. Each option is set once.
   * Required: {@link #interfaceName}, {@link #vrid}, at least one {@link #virtualIp}.
   */
  public static final class Builder {
    private final List<String> problems = new ArrayList<>();
    private final Set<String> set = new HashSet<>();
    private String name;
    private String interfaceName;
    private Integer vrid;
    private int version = 3;
    // the VRRP options and their defaults; vrid, version, addresses and auth are set by build()
    private final VrrpConfig.Builder vrrp = VrrpConfig.builder(1);
    private boolean acceptMode = true;
    private boolean checkTtl = true;
    private String unicastSource;
    private final List<String> unicastPeers = new ArrayList<>();
    private String authPassword;
    private final List<Object> virtualIps = new ArrayList<>();
    private Announcements announcements = Announcements.DEFAULT;
    private String networkNamespace;
    private Duration closeTimeout = Duration.ofSeconds(10);
    private int realtimePriority;
    private boolean lockMemory;
    private final List<MoverRequest> moverRequests = new ArrayList<>();
    private boolean local = true;
    private final List<Tracked> tracked = new ArrayList<>();
    private SyncGroup syncGroup;
    private String electionProvider;
    private ElectionConfig electionConfig = new ElectionConfig(Map.of());
    private String candidate;

    private Builder() {}

    private void once(String option) {
      if (!set.add(option)) {
        problems.add(option + ": set twice (expected: once)");
      }
    }

    /**
     * Names the group, for logs and listeners (default {@code vrid-N}).
     *
     * @param value the name
     * @return this builder
     */
    public Builder name(String value) {
      once("name");
      this.name = value;
      return this;
    }

    /**
     * Sets the interface VRRP runs on. Required.
     *
     * @param value e.g. {@code eth0}
     * @return this builder
     */
    public Builder interfaceName(String value) {
      once("interfaceName");
      this.interfaceName = value;
      return this;
    }

    /**
     * Sets the virtual router identifier, shared by the group's routers. Required.
     *
     * @param value 1..255
     * @return this builder
     */
    public Builder vrid(int value) {
      once("vrid");
      this.vrid = value;
      return this;
    }

    /**
     * Sets the VRRP version.
     *
     * @param value 2 or 3 (default 3); keepalived defaults to 2 for IPv4
     * @return this builder
     */
    public Builder version(int value) {
      once("version");
      this.version = value;
      return this;
    }

    /**
     * Sets the priority.
     *
     * @param value 1..254, or 255 for the owner of the addresses (default 100)
     * @return this builder
     */
    public Builder priority(int value) {
      once("priority");
      vrrp.priority(value);
      return this;
    }

    /**
     * Sets the advertisement interval.
     *
     * @param value VRRPv3: 10 ms..40.95 s in 10 ms steps; VRRPv2: whole seconds (default 1 s)
     * @return this builder
     */
    public Builder advertInterval(Duration value) {
      once("advertInterval");
      vrrp.advertInterval(value);
      return this;
    }

    /**
     * Sets whether a higher priority takes over from a lower-priority master (default true).
     *
     * @param value the preempt mode
     * @return this builder
     */
    public Builder preempt(boolean value) {
      once("preempt");
      vrrp.preempt(value);
      return this;
    }

    /**
     * Sets how long a lower-priority master is tolerated before it is preempted (default 0).
     *
     * @param value the delay
     * @return this builder
     */
    public Builder preemptDelay(Duration value) {
      once("preemptDelay");
      vrrp.preemptDelay(value);
      return this;
    }

    /**
     * Sets RFC 9568 Accept_Mode. Only true (the default, as in keepalived) is supported: dropping
     * traffic to the addresses would need firewall rules.
     *
     * @param value true
     * @return this builder
     */
    public Builder acceptMode(boolean value) {
      once("acceptMode");
      this.acceptMode = value;
      return this;
    }

    /**
     * Sets how a master answers a lower priority: at once (true, RFC 9568, default) or not at all
     * (false, RFC 5798).
     *
     * @param value the behaviour
     * @return this builder
     */
    public Builder advertiseOnLowerPriority(boolean value) {
      once("advertiseOnLowerPriority");
      vrrp.advertiseOnLowerPriority(value);
      return this;
    }

    /**
     * Sets whether received advertisements must have TTL / hop limit 255 (default true). Turn it off
     * only for unicast peers behind a router.
     *
     * @param value the check
     * @return this builder
     */
    public Builder checkTtl(boolean value) {
      once("checkTtl");
      this.checkTtl = value;
      return this;
    }

    /**
     * Sets the source address of unicast advertisements (default: the interface's primary address).
     *
     * @param value an IP literal on the interface
     * @return this builder
     */
    public Builder unicastSource(String value) {
      once("unicastSource");
      this.unicastSource = value;
      return this;
    }

    /**
     * Advertises to these peers by unicast instead of to the multicast group, and accepts
     * advertisements from them only.
     *
     * @param values IP literals
     * @return this builder
     */
    public Builder unicastPeers(List<String> values) {
      once("unicastPeers");
      this.unicastPeers.addAll(values);
      return this;
    }

    /**
     * Sets the VRRPv2 password (keepalived's {@code auth_type PASS}). It travels in clear text: it
     * guards against misconfiguration, not attackers.
     *
     * @param value 1..8 bytes
     * @return this builder
     */
    public Builder authPassword(String value) {
      once("authPassword");
      this.authPassword = value;
      return this;
    }

    /**
     * Sets the checksum form sent for VRRPv3 over IPv4 (every form is accepted on receipt).
     *
     * @param value {@link ChecksumMode#PSEUDO_HEADER} (default, RFC 5798, keepalived's and FRR's
     *     default) or {@link ChecksumMode#MESSAGE_ONLY} (RFC 9568)
     * @return this builder
     */
    public Builder checksum(ChecksumMode value) {
      once("checksum");
      vrrp.checksum(value);
      return this;
    }

    /**
     * Adds a virtual address.
     *
     * @param value {@code ADDRESS/PREFIX}, e.g. {@code 192.0.2.10/24}
     * @return this builder
     */
    public Builder virtualIp(String value) {
      virtualIps.add(value);
      return this;
    }

    /**
     * Adds a virtual address.
     *
     * @param value the address, prefix and label
     * @return this builder
     */
    public Builder virtualIp(VirtualIp value) {
      virtualIps.add(value);
      return this;
    }

    /**
     * Sets how the addresses are announced (default {@link Announcements#DEFAULT}).
     *
     * @param value repeat, interval and refresh
     * @return this builder
     */
    public Builder announcements(Announcements value) {
      once("announcements");
      this.announcements = value;
      return this;
    }

    /**
     * Runs the group in a network namespace made by {@code ip netns add} (keepalived's
     * {@code net_namespace}); needs CAP_SYS_ADMIN.
     *
     * @param value the namespace's name
     * @return this builder
     */
    public Builder networkNamespace(String value) {
      once("networkNamespace");
      this.networkNamespace = value;
      return this;
    }

    /**
     * Tracks a check with a weight; see {@link #track(Check, int, boolean)}.
     *
     * @param check the check
     * @param weight -253..253; 0 holds the group in FAULT while the check fails
     * @return this builder
     */
    public Builder track(Check check, int weight) {
      return track(check, weight, false);
    }

    /**
     * Tracks a check, as keepalived's {@code track_script}: while it is healthy its weight is added
     * to the priority if positive; while it fails a negative weight is; weight 0 holds the group in
     * FAULT while it fails. {@code reverse} swaps healthy and failing.
     *
     * @param check the check; one check may be tracked by many groups
     * @param weight -253..253
     * @param reverse whether a failing check counts as healthy and the other way round
     * @return this builder
     */
    public Builder track(Check check, int weight, boolean reverse) {
      return track(new Tracked.OfCheck(Objects.requireNonNull(check, "check"), weight, reverse));
    }

    /**
     * Tracks a check, an interface or a file: the general form of {@link #track(Check, int, boolean)},
     * {@link #trackInterface(String, int, boolean)} and {@link #trackFile(Path, int)}.
     *
     * @param item what to track, with its weight
     * @return this builder
     */
    public Builder track(Tracked item) {
      tracked.add(Objects.requireNonNull(item, "item"));
      return this;
    }

    /**
     * Tracks another interface, as keepalived's {@code track_interface}.
     *
     * @param name the interface
     * @param weight -253..253; 0 holds the group in FAULT while it is down
     * @return this builder
     */
    public Builder trackInterface(String name, int weight) {
      return trackInterface(name, weight, false);
    }

    /**
     * Tracks another interface, as keepalived's {@code track_interface}: up counts as healthy.
     *
     * @param name the interface
     * @param weight -253..253; 0 holds the group in FAULT while it is down
     * @param reverse whether down counts as healthy
     * @return this builder
     */
    public Builder trackInterface(String name, int weight, boolean reverse) {
      return track(new Tracked.OfInterface(Objects.requireNonNull(name, "name"), weight, reverse));
    }

    /**
     * Tracks a file, as keepalived's {@code track_file}: the integer it holds times the weight is
     * added to the priority; with weight 0, a non-zero number holds the group in FAULT. A missing
     * or unreadable file counts as 0.
     *
     * @param path the file
     * @param weight -253..253
     * @return this builder
     */
    public Builder trackFile(Path path, int weight) {
      return track(new Tracked.OfFile(Objects.requireNonNull(path, "path"), weight));
    }

    /**
     * Elects the group by a store's lease instead of VRRP, for nodes that share no link: etcd
     * (module {@code failover4j-election-etcd}), a Kubernetes Lease ({@code
     * failover4j-election-kubernetes}) or your own {@link io.github.failover4j.spi.ElectionProvider}.
     * Checks, movers, listeners and the status work as with VRRP; the VRRP options (vrid,
     * advertInterval, unicast, auth, ...) are refused, and the timers follow the lease.
     *
     * @param provider the provider's name, e.g. {@code etcd}
     * @param settings its settings (nested keys joined with dots, lists with commas); never secrets
     *     themselves, only the files that hold them
     * @return this builder
     */
    public Builder election(String provider, Map<String, String> settings) {
      once("election");
      this.electionProvider = Objects.requireNonNull(provider, "provider");
      this.electionConfig = new ElectionConfig(settings);
      return this;
    }

    /**
     * Sets this node's identity among the candidates of the group's election: what the other nodes
     * see as the holder. Unique per group; default: the host name.
     *
     * @param id the identity
     * @return this builder
     */
    public Builder candidate(String id) {
      once("candidate");
      this.candidate = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Makes the group a member of a sync group: its members move together (see {@link SyncGroup}).
     * VRRP groups only.
     *
     * @param value the sync group; all its members must run in this process
     * @return this builder
     */
    public Builder syncGroup(SyncGroup value) {
      once("syncGroup");
      this.syncGroup = Objects.requireNonNull(value, "syncGroup");
      return this;
    }

    /**
     * Sets how long {@link #close()} waits for the movers to release (default 10 s).
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder closeTimeout(Duration value) {
      once("closeTimeout");
      this.closeTimeout = value;
      return this;
    }

    /**
     * Runs the engine thread at a real-time priority, SCHED_RR (keepalived's {@code vrrp_rt_priority}):
     * beside busy neighbours it then gets the CPU at once, and sends its advertisements on time. The
     * engine thread runs every group of the process: it runs at the highest priority any started group
     * asks for. Needs CAP_SYS_NICE, or a {@code LimitRTPRIO} / {@code RLIMIT_RTPRIO} at least as high;
     * without them {@link #start()} throws a {@link MissingCapabilityException} naming it. Only the
     * engine thread changes policy; default none.
     *
     * @param value 1..99
     * @return this builder
     */
    public Builder realtimePriority(int value) {
      once("realtimePriority");
      this.realtimePriority = value;
      return this;
    }

    /**
     * Locks the process's memory, so that no page of it is swapped out (keepalived's
     * {@code vrrp_no_swap}): {@code mlockall(MCL_CURRENT | MCL_FUTURE)} at {@link #start()}, for the
     * whole process and for good. Every page the JVM maps becomes resident: give it a small
     * {@code -Xms} and {@code -Xss}. Needs CAP_IPC_LOCK, or an {@code RLIMIT_MEMLOCK} as large as the
     * process; without them {@link #start()} throws a {@link MissingCapabilityException} naming it.
     * Default false.
     *
     * @param value true to lock
     * @return this builder
     */
    public Builder lockMemory(boolean value) {
      once("lockMemory");
      this.lockMemory = value;
      return this;
    }

    /**
     * Sets whether the addresses go on the group's interface (the {@code local} mover, default
     * true). Adding a cloud mover keeps it: a node behind a cloud's routing must still answer for
     * the address. Turn it off for a group whose addresses live elsewhere (a cloud load balancer's
     * backend, an application that binds them itself), or to use the group for leadership only.
     *
     * @param value false to leave the interface alone
     * @return this builder
     */
    public Builder local(boolean value) {
      once("local");
      this.local = value;
      return this;
    }

    /**
     * Adds an IP mover by provider name, without settings, beside {@code local}.
     *
     * @param providerName e.g. {@code exec}
     * @return this builder
     */
    public Builder mover(String providerName) {
      return mover(providerName, MoverConfig.empty());
    }

    /**
     * Adds an IP mover by provider name, beside {@code local}, with the default options.
     *
     * @param providerName e.g. {@code hetzner}
     * @param config its settings
     * @return this builder
     */
    public Builder mover(String providerName, MoverConfig config) {
      return mover(providerName, config, MoverOptions.defaults());
    }

    /**
     * Adds an IP mover by provider name, beside {@code local}.
     *
     * @param providerName e.g. {@code hetzner}
     * @param config its settings
     * @param options how the driver runs it: reconcile interval, settle time, policies
     * @return this builder
     */
    public Builder mover(String providerName, MoverConfig config, MoverOptions options) {
      moverRequests.add(new MoverRequest(providerName, config, options, Optional.empty()));
      return this;
    }

    /**
     * Adds an IP mover instance of your own, without a provider, beside {@code local}.
     *
     * @param name its name, for logs and status
     * @param mover the mover
     * @param options how the driver runs it
     * @return this builder
     */
    public Builder mover(String name, IpMover mover, MoverOptions options) {
      moverRequests.add(new MoverRequest(name, MoverConfig.empty(), options, Optional.of(mover)));
      return this;
    }

    /**
     * Checks every option and builds the group, not started.
     *
     * @return the group
     * @throws ConfigurationException listing every problem
     */
    public FailoverGroup build() {
      List<String> all = new ArrayList<>(problems);
      String groupName = name != null ? name : "vrid-" + vrid;
      if (name != null && name.isBlank()) {
        all.add("name: blank (expected: a name for logs)");
      }
      if (interfaceName == null || interfaceName.isBlank() || interfaceName.length() > 15
          || interfaceName.contains("/")) {
        all.add("interfaceName: " + (interfaceName == null ? "missing" : "\"" + interfaceName + "\"")
            + " (expected: an interface name of 1..15 characters, e.g. eth0)");
      }
      Optional<GroupElection> election = GroupElection.check(electionProvider, electionConfig, candidate,
          new GroupElection.BuilderFacts(name, set, vrrp.priority(), syncGroup != null), all);
      if (vrid == null && electionProvider == null) {
        all.add("vrid: missing (expected: 1..255)");
      }
      if (version != 2 && version != 3) {
        all.add("version: " + version + " (expected: 2 or 3)");
      }
      if (!acceptMode) {
        all.add("acceptMode: false (expected: true; failover4j cannot yet drop traffic to the virtual addresses)");
      }
      List<VirtualIp> vips = virtualIps(all);
      Optional<InetAddress> source = Optional.ofNullable(unicastSource).flatMap(s -> literal("unicastSource", s, all));
      List<InetAddress> peers = unicastPeers.stream().map(p -> literal("unicastPeers", p, all))
          .flatMap(Optional::stream).toList();
      if (source.isPresent() && peers.isEmpty()) {
        all.add("unicastSource: set without unicastPeers (expected: peers to send to)");
      }
      // the unicastSource in the peer list is this node's own: dropped at start, as every address of the interface
      boolean ipv6 = !vips.isEmpty() && !(vips.get(0).address() instanceof Inet4Address);
      source.filter(s -> (s instanceof Inet4Address) == ipv6).ifPresent(s ->
          all.add("unicastSource: " + IpLiterals.text(s) + " (expected: the family of the virtual addresses)"));
      peers.stream().filter(p -> !vips.isEmpty() && (p instanceof Inet4Address) == ipv6).forEach(p ->
          all.add("unicastPeers: " + IpLiterals.text(p) + " (expected: the family of the virtual addresses)"));
      VrrpAuth auth = VrrpAuth.none();
      if (authPassword != null) {
        try {
          auth = VrrpAuth.password(authPassword);
        } catch (IllegalArgumentException e) {
          all.add("authPassword: " + e.getMessage());
        }
      }
      announcementProblems(all);
      if (networkNamespace != null && (networkNamespace.isBlank() || networkNamespace.contains("/"))) {
        all.add("networkNamespace: \"" + networkNamespace + "\" (expected: a name as ip netns add takes)");
      }
      if (closeTimeout.isNegative()) {
        all.add("closeTimeout: " + millis(closeTimeout) + " (expected: >= 0)");
      }
      if (set.contains("realtimePriority") && (realtimePriority < 1
          || realtimePriority > RealtimeScheduling.MAX_PRIORITY)) {
        all.add("realtimePriority: " + realtimePriority + " (expected: 1.." + RealtimeScheduling.MAX_PRIORITY + ")");
      }
      vrrp.vrid(vrid == null ? 1 : vrid)
          .version(version == 2 ? VrrpVersion.V2 : VrrpVersion.V3)
          .acceptMode(acceptMode)
          .addresses(vips.stream().map(VirtualIp::address).toList())
          .auth(auth);
      if (version == 2 || version == 3) {
        // VrrpConfig lists addresses as InetAddress.toString (/2001:db8:0:0:...): said here as written
        vrrp.problems().stream().filter(p -> !(vrid == null && p.startsWith("vrid:")) && !p.startsWith("addresses: ["))
            .forEach(all::add);
        familyProblems(vips, all);
      }
      List<MoverSpec> specs = moverSpecs(all);
      trackProblems(all);
      if (!all.isEmpty()) {
        throw new ConfigurationException("failover group " + groupName, all);
      }
      GroupSettings settings = new GroupSettings(groupName, interfaceName, Optional.ofNullable(networkNamespace),
          vrrp.build(), vips, source, peers, checkTtl, announcements, tracked,
          Optional.ofNullable(syncGroup).map(SyncGroup::coordinator));
      return new FailoverGroup(settings, specs, closeTimeout, new Scheduling(realtimePriority, lockMemory), election);
    }

    private void familyProblems(List<VirtualIp> vips, List<String> all) {
      List<InetAddress> addresses = vips.stream().map(VirtualIp::address).toList();
      long ipv4 = addresses.stream().filter(a -> a instanceof Inet4Address).count();
      if (ipv4 > 0 && ipv4 < addresses.size()) {
        all.add("virtualIps: " + String.join(", ", addresses.stream().map(IpLiterals::text).toList())
            + " (expected: all IPv4 or all IPv6)");
      } else if (version == 2 && ipv4 == 0 && !addresses.isEmpty()) {
        all.add("virtualIps: " + String.join(", ", addresses.stream().map(IpLiterals::text).toList())
            + " (expected: IPv4; VRRPv2 has no IPv6)");
      }
    }

    /** A duration as problems say it: {@code 20000 ms}, {@code 0.5 ms}. */
    private static String millis(Duration value) {
      return new java.math.BigDecimal(value.toNanos()).movePointLeft(6).stripTrailingZeros().toPlainString() + " ms";
    }

    private void trackProblems(List<String> all) {
      boolean owner = vrrp.priority() == VrrpConfig.OWNER_PRIORITY;
      Set<String> seen = new HashSet<>();
      for (Tracked t : tracked) {
        String what = "track " + t.label();
        if (t.weight() < Tracked.MIN_WEIGHT || t.weight() > Tracked.MAX_WEIGHT) {
          all.add(what + ": weight " + t.weight() + " (expected: -253..253)");
        } else if (owner && t.weight() != 0) {
          all.add(what + ": weight " + t.weight() + " with priority 255 (expected: weight 0; the address owner's"
              + " priority never changes)");
        }
        if (!seen.add(t.kind() + " " + t.name())) {
          all.add(what + ": tracked twice (expected: once)");
        }
      }
    }

    private List<VirtualIp> virtualIps(List<String> all) {
      List<VirtualIp> vips = new ArrayList<>();
      for (Object value : virtualIps) {
        try {
          VirtualIp vip = value instanceof VirtualIp typed ? typed : VirtualIp.parse((String) value);
          vip.label().filter(l -> interfaceName != null && (!l.startsWith(interfaceName) || l.length() > 15))
              .ifPresent(l -> all.add("virtualIps: label \"" + l + "\" of " + vip.address().getHostAddress()
                  + " (expected: 15 characters at most, starting with " + interfaceName + ")"));
          vips.add(vip);
        } catch (IllegalArgumentException e) {
          all.add("virtualIps: " + e.getMessage());
        }
      }
      if (vips.stream().map(VirtualIp::address).distinct().count() < vips.size()) {
        all.add("virtualIps: " + vips + " (expected: each address once)");
      }
      return vips;
    }

    private void announcementProblems(List<String> all) {
      if (announcements.repeat() < 1 || announcements.repeat() > 100) {
        all.add("announcements.repeat: " + announcements.repeat() + " (expected: 1..100)");
      }
      if (announcements.interval().isNegative() || announcements.interval().compareTo(Duration.ofSeconds(10)) > 0) {
        all.add("announcements.interval: " + millis(announcements.interval()) + " (expected: 0..10 s)");
      }
      if (announcements.refresh().isNegative()
          || !announcements.refresh().isZero() && announcements.refresh().compareTo(Duration.ofSeconds(1)) < 0) {
        all.add("announcements.refresh: " + millis(announcements.refresh())
            + " (expected: 0 for none, or at least 1 s)");
      }
    }

    private List<MoverSpec> moverSpecs(List<String> all) {
      List<MoverRequest> requests = new ArrayList<>();
      if (local) {
        requests.add(new MoverRequest(LocalIpMoverProvider.NAME, MoverConfig.empty(), MoverOptions.defaults(),
            Optional.empty()));
      }
      Set<String> names = new HashSet<>();
      for (MoverRequest request : moverRequests) {
        if (request.name().equals(LocalIpMoverProvider.NAME) && request.instance().isEmpty()) {
          all.add("movers: local named as a mover (expected: nothing; local is on unless local(false) turns it off)");
        } else if (!names.add(request.name())) {
          all.add("movers: " + request.name() + " added twice (expected: one mover per name)");
        } else {
          requests.add(request);
        }
      }
      List<MoverSpec> specs = new ArrayList<>();
      for (MoverRequest request : requests) {
        if (request.instance().isPresent()) {
          IpMover instance = request.instance().get();
          specs.add(new MoverSpec(request.name(), request.config(), request.options(), context -> instance));
          continue;
        }
        try {
          IpMoverProvider provider = IpMovers.byName(request.name());
          provider.validate(request.config()).forEach(problem -> all.add("movers: " + request.name() + ": " + problem));
          specs.add(new MoverSpec(request.name(), request.config(), request.options(), provider::create));
        } catch (IllegalArgumentException e) {
          all.add("movers: " + e.getMessage());
        }
      }
      return specs;
    }

    private static Optional<InetAddress> literal(String option, String text, List<String> all) {
      try {
        return Optional.of(IpLiterals.parse(text));
      } catch (IllegalArgumentException e) {
        all.add(option + ": " + e.getMessage());
        return Optional.empty();
      }
    }
  }
}
