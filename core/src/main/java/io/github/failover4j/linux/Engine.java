package io.github.failover4j.linux;

import io.github.failover4j.FailoverException;
import io.github.failover4j.GroupStatus;
import io.github.failover4j.TrackState;
import io.github.failover4j.group.GroupSettings;
import io.github.failover4j.Tracked;
import io.github.failover4j.internal.Ticker;
import io.github.failover4j.internal.LogTask;
import io.github.failover4j.internal.SerialExecutor;
import io.github.failover4j.internal.Threads;
import io.github.failover4j.vrrp.AddressFamily;
import io.github.failover4j.vrrp.VrrpCodec;
import io.github.failover4j.vrrp.VrrpStateMachine;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The one thread that runs every group of the process: it reads the ticker, fires the timers that
 * are due, waits in {@code ppoll} until the next deadline (a timerfd) or a packet, a link event or
 * a command, and feeds what arrived to the groups. The deadline is a timerfd, not ppoll's timeout:
 * the kernel lets a poll timeout slip by 0.1 % of its length (0.34 ms of a 341 ms
 * Master_Down_Interval), a timerfd only by the thread's timer slack, which is set to 1 ns. Nothing on it blocks:
 * IP movers and listeners run elsewhere. It starts with the first group and ends with the last, so
 * an idle process has no engine thread.
 *
 * <p>It warns when it wakes later than a quarter of the shortest advertisement interval after a
 * deadline: a JVM pause that long is how false failovers start.
 */
public final class Engine {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.failover4j.engine");
  private static final Engine SHARED = new Engine(Ticker.system());
  private static final long WARN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
  private static final Object WAKE = "wake-up eventfd";
  private static final Object TIMER = "deadline timerfd";

  private record ChannelKey(Optional<String> namespace, String interfaceName, AddressFamily family) {}

  /** A socket and the groups it serves, by VRID. */
  private static final class Channel {
    final VrrpSocket socket;
    final GroupRuntime[] byVrid = new GroupRuntime[256];
    int users;
    long unclaimed;

    Channel(VrrpSocket socket) {
      this.socket = socket;
    }
  }

  /** The link events and netlink requests of one namespace, and its groups; told of its link events. */
  private static final class Namespace implements LinkMonitor.Listener {
    final LinkMonitor monitor;
    final Netlink netlink;
    final Ticker ticker;
    final List<GroupRuntime> groups = new ArrayList<>();
    final Map<GroupRuntime, Integer> indexes = new HashMap<>();

    Namespace(LinkMonitor monitor, Netlink netlink, Ticker ticker) {
      this.monitor = monitor;
      this.netlink = netlink;
      this.ticker = ticker;
    }

    @Override
    public void linkChanged(Netlink.Link link) {
      for (GroupRuntime group : groups) {
        if (indexes.get(group) == link.index()) {
          group.onLink(ticker.read(), link.up());
        }
        // tracked interfaces by name: one created or re-created after the group started has a new index
        List<Tracked> tracked = group.settings().tracked();
        for (int i = 0; i < tracked.size(); i++) {
          if (tracked.get(i) instanceof Tracked.OfInterface item && item.interfaceName().equals(link.name())) {
            group.logic().onTracked(ticker.read(), i, link.up() ? TrackState.HEALTHY : TrackState.FAILING, 0,
                link.up() ? "up" : "down");
          }
        }
      }
    }
  }

  private final Ticker ticker;
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final Object lifecycle = new Object();
  private final Native.Memory one = Native.allocate(8);
  private final AtomicLong stalls = new AtomicLong();
  // logging may block on its output: never on the engine thread
  private final SerialExecutor log = new SerialExecutor(Threads.movers());
  private Thread thread; // guarded by lifecycle
  private int wakeFd = -1; // guarded by lifecycle

