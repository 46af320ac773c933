package io.github.failover4j.linux;

import io.github.failover4j.GroupCounters;
import io.github.failover4j.GroupStatus;
import io.github.failover4j.MasterStatus;
import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import io.github.failover4j.internal.ListenerDispatcher;
import io.github.failover4j.internal.LogTask;
import io.github.failover4j.internal.MoverDriver;
import io.github.failover4j.internal.SerialExecutor;
import io.github.failover4j.internal.Threads;
import io.github.failover4j.vrrp.ChecksumMode;
import io.github.failover4j.vrrp.DecodeOptions;
import io.github.failover4j.vrrp.MasterInfo;
import io.github.failover4j.vrrp.VrrpAction;
import io.github.failover4j.vrrp.VrrpAdvertisement;
import io.github.failover4j.vrrp.VrrpCodec;
import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.vrrp.VrrpDecodeException;
import io.github.failover4j.vrrp.VrrpPacket;
import io.github.failover4j.vrrp.VrrpState;
import io.github.failover4j.vrrp.VrrpStateMachine;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One group as the engine thread runs it: its state machine, its share of the interface's socket,
 * its ready-made messages, and what it publishes to other threads (role, master, counters).
 *
 * <p>The receive path does not allocate in steady state: {@link VrrpCodec#validate} checks each
 * packet, and a packet identical to the previous one (the normal case: a master repeats itself)
 * reuses its decoded advertisement.
 */
public final class GroupRuntime {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.failover4j");
  private static final long LOG_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
  private static final int ALL_REASONS = VrrpDecodeException.Reason.values().length;

  /** Counters other than drops by reason. */
  private enum Count {
    ADVERTS_SENT, ADVERTS_RECEIVED, PRIORITY_ZERO_SENT, PRIORITY_ZERO_RECEIVED, NOT_FROM_PEER, WRONG_DESTINATION,
    ADDRESS_LIST_MISMATCHES, SEND_ERRORS, TRANSITIONS
  }

  private final GroupSettings settings;
  private final VrrpConfig vrrp;
  private final VrrpStateMachine machine;
  private final DecodeOptions decodeOptions;
  private final InetAddress source;
  private final List<InetAddress> destinations;
  private final byte[][] peers;
  private final byte[] group;
  private final boolean ipv4;
  private final MoverDriver[] movers;
  private final ListenerDispatcher listeners;
  private final String tag;
  // formatting, logging and listeners: never on the engine thread, whose stalls cause false failovers
  private final SerialExecutor events = new SerialExecutor(Threads.movers());

  // engine thread only
  private VrrpSocket socket;
  private VrrpSocket.Outgoing[] advertise;
  private VrrpSocket.Outgoing[] release;
  private final byte[] last = new byte[VrrpCodec.MAX_PACKET_LENGTH];
  private int lastLength = -1;
  private InetAddress lastSource;
  private VrrpAdvertisement lastAdvert;
  private ChecksumMode lastChecksum;
  private boolean lastMismatch;
  private int lastHeardPriority = -1;
  private long startedNanos;
  private final long[] lastLogged = new long[ALL_REASONS + Count.values().length];

  // published to other threads
  private final Object roleMonitor = new Object();
  private volatile Role role = Role.INITIALIZE;
  private volatile long roleSince;
  private volatile MasterStatus master;
  private final AtomicLongArray counts = new AtomicLongArray(Count.values().length);
  private final AtomicLongArray invalid = new AtomicLongArray(ALL_REASONS);
  private final AtomicLongArray roleNanos = new AtomicLongArray(Role.values().length);

  /**
   * Creates the runtime of a group.
   *
   * @param settings the group's configuration
   * @param source the address it sends from
   * @param movers the drivers of its IP movers
   * @param listeners its listeners
   */
  public GroupRuntime(GroupSettings settings, InetAddress source, List<MoverDriver> movers,
      ListenerDispatcher listeners) {
    this.settings = settings;
    this.vrrp = settings.vrrp();
    this.machine = new VrrpStateMachine(vrrp, source);
    this.decodeOptions = vrrp.decodeOptions().withTtlCheck(settings.checkTtl());
    this.source = source;
    this.ipv4 = source instanceof Inet4Address;
    this.group = vrrp.family().vrrpGroup().getAddress();
    this.destinations = settings.unicastPeers().isEmpty() ? List.of(vrrp.family().vrrpGroup()) : settings.unicastPeers();
    this.peers = settings.unicastPeers().stream().map(InetAddress::getAddress).toArray(byte[][]::new);
    this.movers = movers.toArray(MoverDriver[]::new);
    this.listeners = listeners;
    this.tag = "[" + settings.name() + " vrid=" + vrrp.vrid() + "]";
  }

  GroupSettings settings() {
    return settings;
  }

  int vrid() {
    return vrrp.vrid();
  }

  Duration advertInterval() {
    return vrrp.advertInterval();
  }

  /** Takes the interface's socket and prepares every message this group will send. */
  void attach(VrrpSocket vrrpSocket) {
    this.socket = vrrpSocket;
    this.advertise = messages(vrrp.priority());
    this.release = messages(0);
  }

  private VrrpSocket.Outgoing[] messages(int priority) {
    return destinations.stream()
        .map(d -> socket.prepare(VrrpCodec.encode(vrrp.advertisement(priority), source, d, vrrp.checksum()), source, d))
        .toArray(VrrpSocket.Outgoing[]::new);
  }

  /** Starts the state machine; without a claim at start, addresses a crashed run left are removed. */
  void start(long now, boolean linkUp) {
    startedNanos = now;
    roleSince = now;
    List<VrrpAction> actions = linkUp ? machine.start(now) : machine.onFault(now);
    if (actions.stream().noneMatch(VrrpAction.ClaimAddresses.class::isInstance)) {
      for (MoverDriver mover : movers) {
        mover.release();
      }
    }
    perform(now, actions);
  }

  /** Shuts the state machine down: a master sends priority 0, then releases. */
  void stop(long now) {
    if (machine.state() != VrrpState.INITIALIZE) {
      perform(now, machine.shutdown(now));
    }
  }

  long deadline() {
    return machine.nextDeadlineNanos();
  }

  void onTimer(long now) {
    if (now >= machine.nextDeadlineNanos()) {
      perform(now, machine.onTimer(now));
    }
  }

  void onLink(long now, boolean up) {
    VrrpState state = machine.state();
    if (up && state == VrrpState.FAULT) {
      try {
        socket.join(); // a group joined while the link was down may have failed
      } catch (ErrnoException e) {
        events.execute(new LogTask(LOG, Level.WARN, "{} {}", tag, e.getMessage()));
      }
      perform(now, machine.onRecovered(now));
    } else if (!up && state != VrrpState.FAULT && state != VrrpState.INITIALIZE) {
      perform(now, machine.onFault(now));
    }
  }

  /** A packet of this group's VRID arrived on its interface. */
  void onPacket(long now, ByteBuffer packet) {
    ChecksumMode checksum;
    try {
      checksum = VrrpCodec.validate(packet, decodeOptions);
    } catch (VrrpDecodeException e) {
      increment(invalid, e.reason().ordinal());
      logRarely(now, e.reason().ordinal(), "dropped a packet: {}", e.getMessage());
      return;
    }
    int sourceAt = ipv4 ? 12 : 8;
    int alength = ipv4 ? 4 : 16;
    boolean toGroup = equalsAt(packet, ipv4 ? 16 : 24, group);
    if (peers.length > 0 ? toGroup : !toGroup) {
      count(Count.WRONG_DESTINATION);
      logRarely(now, ALL_REASONS + Count.WRONG_DESTINATION.ordinal(),
          peers.length > 0 ? "dropped a multicast advertisement: this group is unicast"
              : "dropped a unicast advertisement: this group is multicast");
      return;
    }
    if (peers.length > 0 && !fromPeer(packet, sourceAt)) {
      count(Count.NOT_FROM_PEER);
      logRarely(now, ALL_REASONS + Count.NOT_FROM_PEER.ordinal(), "dropped an advertisement from an address that is"
          + " not a unicast peer");
      return;
    }
    int messageAt = ipv4 ? (packet.get(0) & 0x0F) * 4 : 40;
    int messageLength = ipv4 ? u16(packet, 2) - messageAt : u16(packet, 4);
    boolean fresh = !sameAsLast(packet, sourceAt, alength, messageAt, messageLength);
    if (fresh) {
      remember(now, packet, checksum, sourceAt, alength, messageAt, messageLength);
    }
    count(Count.ADVERTS_RECEIVED);
    if (lastAdvert.priority() == 0) {
      count(Count.PRIORITY_ZERO_RECEIVED);
    }
    if (lastMismatch) {
      count(Count.ADDRESS_LIST_MISMATCHES);
    }
    lastHeardPriority = lastAdvert.priority();
    perform(now, machine.onAdvertisement(now, lastSource, lastAdvert));
    if (fresh) {
      publishFollowedMaster();
    }
  }

  /** What the machine follows, as status; allocates, so only when something changed. */
  private void publishFollowedMaster() {
    if (machine.state() == VrrpState.BACKUP) {
      Optional<MasterInfo> followed = machine.master();
      if (followed.isPresent() && followed.get().address().equals(lastSource)) {
        MasterInfo m = followed.get();
        master = new MasterStatus(m.address(), m.priority(), Duration.ofMillis(m.intervalCentis() * 10L),
            lastChecksum, false);
      }
    }
  }

  private static int u16(ByteBuffer packet, int at) {
    return (packet.get(at) & 0xFF) << 8 | (packet.get(at + 1) & 0xFF);
  }

  /** Decodes a packet unlike the previous one, keeps it, and publishes whom this group follows. */
  private void remember(long now, ByteBuffer packet, ChecksumMode checksum, int sourceAt, int alength,
      int messageAt, int messageLength) {
    VrrpPacket decoded;
    try {
      decoded = VrrpCodec.decode(packet, decodeOptions);
    } catch (VrrpDecodeException e) {
      throw new IllegalStateException("decode after validate", e); // validate() passed on these bytes
    }
    packet.get(sourceAt, last, 0, alength);
    packet.get(messageAt, last, alength, messageLength);
    lastLength = alength + messageLength;
    lastSource = decoded.source();
    lastAdvert = decoded.advertisement();
    lastChecksum = checksum;
    lastMismatch = !lastAdvert.addresses().equals(vrrp.addresses());
    if (lastMismatch) {
      logRarely(now, ALL_REASONS + Count.ADDRESS_LIST_MISMATCHES.ordinal(),
          "{} advertises {}, this group {}: check the configurations", lastSource.getHostAddress(),
          lastAdvert.addresses(), vrrp.addresses());
    }
  }

  private boolean sameAsLast(ByteBuffer packet, int sourceAt, int alength, int messageAt, int messageLength) {
    if (lastLength != alength + messageLength) {
      return false;
    }
    for (int i = 0; i < alength; i++) {
      if (last[i] != packet.get(sourceAt + i)) {
        return false;
      }
    }
    for (int i = 0; i < messageLength; i++) {
      if (last[alength + i] != packet.get(messageAt + i)) {
        return false;
      }
    }
    return true;
  }

  private boolean fromPeer(ByteBuffer packet, int sourceAt) {
    for (byte[] peer : peers) {
      if (equalsAt(packet, sourceAt, peer)) {
        return true;
      }
    }
    return false;
  }

  private static boolean equalsAt(ByteBuffer packet, int at, byte[] address) {
    for (int i = 0; i < address.length; i++) {
      if (packet.get(at + i) != address[i]) {
        return false;
      }
    }
    return true;
  }

  private void perform(long now, List<VrrpAction> actions) {
    for (int i = 0; i < actions.size(); i++) {
      VrrpAction action = actions.get(i);
      if (action instanceof VrrpAction.SendAdvertisement send) {
        send(now, send.priority() == 0 ? release : advertise, send.priority() == 0);
      } else if (action instanceof VrrpAction.ClaimAddresses) {
        for (MoverDriver mover : movers) {
          mover.claim();
        }
      } else if (action instanceof VrrpAction.ReleaseAddresses) {
        for (MoverDriver mover : movers) {
          mover.release();
        }
      } else if (action instanceof VrrpAction.Reannounce) {
        for (MoverDriver mover : movers) {
          mover.reannounce();
        }
      } else if (action instanceof VrrpAction.Transition transition) {
        transitioned(now, transition);
      }
    }
  }

  private void send(long now, VrrpSocket.Outgoing[] messages, boolean releasing) {
    for (VrrpSocket.Outgoing message : messages) {
      try {
        socket.send(message);
        count(Count.ADVERTS_SENT);
        if (releasing) {
          count(Count.PRIORITY_ZERO_SENT);
        }
      } catch (ErrnoException e) {
        count(Count.SEND_ERRORS);
        logRarely(now, ALL_REASONS + Count.SEND_ERRORS.ordinal(), "could not send: {}", e.getMessage());
      }
    }
  }

  private void transitioned(long now, VrrpAction.Transition transition) {
    Role from = Role.of(transition.from());
    Role to = Role.of(transition.to());
    roleNanos.lazySet(from.ordinal(), roleNanos.get(from.ordinal()) + now - roleSince);
    master = to == Role.MASTER
        ? new MasterStatus(source, vrrp.priority(), vrrp.advertInterval(), vrrp.checksum(), true)
        : null;
    publishFollowedMaster();
    // before the role is published: a listener added once awaitMaster returns must not hear of this change
    Object[] recipients = listeners.snapshot();
    synchronized (roleMonitor) {
      role = to;
      roleSince = now;
      roleMonitor.notifyAll();
    }
    count(Count.TRANSITIONS);
    // only the facts here; the words are made on the event lane
    events.execute(new TransitionReport(from, to, transition, Instant.now(),
        machine.lastAdvertNanos() < 0 ? -1 : now - machine.lastAdvertNanos(), now - startedNanos, lastHeardPriority,
        machine.master(), recipients));
  }

  /** A transition's facts, put into words, logged and told to the listeners on the event lane. */
  private final class TransitionReport implements Runnable {
    private final Role from;
    private final Role to;
    private final VrrpAction.Transition transition;
    private final Instant at;
    private final long sinceLastAdvert;
    private final long sinceStart;
    private final int heardPriority;
    private final Optional<MasterInfo> followed;
    private final Object[] recipients;

    TransitionReport(Role from, Role to, VrrpAction.Transition transition, Instant at, long sinceLastAdvert,
        long sinceStart, int heardPriority, Optional<MasterInfo> followed, Object[] recipients) {
      this.from = from;
      this.to = to;
      this.transition = transition;
      this.at = at;
      this.sinceLastAdvert = sinceLastAdvert;
      this.sinceStart = sinceStart;
      this.heardPriority = heardPriority;
      this.followed = followed;
      this.recipients = recipients;
    }

    @Override
    public void run() {
      String reason = reason(transition, sinceLastAdvert, sinceStart, heardPriority, followed);
      LOG.info("{} {} -> {} ({})", tag, from, to, reason);
      listeners.fire(recipients, new RoleChange(settings.name(), from, to, transition.cause(), reason, at));
    }
  }

  private String reason(VrrpAction.Transition transition, long sinceLastAdvert, long sinceStart, int heardPriority,
      Optional<MasterInfo> followed) {
    return switch (transition.cause()) {
      case STARTUP -> transition.to() == VrrpState.MASTER ? "started as the address owner" : "started";
      case MASTER_DOWN -> sinceLastAdvert < 0
          ? "no master heard in " + new LogTask.Millis(sinceStart) + " since start"
          : "master down after " + new LogTask.Millis(sinceLastAdvert);
      case MASTER_RELEASED -> "master released its addresses " + new LogTask.Millis(sinceLastAdvert) + " ago";
      case PREEMPTION -> "preempted a master of lower priority " + heardPriority;
      case HIGHER_PRIORITY -> followed.map(m -> "priority " + m.priority() + " from " + m.address().getHostAddress())
          .orElse("a higher priority");
      case FAULT -> "interface " + settings.interfaceName() + " down";
      case RECOVERED -> "interface " + settings.interfaceName() + " up";
      case SHUTDOWN -> "closed";
    };
  }

  /**
   * Logs the first of a kind of event, then at most once a minute (a flood must not fill the disk),
   * on the event lane: a logger may block on its output.
   */
  private void logRarely(long now, int kind, String format, Object... arguments) {
    if (lastLogged[kind] == 0 || now - lastLogged[kind] >= LOG_EVERY_NANOS) {
      lastLogged[kind] = now == 0 ? 1 : now;
      Object[] all = new Object[arguments.length + 1];
      all[0] = tag;
      System.arraycopy(arguments, 0, all, 1, arguments.length);
      events.execute(new LogTask(LOG, Level.WARN, "{} " + format, all));
    }
  }

  private void count(Count counter) {
    increment(counts, counter.ordinal());
  }

  /** Single writer (the engine thread): an ordered store is enough, and cheaper than an atomic add. */
  private static void increment(AtomicLongArray array, int index) {
    array.lazySet(index, array.get(index) + 1);
  }

  // ----- read by other threads

  /**
   * Returns the current role.
   *
   * @return the role
   */
  public Role role() {
    return role;
  }

  /**
   * Waits until the group is MASTER.
   *
   * @param timeout how long at most
   * @return true if it is MASTER
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitMaster(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (roleMonitor) {
      while (role != Role.MASTER) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        roleMonitor.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /**
   * Builds a snapshot.
   *
   * @param now the engine ticker's reading
   * @param engineStalls the engine's stall count
   * @param moverFailures failures of this group's movers
   * @return the status
   */
  public GroupStatus status(long now, long engineStalls, long moverFailures) {
    Map<VrrpDecodeException.Reason, Long> drops = new EnumMap<>(VrrpDecodeException.Reason.class);
    for (VrrpDecodeException.Reason reason : VrrpDecodeException.Reason.values()) {
      long count = invalid.get(reason.ordinal());
      if (count > 0) {
        drops.put(reason, count);
      }
    }
    Role current = role;
    Map<Role, Duration> time = new EnumMap<>(Role.class);
    for (Role r : Role.values()) {
      long nanos = roleNanos.get(r.ordinal()) + (r == current ? Math.max(0, now - roleSince) : 0);
      if (nanos > 0) {
        time.put(r, Duration.ofNanos(nanos));
      }
    }
    GroupCounters counters = new GroupCounters(get(Count.ADVERTS_SENT), get(Count.ADVERTS_RECEIVED),
        get(Count.PRIORITY_ZERO_SENT), get(Count.PRIORITY_ZERO_RECEIVED), drops, get(Count.NOT_FROM_PEER),
        get(Count.WRONG_DESTINATION), get(Count.ADDRESS_LIST_MISMATCHES), get(Count.SEND_ERRORS),
        get(Count.TRANSITIONS), time, moverFailures, engineStalls);
    return new GroupStatus(settings.name(), settings.interfaceName(), vrrp.vrid(), current, vrrp.priority(),
        Optional.ofNullable(master), counters);
  }

  private long get(Count counter) {
    return counts.get(counter.ordinal());
  }
}
