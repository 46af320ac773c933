package io.github.failover4j.vrrp;

import io.github.failover4j.vrrp.VrrpAction.ClaimAddresses;
import io.github.failover4j.vrrp.VrrpAction.Reannounce;
import io.github.failover4j.vrrp.VrrpAction.ReleaseAddresses;
import io.github.failover4j.vrrp.VrrpAction.SendAdvertisement;
import io.github.failover4j.vrrp.VrrpAction.Transition;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The VRRP state machine of one virtual router (RFC 3768 §6.4, RFC 9568 §6.4), without clock, IO or
 * threads.
 *
 * <p>Every input carries {@code nowNanos}, a reading of one monotonic ticker that never goes
 * backwards and starts at or above 0; every input returns the {@link VrrpAction actions} to perform,
 * in order. {@link #nextDeadlineNanos()} tells when to call {@link #onTimer} next. Not thread-safe:
 * one thread drives it.
 *
 * <p>Timers are kept in nanoseconds, so Skew_Time is exact: {@code (256 - priority) / 256} s for
 * VRRPv2, and {@code (256 - priority) * Master_Adver_Interval / 256} for VRRPv3 (keepalived does the
 * same in microseconds; FRR rounds down to whole centiseconds). The transitions allowed for each
 * {@link TransitionCause} are an explicit table; anything else is a bug and throws.
 */
public final class VrrpStateMachine {
  /** {@link #nextDeadlineNanos()} when no timer runs (INITIALIZE, FAULT). */
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long NANOS_PER_CENTI = 10_000_000L;
  private static final List<VrrpAction> NOTHING = List.of();
  private static final Map<TransitionCause, Set<VrrpState>> FROM = new EnumMap<>(TransitionCause.class);
  private static final Map<TransitionCause, Set<VrrpState>> TO = new EnumMap<>(TransitionCause.class);

  static {
    allow(TransitionCause.STARTUP, EnumSet.of(VrrpState.INITIALIZE), EnumSet.of(VrrpState.BACKUP, VrrpState.MASTER));
    allow(TransitionCause.MASTER_DOWN, EnumSet.of(VrrpState.BACKUP), EnumSet.of(VrrpState.MASTER));
    allow(TransitionCause.MASTER_RELEASED, EnumSet.of(VrrpState.BACKUP), EnumSet.of(VrrpState.MASTER));
    allow(TransitionCause.PREEMPTION, EnumSet.of(VrrpState.BACKUP), EnumSet.of(VrrpState.MASTER));
    allow(TransitionCause.HIGHER_PRIORITY, EnumSet.of(VrrpState.MASTER), EnumSet.of(VrrpState.BACKUP));
    allow(TransitionCause.TAKEOVER, EnumSet.of(VrrpState.BACKUP), EnumSet.of(VrrpState.MASTER));
    allow(TransitionCause.YIELD, EnumSet.of(VrrpState.MASTER), EnumSet.of(VrrpState.BACKUP));
    allow(TransitionCause.FAULT,
        EnumSet.of(VrrpState.INITIALIZE, VrrpState.BACKUP, VrrpState.MASTER), EnumSet.of(VrrpState.FAULT));
    allow(TransitionCause.RECOVERED, EnumSet.of(VrrpState.FAULT), EnumSet.of(VrrpState.BACKUP, VrrpState.MASTER));
    allow(TransitionCause.SHUTDOWN,
        EnumSet.of(VrrpState.BACKUP, VrrpState.MASTER, VrrpState.FAULT), EnumSet.of(VrrpState.INITIALIZE));
  }

  private final VrrpConfig config;
  private final InetAddress primaryAddress;
  private final byte[] primary;
  private final long intervalNanos;
  private final boolean preemptive;
  // the steady-state answers are shared, so that the hot paths do not allocate; remade when the
  // priority changes
  private List<VrrpAction> advertise;
  private List<VrrpAction> answerLowerPriority;

  private int priority;
  private VrrpState state = VrrpState.INITIALIZE;
  private long adverDeadline = NO_DEADLINE;
  private long masterDownDeadline = NO_DEADLINE;
  private TransitionCause masterDownCause = TransitionCause.MASTER_DOWN;
  private long masterIntervalNanos;
  private boolean holdingOffPreemption;
  private long preemptionAllowedAt;
  private boolean wanting;
  private final byte[] masterSource; // of the family's length
  private boolean masterKnown;
  private int masterPriority;
  private int masterIntervalCentis;
  private long masterEpoch;
  private long lastAdvertNanos = -1;

  /**
   * Creates a virtual router in INITIALIZE.
   *
   * @param config its parameters
   * @param primaryAddress the address it sends from: the interface's primary IPv4 address, or its
   *     IPv6 link-local address; breaks ties between equal priorities
   */
  public VrrpStateMachine(VrrpConfig config, InetAddress primaryAddress) {
    this.config = Objects.requireNonNull(config, "config");
    this.primaryAddress = Objects.requireNonNull(primaryAddress, "primaryAddress");
    if (AddressFamily.of(primaryAddress) != config.family()) {
      throw new IllegalArgumentException("primaryAddress: " + primaryAddress
          + " (expected: " + config.family() + " like the virtual addresses)");
    }
    this.primary = primaryAddress.getAddress();
    this.masterSource = new byte[primary.length];
    this.intervalNanos = config.advertInterval().toNanos();
    this.preemptive = config.preempt() || isOwner();
    this.masterIntervalNanos = intervalNanos;
    usePriority(config.priority());
  }

  private void usePriority(int value) {
    priority = value;
    advertise = List.of(new SendAdvertisement(value));
    answerLowerPriority = config.advertiseOnLowerPriority()
        ? List.of(new SendAdvertisement(value), new Reannounce())
        : List.of(new Reannounce());
  }

  /**
   * Starts: the owner becomes MASTER at once, any other router BACKUP with its Master_Down_Timer set.
   *
   * @param nowNanos the ticker's reading
   * @return the actions
   * @throws IllegalStateException unless in INITIALIZE
   */
  public List<VrrpAction> start(long nowNanos) {
    require(VrrpState.INITIALIZE, "start");
    return enter(nowNanos, TransitionCause.STARTUP);
  }

  /**
   * Feeds a received advertisement of this router's VRID, as {@link VrrpCodec#read} left it in a
   * view: read without allocating. Ignored in INITIALIZE and FAULT, and when it is this router's
   * own.
   *
   * @param nowNanos the ticker's reading
   * @param advertisement the advertisement and its IP source
   * @return the actions
   * @throws IllegalArgumentException if the VRID is not this router's
   */
  public List<VrrpAction> onAdvertisement(long nowNanos, AdvertisementView advertisement) {
    if (advertisement.vrid() != config.vrid()) {
      throw new IllegalArgumentException("vrid: " + advertisement.vrid() + " (expected: " + config.vrid() + ")");
    }
    if (advertisement.sourceEquals(primary)) {
      return NOTHING;
    }
    return switch (state) {
      case BACKUP -> backupReceives(nowNanos, advertisement);
      case MASTER -> masterReceives(nowNanos, advertisement);
      case INITIALIZE, FAULT -> NOTHING;
    };
  }

  /**
   * Fires the timer that is due, if any: a MASTER advertises, a BACKUP whose master is down takes
   * over.
   *
   * @param nowNanos the ticker's reading
   * @return the actions
   */
  public List<VrrpAction> onTimer(long nowNanos) {
    if (state == VrrpState.MASTER && nowNanos >= adverDeadline) {
      // keep the cadence of the schedule, but never send a burst to catch up after a stall
      adverDeadline += intervalNanos;
      if (adverDeadline <= nowNanos) {
        adverDeadline = nowNanos + intervalNanos;
      }
      return advertise;
    }
    if (state == VrrpState.BACKUP && nowNanos >= masterDownDeadline) {
      return becomeMaster(nowNanos, masterDownCause);
    }
    return NOTHING;
  }

  /**
   * Tells whether this BACKUP would take over now: its Master_Down_Timer has run out, or it ran
   * out before and {@link #holdBackup} kept it back. A caller that moves several routers together
   * (keepalived's sync groups) asks this of each before it lets one take over.
   *
   * @param nowNanos the ticker's reading
   * @return true if BACKUP and wanting to be MASTER
   */
  public boolean wantsMaster(long nowNanos) {
    return state == VrrpState.BACKUP && (wanting || nowNanos >= masterDownDeadline);
  }

  /**
   * Keeps a BACKUP whose Master_Down_Timer ran out from taking over, for another
   * Master_Down_Interval; it goes on {@link #wantsMaster wanting} until a master it follows is heard.
   *
   * @param nowNanos the ticker's reading
   * @throws IllegalStateException unless in BACKUP
   */
  public void holdBackup(long nowNanos) {
    require(VrrpState.BACKUP, "holdBackup");
    wanting = true;
    masterDownDeadline = nowNanos + masterDownIntervalNanos();
  }

  /**
   * Takes over at once, on the caller's decision (another router of a sync group became MASTER).
   *
   * @param nowNanos the ticker's reading
   * @return the actions
   * @throws IllegalStateException unless in BACKUP
   */
  public List<VrrpAction> takeOver(long nowNanos) {
    require(VrrpState.BACKUP, "takeOver");
    return becomeMaster(nowNanos, TransitionCause.TAKEOVER);
  }

  /**
   * Steps down to BACKUP on the caller's decision: priority 0 first, so that a backup takes over
   * after Skew_Time, then the addresses are released.
   *
   * @param nowNanos the ticker's reading
   * @return the actions
   * @throws IllegalStateException unless in MASTER
   */
  public List<VrrpAction> yieldMaster(long nowNanos) {
    require(VrrpState.MASTER, "yieldMaster");
    List<VrrpAction> actions = leave(VrrpState.BACKUP, TransitionCause.YIELD);
    masterDownDeadline = nowNanos + masterDownIntervalNanos();
    masterDownCause = TransitionCause.MASTER_DOWN;
    return actions;
  }

  /**
   * Changes the priority this router advertises and elects with (health checks, tracking,
   * demotion); takes effect with the next advertisement, as in keepalived. The owner's 255 never
   * changes, and no other router may reach it.
   *
   * @param nowNanos the ticker's reading
   * @param newPriority 1..254
   * @throws IllegalArgumentException if out of range
   * @throws IllegalStateException for the address owner
   */
  public void setPriority(long nowNanos, int newPriority) {
    if (isOwner()) {
      throw new IllegalStateException("setPriority: the address owner's priority is always 255");
    }
    if (newPriority < 1 || newPriority >= VrrpConfig.OWNER_PRIORITY) {
      throw new IllegalArgumentException("priority: " + newPriority + " (expected: 1..254)");
    }
    if (newPriority != priority) {
      usePriority(newPriority);
    }
  }

  /**
   * Returns the priority this router advertises now: the configured one unless
   * {@link #setPriority} changed it.
   *
   * @return 1..255
   */
  public int priority() {
    return priority;
  }

  /**
   * Enters FAULT: a MASTER first releases (priority 0) and gives up its addresses.
   *
   * @param nowNanos the ticker's reading
   * @return the actions
   * @throws IllegalStateException if already in FAULT
   */
  public List<VrrpAction> onFault(long nowNanos) {
    if (state == VrrpState.FAULT) {
      throw new IllegalStateException("onFault: already in FAULT");
    }
    return leave(VrrpState.FAULT, TransitionCause.FAULT);
  }

  /**
   * Leaves FAULT and starts again, as {@link #start} does.
   *
   * @param nowNanos the ticker's reading
   * @return the actions
   * @throws IllegalStateException unless in FAULT
   */
  public List<VrrpAction> onRecovered(long nowNanos) {
    require(VrrpState.FAULT, "onRecovered");
    return enter(nowNanos, TransitionCause.RECOVERED);
  }

  /**
   * Shuts down to INITIALIZE: a MASTER first sends priority 0, so that a backup takes over after
   * Skew_Time instead of Master_Down_Interval, then gives up its addresses.
   *
   * @param nowNanos the ticker's reading
   * @return the actions
   * @throws IllegalStateException if in INITIALIZE
   */
  public List<VrrpAction> shutdown(long nowNanos) {
    if (state == VrrpState.INITIALIZE) {
      throw new IllegalStateException("shutdown: not started");
    }
    return leave(VrrpState.INITIALIZE, TransitionCause.SHUTDOWN);
  }

  /**
   * Returns when {@link #onTimer} must be called next.
   *
   * @return a ticker reading, or {@link #NO_DEADLINE}
   */
  public long nextDeadlineNanos() {
    return switch (state) {
      case MASTER -> adverDeadline;
      case BACKUP -> masterDownDeadline;
      case INITIALIZE, FAULT -> NO_DEADLINE;
    };
  }

  /**
   * Returns the current state.
   *
   * @return the state
   */
  public VrrpState state() {
    return state;
  }

  /**
   * Returns the parameters.
   *
   * @return the configuration
   */
  public VrrpConfig config() {
    return config;
  }

  /**
   * Returns the address this router sends from and breaks ties with.
   *
   * @return the primary address
   */
  public InetAddress primaryAddress() {
    return primaryAddress;
  }

  /**
   * Returns the master this router follows: itself when MASTER, the last one heard when BACKUP.
   *
   * @return the master, or empty when none is known
   */
  public Optional<MasterInfo> master() {
    if (state == VrrpState.MASTER) {
      return Optional.of(new MasterInfo(primaryAddress, priority, config.intervalCentis()));
    }
    if (state == VrrpState.BACKUP && masterKnown) {
      try {
        InetAddress address = InetAddress.getByAddress(masterSource.clone());
        return Optional.of(new MasterInfo(address, masterPriority, masterIntervalCentis));
      } catch (UnknownHostException e) {
        throw new AssertionError(e); // 4 or 16 bytes
      }
    }
    return Optional.empty();
  }

  /**
   * Counts the changes of the master a BACKUP follows (its address, priority or interval), so that a
   * caller republishes {@link #master()} only when it changed: reading it allocates.
   *
   * @return a number that changes whenever the followed master does
   */
  public long masterEpoch() {
    return masterEpoch;
  }

  /**
   * Returns when the last advertisement from a master was accepted.
   *
   * @return a ticker reading, or -1 if none since the last start
   */
  public long lastAdvertNanos() {
    return lastAdvertNanos;
  }

  /**
   * Returns Skew_Time for this router's priority and the current Master_Adver_Interval.
   *
   * @return nanoseconds
   */
  public long skewTimeNanos() {
    long base = config.version() == VrrpVersion.V2 ? NANOS_PER_SECOND : masterIntervalNanos;
    return (256 - priority) * base / 256;
  }

  /**
   * Returns Master_Down_Interval: three Master_Adver_Intervals plus Skew_Time.
   *
   * @return nanoseconds
   */
  public long masterDownIntervalNanos() {
    return 3 * masterIntervalNanos + skewTimeNanos();
  }

  private List<VrrpAction> backupReceives(long now, AdvertisementView advertisement) {
    if (advertisement.priority() == 0) {
      lastAdvertNanos = now;
      masterDownDeadline = now + skewTimeNanos();
      masterDownCause = TransitionCause.MASTER_RELEASED;
      return NOTHING;
    }
    boolean lower = advertisement.priority() < priority;
    if (lower && preemptive && !holdingOffPreemption(now)) {
      // let its down timer run out: we take over unless a better master shows up first
      masterDownCause = TransitionCause.PREEMPTION;
      return NOTHING;
    }
    if (!lower) {
      holdingOffPreemption = false;
    }
    follow(now, advertisement);
    wanting = false;
    masterDownDeadline = now + masterDownIntervalNanos();
    masterDownCause = TransitionCause.MASTER_DOWN;
    return NOTHING;
  }

  /** A lower-priority master is tolerated for preemptDelay from the moment it is first heard. */
  private boolean holdingOffPreemption(long now) {
    if (config.preemptDelay().isZero()) {
      return false;
    }
    if (!holdingOffPreemption) {
      holdingOffPreemption = true;
      preemptionAllowedAt = now + config.preemptDelay().toNanos();
    }
    return now < preemptionAllowedAt;
  }

  private List<VrrpAction> masterReceives(long now, AdvertisementView advertisement) {
    if (advertisement.priority() == 0) {
      adverDeadline = now + intervalNanos;
      return advertise;
    }
    if (advertisement.priority() > priority
        || advertisement.priority() == priority && advertisement.compareSourceTo(primary) > 0) {
      transition(TransitionCause.HIGHER_PRIORITY, VrrpState.BACKUP);
      adverDeadline = NO_DEADLINE;
      follow(now, advertisement);
      masterDownDeadline = now + masterDownIntervalNanos();
      masterDownCause = TransitionCause.MASTER_DOWN;
      return List.of(new ReleaseAddresses(),
          new Transition(VrrpState.MASTER, VrrpState.BACKUP, TransitionCause.HIGHER_PRIORITY));
    }
    return answerLowerPriority;
  }

  private void follow(long now, AdvertisementView advertisement) {
    boolean same = masterKnown && advertisement.sourceEquals(masterSource)
        && masterPriority == advertisement.priority() && masterIntervalCentis == advertisement.intervalCentis();
    if (!same) {
      advertisement.copySource(masterSource);
      masterKnown = true;
      masterPriority = advertisement.priority();
      masterIntervalCentis = advertisement.intervalCentis();
      masterEpoch++;
    }
    lastAdvertNanos = now;
    if (config.version() == VrrpVersion.V3) {
      // RFC 9568 §6.4.2: adopt the master's interval; Skew_Time and the down interval follow it
      masterIntervalNanos = advertisement.intervalCentis() * NANOS_PER_CENTI;
    }
  }

  private List<VrrpAction> enter(long now, TransitionCause cause) {
    VrrpState from = state;
    masterIntervalNanos = intervalNanos;
    forgetMaster();
    lastAdvertNanos = -1;
    holdingOffPreemption = false;
    wanting = false;
    if (isOwner()) {
      return becomeMaster(now, cause);
    }
    transition(cause, VrrpState.BACKUP);
    masterDownDeadline = now + masterDownIntervalNanos();
    masterDownCause = TransitionCause.MASTER_DOWN;
    return List.of(new Transition(from, VrrpState.BACKUP, cause));
  }

  private List<VrrpAction> becomeMaster(long now, TransitionCause cause) {
    VrrpState from = state;
    transition(cause, VrrpState.MASTER);
    masterDownDeadline = NO_DEADLINE;
    adverDeadline = now + intervalNanos;
    holdingOffPreemption = false;
    wanting = false;
    return List.of(new SendAdvertisement(priority), new ClaimAddresses(),
        new Transition(from, VrrpState.MASTER, cause));
  }

  private List<VrrpAction> leave(VrrpState to, TransitionCause cause) {
    VrrpState from = state;
    transition(cause, to);
    adverDeadline = NO_DEADLINE;
    masterDownDeadline = NO_DEADLINE;
    forgetMaster();
    wanting = false;
    Transition transition = new Transition(from, to, cause);
    return from == VrrpState.MASTER
        ? List.of(new SendAdvertisement(0), new ReleaseAddresses(), transition)
        : List.of(transition);
  }

  private void forgetMaster() {
    if (masterKnown) {
      masterKnown = false;
      masterEpoch++;
    }
  }

  private void transition(TransitionCause cause, VrrpState to) {
    if (!FROM.get(cause).contains(state) || !TO.get(cause).contains(to)) {
      throw new IllegalStateException("illegal transition: " + state + " -> " + to + " (" + cause + ")");
    }
    state = to;
  }

  private void require(VrrpState expected, String operation) {
    if (state != expected) {
      throw new IllegalStateException(operation + ": in " + state + " (expected: " + expected + ")");
    }
  }

  private boolean isOwner() {
    return config.priority() == VrrpConfig.OWNER_PRIORITY;
  }

  private static void allow(TransitionCause cause, Set<VrrpState> from, Set<VrrpState> to) {
    FROM.put(cause, from);
    TO.put(cause, to);
  }
}