  // engine thread only
  private final List<GroupRuntime> groups = new ArrayList<>();
  private final Map<ChannelKey, Channel> channels = new HashMap<>();
  private final Map<Optional<String>, Namespace> namespaces = new HashMap<>();
  private final Map<GroupRuntime, ChannelKey> channelOf = new HashMap<>();
  private final Map<GroupRuntime, Integer> realtimeWanted = new HashMap<>();
  private int realtimePriority; // what this thread runs at: 0 for the default policy
  private final Native.Memory timerSpec = Native.allocate(32);
  private int timerFd = -1;
  private final Native.Memory drained = Native.allocate(8);
  private Native.Memory pollFds = Native.allocate(8);
  private Object[] pollOwners = new Object[0];
  private int pollCount;
  private boolean pollStale = true;
  private long stallThreshold = Long.MAX_VALUE;
  private long lastStallWarning = Long.MIN_VALUE / 2;

  Engine(Ticker ticker) {
    this.ticker = ticker;
    one.buffer().putLong(0, 1);
  }

  /**
   * Returns the engine of this process.
   *
   * @return the shared engine
   */
  public static Engine shared() {
    return SHARED;
  }

  /**
   * Starts a group: opens (or shares) its interface's socket, watches its link, and starts its state
   * machine on the engine thread. The engine thread runs at the highest real-time priority its
   * groups ask for (SCHED_RR), or at the default policy if none asks: it is one thread for all.
   *
   * @param group the group
   * @param realtimePriority 1..99 for SCHED_RR at that priority, 0 for none
   * @return done when the group runs; failed with a {@link FailoverException} if it cannot, a
   *     {@link io.github.failover4j.MissingCapabilityException} if the priority needs CAP_SYS_NICE
   */
  public CompletableFuture<Void> register(GroupRuntime group, int realtimePriority) {
    return call(new Registration(group, realtimePriority, true));
  }

  /**
   * Stops a group: a master sends priority 0 and asks its movers to release; its socket is closed
   * when no other group uses it.
   *
   * @param group the group
   * @return done when the group is stopped
   */
  public CompletableFuture<Void> unregister(GroupRuntime group) {
    return call(new Registration(group, 0, false));
  }

  /**
   * Adds or removes a group on the engine thread. A class, not a lambda: a lambda is linked the first
   * time it runs, which at the first close() of a JVM costs milliseconds before priority 0 goes out.
   */
  private final class Registration implements Callable<Void> {
    private final GroupRuntime group;
    private final int realtimePriority;
    private final boolean add;

    Registration(GroupRuntime group, int realtimePriority, boolean add) {
      this.group = group;
      this.realtimePriority = realtimePriority;
      this.add = add;
    }

    @Override
    public Void call() throws ErrnoException {
      if (add) {
        add(group, realtimePriority);
      } else {
        remove(group);
      }
      return null;
    }
  }

  /**
   * Takes a group's snapshot on the engine ticker.
   *
   * @param group the group
   * @return the status
   */
  public GroupStatus status(GroupRuntime group) {
    return group.status(ticker.read(), stalls.get());
  }

  /**
   * Runs a task on the engine thread, soon: how check results and demotions reach a group.
   *
   * @param task what to run; must not block
   * @return completed when it ran
   */
  public CompletableFuture<Void> execute(Runnable task) {
    return call(() -> {
      task.run();
      return null;
    });
  }

  /**
   * Returns the engine's ticker reading.
   *
   * @return nanoseconds on the engine's clock
   */
  public long now() {
    return ticker.read();
  }

  private <T> CompletableFuture<T> call(Callable<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    synchronized (lifecycle) {
      commands.add(() -> {
        try {
          result.complete(task.call());
        } catch (Exception | Error e) {
          result.completeExceptionally(e);
        }
      });
      if (thread == null) {
        wakeFd = Native.sys().eventfd(0, Linux.EFD_NONBLOCK | Linux.EFD_CLOEXEC);
        if (wakeFd < 0) {
          int errno = Native.errno();
          commands.clear();
          result.completeExceptionally(new ErrnoException("eventfd", errno));
          return result;
        }
        pollStale = true;
        thread = new Thread(this::run, "failover4j-engine");
        thread.setDaemon(true);
        thread.start();
      }
      Native.sys().write(wakeFd, one.address(), 8);
    }
    return result;
  }

