package io.github.failover4j.group;

import io.github.failover4j.Tracked;
import io.github.failover4j.MasterStatus;
import io.github.failover4j.MoverOptions;
import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import io.github.failover4j.TrackState;
import io.github.failover4j.TrackStatus;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.ElectionStatus;
import io.github.failover4j.spi.ElectionException;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.LeaseView;
import io.github.failover4j.vrrp.AdvertisementView;
import io.github.failover4j.vrrp.DecodeOptions;
import io.github.failover4j.vrrp.MasterInfo;
import io.github.failover4j.vrrp.VrrpAction;
import io.github.failover4j.vrrp.VrrpCodec;
import io.github.failover4j.vrrp.VrrpDecodeException;
import io.github.failover4j.vrrp.VrrpState;
import io.github.failover4j.vrrp.VrrpStateMachine;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One group's decisions, without a clock, threads or sockets: its election (the VRRP state machine,
 * or a store's lease: {@link LeaseElection}), the faults that hold it in FAULT, its effective priority (base + tracked weights − demotion), its sync
 * group, and the filter its advertisements pass. A driver feeds it time, packets, link states and
 * check results on one thread, and carries out what it asks through a {@link GroupOutput}: the
 * Linux engine and the testkit's simulation run the same logic.
 *
 * <p>The packet path allocates nothing: the codec reads each packet into one reused view, which
 * the filter and the state machine read.
 */
public final class GroupLogic {
  private final GroupSettings settings;
  private final InetAddress source;
  private final Election election;
  private final VrrpStateMachine machine; // null when a lease elects the group
  private final LeaseElection lease; // null under VRRP
  private final DecodeOptions decodeOptions;
  private final PacketFilter filter;
  private final Trackers trackers;
  private final GroupTelemetry telemetry;
  private final GroupOutput output;
  private final byte[][] addresses;
  private final String linkFault;
  private final AdvertisementView view = new AdvertisementView();
  // fault reasons in the order they arose, each with the cause it gives a role change
  private final Map<String, RoleChange.Cause> faults = new LinkedHashMap<>();
  private final TrackCounts[] trackCounts;
  private boolean started;
  private boolean awaitingFirstResults;
  private long startedNanos;
  private int demotion;
  // what failing cloud claims take off the priority, by mover (MoverOptions.OnClaimFailure.DEMOTE)
  private final Map<String, Integer> moverDemotions = new LinkedHashMap<>();
  private int moverDemotion;
  private boolean masterHeard; // since the last transition: a pending cloud release is called off once
  private int lastHeardPriority = -1;
  private long publishedEpoch = -1;
  private boolean syncing;
  // why the next transition happens, when the state machine cannot know it
  private RoleChange.Cause pendingCause;
  private String pendingDetail = "";

  /**
   * Creates the logic of a group.
   *
   * @param settings the group's configuration
   * @param source the address it sends from
   * @param output what carries out its decisions
   */
  public GroupLogic(GroupSettings settings, InetAddress source, GroupOutput output) {
    this.settings = settings;
    this.source = source;
    if (settings.election().isPresent()) {
      this.machine = null;
      this.lease = new LeaseElection(settings.election().get(), settings.vrrp().priority(), settings.vrrp().preempt(),
          output::lease);
      this.election = lease;
    } else {
      this.machine = new VrrpStateMachine(settings.vrrp(), source);
      this.lease = null;
      this.election = new VrrpElection(machine);
    }
    this.decodeOptions = settings.vrrp().decodeOptions().withTtlCheck(settings.checkTtl());
    this.filter = new PacketFilter(settings.vrrp().family().vrrpGroup(), settings.unicastPeers());
    this.trackers = new Trackers(settings.tracked());
    this.telemetry = new GroupTelemetry(settings);
    this.output = output;
    this.addresses = settings.virtualIps().stream().map(VirtualIp::address).map(InetAddress::getAddress)
        .toArray(byte[][]::new);
    this.linkFault = "interface " + settings.interfaceName() + " down";
    this.trackCounts = new TrackCounts[trackers.size()];
    java.util.Arrays.fill(trackCounts, TrackCounts.NONE);
    publishTracked();
    publishElection();
  }

