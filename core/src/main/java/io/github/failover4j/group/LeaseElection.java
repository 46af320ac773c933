package io.github.failover4j.group;

import io.github.failover4j.RoleChange;
import io.github.failover4j.internal.LogTask;
import io.github.failover4j.spi.Candidate;
import io.github.failover4j.spi.ElectionException;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.LeaseView;
import io.github.failover4j.vrrp.TransitionCause;
import io.github.failover4j.vrrp.VrrpAction;
import io.github.failover4j.vrrp.VrrpState;
import io.github.failover4j.vrrp.VrrpStateMachine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Leadership from a store's lease, without a clock or IO: when to campaign, renew, watch, yield and
 * resign, the same for every {@link io.github.failover4j.spi.LeaseStore}. The store's calls go out
 * as {@link LeaseRequest}s, one at a time, and their answers come back by id.
 *
 * <p>Safety: a holder keeps the addresses only until {@link LeaseTiming#renewDeadline()} after it
 * <em>sent</em> its last successful campaign; the store lets another take the lease no sooner than
 * {@link LeaseTiming#duration()} after it received that call, which is later. A holder also gives
 * the addresses up, and waits until its movers report them given up, before it resigns, so that two
 * nodes never hold them at once.
 *
 * <p>Who leads: a node campaigns when the lease is free; if a live candidate outranks it (a higher
 * priority, or an equal one and a greater identity), it lets that one go first for a skew of
 * {@code (256 - priority) / 256} renewal periods, as VRRP's Skew_Time does. A holder yields to a candidate of higher priority that
 * preempts; it is never taken over by force.
 */
final class LeaseElection implements Election {
  private final String self;
  private final boolean preempt;
  private final Consumer<LeaseRequest> calls;
  private LeaseTiming timing;
  private int priority;
  private VrrpState state = VrrpState.INITIALIZE;
  private long nextId;
  private LeaseRequest inFlight; // null when no call is out
  private long nextCallAt = VrrpStateMachine.NO_DEADLINE; // when no call is out
  private Optional<LeaseView> view = Optional.empty();
  private long validUntil; // while MASTER: the addresses go at this reading unless a renewal succeeds
  private long lastRenewalSent = -1;
  private long freeSince = -1; // since when the lease has been seen free, for Skew_Time
  private long standAsideUntil = Long.MIN_VALUE; // after a yield: let the others take it first
  private boolean mayHold; // the store may count this node as the holder: resign before standing aside
  private boolean releasing; // left MASTER, its movers not yet idle: no resign until they are
  // why the last transition this election made on its own happened
  private RoleChange.Cause cause = RoleChange.Cause.RECOVERED;
  private String detail = "";
  private String lastError = "";
  private long answered;
  private long failures;

  LeaseElection(ElectionSettings settings, int priority, boolean preempt, Consumer<LeaseRequest> calls) {
    this.self = settings.candidate();
    this.timing = settings.timing();
    this.priority = priority;
    this.preempt = preempt;
    this.calls = calls;
  }

  // ----- Election

  @Override
  public List<VrrpAction> start(long now) {
    return move(now, VrrpState.BACKUP, TransitionCause.STARTUP);
  }

  @Override
  public List<VrrpAction> onTimer(long now) {
    return expire(now);
  }

  /** A MASTER whose renewals failed until its renew deadline gives the addresses up. */
  private List<VrrpAction> expire(long now) {
    return state == VrrpState.MASTER && now >= validUntil ? explained(now, VrrpState.BACKUP,
        RoleChange.Cause.LEASE_LOST, "lease not renewed for " + new LogTask.Millis(now - lastRenewalSent))
        : List.of();
  }

  @Override
  public List<VrrpAction> onFault(long now) {
    return move(now, VrrpState.FAULT, TransitionCause.FAULT);
  }

  @Override
  public List<VrrpAction> onRecovered(long now) {
    return move(now, VrrpState.BACKUP, TransitionCause.RECOVERED);
  }

  @Override
  public List<VrrpAction> shutdown(long now) {
    return move(now, VrrpState.INITIALIZE, TransitionCause.SHUTDOWN);
  }

  @Override
  public List<VrrpAction> yieldMaster(long now) {
    standAsideUntil = now + timing.duration().toNanos();
    return move(now, VrrpState.BACKUP, TransitionCause.YIELD);
  }

  @Override
  public void setPriority(long now, int value) {
    priority = value;
    republish(now);
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public VrrpState state() {
    return state;
  }

  @Override
  public long nextDeadlineNanos() {
    long call = inFlight == null ? nextCallAt : VrrpStateMachine.NO_DEADLINE;
    return state == VrrpState.MASTER ? Math.min(call, validUntil) : call;
  }

  // ----- answers

  /**
   * Takes a store's answer; that of a resign carries no view and is not read.
   *
   * @return the actions, with {@link #cause()} and {@link #detail()} explaining a transition
   */
  List<VrrpAction> onView(long now, long id, long sentNanos, LeaseView answer, LeaseTiming granted) {
    if (inFlight == null || inFlight.id() != id) {
      return List.of(); // a superseded observe
    }
    LeaseRequest.Kind kind = inFlight.kind();
    inFlight = null;
    answered++;
    lastError = "";
    timing = granted;
    nextCallAt = now;
    if (kind == LeaseRequest.Kind.RESIGN) {
      mayHold = false; // a resign returns no view: the next watch, from the last revision, returns at once
      return List.of();
    }
    view = Optional.of(answer);
    boolean mine = answer.heldBy(self);
    mayHold = mine;
    freeSince = answer.holder().isPresent() && !mine ? -1 : freeSince < 0 ? now : freeSince;
    List<VrrpAction> actions = List.of();
    boolean renewed = kind == LeaseRequest.Kind.CAMPAIGN && mine
        && sentNanos + timing.renewDeadline().toNanos() > now;
    if (state == VrrpState.MASTER && !mine) {
      actions = explained(now, VrrpState.BACKUP, RoleChange.Cause.LEASE_LOST,
          answer.holder().map(h -> "lease held by " + h.id()).orElse("lease lost in the store"));
    } else if (renewed && (state == VrrpState.MASTER || state == VrrpState.BACKUP && now >= standAsideUntil)) {
      validUntil = Math.max(state == VrrpState.MASTER ? validUntil : now, sentNanos + timing.renewDeadline().toNanos());
      lastRenewalSent = Math.max(lastRenewalSent, sentNanos);
      nextCallAt = sentNanos + timing.renewEvery().toNanos();
      Optional<Candidate> preemptor = preemptor(answer);
      if (preemptor.isPresent()) {
        standAsideUntil = now + timing.duration().toNanos();
        actions = state == VrrpState.MASTER ? explained(now, VrrpState.BACKUP, RoleChange.Cause.HIGHER_PRIORITY,
            "candidate " + preemptor.get().id() + " with priority " + preemptor.get().priority() + " preempts")
            : List.of(); // won a lease it must hand over at once: stay BACKUP and resign
        nextCallAt = now;
      } else if (state == VrrpState.BACKUP) {
        actions = explained(now, VrrpState.MASTER, RoleChange.Cause.LEASE_ACQUIRED, "took the lease (fencing token "
            + answer.fencingToken() + ")");
      }
    }
    return actions.isEmpty() ? expire(now) : actions; // a renewal answered too late does not count
  }

  /**
   * Takes a failed call: retried after the renewal period, a permanent failure after a lease's
   * duration, a cancelled one at once.
   *
   * @return the actions: a MASTER at its renew deadline gives the addresses up
   */
  List<VrrpAction> onFailure(long now, long id, ElectionException.Kind kind, String message) {
    if (inFlight == null || inFlight.id() != id) {
      return List.of();
    }
    LeaseRequest.Kind call = inFlight.kind();
    inFlight = null;
    answered++;
    failures++;
    lastError = call.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    // a campaign whose answer was lost may have taken the lease; a failed resign leaves it to expire
    mayHold = call == LeaseRequest.Kind.CAMPAIGN || call != LeaseRequest.Kind.RESIGN && mayHold;
    nextCallAt = now + switch (kind) {
      case CANCELLED -> 0;
      case RETRYABLE -> timing.renewEvery().toNanos();
      case PERMANENT -> timing.duration().toNanos();
    };
    return expire(now);
  }

  /**
   * The group's movers are idle: the addresses it held are given up, so the lease may go. Until
   * then a resign waits (if they never report it, the lease expires by itself: renewals stopped).
   */
  void released(long now) {
    if (releasing) {
      releasing = false;
      republish(now);
    }
  }

  RoleChange.Cause cause() {
    return cause;
  }

  String detail() {
    return detail;
  }

  Optional<LeaseView> view() {
    return view;
  }

  long validUntil() {
    return state == VrrpState.MASTER ? validUntil : -1;
  }

  String lastError() {
    return lastError;
  }

  long answered() {
    return answered;
  }

  long failures() {
    return failures;
  }

  // ----- decisions

  private List<VrrpAction> explained(long now, VrrpState to, RoleChange.Cause why, String text) {
    cause = why;
    detail = text;
    return move(now, to, to == VrrpState.MASTER ? TransitionCause.TAKEOVER : TransitionCause.YIELD);
  }

  /** Changes state; the store hears of it with the next call, which goes out at once. */
  private List<VrrpAction> move(long now, VrrpState to, TransitionCause why) {
    VrrpState from = state;
    if (from == to) {
      return List.of();
    }
    state = to;
    List<VrrpAction> actions = new ArrayList<>(2);
    if (to == VrrpState.MASTER) {
      actions.add(new VrrpAction.ClaimAddresses());
      releasing = false;
    } else if (from == VrrpState.MASTER) {
      actions.add(new VrrpAction.ReleaseAddresses());
      releasing = true;
    }
    actions.add(new VrrpAction.Transition(from, to, why));
    if (to != VrrpState.MASTER) {
      republish(now);
    }
    return actions;
  }

  /**
   * Calls off a watch in flight, so that the store hears this node's new priority or state now. The
   * call goes out from the timer due at once, after the driver has performed this step's actions:
   * a holder that leaves MASTER has released the addresses before its resign is sent.
   */
  private void republish(long now) {
    if (inFlight != null && inFlight.kind() == LeaseRequest.Kind.OBSERVE) {
      inFlight = null;
    }
    if (inFlight == null) {
      nextCallAt = Math.min(nextCallAt, now);
    }
  }

  /**
   * Sends the next call if none is out and it is due. The driver calls it after it performed the
   * actions of each step, so that a holder's release goes before its resign.
   */
  void sendDue(long now) {
    if (inFlight != null || now < nextCallAt) {
      return;
    }
    long renewEvery = timing.renewEvery().toNanos();
    LeaseRequest.Kind kind;
    long deadline = now + renewEvery;
    switch (state) {
      case INITIALIZE -> {
        if (!mayHold || releasing) {
          nextCallAt = VrrpStateMachine.NO_DEADLINE; // released() sends the resign
          return;
        }
        kind = LeaseRequest.Kind.RESIGN;
      }
      case FAULT -> kind = mayHold && !releasing ? LeaseRequest.Kind.RESIGN : LeaseRequest.Kind.OBSERVE;
      case MASTER -> {
        kind = LeaseRequest.Kind.CAMPAIGN;
        // a renewal that hangs is cancelled after a renewal period and tried again, never past the validity
        deadline = Math.min(deadline, validUntil);
      }
      default -> {
        long campaignAt = campaignAt();
        if (mayHold && now < standAsideUntil) {
          kind = releasing ? LeaseRequest.Kind.OBSERVE : LeaseRequest.Kind.RESIGN;
        } else if (campaignAt <= now) {
          kind = LeaseRequest.Kind.CAMPAIGN;
        } else {
          kind = LeaseRequest.Kind.OBSERVE;
          deadline = Math.min(deadline, campaignAt);
        }
      }
    }
    boolean standing = state == VrrpState.MASTER || state == VrrpState.BACKUP;
    inFlight = new LeaseRequest(++nextId, kind, new Candidate(self, standing ? priority : 0, preempt),
        view.map(LeaseView::revision).orElse(-1L), deadline);
    calls.accept(inFlight);
  }

  /**
   * When a BACKUP campaigns: never while another holds the lease; once it is free, at once unless a
   * live candidate outranks this node or it just stood aside, then after that wait.
   */
  private long campaignAt() {
    if (view.isEmpty()) {
      return VrrpStateMachine.NO_DEADLINE; // look first
    }
    LeaseView seen = view.get();
    if (seen.holder().isPresent() && !seen.heldBy(self)) {
      return VrrpStateMachine.NO_DEADLINE;
    }
    boolean others = seen.candidates().stream().anyMatch(c -> c.priority() > 0);
    long at = others ? standAsideUntil : Long.MIN_VALUE;
    if (outranked(seen)) {
      // VRRP's Skew_Time: the lower the priority, the longer it lets the others go first
      at = Math.max(at, freeSince + timing.renewEvery().toNanos() * (256 - priority) / 256);
    }
    return at;
  }

  private boolean outranked(LeaseView seen) {
    return seen.candidates().stream().anyMatch(c -> c.priority() > 0 && !c.id().equals(self)
        && (c.priority() > priority || c.priority() == priority && c.id().compareTo(self) > 0));
  }

  private Optional<Candidate> preemptor(LeaseView seen) {
    return seen.candidates().stream()
        .filter(c -> c.preempt() && c.priority() > priority && !c.id().equals(self))
        .max(Comparator.comparingInt(Candidate::priority));
  }
}