  private void run() {
    realtimePriority = 0; // a new thread, of the default policy
    // wake on time: the default 50 us slack is 0.5 % of a 10 ms interval
    Native.sys().prctl(Linux.PR_SET_TIMERSLACK, 1, 0, 0, 0);
    timerFd = Native.sys().timerfd_create(Linux.CLOCK_MONOTONIC, Linux.TFD_NONBLOCK | Linux.TFD_CLOEXEC);
    if (timerFd < 0) {
      int errno = Native.errno();
      log.execute(new LogTask(LOG, Level.ERROR, "timerfd_create failed (errno {}); the engine cannot keep time",
          errno));
    }
    while (true) {
      for (Runnable command = commands.poll(); command != null; command = commands.poll()) {
        command.run();
      }
      synchronized (lifecycle) {
        if (groups.isEmpty() && commands.isEmpty()) {
          namespaces.values().forEach(ns -> {
            ns.monitor.close();
            ns.netlink.close();
          });
          namespaces.clear();
          Native.sys().close(timerFd);
          timerFd = -1;
          Native.sys().close(wakeFd);
          wakeFd = -1;
          thread = null;
          return;
        }
      }
      long now = ticker.read();
      long deadline = VrrpStateMachine.NO_DEADLINE;
      for (int i = 0; i < groups.size(); i++) {
        GroupRuntime group = groups.get(i);
        try {
          group.logic().onTimer(now);
        } catch (RuntimeException e) {
          log.execute(new LogTask(LOG, Level.ERROR, "[{}] timer failed", group.settings().name(), e));
        }
        deadline = Math.min(deadline, group.logic().deadline());
      }
      if (pollStale) {
        rebuildPollSet();
      }
      long wait = deadline == VrrpStateMachine.NO_DEADLINE ? -1 : Math.max(0, deadline - ticker.read());
      int ready = poll(wait);
      long woke = ticker.read();
      if (deadline != VrrpStateMachine.NO_DEADLINE && woke - deadline > stallThreshold) {
        stalled(woke, woke - deadline);
      }
      if (ready > 0) {
        dispatch();
      }
    }
  }

  /** Arms the timerfd for the wait (or disarms it for none), then waits for any descriptor. */
  private int poll(long waitNanos) {
    // itimerspec: interval (zero: one-shot), then value; a zero value disarms, so wait at least 1 ns
    long wait = waitNanos < 0 ? 0 : Math.max(1, waitNanos);
    timerSpec.buffer().putLong(16, wait / 1_000_000_000L).putLong(24, wait % 1_000_000_000L);
    Native.sys().timerfd_settime(timerFd, 0, timerSpec.address(), 0);
    int ready = Native.sys().ppoll(pollFds.address(), pollCount, 0, 0);
    if (ready < 0) {
      int errno = Native.errno();
      if (errno != Linux.EINTR) {
        log.execute(new LogTask(LOG, Level.ERROR, "ppoll failed: errno {}", errno));
      }
    }
    return ready;
  }

  private void dispatch() {
    ByteBuffer fds = pollFds.buffer();
    for (int i = 0; i < pollCount; i++) {
      if (fds.getShort(i * 8 + 6) == 0) {
        continue;
      }
      Object owner = pollOwners[i];
      try {
        if (owner instanceof Channel channel) {
          receive(channel);
        } else if (owner instanceof Namespace namespace) {
          linkEvents(namespace);
        } else {
          // the wake-up eventfd or the timerfd: reading clears it
          Native.sys().read(owner == TIMER ? timerFd : wakeFd, drained.address(), 8);
        }
      } catch (RuntimeException e) {
        log.execute(new LogTask(LOG, Level.ERROR, "handling {} failed", owner, e));
      }
    }
  }

  private void receive(Channel channel) {
    try {
      for (ByteBuffer packet = channel.socket.receive(); packet != null; packet = channel.socket.receive()) {
        int vrid = VrrpCodec.vrid(packet);
        GroupRuntime group = vrid > 0 ? channel.byVrid[vrid] : null;
        if (group == null) {
          channel.unclaimed++; // another VRID, or not even a header: not ours to count per group
        } else {
          group.logic().onPacket(ticker.read(), packet);
        }
      }
    } catch (ErrnoException e) {
      log.execute(new LogTask(LOG, Level.WARN, "receiving on {}: {}", channel.socket.interfaceName(), e.getMessage()));
    }
  }

