package io.github.failover4j.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.failover4j.MoverOptions;
import io.github.failover4j.MoverState;
import io.github.failover4j.MoverStatus;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The pure mover logic with a recording output and a hand-driven clock: which operations it asks
 * for, with which deadlines, what it cancels and reports, and when its timer is due. Times start at
 * an arbitrary ticker reading, not zero, as a driver's ticker does.
 */
class MoverLogicTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long MILLI = 1_000_000L;
  private static final long T0 = 7_000 * SECOND;
  private static final long INTERVAL = 60 * SECOND;
  private static final long TIMEOUT = 5 * SECOND;
  private static final Holder OTHER = Holder.other("server 2");
  private static final IpMover.Kind LOCAL = IpMover.Kind.LOCAL;
  private static final IpMover.Kind CLOUD = IpMover.Kind.CLOUD;

  /** One operation the logic asked for. */
  record Op(long id, MoverStep step, Holder current, long deadline) {}

  /** Records everything the logic asks; refuses a second operation while one runs. */
  static final class Recorder implements MoverOutput {
    final List<Op> started = new ArrayList<>();
    final List<Long> cancelled = new ArrayList<>();
    final List<String> changes = new ArrayList<>();
    final List<String> details = new ArrayList<>();
    final List<String> splitBrains = new ArrayList<>();
    final List<Boolean> claimFailing = new ArrayList<>();
    Op open;

    @Override
    public void start(long id, MoverStep step, Holder current, long deadline) {
      if (open != null) {
        throw new AssertionError("operation " + step + " started while " + open + " has not completed");
      }
      open = new Op(id, step, current, deadline);
      started.add(open);
    }

    @Override
    public void cancel(long id) {
      cancelled.add(id);
    }

    @Override
    public void changed(MoverState from, MoverState to, String detail) {
      changes.add(from + "->" + to);
      details.add(detail);
    }

    @Override
    public void splitBrain(Holder holder, MoverOptions.OnSplitBrain action) {
      splitBrains.add(holder + " " + action);
    }

    @Override
    public void claimFailing(boolean failing, String why) {
      claimFailing.add(failing);
    }

    List<MoverStep> steps() {
      return started.stream().map(Op::step).toList();
    }

    int activity() {
      return started.size() + cancelled.size() + changes.size() + splitBrains.size() + claimFailing.size();
    }
  }

  /** Remembers every bound a backoff asked for and answers what the test picks (the top by default). */
  static final class ScriptedRandom implements RandomGenerator {
    final List<Long> bounds = new ArrayList<>();
    LongUnaryOperator pick = bound -> bound - 1;

    @Override
    public long nextLong() {
      throw new AssertionError("the backoff must draw from a bounded range");
    }

    @Override
    public long nextLong(long bound) {
      bounds.add(bound);
      return pick.applyAsLong(bound);
    }

    @Override
    public long nextLong(long origin, long bound) {
      bounds.add(bound - origin);
      return origin + pick.applyAsLong(bound - origin);
    }
  }

  final Recorder out = new Recorder();
  final ScriptedRandom random = new ScriptedRandom();
  MoverLogic logic;
  long now = T0;

  private static MoverOptions.Builder options() {
    return MoverOptions.builder().timeout(Duration.ofNanos(TIMEOUT)).reconcileInterval(Duration.ofNanos(INTERVAL));
  }

  private MoverLogic logic(IpMover.Kind kind) {
    return logic(kind, options().build());
  }

  private MoverLogic logic(IpMover.Kind kind, MoverOptions options) {
    logic = new MoverLogic("m", kind, options, random, out);
    return logic;
  }

  private Op open() {
    assertNotNull(out.open, "no operation in flight; started: " + out.started);
    return out.open;
  }

  private void complete(MoverOutcome outcome) {
    Op op = open();
    out.open = null;
    logic.completed(now, op.id(), outcome);
  }

  private void done() {
    complete(MoverOutcome.done());
  }

  private void observed(Holder holder) {
    complete(MoverOutcome.observed(holder));
  }

  private void failed(IpMoverException failure) {
    complete(MoverOutcome.failed(failure));
  }

  private void cancelledOutcome() {
    failed(IpMoverException.cancelled("cancelled"));
  }

  private void at(long time) {
    assertTrue(time >= now, "back in time");
    now = time;
  }

  private void after(long nanos) {
    at(now + nanos);
  }

  /** Runs the timer when it is due. */
  private void fire() {
    long due = logic.deadline();
    assertTrue(due != MoverLogic.NO_DEADLINE, "no timer is due");
    at(Math.max(now, due));
    logic.onTimer(now);
  }

  private MoverState state() {
    return logic.status().state();
  }

  /** Holds the addresses: a local claim, or a cloud check that finds nobody, a claim and a verify. */
  private void holding(IpMover.Kind kind) {
    logic.hold(now);
    if (kind == CLOUD) {
      observed(Holder.nobody());
      done();
      observed(Holder.self());
    } else {
      done();
    }
    assertEquals(MoverState.HOLDING, state());
  }

  private static IpMoverException retryable() {
    return new IpMoverException("claim: HTTP 503 unavailable");
  }

  // ----- check, act, verify

  @Test
  void theLocalMoverClaimsAtOnceWithoutACheck() {
    logic(LOCAL);
    logic.hold(now);
    assertEquals(List.of(MoverStep.CLAIM), out.steps());
    assertEquals(MoverState.CLAIMING, state());
    after(200 * MILLI);
    done();
    assertEquals(List.of("IDLE->CLAIMING", "CLAIMING->HOLDING"), out.changes);
    MoverStatus status = logic.status();
    assertEquals(Optional.of("this node"), status.holder());
    assertEquals(Optional.of(Duration.ofMillis(200)), status.lastLatency());
    assertTrue(status.holding());
  }

  @Test
  void aCloudMoverChecksThenClaimsThenVerifies() {
    logic(CLOUD);
    logic.hold(now);
    assertEquals(List.of(MoverStep.OBSERVE), out.steps());
    observed(Holder.nobody());
    assertEquals(List.of(MoverStep.OBSERVE, MoverStep.CLAIM), out.steps());
    assertEquals(MoverState.CLAIMING, state());
    done();
    assertEquals(List.of(MoverStep.OBSERVE, MoverStep.CLAIM, MoverStep.OBSERVE), out.steps());
    assertEquals(MoverState.CLAIMING, state(), "claimed, not verified yet");
    observed(Holder.self());
    assertEquals(MoverState.HOLDING, state());
    assertEquals(List.of("IDLE->CLAIMING", "CLAIMING->HOLDING"), out.changes);
    assertEquals(3, logic.status().operations());
  }

  @Test
  void aCloudMoverThatFindsTheAddressesHereDoesNotClaim() {
    logic(CLOUD);
    logic.hold(now);
    observed(Holder.self());
    assertEquals(MoverState.HOLDING, state());
    assertEquals(List.of(MoverStep.OBSERVE), out.steps());
  }

  @Test
  void theClaimIsToldWhoTheCheckSawHolding() {
    logic(CLOUD);
    logic.hold(now);
    assertEquals(Holder.State.UNKNOWN, open().current().state(), "nothing observed yet");
    observed(OTHER);
    assertEquals(new Op(2, MoverStep.CLAIM, OTHER, now + TIMEOUT), open());
    assertEquals(List.of(), out.splitBrains, "a check before claiming is no split brain");
  }

  @Test
  void aVerifyThatDoesNotShowThisNodeIsARetryableFailure() {
    logic(CLOUD);
    logic.hold(now);
    observed(Holder.nobody());
    done();
    observed(Holder.nobody());
    MoverStatus status = logic.status();
    assertEquals(MoverState.FAILING, status.state());
    assertEquals(1, status.failures());
    assertEquals(1, status.attempts());
    assertTrue(status.lastError().orElseThrow().startsWith("verify: the provider shows nobody"),
        status.lastError().toString());
    assertEquals(List.of(SECOND + 1), random.bounds, "retried with the first backoff, not as permanent");
    assertEquals(now + SECOND, logic.deadline());
  }

  @Test
  void aLaggingVerifySucceedsOnTheNextAttemptsCheckWithoutASecondClaim() {
    logic(CLOUD);
    logic.hold(now);
    observed(Holder.nobody());
    done();
    observed(Holder.nobody()); // the provider lags behind its own answer
    fire();
    assertEquals(MoverStep.OBSERVE, open().step(), "the next attempt checks first");
    observed(Holder.self());
    assertEquals(MoverState.HOLDING, state());
    assertEquals(List.of(MoverStep.OBSERVE, MoverStep.CLAIM, MoverStep.OBSERVE, MoverStep.OBSERVE), out.steps());
    assertEquals(Optional.empty(), logic.status().lastError());
    assertEquals(0, logic.status().attempts());
  }

  // ----- reconcile

  @Test
  void aMasterReChecksEveryReconcileInterval() {
    logic(CLOUD);
    holding(CLOUD);
    long held = now;
    assertEquals(held + INTERVAL, logic.deadline());
    at(held + INTERVAL - 1);
    logic.onTimer(now);
    assertEquals(3, out.started.size(), "re-checked early");
    fire();
    assertEquals(held + INTERVAL, now);
    assertEquals(new Op(4, MoverStep.OBSERVE, Holder.self(), now + TIMEOUT), open());
    assertEquals(now + TIMEOUT, logic.deadline(), "the operation's deadline");
    after(300 * MILLI);
    observed(Holder.self());
    assertEquals(now + INTERVAL, logic.deadline(), "next re-check an interval after this one");
    fire();
    observed(Holder.self());
    assertEquals(5, out.started.size());
    assertEquals(1, out.steps().stream().filter(s -> s == MoverStep.CLAIM).count(), "no claim while held");
    assertEquals(List.of("IDLE->CLAIMING", "CLAIMING->HOLDING"), out.changes);
  }

  @Test
  void theLocalMoverIsReCheckedToo() {
    logic(LOCAL);
    holding(LOCAL);
    fire();
    assertEquals(MoverStep.OBSERVE, open().step());
    observed(Holder.nobody()); // someone removed the address
    assertEquals(MoverStep.CLAIM, open().step());
    done();
    assertEquals(MoverState.HOLDING, state());
  }

  @Test
  void nothingIsReCheckedOnceReleased() {
    logic(CLOUD);
    holding(CLOUD);
    logic.release(now);
    assertEquals(MoverState.IDLE, state());
    assertEquals(MoverLogic.NO_DEADLINE, logic.deadline());
    at(now + 10 * INTERVAL);
    logic.onTimer(now);
    assertEquals(3, out.started.size());
  }

  @Test
  void aReCheckThatFindsNobodyClaimsAgainWithoutASplitBrain() {
    logic(CLOUD);
    holding(CLOUD);
    fire();
    observed(Holder.nobody());
    assertEquals(new Op(5, MoverStep.CLAIM, Holder.nobody(), now + TIMEOUT), open());
    assertEquals(MoverState.CLAIMING, state());
    assertEquals(List.of(), out.splitBrains);
    done();
    observed(Holder.self());
    assertEquals(MoverState.HOLDING, state());
  }

  @Test
  void aSplitBrainUnderReclaimIsReportedAndTheAddressesClaimedBack() {
    logic(CLOUD);
    holding(CLOUD);
    fire();
    observed(OTHER);
    assertEquals(List.of("server 2 RECLAIM"), out.splitBrains);
    assertEquals(new Op(5, MoverStep.CLAIM, OTHER, now + TIMEOUT), open());
    assertEquals(Optional.of("server 2"), logic.status().holder());
    done();
    observed(Holder.self());
    assertEquals(MoverState.HOLDING, state());
    assertEquals(List.of("server 2 RECLAIM"), out.splitBrains);
  }

  @Test
  void aSplitBrainUnderStepDownIsReportedAndNothingClaimed() {
    logic(CLOUD, options().onSplitBrain(MoverOptions.OnSplitBrain.STEP_DOWN).build());
    holding(CLOUD);
    fire();
    observed(OTHER);
    assertEquals(List.of("server 2 STEP_DOWN"), out.splitBrains);
    assertNull(out.open, "claimed: " + out.started);
    assertEquals(MoverState.FAILING, state());
    assertEquals(Optional.of("split brain: server 2 holds the addresses; stepping down"), logic.status().lastError());
    at(now + INTERVAL - 1);
    logic.onTimer(now);
    assertNull(out.open, "claimed before the group could step down");
    logic.release(now); // the group stepped down
    assertEquals(MoverState.IDLE, state());
    assertEquals(4, out.started.size());
    assertEquals(List.of("server 2 STEP_DOWN"), out.splitBrains);
  }

  @Test
  void aRepeatedWishIsNoNewWish() {
    logic(CLOUD, options().settle(Duration.ofSeconds(5)).build());
    logic.hold(now);
    after(4 * SECOND);
    logic.hold(now);
    assertEquals(T0 + 5 * SECOND, logic.deadline(), "the settle time started over");
    fire();
    failed(retryable());
    long retry = logic.deadline();
    logic.hold(now);
    assertEquals(retry, logic.deadline(), "retried before the backoff ended");
    assertEquals(1, logic.status().attempts());
    fire();
    observed(Holder.self());
    int activity = out.activity();
    logic.hold(now);
    assertEquals(activity, out.activity(), "held addresses claimed again");
    assertEquals(MoverState.HOLDING, state());
  }

  // ----- single flight, cancellation, deadline

  @Test
  void atMostOneOperationRunsAndInputsMeanwhileStartNothing() {
    logic(LOCAL);
    logic.hold(now);
    Op claim = open();
    logic.hold(now);
    logic.reannounce(now);
    logic.masterHeard(now);
    at(T0 + TIMEOUT - 1);
    logic.onTimer(now);
    assertEquals(List.of(claim), out.started);
    logic.release(now);
    logic.hold(now);
    logic.release(now);
    assertEquals(List.of(claim), out.started, "nothing starts until the claim's result is in");
    assertEquals(List.of(claim.id()), out.cancelled, "cancelled once, not once per flap");
    cancelledOutcome();
    assertEquals(MoverStep.RELEASE, open().step());
  }

  @Test
  void aReleaseCancelsTheClaimInFlightAndFollowsAsSoonAsItEnds() {
    logic(LOCAL);
    logic.hold(now);
    Op claim = open();
    after(SECOND);
    logic.release(now);
    assertEquals(List.of(claim.id()), out.cancelled);
    after(10 * MILLI);
    cancelledOutcome();
    assertEquals(new Op(2, MoverStep.RELEASE, Holder.unknown("not observed yet"), now + TIMEOUT), open());
    assertEquals(MoverState.RELEASING, state());
    assertEquals(0, logic.status().failures(), "a cancellation the wish asked for is no failure");
    done();
    assertEquals(MoverState.IDLE, state());
  }

  @Test
  void aClaimThatFinishesDespiteItsCancellationIsStillReleased() {
    logic(LOCAL);
    logic.hold(now);
    logic.release(now);
    done(); // it finished before the cancellation reached it: the address is on
    assertEquals(MoverStep.RELEASE, open().step(), "the address stays on a BACKUP: " + out.changes);
    done();
    assertEquals(MoverState.IDLE, state());
  }

  @Test
  void aCancelledClaimsOwnFailureDoesNotDelayTheRelease() {
    logic(LOCAL);
    logic.hold(now);
    logic.release(now);
    failed(retryable()); // the aborted HTTP call surfaces as an I/O error
    assertEquals(MoverStep.RELEASE, open().step(), "the release waits for the claim's backoff");
    assertEquals(List.of(), random.bounds);
  }

  @Test
  void aCloudCheckFinishingAfterTheWishChangedClaimsNothing() {
    logic(CLOUD);
    logic.hold(now);
    logic.release(now);
    observed(Holder.nobody());
    assertNull(out.open, "a claim started after the role was lost: " + out.started);
    assertEquals(MoverState.IDLE, state());
  }

  @Test
  void aCloudCheckFinishingAfterTheWishChangedDoesNotMarkTheAddressesHeld() {
    logic(CLOUD, options().release(MoverOptions.Release.UNASSIGN).build());
    holding(CLOUD);
    logic.release(now);
    observed(Holder.self()); // the release's check
    done(); // released
    logic.hold(now);
    logic.release(now);
    observed(Holder.self()); // the hold's check, finished anyway
    assertEquals(MoverState.RELEASING, state(), "the release is skipped as done");
    assertEquals(MoverStep.OBSERVE, open().step());
    observed(Holder.self());
    assertEquals(MoverStep.RELEASE, open().step());
  }

  @Test
  void anOperationPastItsDeadlineIsCancelledAndRetried() {
    logic(LOCAL);
    logic.hold(now);
    Op claim = open();
    assertEquals(T0 + TIMEOUT, claim.deadline());
    assertEquals(T0 + TIMEOUT, logic.deadline());
    logic.onTimer(T0 + TIMEOUT - 1);
    assertEquals(List.of(), out.cancelled);
    fire();
    assertEquals(List.of(claim.id()), out.cancelled);
    assertEquals(MoverLogic.NO_DEADLINE, logic.deadline(), "nothing to do but wait for the result");
    after(50 * MILLI);
    cancelledOutcome();
    MoverStatus status = logic.status();
    assertEquals(MoverState.FAILING, status.state());
    assertEquals(Optional.of("claim: no result within 5000 ms"), status.lastError());
    assertEquals(1, status.failures());
    assertEquals(now + SECOND, logic.deadline());
    fire();
    assertEquals(MoverStep.CLAIM, open().step());
  }

  @Test
  void aResultForAnotherOperationIsIgnored() {
    logic(LOCAL);
    logic.hold(now);
    Op claim = open();
    logic.completed(now, claim.id() + 1, MoverOutcome.done());
    logic.completed(now, claim.id() - 1, MoverOutcome.done());
    assertEquals(MoverState.CLAIMING, state());
    done();
    logic.completed(now, claim.id(), MoverOutcome.failed(retryable())); // a duplicate
    assertEquals(MoverState.HOLDING, state());
    assertEquals(1, logic.status().operations());
  }

  // ----- backoff

  @Test
  void retryableFailuresBackOffDoublingFromOneSecondUpToTheCap() {
    logic(LOCAL, options().maxBackoff(Duration.ofSeconds(10)).build());
    logic.hold(now);
    long[] caps = {1, 2, 4, 8, 10, 10, 10};
    for (int i = 0; i < caps.length; i++) {
      after(100 * MILLI);
      failed(retryable());
      long failedAt = now;
      assertEquals(caps[i] * SECOND + 1, random.bounds.get(i), "draws from [0, cap]");
      assertEquals(failedAt + caps[i] * SECOND, logic.deadline(), "the top of the range, as drawn");
      assertEquals(i + 1, logic.status().attempts());
      logic.onTimer(logic.deadline() - 1);
      assertEquals(i + 1, out.started.size(), "retried early");
      fire();
      assertEquals(i + 2, out.started.size(), "not retried when due");
    }
    done();
    assertEquals(MoverState.HOLDING, state());
    assertEquals(0, logic.status().attempts());
    assertEquals(7, logic.status().failures());
  }

  @Test
  void theJitterIsFullDownToNoWaitAtAll() {
    logic(LOCAL);
    random.pick = bound -> 0;
    logic.hold(now);
    failed(retryable());
    assertEquals(2, out.started.size(), "a zero draw retries at once");
    assertEquals(now, out.started.get(1).deadline() - TIMEOUT);
  }

  @Test
  void seededJitterStaysWithinZeroAndTheCapAndSpreadsOverIt() {
    boolean belowHalf = false;
    boolean aboveHalf = false;
    for (int seed = 0; seed < 40; seed++) {
      Recorder recorder = new Recorder();
      MoverLogic seeded = new MoverLogic("m", LOCAL, options().maxBackoff(Duration.ofSeconds(20)).build(),
          new SplittableRandom(seed), recorder);
      long t = T0;
      seeded.hold(t);
      for (int attempt = 1; attempt <= 8; attempt++) {
        long cap = Math.min(20, 1L << (attempt - 1)) * SECOND;
        Op op = recorder.open;
        recorder.open = null;
        seeded.completed(t, op.id(), MoverOutcome.failed(retryable()));
        long delay;
        if (recorder.open != null) {
          delay = 0; // drew zero: retried at once
        } else {
          delay = seeded.deadline() - t;
          t = seeded.deadline();
          seeded.onTimer(t);
        }
        assertTrue(delay >= 0 && delay <= cap, "seed " + seed + " attempt " + attempt + ": " + delay);
        belowHalf |= delay < cap / 2;
        aboveHalf |= delay > cap / 2;
        assertNotNull(recorder.open, "retried");
      }
    }
    assertTrue(belowHalf && aboveHalf, "full jitter uses the whole range");
  }

  @Test
  void aRetryAfterIsHonouredEvenBeyondTheCap() {
    logic(LOCAL, options().maxBackoff(Duration.ofSeconds(10)).build());
    random.pick = bound -> 0;
    logic.hold(now);
    failed(IpMoverException.retryAfter("claim: HTTP 429", Duration.ofSeconds(30)));
    assertEquals(now + 30 * SECOND, logic.deadline());
    logic.onTimer(now + 30 * SECOND - 1);
    assertEquals(1, out.started.size());
    fire();
    random.pick = bound -> bound - 1;
    failed(IpMoverException.retryAfter("claim: HTTP 429", Duration.ofMillis(200)));
    assertEquals(now + 2 * SECOND, logic.deadline(), "a shorter Retry-After does not shorten the backoff");
  }

  @Test
  void aPermanentFailureIsRetriedOnlyAtTheReconcileInterval() {
    logic(LOCAL);
    logic.hold(now);
    for (int i = 0; i < 4; i++) {
      failed(IpMoverException.permanent("claim: HTTP 403 forbidden"));
      assertEquals(now + INTERVAL, logic.deadline(), "attempt " + (i + 1));
      assertEquals(MoverState.FAILING, state());
      assertEquals(Optional.of("claim: HTTP 403 forbidden"), logic.status().lastError());
      logic.onTimer(now + INTERVAL - 1);
      assertEquals(i + 1, out.started.size(), "hammered");
      fire();
    }
    assertEquals(List.of(), random.bounds, "no jitter for a permanent failure");
    assertTrue(out.details.get(1).contains("permanent"), out.details.toString());
    failed(new IpMoverException(IpMoverException.Kind.PERMANENT, "claim: HTTP 403", null, Duration.ofSeconds(90)));
    assertEquals(now + 90 * SECOND, logic.deadline(), "a longer Retry-After wins");
  }

  @Test
  void theBackoffStartsOverAfterASuccessAndAfterAChangeOfWish() {
    logic(LOCAL);
    logic.hold(now);
    failed(retryable());
    fire();
    failed(retryable());
    fire();
    done();
    logic.release(now);
    failed(retryable());
    assertEquals(List.of(SECOND + 1, 2 * SECOND + 1, SECOND + 1), random.bounds);
    logic.hold(now);
    assertEquals(MoverStep.CLAIM, open().step(), "a new wish does not wait for the old one's retry");
    failed(retryable());
    assertEquals(SECOND + 1, random.bounds.get(3));
  }

  // ----- settle

  @Test
  void aCloudClaimWaitsForTheSettleTime() {
    logic(CLOUD, options().settle(Duration.ofSeconds(5)).build());
    logic.hold(now);
    assertEquals(MoverState.SETTLING, state());
    assertEquals(List.of(), out.started);
    assertEquals(T0 + 5 * SECOND, logic.deadline());
    logic.onTimer(T0 + 5 * SECOND - 1);
    assertEquals(List.of(), out.started);
    fire();
    assertEquals(MoverStep.OBSERVE, open().step());
    assertEquals(List.of("IDLE->SETTLING", "SETTLING->CLAIMING"), out.changes);
  }

  @Test
  void aFlapShorterThanTheSettleTimeMovesNothing() {
    logic(CLOUD, options().settle(Duration.ofSeconds(5)).build());
    logic.hold(now);
    after(2 * SECOND);
    logic.release(now);
    assertEquals(MoverState.IDLE, state());
    assertEquals(MoverLogic.NO_DEADLINE, logic.deadline());
    after(INTERVAL);
    logic.onTimer(now);
    assertEquals(List.of(), out.started);
  }

  @Test
  void aFlapShorterThanTheSettleTimeReleasesNothingEvenWhenUnassigning() {
    logic(CLOUD, options().settle(Duration.ofSeconds(5)).release(MoverOptions.Release.UNASSIGN).build());
    logic.release(now); // at start
    logic.hold(now);
    after(2 * SECOND);
    logic.release(now);
    assertEquals(List.of(), out.started, "this run never claimed: nothing of its own to release");
    assertEquals(MoverState.IDLE, state());
  }

  @Test
  void theSettleTimeStartsOverWithEveryHold() {
    logic(CLOUD, options().settle(Duration.ofSeconds(5)).build());
    logic.hold(now);
    after(4 * SECOND);
    logic.release(now);
    after(SECOND);
    logic.hold(now);
    logic.onTimer(T0 + 5 * SECOND);
    assertEquals(List.of(), out.started);
    assertEquals(now + 5 * SECOND, logic.deadline());
  }

  @Test
  void theLocalMoverDoesNotSettle() {
    logic(LOCAL, options().settle(Duration.ofSeconds(5)).build());
    logic.hold(now);
    assertEquals(MoverStep.CLAIM, open().step());
  }

  // ----- release

  @Test
  void aCloudReleaseLeavesTheAddressesWhereTheyAreByDefault() {
    logic(CLOUD);
    holding(CLOUD);
    logic.release(now);
    assertEquals(MoverState.IDLE, state());
    assertEquals(3, out.started.size());
    assertTrue(out.details.get(2).contains("left where they are"), out.details.toString());
  }

  @Test
  void anUnassigningReleaseObservesFirstAndReleasesWhatThisNodeHolds() {
    logic(CLOUD, options().release(MoverOptions.Release.UNASSIGN).build());
    holding(CLOUD);
    logic.release(now);
    assertEquals(MoverStep.OBSERVE, open().step());
    assertEquals(MoverState.RELEASING, state());
    observed(Holder.self());
    assertEquals(MoverStep.RELEASE, open().step());
    done();
    assertEquals(MoverState.IDLE, state());
    assertEquals(Optional.of("nobody"), logic.status().holder());
    assertEquals(MoverLogic.NO_DEADLINE, logic.deadline());
  }

  @Test
  void anUnassigningReleaseNeverTakesTheAddressesFromAnotherNode() {
    logic(CLOUD, options().release(MoverOptions.Release.UNASSIGN).build());
    holding(CLOUD);
    logic.release(now);
    observed(OTHER);
    assertNull(out.open);
    assertFalse(out.steps().contains(MoverStep.RELEASE));
    assertEquals(MoverState.IDLE, state());
    assertEquals(Optional.of("server 2"), logic.status().holder());
  }

  @Test
  void aPendingCloudReleaseStopsOnceAnotherMasterIsHeard() {
    logic(CLOUD, options().release(MoverOptions.Release.UNASSIGN).build());
    holding(CLOUD);
    logic.release(now);
    failed(retryable());
    assertEquals(MoverState.FAILING, state());
    logic.masterHeard(now);
    assertEquals(MoverState.IDLE, state());
    assertEquals(MoverLogic.NO_DEADLINE, logic.deadline());
    after(INTERVAL);
    logic.onTimer(now);
    assertNull(out.open, "released after another master was heard");
    assertTrue(logic.quiet());
  }

  @Test
  void aReleaseCheckInFlightIsCalledOffWhenAnotherMasterIsHeard() {
    logic(CLOUD, options().release(MoverOptions.Release.UNASSIGN).build());
    holding(CLOUD);
    logic.release(now);
    Op check = open();
    logic.masterHeard(now);
    assertEquals(List.of(check.id()), out.cancelled);
    assertEquals(MoverState.IDLE, state());
    observed(Holder.self()); // it finished before the cancellation reached it
    assertNull(out.open, "released after another master was heard: " + out.started);
    assertEquals(MoverState.IDLE, state());
  }

  @Test
  void anotherMasterDoesNotStopTheLocalRelease() {
    logic(LOCAL);
    holding(LOCAL);
    logic.release(now);
    failed(retryable());
    logic.masterHeard(now);
    assertEquals(MoverState.FAILING, state());
    fire();
    assertEquals(MoverStep.RELEASE, open().step());
    assertEquals(List.of(), out.cancelled);
  }

  @Test
  void atStartACloudMoverNeverReleasesWhatThisRunNeverClaimed() {
    logic(CLOUD, options().release(MoverOptions.Release.UNASSIGN).build());
    logic.release(now);
    assertEquals(List.of(), out.started);
    assertEquals(MoverState.IDLE, state());
    assertEquals(List.of(), out.changes);
    assertTrue(logic.quiet());
  }

  @Test
  void atStartTheLocalMoverReleasesWhatACrashedRunLeft() {
    logic(LOCAL);
    logic.release(now);
    assertEquals(MoverStep.RELEASE, open().step());
    assertFalse(logic.quiet());
    done();
    assertEquals(List.of("IDLE->RELEASING", "RELEASING->IDLE"), out.changes);
    assertTrue(logic.quiet());
  }

  // ----- reannouncements

  @Test
  void reannouncementsAreCoalescedIntoOneLocalAnnouncementBehindTheOneRunning() {
    logic(LOCAL);
    holding(LOCAL);
    logic.reannounce(now);
    assertEquals(MoverStep.REANNOUNCE, open().step());
    logic.reannounce(now);
    logic.reannounce(now);
    logic.reannounce(now);
    assertEquals(2, out.started.size());
    done();
    assertEquals(MoverStep.REANNOUNCE, open().step(), "the requests made meanwhile join one announcement");
    done();
    assertNull(out.open);
    assertEquals(3, out.started.size());
    assertEquals(MoverState.HOLDING, state());
  }

  @Test
  void aCloudReannouncementIsAReCheckNow() {
    logic(CLOUD);
    holding(CLOUD);
    after(10 * SECOND);
    logic.reannounce(now);
    assertEquals(new Op(4, MoverStep.OBSERVE, Holder.self(), now + TIMEOUT), open());
    logic.reannounce(now);
    observed(Holder.self());
    assertEquals(MoverStep.OBSERVE, open().step(), "one more behind the re-check in flight");
    observed(Holder.self());
    assertNull(out.open);
    assertEquals(now + INTERVAL, logic.deadline());
  }

  @Test
  void aReannouncementWhileNotHoldingDoesNothing() {
    logic(LOCAL);
    logic.reannounce(now);
    assertEquals(List.of(), out.started);
    logic.hold(now);
    logic.reannounce(now); // claiming: the claim announces
    done();
    assertNull(out.open, "a reannouncement asked before the addresses were held ran: " + out.started);
    logic.release(now);
    done();
    logic.reannounce(now);
    assertNull(out.open);
  }

  @Test
  void aFailedReannouncementKeepsTheAddressesAndReChecksSoon() {
    logic(LOCAL);
    holding(LOCAL);
    logic.reannounce(now);
    failed(new IpMoverException("reannounce: sendto failed"));
    assertEquals(MoverState.HOLDING, state());
    assertEquals(Optional.of("reannounce: sendto failed"), logic.status().lastError());
    assertEquals(now + SECOND, logic.deadline());
    fire();
    assertEquals(MoverStep.OBSERVE, open().step());
    observed(Holder.self());
    assertEquals(Optional.empty(), logic.status().lastError());
  }

  // ----- failed re-checks

  @Test
  void failedReChecksBackOffInsteadOfHammeringTheProvider() {
    logic(CLOUD, options().maxBackoff(Duration.ofSeconds(30)).build());
    holding(CLOUD);
    fire();
    long[] caps = {1, 2, 4, 8, 16, 30, 30};
    for (long cap : caps) {
      failed(new IpMoverException("observe: HTTP 503"));
      assertEquals(MoverState.HOLDING, state(), "a failed re-check does not lose the addresses");
      assertEquals(now + cap * SECOND, logic.deadline(), "after " + logic.status().failures() + " failures");
      fire();
      assertEquals(MoverStep.OBSERVE, open().step());
    }
    observed(Holder.self());
    fire();
    failed(new IpMoverException("observe: HTTP 503"));
    assertEquals(now + SECOND, logic.deadline(), "the backoff starts over after a good re-check");
  }

  @Test
  void aFailedReCheckWaitsNoLongerThanTheReconcileInterval() {
    logic(CLOUD, options().reconcileInterval(Duration.ofSeconds(3)).maxBackoff(Duration.ofSeconds(60)).build());
    holding(CLOUD);
    for (int i = 0; i < 5; i++) {
      fire();
      failed(new IpMoverException("observe: HTTP 503"));
    }
    assertEquals(now + 3 * SECOND, logic.deadline());
  }

  @Test
  void aPermanentReCheckFailureIsReportedAndNotHammered() {
    logic(CLOUD);
    holding(CLOUD);
    fire();
    failed(IpMoverException.permanent("observe: HTTP 401 unauthorized"));
    assertEquals(Optional.of("observe: HTTP 401 unauthorized"), logic.status().lastError());
    assertEquals(now + INTERVAL, logic.deadline());
    assertEquals(List.of(), random.bounds);
  }

  @Test
  void aReCheckHonoursARetryAfterLongerThanTheInterval() {
    logic(CLOUD);
    holding(CLOUD);
    fire();
    failed(IpMoverException.retryAfter("observe: HTTP 429", Duration.ofSeconds(120)));
    assertEquals(now + 120 * SECOND, logic.deadline());
  }

  // ----- claim-failure policies

  @Test
  void keepTryingNeverReportsTheClaimAsFailing() {
    logic(LOCAL, options().failAfter(Duration.ofSeconds(5)).build());
    logic.hold(now);
    for (int i = 0; i < 20; i++) {
      failed(retryable());
      fire();
    }
    assertEquals(List.of(), out.claimFailing);
    assertEquals(MoverStep.CLAIM, open().step(), "still trying");
  }

  @Test
  void demoteReportsAfterFailAfterAndLiftsOnlyWhenAClaimSucceeds() {
    logic(LOCAL, options().onClaimFailure(MoverOptions.OnClaimFailure.DEMOTE).failAfter(Duration.ofSeconds(30))
        .build());
    logic.hold(now);
    after(SECOND);
    failed(IpMoverException.permanent("claim: HTTP 403"));
    long firstFailure = now;
    assertEquals(firstFailure + 30 * SECOND, logic.deadline(), "due before the retry");
    logic.onTimer(firstFailure + 30 * SECOND - 1);
    assertEquals(List.of(), out.claimFailing);
    fire();
    assertEquals(List.of(true), out.claimFailing);
    assertNull(out.open, "the report is no retry");
    fire(); // the retry, an interval after the failure
    assertEquals(firstFailure + INTERVAL, now);
    failed(IpMoverException.permanent("claim: HTTP 403"));
    logic.release(now); // demoted, a peer took over
    done();
    assertEquals(List.of(true), out.claimFailing, "a release lifts no demotion");
    after(10 * INTERVAL);
    logic.hold(now);
    done();
    assertEquals(List.of(true, false), out.claimFailing);
  }

  @Test
  void faultReportsAfterFailAfterAndLiftsItFailAfterLater() {
    logic(CLOUD, options().onClaimFailure(MoverOptions.OnClaimFailure.FAULT).failAfter(Duration.ofSeconds(30))
        .build());
    logic.hold(now);
    failed(retryable());
    long firstFailure = now;
    while (out.claimFailing.isEmpty()) {
      fire();
      if (out.open != null) {
        failed(retryable());
      }
    }
    assertEquals(firstFailure + 30 * SECOND, now);
    logic.release(now); // FAULT: the group released
    assertEquals(now + 30 * SECOND, logic.deadline());
    logic.onTimer(now + 30 * SECOND - 1);
    assertEquals(List.of(true), out.claimFailing);
    fire();
    assertEquals(List.of(true, false), out.claimFailing);
    assertEquals(MoverLogic.NO_DEADLINE, logic.deadline());
  }

  @Test
  void theClaimFailurePolicyCountsOnlyFailuresOfTheCurrentHold() {
    logic(LOCAL, options().onClaimFailure(MoverOptions.OnClaimFailure.DEMOTE).failAfter(Duration.ofSeconds(30))
        .build());
    logic.hold(now);
    logic.release(now);
    failed(retryable()); // the cancelled claim's own failure
    done(); // released
    after(10 * INTERVAL);
    logic.hold(now);
    failed(retryable());
    fire();
    assertEquals(List.of(), out.claimFailing, "a failure of a hold long gone counted toward this one");
  }

  // ----- status, close, quiet

  @Test
  void theStatusCountsAttemptsOperationsAndFailures() {
    logic(CLOUD);
    MoverStatus initial = logic.status();
    assertEquals(new MoverStatus("m", CLOUD, MoverState.IDLE, Optional.empty(), Optional.empty(), Optional.empty(),
        0, 0, 0), initial);
    logic.hold(now);
    failed(retryable());
    fire();
    failed(retryable());
    MoverStatus failing = logic.status();
    assertEquals(MoverState.FAILING, failing.state());
    assertEquals(2, failing.attempts());
    assertEquals(2, failing.operations());
    assertEquals(2, failing.failures());
    assertEquals(Optional.of("claim: HTTP 503 unavailable"), failing.lastError());
    assertEquals(Optional.empty(), failing.lastLatency());
    fire();
    after(40 * MILLI);
    observed(OTHER);
    done();
    after(60 * MILLI);
    observed(Holder.self());
    MoverStatus held = logic.status();
    assertEquals(new MoverStatus("m", CLOUD, MoverState.HOLDING, Optional.of("this node"), Optional.empty(),
        Optional.of(Duration.ofMillis(60)), 0, 5, 2), held);
  }

  @Test
  void closeCancelsTheOperationInFlightAndStartsNothingMore() {
    logic(LOCAL);
    logic.hold(now);
    Op claim = open();
    logic.close(now);
    assertEquals(List.of(claim.id()), out.cancelled);
    assertEquals(MoverLogic.NO_DEADLINE, logic.deadline());
    assertFalse(logic.quiet(), "the claim has not returned");
    int activity = out.activity();
    cancelledOutcome();
    assertTrue(logic.quiet());
    logic.release(now);
    logic.hold(now);
    logic.reannounce(now);
    logic.masterHeard(now);
    logic.onTimer(now + 10 * INTERVAL);
    logic.close(now);
    assertEquals(activity, out.activity(), "after close: " + out.started + " " + out.changes);
  }

  @Test
  void quietMeansNothingRunsAndNothingIsAboutToStart() {
    logic(CLOUD, options().settle(Duration.ofSeconds(5)).release(MoverOptions.Release.UNASSIGN).build());
    assertTrue(logic.quiet(), "nothing wished yet");
    logic.hold(now);
    assertFalse(logic.quiet(), "settling: a claim is about to start");
    fire();
    assertFalse(logic.quiet());
    failed(retryable());
    assertTrue(logic.quiet(), "waiting for a retry");
    fire();
    observed(Holder.self());
    assertTrue(logic.quiet(), "held");
    logic.release(now);
    assertFalse(logic.quiet(), "releasing");
    observed(Holder.self());
    assertFalse(logic.quiet());
    done();
    assertTrue(logic.quiet());
  }

  // ----- random sequences

  /** A cloud (or interface) the random runs act on: a claim takes the addresses, a release gives them up. */
  private static final class World {
    Holder holder = Holder.nobody();
  }

  /** Checks every call the logic makes as it makes it. */
  private static final class CheckingOutput implements MoverOutput {
    final String seed;
    final MoverOptions options;
    final World world;
    final IpMover.Kind kind;
    Op open;
    Set<Long> cancelled = new HashSet<>();
    Holder lastObserved;
    MoverState state = MoverState.IDLE;
    Boolean failing;
    boolean wishHold;
    boolean triedToClaim;
    int activity;

    CheckingOutput(String seed, MoverOptions options, World world, IpMover.Kind kind) {
      this.seed = seed;
      this.options = options;
      this.world = world;
      this.kind = kind;
    }

    @Override
    public void start(long id, MoverStep step, Holder current, long deadline) {
      activity++;
      if (open != null) {
        fail(seed + ": " + step + " started while " + open + " has not completed");
      }
      if (step == MoverStep.RELEASE && lastObserved != null && lastObserved.state() == Holder.State.OTHER) {
        fail(seed + ": a release while the last observation showed " + lastObserved);
      }
      if (step == MoverStep.CLAIM && !wishHold) {
        fail(seed + ": a claim while the wish is to release");
      }
      if (kind == CLOUD && !wishHold && !triedToClaim) {
        fail(seed + ": a cloud " + step + " for a release before this run ever tried to claim");
      }
      triedToClaim |= wishHold;
      open = new Op(id, step, current, deadline);
    }

    @Override
    public void cancel(long id) {
      activity++;
      if (open == null || open.id() != id) {
        fail(seed + ": cancelled " + id + " while " + open + " runs");
      }
      if (!cancelled.add(id)) {
        fail(seed + ": cancelled " + id + " twice");
      }
    }

    @Override
    public void changed(MoverState from, MoverState to, String detail) {
      activity++;
      if (from != state || from == to) {
        fail(seed + ": change " + from + "->" + to + " while " + state);
      }
      state = to;
    }

    @Override
    public void splitBrain(Holder holder, MoverOptions.OnSplitBrain action) {
      activity++;
      if (holder.state() != Holder.State.OTHER || action != options.onSplitBrain() || !wishHold) {
        fail(seed + ": split brain " + holder + " " + action);
      }
    }

    @Override
    public void claimFailing(boolean failing, String why) {
      activity++;
      if (options.onClaimFailure() == MoverOptions.OnClaimFailure.KEEP_TRYING) {
        fail(seed + ": claim failing reported under KEEP_TRYING");
      }
      if ((this.failing == null && !failing) || (this.failing != null && this.failing == failing)) {
        fail(seed + ": claimFailing(" + failing + ") after " + this.failing);
      }
      this.failing = failing;
    }
  }

  @Test
  void randomSequencesOfInputsKeepTheInvariants() {
    for (int seed = 0; seed < 400; seed++) {
      randomRun(seed);
    }
  }

  private static void randomRun(int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    IpMover.Kind kind = r.nextBoolean() ? LOCAL : CLOUD;
    MoverOptions options = MoverOptions.builder()
        .reconcileInterval(Duration.ofSeconds(r.nextInt(1, 61)))
        .timeout(Duration.ofMillis(r.nextInt(1, 10_001)))
        .maxBackoff(Duration.ofSeconds(r.nextInt(1, 61)))
        .settle(r.nextBoolean() ? Duration.ZERO : Duration.ofMillis(r.nextInt(0, 5_001)))
        .release(r.nextBoolean() ? MoverOptions.Release.KEEP : MoverOptions.Release.UNASSIGN)
        .onClaimFailure(MoverOptions.OnClaimFailure.values()[r.nextInt(3)])
        .failAfter(Duration.ofMillis(r.nextInt(1, 60_001)))
        .onSplitBrain(r.nextBoolean() ? MoverOptions.OnSplitBrain.RECLAIM : MoverOptions.OnSplitBrain.STEP_DOWN)
        .build();
    String name = "seed " + seed + " " + kind + " " + options;
    World world = new World();
    CheckingOutput out = new CheckingOutput(name, options, world, kind);
    MoverLogic logic = new MoverLogic("m", kind, options, new SplittableRandom(seed ^ 0x5DEECE66DL), out);
    long[] now = {T0};
    List<String> trace = new ArrayList<>();
    Runnable check = () -> {
      assertEquals(out.state, logic.status().state(), () -> name + " " + trace);
      long due = logic.deadline();
      if (due != MoverLogic.NO_DEADLINE && due > now[0]) {
        // nothing is due before the deadline: a timer earlier does nothing
        int before = out.activity;
        now[0] += r.nextLong(due - now[0]);
        logic.onTimer(now[0]);
        assertEquals(before, out.activity, () -> name + ": a timer before the deadline acted; " + trace);
        assertEquals(due, logic.deadline(), () -> name + " " + trace);
      }
    };
    Runnable timer = () -> {
      long due = logic.deadline();
      if (due == MoverLogic.NO_DEADLINE) {
        return;
      }
      now[0] = Math.max(now[0], due);
      int before = out.activity;
      trace.add("timer@" + (now[0] - T0) / MILLI);
      logic.onTimer(now[0]);
      if (out.activity == before && logic.deadline() <= now[0]) {
        fail(name + ": a timer at the deadline did nothing and left it due (busy loop) in " + logic.status()
            + ", open " + out.open + "; " + trace);
      }
    };
    for (int i = 0; i < 300; i++) {
      int pick = r.nextInt(100);
      if (pick < 10) {
        trace.add("hold");
        out.wishHold = true;
        logic.hold(now[0]);
      } else if (pick < 20) {
        trace.add("release");
        out.wishHold = false;
        logic.release(now[0]);
      } else if (pick < 25) {
        trace.add("reannounce");
        logic.reannounce(now[0]);
      } else if (pick < 30) {
        trace.add("masterHeard");
        logic.masterHeard(now[0]);
      } else if (pick < 55) {
        if (out.open != null) {
          now[0] += r.nextLong(0, 3 * SECOND);
          MoverOutcome outcome = randomOutcome(r, kind, world, out.open.step());
          trace.add(out.open.step() + " " + describe(outcome) + "@" + (now[0] - T0) / MILLI);
          complete(logic, out, world, outcome, now[0]);
        }
      } else if (pick < 65) {
        now[0] += r.nextLong(0, 90 * SECOND);
        trace.add("+" + (now[0] - T0) / MILLI);
      } else if (pick < 95) {
        timer.run();
      } else if (pick < 97) {
        long stray = r.nextLong(-2, 1000);
        if (out.open == null || out.open.id() != stray) {
          logic.completed(now[0], stray, MoverOutcome.done());
          trace.add("stray result");
        }
      } else if (kind == CLOUD) {
        world.holder = r.nextBoolean() ? OTHER : Holder.nobody();
        trace.add("world " + world.holder);
      }
      check.run();
    }

    // the wish settles, and every operation succeeds from now on
    boolean hold = r.nextBoolean();
    trace.add("final " + (hold ? "hold" : "release"));
    out.wishHold = hold;
    if (hold) {
      logic.hold(now[0]);
    } else {
      logic.release(now[0]);
    }
    long end = now[0] + Duration.ofMinutes(15).toNanos();
    for (int i = 0; i < 10_000; i++) {
      if (out.open != null) {
        now[0] += 50 * MILLI;
        MoverStep step = out.open.step();
        MoverOutcome outcome = step == MoverStep.OBSERVE ? MoverOutcome.observed(world.holder) : MoverOutcome.done();
        trace.add(step + " " + describe(outcome));
        complete(logic, out, world, outcome, now[0]);
        check.run();
        continue;
      }
      if (logic.deadline() > end) {
        break;
      }
      timer.run();
      check.run();
    }
    assertNull(out.open, name);
    MoverState expected = hold ? MoverState.HOLDING : MoverState.IDLE;
    assertEquals(expected, logic.status().state(), name + " " + trace);
    if (hold) {
      assertEquals(Holder.self(), world.holder, name + " " + trace);
    } else if (kind == LOCAL) {
      assertEquals(Holder.nobody(), world.holder, name + " " + trace);
    }
    assertTrue(logic.quiet(), name);
  }

  private static void complete(MoverLogic logic, CheckingOutput out, World world, MoverOutcome outcome, long now) {
    Op op = out.open;
    out.open = null;
    if (outcome.failure().isEmpty()) {
      if (op.step() == MoverStep.CLAIM) {
        world.holder = Holder.self();
      } else if (op.step() == MoverStep.RELEASE) {
        world.holder = Holder.nobody();
      }
    }
    outcome.holder().ifPresent(h -> out.lastObserved = h);
    logic.completed(now, op.id(), outcome);
  }

  private static MoverOutcome randomOutcome(SplittableRandom r, IpMover.Kind kind, World world, MoverStep step) {
    int pick = r.nextInt(100);
    if (pick < 12) {
      return MoverOutcome.failed(IpMoverException.cancelled("cancelled"));
    } else if (pick < 27) {
      return MoverOutcome.failed(new IpMoverException("HTTP 503"));
    } else if (pick < 32) {
      return MoverOutcome.failed(IpMoverException.permanent("HTTP 403"));
    } else if (pick < 37) {
      return MoverOutcome.failed(IpMoverException.retryAfter("HTTP 429", Duration.ofMillis(r.nextInt(0, 120_000))));
    } else if (step != MoverStep.OBSERVE) {
      return MoverOutcome.done();
    } else if (pick < 80) {
      return MoverOutcome.observed(world.holder); // the truth
    } else if (kind == LOCAL) {
      return MoverOutcome.observed(r.nextBoolean() ? Holder.self() : Holder.nobody());
    } else {
      // lagging or odd answers
      Holder[] any = {Holder.self(), Holder.nobody(), OTHER, Holder.unknown("no permission to read it")};
      return MoverOutcome.observed(any[r.nextInt(any.length)]);
    }
  }

  private static String describe(MoverOutcome outcome) {
    return outcome.failure().map(f -> f.kind().name()).orElse(outcome.holder().map(Holder::toString).orElse("done"));
  }
}
