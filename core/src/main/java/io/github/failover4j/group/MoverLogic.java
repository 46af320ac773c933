package io.github.failover4j.group;

import io.github.failover4j.MoverOptions;
import io.github.failover4j.MoverState;
import io.github.failover4j.MoverStatus;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Drives one IP mover of a group toward what the group wants, with the discipline of Pacemaker's
 * cloud agents: check who holds the addresses, act only if needed, verify, and re-check every
 * reconcile interval while MASTER. Pure and single-threaded: it reads no clock (every input takes
 * the driver's ticker reading) and asks for operations, cancellations and reports through its
 * {@link MoverOutput}; the Linux driver and the testkit's simulation run it alike.
 *
 * <p>At most one operation is in flight and at most one retry pending. A change of wish cancels
 * the operation in flight (a claim never runs on after the role is lost); so does its deadline.
 * Failures are retried with full-jitter exponential backoff (1 s doubling up to the options'
 * cap, no sooner than a provider's {@code Retry-After}); permanent ones only at the reconcile
 * interval. A cloud claim waits for the settle time; a cloud release does nothing unless asked,
 * never takes the addresses from another node, and is called off once another master is heard.
 */
public final class MoverLogic {
  /** {@link #deadline()} when nothing is due. */
  public static final long NO_DEADLINE = Long.MAX_VALUE;
  private static final long FIRST_BACKOFF = Duration.ofSeconds(1).toNanos();

  private enum Wish { NONE, HOLD, RELEASE }

  /** Why an operation runs: what it calls, and for which wish. */
  private enum Purpose {
    CHECK(MoverStep.OBSERVE, true),
    CLAIM(MoverStep.CLAIM, true),
    VERIFY(MoverStep.OBSERVE, true),
    RECONCILE(MoverStep.OBSERVE, true),
    REANNOUNCE(MoverStep.REANNOUNCE, true),
    CHECK_RELEASE(MoverStep.OBSERVE, false),
    RELEASE(MoverStep.RELEASE, false);

    final MoverStep step;
    final boolean forHold;

    Purpose(MoverStep step, boolean forHold) {
      this.step = step;
      this.forHold = forHold;
    }
  }

  private final String name;
  private final IpMover.Kind kind;
  private final MoverOptions options;
  private final RandomGenerator random;
  private final MoverOutput output;
  private final long timeout;
  private final long reconcileInterval;

  private Wish wish = Wish.NONE;
  private long wishSince;
  private boolean done;
  private boolean claimedOnce; // a cloud mover never releases what this run never tried to claim
  private Purpose inFlight;
  private long inFlightId;
  private long inFlightStart;
  private long inFlightDeadline;
  private boolean cancelRequested;
  private boolean expired;
  private long nextId;
  private long retryAt;
  private long reconcileAt = NO_DEADLINE;
  private boolean reannounceWanted;
  private long recheckFailures; // failed re-checks and announcements in a row, for their backoff
  private long failingSince = -1;
  private boolean failingReported;
  private long faultLiftAt = NO_DEADLINE;
  private boolean closed;

  private MoverState state = MoverState.IDLE;
  private Holder holder;
  private String lastError;
  private long lastLatency = -1;
  private long attempts;
  private long operations;
  private long failures;

  /**
   * Creates the logic of one mover.
   *
   * @param name the mover's name, for its status
   * @param kind where its addresses live
   * @param options how to run it
   * @param random draws the backoff's jitter
   * @param output what it asks of its driver
   */
  public MoverLogic(String name, IpMover.Kind kind, MoverOptions options, RandomGenerator random,
      MoverOutput output) {
    this.name = name;
    this.kind = kind;
    this.options = options;
    this.random = random;
    this.output = output;
    this.timeout = options.timeout().toNanos();
    this.reconcileInterval = options.reconcileInterval().toNanos();
  }

  /**
   * The group wants the addresses held: it is MASTER.
   *
   * @param now the driver's ticker reading
   */
  public void hold(long now) {
    want(now, Wish.HOLD);
  }

  /**
   * The group does not want the addresses held: it is not MASTER (at start too, so that the local
   * interface loses what a crashed run left on it).
   *
   * @param now the driver's ticker reading
   */
  public void release(long now) {
    want(now, Wish.RELEASE);
  }

  private void want(long now, Wish next) {
    if (closed || next == wish) {
      return;
    }
    wish = next;
    wishSince = now;
    done = false;
    attempts = 0;
    retryAt = now;
    reannounceWanted = false;
    recheckFailures = 0;
    if (next == Wish.RELEASE) {
      failingSince = -1; // a demotion stays until a claim succeeds; a fault until it is lifted
    }
    step(now);
  }

  /**
   * The group asks to announce the addresses again (a partition healed, a lower-priority master was
   * heard): the local mover announces, a cloud mover re-checks at once. Coalesced: one request
   * waits behind the operation in flight, the others join it.
   *
   * @param now the driver's ticker reading
   */
  public void reannounce(long now) {
    if (!closed && wish == Wish.HOLD && done) {
      reannounceWanted = true;
      step(now);
    }
  }

  /**
   * The group, not MASTER, heard another master: its claim moves the addresses, so a pending cloud
   * release is called off.
   *
   * @param now the driver's ticker reading
   */
  public void masterHeard(long now) {
    if (closed || wish != Wish.RELEASE || done || kind != IpMover.Kind.CLOUD) {
      return;
    }
    done = true;
    if (inFlight != null && !cancelRequested) {
      cancel(false);
    }
    setState(MoverState.IDLE, "another master is heard: its claim moves the addresses");
  }

  /**
   * Takes the result of an operation.
   *
   * @param now the driver's ticker reading
   * @param id the operation's identity
   * @param outcome how it ended
   */
  public void completed(long now, long id, MoverOutcome outcome) {
    if (inFlight == null || id != inFlightId) {
      return;
    }
    Purpose purpose = inFlight;
    boolean calledOff = cancelRequested && !expired;
    boolean timedOut = expired;
    inFlight = null;
    cancelRequested = false;
    expired = false;
    operations++;
    if (closed) {
      return;
    }
    if (calledOff || purpose.forHold != (wish == Wish.HOLD) || (!purpose.forHold && done)) {
      // asked for a wish that has changed since, or for a release another master called off (also
      // one past its deadline): whatever it did, it decides nothing now; a claim that went through
      // anyway is undone by the release
      if (purpose.step == MoverStep.OBSERVE && outcome.failure().isEmpty()) {
        holder = outcome.holder().orElse(holder);
      }
      step(now);
      return;
    }
    if (timedOut) {
      fail(now, purpose, purpose.step.name().toLowerCase(java.util.Locale.ROOT) + ": no result within "
          + options.timeout().toMillis() + " ms", IpMoverException.Kind.RETRYABLE, Optional.empty());
      return;
    }
    if (outcome.failure().isPresent()) {
      IpMoverException failure = outcome.failure().get();
      fail(now, purpose, failure.getMessage(), failure.kind(), failure.retryAfter());
      return;
    }
    lastLatency = now - inFlightStart;
    Holder seen = outcome.holder().orElse(null);
    switch (purpose) {
      case CHECK -> {
        holder = seen;
        if (seen.isSelf()) {
          holding(now, "already held");
        } else {
          start(now, Purpose.CLAIM);
        }
      }
      case CLAIM -> {
        if (kind == IpMover.Kind.LOCAL) {
          holding(now, "claimed in " + millis(lastLatency) + " ms");
        } else {
          start(now, Purpose.VERIFY);
        }
      }
      case VERIFY -> {
        holder = seen;
        if (seen.isSelf()) {
          holding(now, "claimed and verified");
        } else {
          fail(now, purpose, "verify: the provider shows " + seen + " after the claim",
              IpMoverException.Kind.RETRYABLE, Optional.empty());
          return;
        }
      }
      case RECONCILE -> reconciled(now, seen);
      case REANNOUNCE -> {
        lastError = null;
        recheckFailures = 0;
      }
      case CHECK_RELEASE -> {
        holder = seen;
        if (seen.isSelf()) {
          start(now, Purpose.RELEASE);
        } else {
          released(now, seen.state() == Holder.State.OTHER ? "held by " + seen + ": left alone" : "not held");
        }
      }
      case RELEASE -> {
        holder = Holder.nobody();
        released(now, "released in " + millis(lastLatency) + " ms");
      }
      default -> throw new IllegalStateException(purpose.name());
    }
    step(now);
  }

  private void reconciled(long now, Holder seen) {
    holder = seen;
    if (seen.isSelf()) {
      lastError = null;
      recheckFailures = 0;
      reconcileAt = now + reconcileInterval;
      return;
    }
    done = false;
    if (seen.state() == Holder.State.OTHER) {
      MoverOptions.OnSplitBrain action = options.onSplitBrain();
      output.splitBrain(seen, action);
      if (action == MoverOptions.OnSplitBrain.STEP_DOWN) {
        retryAt = now + reconcileInterval; // the group steps down; nothing to claim meanwhile
        lastError = "split brain: " + seen + " holds the addresses; stepping down";
        setState(MoverState.FAILING, lastError);
        return;
      }
      setState(MoverState.CLAIMING, "split brain: " + seen + " holds the addresses; claiming them back");
    } else {
      setState(MoverState.CLAIMING, "the provider shows " + seen + "; claiming again");
    }
    start(now, Purpose.CLAIM);
  }

  /**
   * Runs whatever is due.
   *
   * @param now the driver's ticker reading
   */
  public void onTimer(long now) {
    step(now);
  }

  /**
   * Returns when {@link #onTimer} must run next.
   *
   * @return the ticker reading, or {@link #NO_DEADLINE}
   */
  public long deadline() {
    if (closed) {
      return NO_DEADLINE;
    }
    long next = NO_DEADLINE;
    if (inFlight != null && !cancelRequested) {
      next = inFlightDeadline;
    }
    if (failingReported && options.onClaimFailure() == MoverOptions.OnClaimFailure.FAULT) {
      next = Math.min(next, faultLiftAt);
    }
    if (inFlight != null) {
      return next;
    }
    if (wish == Wish.HOLD && done) {
      next = Math.min(next, reconcileAt);
    }
    if (state == MoverState.SETTLING) {
      next = Math.min(next, wishSince + options.settle().toNanos());
    }
    if (state == MoverState.FAILING) {
      next = Math.min(next, retryAt);
    }
    if (failurePolicyPending()) {
      next = Math.min(next, failingSince + options.failAfter().toNanos());
    }
    return next;
  }

  /**
   * Calls off the operation in flight and starts no other.
   *
   * @param now the driver's ticker reading
   */
  public void close(long now) {
    if (!closed && inFlight != null && !cancelRequested) {
      cancel(false);
    }
    closed = true;
  }

  /**
   * Tells whether nothing is in flight and nothing is about to start: the wish is done, or waits
   * for a retry. A closing group waits for this (its release) before it closes the mover.
   *
   * @return true if quiet
   */
  public boolean quiet() {
    return inFlight == null && (done || wish == Wish.NONE || state == MoverState.FAILING || closed);
  }

  /**
   * Returns a snapshot for the group's status.
   *
   * @return the status
   */
  public MoverStatus status() {
    return new MoverStatus(name, kind, state, Optional.ofNullable(holder).map(Holder::toString),
        Optional.ofNullable(lastError), lastLatency < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(lastLatency)),
        attempts, operations, failures);
  }

  private void step(long now) {
    if (closed) {
      return;
    }
    liftFaultIfDue(now);
    if (inFlight != null) {
      if (!cancelRequested && now >= inFlightDeadline) {
        cancel(true);
      } else if (!cancelRequested && inFlight.forHold != (wish == Wish.HOLD)) {
        cancel(false);
      }
      return;
    }
    if (wish == Wish.HOLD) {
      stepHold(now);
    } else if (wish == Wish.RELEASE) {
      stepRelease(now);
    }
  }

  private void stepHold(long now) {
    if (done) {
      if (reannounceWanted) {
        reannounceWanted = false;
        start(now, kind == IpMover.Kind.LOCAL ? Purpose.REANNOUNCE : Purpose.RECONCILE);
      } else if (now >= reconcileAt) {
        start(now, Purpose.RECONCILE);
      }
      return;
    }
    reportFailingIfDue(now);
    long settled = wishSince + options.settle().toNanos();
    if (kind == IpMover.Kind.CLOUD && now < settled) {
      setState(MoverState.SETTLING, "claims in " + millis(settled - now) + " ms unless the role changes");
      return;
    }
    if (state == MoverState.FAILING && now < retryAt) {
      return;
    }
    setState(MoverState.CLAIMING, attempts == 0 ? "" : "attempt " + (attempts + 1));
    claimedOnce = true;
    start(now, kind == IpMover.Kind.LOCAL ? Purpose.CLAIM : Purpose.CHECK);
  }

  private void stepRelease(long now) {
    if (done) {
      return;
    }
    if (kind == IpMover.Kind.CLOUD && (options.release() == MoverOptions.Release.KEEP || !claimedOnce)) {
      released(now, claimedOnce ? "left where they are: the next master's claim moves them" : "");
      return;
    }
    if (state == MoverState.FAILING && now < retryAt) {
      return;
    }
    setState(MoverState.RELEASING, attempts == 0 ? "" : "attempt " + (attempts + 1));
    start(now, kind == IpMover.Kind.LOCAL ? Purpose.RELEASE : Purpose.CHECK_RELEASE);
  }

  private void start(long now, Purpose purpose) {
    inFlight = purpose;
    inFlightId = ++nextId;
    inFlightStart = now;
    inFlightDeadline = now + timeout;
    cancelRequested = false;
    expired = false;
    // last: a driver may complete the operation before it returns
    output.start(inFlightId, purpose.step, holder == null ? Holder.unknown("not observed yet") : holder,
        inFlightDeadline);
  }

  private void cancel(boolean deadlinePassed) {
    cancelRequested = true;
    expired = deadlinePassed;
    output.cancel(inFlightId);
  }

  private void holding(long now, String detail) {
    done = true;
    attempts = 0;
    recheckFailures = 0;
    lastError = null;
    holder = Holder.self();
    reconcileAt = now + reconcileInterval;
    failingSince = -1;
    if (failingReported) {
      failingReported = false;
      faultLiftAt = NO_DEADLINE;
      output.claimFailing(false, "claim succeeded");
    }
    setState(MoverState.HOLDING, detail);
  }

  private void released(long now, String detail) {
    done = true;
    attempts = 0;
    lastError = null;
    setState(MoverState.IDLE, detail);
  }

  private void fail(long now, Purpose purpose, String message, IpMoverException.Kind failureKind,
      Optional<Duration> retryAfter) {
    failures++;
    lastError = message;
    long asked = retryAfter.map(Duration::toNanos).orElse(0L);
    if (purpose == Purpose.RECONCILE || purpose == Purpose.REANNOUNCE) {
      // a failed re-check or announcement does not lose the addresses: check again soon, backing
      // off like a claim (never later than the interval), a permanent failure only at the interval
      recheckFailures++;
      reconcileAt = now + (failureKind == IpMoverException.Kind.PERMANENT ? Math.max(reconcileInterval, asked)
          : Math.max(Math.min(reconcileInterval, backoff(recheckFailures, Optional.empty())), asked));
      step(now);
      return;
    }
    attempts++;
    if (purpose.forHold && failingSince < 0) {
      failingSince = now;
    }
    long delay = failureKind == IpMoverException.Kind.PERMANENT ? Math.max(reconcileInterval, asked)
        : backoff(attempts, retryAfter);
    retryAt = now + delay;
    setState(MoverState.FAILING, message + (failureKind == IpMoverException.Kind.PERMANENT
        ? " (permanent; next try in " : " (next try in ") + millis(delay) + " ms)");
    step(now);
  }

  /** Full jitter: anywhere from nothing to the doubled cap, but no sooner than the provider asked. */
  private long backoff(long attempt, Optional<Duration> retryAfter) {
    long cap = Math.min(options.maxBackoff().toNanos(), FIRST_BACKOFF << Math.min(attempt - 1, 30));
    long delay = random.nextLong(cap + 1);
    return Math.max(delay, retryAfter.map(Duration::toNanos).orElse(0L));
  }

  private boolean failurePolicyPending() {
    return wish == Wish.HOLD && failingSince >= 0 && !failingReported
        && options.onClaimFailure() != MoverOptions.OnClaimFailure.KEEP_TRYING;
  }

  private void reportFailingIfDue(long now) {
    if (failurePolicyPending() && now >= failingSince + options.failAfter().toNanos()) {
      failingReported = true;
      if (options.onClaimFailure() == MoverOptions.OnClaimFailure.FAULT) {
        faultLiftAt = now + options.failAfter().toNanos();
      }
      output.claimFailing(true, "mover " + name + ": claim failing for " + millis(now - failingSince) + " ms"
          + (lastError == null ? "" : ": " + lastError));
    }
  }

  private void liftFaultIfDue(long now) {
    if (failingReported && options.onClaimFailure() == MoverOptions.OnClaimFailure.FAULT && now >= faultLiftAt) {
      failingReported = false;
      faultLiftAt = NO_DEADLINE;
      failingSince = -1;
      output.claimFailing(false, "mover " + name + ": fault held for " + options.failAfter().toMillis()
          + " ms; trying again when MASTER");
    }
  }

  private void setState(MoverState to, String detail) {
    MoverState from = state;
    if (from != to) {
      state = to;
      output.changed(from, to, detail);
    }
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