  private void linkEvents(Namespace namespace) {
    try {
      namespace.monitor.drain(namespace);
    } catch (ErrnoException e) {
      // events were lost (ENOBUFS): read every link's state again
      log.execute(new LogTask(LOG, Level.WARN, "link events: {}; re-reading link states", e.getMessage()));
      for (GroupRuntime group : namespace.groups) {
        group.onLink(ticker.read(), linkUp(namespace, group.settings().interfaceName()));
        trackLinks(namespace, group);
      }
    }
  }

  private void stalled(long now, long lateNanos) {
    stalls.incrementAndGet();
    if (now - lastStallWarning >= WARN_EVERY_NANOS) {
      lastStallWarning = now;
      log.execute(new LogTask(LOG, Level.WARN, "engine thread woke {} late (a GC pause or CPU starvation?);"
          + " a stall longer than Master_Down_Interval makes backups take over", new LogTask.Millis(lateNanos)));
    }
  }

  private void add(GroupRuntime group, int wanted) throws ErrnoException {
    // first, so that a missing CAP_SYS_NICE fails the start before anything is opened
    if (wanted > realtimePriority) {
      schedule(wanted);
    }
    if (wanted > 0) {
      realtimeWanted.put(group, wanted);
    }
    GroupSettings settings = group.settings();
    Namespace namespace = namespace(settings.namespace());
    ChannelKey key = new ChannelKey(settings.namespace(), settings.interfaceName(), settings.vrrp().family());
    Channel channel = channels.get(key);
    try {
      int index = namespace.netlink.link(settings.interfaceName()).orElseThrow(() ->
          new FailoverException("interface " + settings.interfaceName() + ": not found")).index();
      if (settings.election().isPresent()) {
        channel = null; // a lease elects it: no VRRP socket, only its interface's link events
      } else {
        channel = vrrpChannel(key, index, group, settings);
      }
      namespace.groups.add(group);
      namespace.indexes.put(group, index);
      groups.add(group);
    } catch (ErrnoException | RuntimeException e) {
      if (channel != null && channel.users == 0) {
        channel.socket.close();
        channels.remove(key);
      }
      dropIfUnused(settings.namespace(), namespace);
      lowerPriorityIfUnwanted(group);
      throw e;
    }
    pollStale = true;
    updateStallThreshold();
    group.logic().start(ticker.read(), linkUp(namespace, settings.interfaceName()));
    trackLinks(namespace, group);
  }

  /** Opens or shares the socket of a VRRP group's interface and family, and takes its VRID there. */
  private Channel vrrpChannel(ChannelKey key, int index, GroupRuntime group, GroupSettings settings)
      throws ErrnoException {
    Channel channel = channels.get(key);
    if (channel == null) {
      channel = new Channel(VrrpSocket.open(key.family(), key.namespace(), key.interfaceName(), index));
      channels.put(key, channel);
    }
    GroupRuntime other = channel.byVrid[group.vrid()];
    if (other != null) {
      throw new FailoverException("vrid " + group.vrid() + " on " + settings.interfaceName() + " (" + key.family()
          + "): already used by group " + other.settings().name());
    }
    channel.byVrid[group.vrid()] = group;
    channel.users++;
    channelOf.put(group, key);
    group.attach(channel.socket);
    return channel;
  }