  /**
   * Returns the group's configuration.
   *
   * @return the settings
   */
  public GroupSettings settings() {
    return settings;
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
   * Returns what the group publishes to other threads.
   *
   * @return the telemetry
   */
  public GroupTelemetry telemetry() {
    return telemetry;
  }

  /**
   * Returns the VRRP state.
   *
   * @return the state; INITIALIZE before start and after stop
   */
  public VrrpState state() {
    return election.state();
  }

  /**
   * Returns the priority the group advertises now.
   *
   * @return the effective priority
   */
  public int priority() {
    return election.priority();
  }

  /**
   * Lets the status show how often a tracked check ran.
   *
   * @param index the tracked item's index in {@link GroupSettings#tracked()}
   * @param counts its counts
   */
  public void trackCounts(int index, TrackCounts counts) {
    trackCounts[index] = counts;
    publishTracked();
  }

  // ----- inputs, on the driving thread

  /**
   * Starts the group: BACKUP (MASTER for the address owner), or FAULT if a fault is known.
   *
   * @param now the driver's ticker reading
   * @param linkUp whether the group's interface is up
   */
  public void start(long now, boolean linkUp) {
    started = true;
    startedNanos = now;
    telemetry.started(now);
    if (!linkUp) {
      faults.put(linkFault, RoleChange.Cause.INTERFACE_DOWN);
    }
    applyPriority(now, "start");
    settings.syncGroup().ifPresent(sync -> sync.join(now, this));
    awaitingFirstResults = trackers.pending();
    if (!awaitingFirstResults) {
      begin(now);
    }
  }

  /**
   * Starts the state machine, once every weight-0 item has its first result (keepalived waits for
   * its scripts too): a group must not claim the addresses only to drop them when a check it
   * depends on reports a failure a moment later.
   */
  private void begin(long now) {
    List<VrrpAction> actions;
    if (faults.isEmpty()) {
      actions = election.start(now);
    } else {
      pendingFault();
      actions = election.onFault(now);
    }
    if (actions.stream().noneMatch(VrrpAction.ClaimAddresses.class::isInstance)) {
      output.release(); // addresses a crashed run left behind
    }
    perform(now, actions);
    telemetry.faults(List.copyOf(faults.keySet()));
  }

  /**
   * Stops the group: a MASTER sends priority 0, then releases.
   *
   * @param now the driver's ticker reading
   */
  public void stop(long now) {
    if (!started) {
      return;
    }
    started = false;
    if (election.state() != VrrpState.INITIALIZE) {
      perform(now, election.shutdown(now));
    }
    settings.syncGroup().ifPresent(sync -> sync.leave(now, this));
  }

  /**
   * Forgets the group without a word, as when its process dies: no priority 0, no release. The
   * testkit's simulation crashes nodes this way.
   *
   * @param now the driver's ticker reading
   */
  public void abandon(long now) {
    if (started) {
      started = false;
      settings.syncGroup().ifPresent(sync -> sync.leave(now, this));
    }
  }

  /**
   * Returns when {@link #onTimer} must run next.
   *
   * @return the ticker reading, or {@link VrrpStateMachine#NO_DEADLINE}
   */
  public long deadline() {
    return election.nextDeadlineNanos();
  }

  /**
   * Runs the timers that are due.
   *
   * @param now the driver's ticker reading
   */
  public void onTimer(long now) {
    if (!started || now < election.nextDeadlineNanos()) {
      return;
    }
    // a sync group's members are VRRP groups (GroupSettings)
    if (election.state() == VrrpState.BACKUP && settings.syncGroup().isPresent()
        && !settings.syncGroup().get().mayTakeOver(now, this)) {
      machine.holdBackup(now); // the others are not ready: wait for them
      return;
    }
    performElected(now, election.onTimer(now));
  }

  /**
   * Takes a lease store's answer to a {@link LeaseRequest}.
   *
   * @param now the driver's ticker reading
   * @param id the request's id
   * @param sentNanos the driver's ticker reading just before the call was sent
   * @param view the election after the call
   * @param timing the lease's times, as the store granted them
   */
  public void onLeaseView(long now, long id, long sentNanos, LeaseView view, LeaseTiming timing) {
    performElected(now, lease.onView(now, id, sentNanos, view, timing));
    boolean another = view.holder().isPresent() && !view.heldBy(settings.election().orElseThrow().candidate());
    if (!masterHeard && another && lease.state() == VrrpState.BACKUP) {
      masterHeard = true; // its claim moves the addresses: a pending cloud release is called off
      output.masterHeard();
    }
    publishElection();
  }

  /**
   * Takes a lease store's failure to answer a {@link LeaseRequest}.
   *
   * @param now the driver's ticker reading
   * @param id the request's id
   * @param kind what the failure was
   * @param message what failed, without secrets
   */
  public void onLeaseFailure(long now, long id, ElectionException.Kind kind, String message) {
    performElected(now, lease.onFailure(now, id, kind, message));
    publishElection();
  }

  /**
   * Takes the news that every mover of the group is idle (a release done): a group elected by a
   * lease resigns it only then, so that the next holder cannot claim addresses still held here.
   * Taken after {@link #stop} too, for the resign of a closing group.
   *
   * @param now the driver's ticker reading
   */
  public void onMoversIdle(long now) {
    if (lease != null) {
      lease.released(now);
      perform(now, List.of());
    }
  }

  /** Performs what the election decided on its own, with its reasons for a transition. */
  private void performElected(long now, List<VrrpAction> actions) {
    if (lease != null && !actions.isEmpty()) {
      pendingCause = lease.cause();
      pendingDetail = lease.detail();
    }
    perform(now, actions);
  }

  /**
   * Takes a packet of this group's VRID from its interface.
   *
   * @param now the driver's ticker reading
   * @param packet the IP packet, from position to limit; not kept
   */
  public void onPacket(long now, ByteBuffer packet) {
    try {
      VrrpCodec.read(packet, decodeOptions, view);
    } catch (VrrpDecodeException e) {
      telemetry.dropped(e.reason());
      output.dropped(now, e);
      return;
    }
    onAdvertisement(now, view);
  }

  /**
   * Takes an advertisement the codec has read.
   *
   * @param now the driver's ticker reading
   * @param advert the advertisement; not kept
   */
  public void onAdvertisement(long now, AdvertisementView advert) {
    if (!started || machine == null) {
      return; // a lease group has no VRRP peers
    }
    PacketFilter.Verdict verdict = filter.judge(advert);
    if (verdict != PacketFilter.Verdict.ACCEPTED) {
      boolean wrongDestination = verdict == PacketFilter.Verdict.WRONG_DESTINATION;
      telemetry.count(wrongDestination ? GroupTelemetry.Count.WRONG_DESTINATION : GroupTelemetry.Count.NOT_FROM_PEER);
      output.doubted(now, wrongDestination ? GroupOutput.Problem.WRONG_DESTINATION
          : GroupOutput.Problem.NOT_FROM_PEER, advert);
      return;
    }
    telemetry.count(GroupTelemetry.Count.ADVERTS_RECEIVED);
    if (advert.priority() == 0) {
      telemetry.count(GroupTelemetry.Count.PRIORITY_ZERO_RECEIVED);
    }
    if (!advert.addressesEqual(addresses)) {
      telemetry.count(GroupTelemetry.Count.ADDRESS_LIST_MISMATCHES);
      output.doubted(now, GroupOutput.Problem.ADDRESS_LIST_MISMATCH, advert);
    }
    lastHeardPriority = advert.priority();
    perform(now, machine.onAdvertisement(now, advert));
    if (!masterHeard && advert.priority() != 0 && machine.state() == VrrpState.BACKUP) {
      masterHeard = true;
      output.masterHeard();
    }
    if (machine.masterEpoch() != publishedEpoch) {
      publishFollowed(advert);
    }
  }

  /**
   * Takes a change of the group's own interface.
   *
   * @param now the driver's ticker reading
   * @param up whether it is up
   */
  public void onLink(long now, boolean up) {
    boolean changed = up ? faults.remove(linkFault) != null
        : faults.putIfAbsent(linkFault, RoleChange.Cause.INTERFACE_DOWN) == null;
    if (changed) {
      reconcile(now, "interface " + settings.interfaceName() + " up");
    }
  }

  /**
   * Takes a new state of a tracked check, interface or file.
   *
   * @param now the driver's ticker reading
   * @param index its index in {@link GroupSettings#tracked()}
   * @param state its state
   * @param value a tracked file's number; 0 otherwise
   * @param detail what the last result said, for the status
   */
  public void onTracked(long now, int index, TrackState state, long value, String detail) {
    boolean wasFaulty = trackers.faulty(index);
    String oldFault = wasFaulty ? trackers.faultReason(index) : null;
    if (!trackers.update(index, state, value, detail)) {
      return;
    }
    Tracked tracked = trackers.get(index);
    output.trackChanged(tracked, state, trackers.effect(index));
    if (wasFaulty) {
      faults.remove(oldFault);
    }
    if (trackers.faulty(index)) {
      faults.put(trackers.faultReason(index), trackers.faultCause(index));
    }
    publishTracked();
    reconcile(now, tracked.label() + " " + state.name().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Takes a new total of the demotions that apply to this group.
   *
   * @param now the driver's ticker reading
   * @param total the sum of the demotions' amounts
   * @param reason why it changed, in words
   */
  public void onDemotion(long now, int total, String reason) {
    if (total != demotion) {
      demotion = total;
      telemetry.demotion(total);
      reconcile(now, reason);
    }
  }

  /**
   * Applies or lifts a mover's claim-failure policy: a fault, or a demotion, while its claim fails.
   *
   * @param now the driver's ticker reading
   * @param mover the mover's name
   * @param failing whether the policy applies
   * @param options the mover's options (the policy and the amount of a demotion)
   * @param why in words, without secrets
   */
  public void onMoverFailing(long now, String mover, boolean failing, MoverOptions options, String why) {
    boolean changed;
    if (options.onClaimFailure() == MoverOptions.OnClaimFailure.FAULT) {
      String reason = "mover " + mover + " cannot claim";
      changed = failing ? faults.putIfAbsent(reason, RoleChange.Cause.MOVER_FAILED) == null
          : faults.remove(reason) != null;
    } else if (options.onClaimFailure() == MoverOptions.OnClaimFailure.DEMOTE) {
      changed = failing ? moverDemotions.put(mover, options.demoteBy()) == null : moverDemotions.remove(mover) != null;
      moverDemotion = moverDemotions.values().stream().mapToInt(Integer::intValue).sum();
    } else {
      return;
    }
    if (changed) {
      reconcile(now, why);
    }
  }

  /**
   * Steps down from MASTER because a mover found the addresses on another node and its policy says
   * to leave them there (priority 0 first, so that node's group takes over at once).
   *
   * @param now the driver's ticker reading
   * @param why in words
   */
  public void onSplitBrain(long now, String why) {
    if (started && election.state() == VrrpState.MASTER) {
      pendingCause = RoleChange.Cause.SPLIT_BRAIN;
      pendingDetail = why;
      perform(now, election.yieldMaster(now));
    }
  }

  /**
   * Steps down from MASTER on request, without stopping: priority 0 first (a backup takes over after
   * Skew_Time), the addresses released, then BACKUP, taking part in elections as before.
   *
   * @param now the driver's ticker reading
   * @param why in words, for the role change
   * @return true if it was MASTER and stepped down; false otherwise (nothing changes)
   */
  public boolean yieldMaster(long now, String why) {
    if (!started || election.state() != VrrpState.MASTER) {
      return false;
    }
    pendingCause = RoleChange.Cause.YIELDED;
    pendingDetail = why;
    perform(now, election.yieldMaster(now));
    return true;
  }

  // ----- sync groups

  boolean wantsMaster(long now) {
    return machine.wantsMaster(now);
  }

  boolean hasOwnFault() {
    return started && faults.values().stream().anyMatch(c -> c != RoleChange.Cause.SYNC_GROUP);
  }

  void syncTakeOver(long now, String why) {
    if (started && machine.state() == VrrpState.BACKUP) {
      bySync(now, why, () -> machine.takeOver(now));
    }
  }

  void syncYield(long now, String why) {
    if (started && machine.state() == VrrpState.MASTER) {
      bySync(now, why, () -> machine.yieldMaster(now));
    }
  }

  void syncFault(long now, String reason, boolean active) {
    boolean changed = active ? faults.putIfAbsent(reason, RoleChange.Cause.SYNC_GROUP) == null
        : faults.remove(reason) != null;
    if (changed && started) {
      syncing = true;
      try {
        reconcile(now, reason.replace(" in FAULT", " recovered"));
      } finally {
        syncing = false;
      }
    }
  }

  private void bySync(long now, String why, java.util.function.Supplier<List<VrrpAction>> move) {
    syncing = true;
    try {
      pendingCause = RoleChange.Cause.SYNC_GROUP;
      pendingDetail = why;
      perform(now, move.get());
    } finally {
      syncing = false;
    }
  }

  // ----- decisions

  /** Brings priority and FAULT in line with the faults, tracked items and demotion. */
  private void reconcile(long now, String why) {
    applyPriority(now, why);
    if (!started) {
      return;
    }
    if (awaitingFirstResults) {
      awaitingFirstResults = trackers.pending();
      if (!awaitingFirstResults) {
        begin(now);
        if (!syncing) {
          settings.syncGroup().ifPresent(sync -> sync.refreshFaults(now));
        }
      }
      return;
    }
    VrrpState state = election.state();
    if (!faults.isEmpty() && state != VrrpState.FAULT && state != VrrpState.INITIALIZE) {
      pendingFault();
      perform(now, election.onFault(now));
    } else if (faults.isEmpty() && state == VrrpState.FAULT) {
      pendingCause = RoleChange.Cause.RECOVERED;
      pendingDetail = why;
      perform(now, election.onRecovered(now));
    }
    telemetry.faults(List.copyOf(faults.keySet()));
    if (!syncing) {
      settings.syncGroup().ifPresent(sync -> sync.refreshFaults(now));
    }
  }

  private void pendingFault() {
    Map.Entry<String, RoleChange.Cause> first = faults.entrySet().iterator().next();
    pendingCause = first.getValue();
    pendingDetail = first.getKey();
  }

  private void applyPriority(long now, String why) {
    if (settings.owner()) {
      return;
    }
    int from = election.priority();
    int to = trackers.effectivePriority(settings.vrrp().priority(), demotion + moverDemotion);
    if (to != from) {
      election.setPriority(now, to);
      telemetry.priority(to);
      if (machine != null && machine.state() == VrrpState.MASTER) {
        telemetry.master(self());
      }
      output.priorityChanged(from, to, why);
    }
  }

  private void perform(long now, List<VrrpAction> actions) {
    performActions(now, actions);
    if (lease != null) {
      lease.sendDue(now); // after the actions: a holder releases the addresses before it resigns
    }
  }

  private void performActions(long now, List<VrrpAction> actions) {
    for (int i = 0; i < actions.size(); i++) {
      VrrpAction action = actions.get(i);
      if (action instanceof VrrpAction.SendAdvertisement send) {
        send(send.priority());
      } else if (action instanceof VrrpAction.ClaimAddresses) {
        // a lease's holder claims for its term: the view that made it MASTER holds the token
        output.claim(lease == null ? OptionalLong.empty() : lease.view().stream()
            .mapToLong(LeaseView::fencingToken).findFirst());
      } else if (action instanceof VrrpAction.ReleaseAddresses) {
        output.release();
      } else if (action instanceof VrrpAction.Reannounce) {
        output.reannounce();
      } else if (action instanceof VrrpAction.Transition transition) {
        transitioned(now, transition);
      }
    }
  }

  private void send(int priority) {
    if (output.send(priority)) {
      telemetry.count(GroupTelemetry.Count.ADVERTS_SENT);
      if (priority == 0) {
        telemetry.count(GroupTelemetry.Count.PRIORITY_ZERO_SENT);
      }
    } else {
      telemetry.count(GroupTelemetry.Count.SEND_ERRORS);
    }
  }

  private void transitioned(long now, VrrpAction.Transition transition) {
    Role to = role(transition.to());
    RoleChange.Cause cause = cause(transition);
    String detail = pendingCause == null ? "" : pendingDetail;
    pendingCause = null;
    masterHeard = false;
    pendingDetail = "";
    // a BACKUP publishes whom it follows once it hears from them; a lease group's status shows its holder
    telemetry.master(to == Role.MASTER && machine != null ? self() : null);
    publishedEpoch = -1;
    Optional<MasterInfo> followed = machine == null ? Optional.empty() : machine.master();
    long lastAdvert = machine == null ? -1 : machine.lastAdvertNanos();
    output.transitioned(new RoleTransition(role(transition.from()), to, cause, detail, election.priority(),
        lastAdvert < 0 ? -1 : now - lastAdvert, now - startedNanos, lastHeardPriority, followed,
        settings.interfaceName()));
    telemetry.role(now, to);
    publishElection();
    if (!syncing && transition.to() != VrrpState.INITIALIZE) {
      settings.syncGroup().ifPresent(sync -> sync.moved(now, this, transition.from(), transition.to()));
    }
  }

  private RoleChange.Cause cause(VrrpAction.Transition transition) {
    return switch (transition.cause()) {
      case STARTUP -> RoleChange.Cause.STARTED;
      case MASTER_DOWN -> RoleChange.Cause.MASTER_DOWN;
      case MASTER_RELEASED -> RoleChange.Cause.MASTER_RELEASED;
      case PREEMPTION -> RoleChange.Cause.PREEMPTED_LOWER_PRIORITY;
      case HIGHER_PRIORITY -> RoleChange.Cause.HIGHER_PRIORITY;
      case SHUTDOWN -> RoleChange.Cause.CLOSED;
      case FAULT, RECOVERED, TAKEOVER, YIELD -> pendingCause != null ? pendingCause : RoleChange.Cause.RECOVERED;
    };
  }

  private static Role role(VrrpState state) {
    return switch (state) {
      case INITIALIZE -> Role.INITIALIZE;
      case BACKUP -> Role.BACKUP;
      case MASTER -> Role.MASTER;
      case FAULT -> Role.FAULT;
    };
  }

  private MasterStatus self() {
    return new MasterStatus(source, machine.priority(), settings.vrrp().advertInterval(), settings.vrrp().checksum(),
        true);
  }

  /** What a BACKUP follows, as status; allocates, so only when the followed master changed. */
  private void publishFollowed(AdvertisementView advert) {
    publishedEpoch = machine.masterEpoch();
    if (machine.state() == VrrpState.BACKUP) {
      telemetry.master(machine.master().map(m -> new MasterStatus(m.address(), m.priority(),
          java.time.Duration.ofMillis(m.intervalCentis() * 10L), advert.checksum(), false)).orElse(null));
    }
  }

  /** A lease group's election as status; allocates, so only on its answers and role changes. */
  private void publishElection() {
    if (lease == null) {
      return;
    }
    ElectionSettings election = settings.election().orElseThrow();
    Optional<LeaseView> view = lease.view();
    telemetry.election(new ElectionStatus(election.store(), election.candidate(),
        view.flatMap(LeaseView::holder), view.map(LeaseView::fencingToken).orElse(0L),
        view.map(LeaseView::candidates).orElse(List.of()), Optional.empty(), lease.lastError(),
        lease.answered(), lease.failures()), lease.validUntil());
  }

  private void publishTracked() {
    List<TrackStatus> statuses = new ArrayList<>(trackers.size());
    for (int i = 0; i < trackers.size(); i++) {
      Tracked t = trackers.get(i);
      TrackCounts counts = trackCounts[i];
      statuses.add(new TrackStatus(t.kind(), t.name(), trackers.state(i), t.weight(), t.reverse(),
          trackers.effect(i), trackers.detail(i), counts.runs(), counts.timeouts(), counts.skipped(),
          counts.lastLatency()));
    }
    telemetry.tracked(statuses);
  }
}