  /** Finds the tracked interfaces of a group and tells it their states. */
  private void trackLinks(Namespace namespace, GroupRuntime group) {
    List<Tracked> items = group.settings().tracked();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof Tracked.OfInterface tracked) {
        Optional<Netlink.Link> link = Optional.empty();
        String problem = "not found";
        try {
          link = namespace.netlink.link(tracked.interfaceName());
        } catch (ErrnoException e) {
          problem = e.getMessage();
        }
        boolean up = link.map(Netlink.Link::up).orElse(false);
        group.logic().onTracked(ticker.read(), i, up ? TrackState.HEALTHY : TrackState.FAILING, 0,
            link.isEmpty() ? problem : up ? "up" : "down");
      }
    }
  }

  private void remove(GroupRuntime group) {
    if (!groups.remove(group)) {
      return;
    }
    try {
      group.logic().stop(ticker.read());
    } finally {
      ChannelKey key = channelOf.remove(group);
      if (key != null) { // a VRRP group
        Channel channel = channels.get(key);
        channel.byVrid[group.vrid()] = null;
        if (--channel.users == 0) {
          channel.socket.close();
          channels.remove(key);
        }
      }
      Optional<String> name = group.settings().namespace();
      Namespace namespace = namespaces.get(name);
      namespace.groups.remove(group);
      namespace.indexes.remove(group);
      dropIfUnused(name, namespace);
      pollStale = true;
      updateStallThreshold();
      lowerPriorityIfUnwanted(group);
    }
  }

  /** Runs this thread at a real-time priority (0: the default policy), and says so. */
  private void schedule(int priority) {
    RealtimeScheduling.schedule(priority);
    realtimePriority = priority;
    log.execute(new LogTask(LOG, Level.INFO, priority == 0 ? "engine thread: back to the default policy"
        : "engine thread: real-time, SCHED_RR priority {}", priority));
  }

  /** Forgets what a leaving group asked for: the thread goes down to the highest priority still asked. */
  private void lowerPriorityIfUnwanted(GroupRuntime group) {
    realtimeWanted.remove(group);
    int highest = realtimeWanted.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    if (highest < realtimePriority) {
      try {
        schedule(highest);
      } catch (RuntimeException e) {
        log.execute(new LogTask(LOG, Level.WARN, "engine thread: staying at priority {}: {}", realtimePriority,
            e.getMessage()));
      }
    }
  }

  private Namespace namespace(Optional<String> name) throws ErrnoException {
    Namespace namespace = namespaces.get(name);
    if (namespace == null) {
      LinkMonitor monitor = LinkMonitor.open(name);
      try {
        namespace = new Namespace(monitor, Netlink.open(name), ticker);
      } catch (ErrnoException | RuntimeException e) {
        monitor.close();
        throw e;
      }
      namespaces.put(name, namespace);
    }
    return namespace;
  }

  private void dropIfUnused(Optional<String> name, Namespace namespace) {
    if (namespace.groups.isEmpty()) {
      namespace.monitor.close();
      namespace.netlink.close();
      namespaces.remove(name);
    }
  }

  private boolean linkUp(Namespace namespace, String interfaceName) {
    try {
      return namespace.netlink.link(interfaceName).map(Netlink.Link::up).orElse(false);
    } catch (ErrnoException e) {
      log.execute(new LogTask(LOG, Level.WARN, "reading link {}: {}", interfaceName, e.getMessage()));
      return false;
    }
  }

  private void updateStallThreshold() {
    stallThreshold = groups.stream().mapToLong(g -> g.advertInterval().toNanos() / 4).min().orElse(Long.MAX_VALUE);
  }

  private void rebuildPollSet() {
    List<Object> owners = new ArrayList<>();
    List<Integer> fds = new ArrayList<>();
    owners.add(WAKE);
    fds.add(wakeFd);
    owners.add(TIMER);
    fds.add(timerFd);
    for (Namespace namespace : namespaces.values()) {
      owners.add(namespace);
      fds.add(namespace.monitor.fd());
    }
    for (Channel channel : channels.values()) {
      owners.add(channel);
      fds.add(channel.socket.fd());
    }
    if (pollFds.buffer().capacity() < fds.size() * 8) {
      pollFds = Native.allocate(fds.size() * 8);
    }
    ByteBuffer b = pollFds.buffer();
    for (int i = 0; i < fds.size(); i++) {
      b.putInt(i * 8, fds.get(i)).putShort(i * 8 + 4, Linux.POLLIN).putShort(i * 8 + 6, (short) 0);
    }
    pollOwners = owners.toArray();
    pollCount = fds.size();
    pollStale = false;
  }
}
