package io.github.failover4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.failover4j.Announcements;
import io.github.failover4j.MoverOptions;
import io.github.failover4j.MoverState;
import io.github.failover4j.MoverStatus;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.group.MoverStep;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.MoverContext;
import io.github.failover4j.spi.VirtualAddresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The mover driver with its real {@link MoverWorker}: the logic runs on a lane of its own thread,
 * the scripted mover's operations on worker threads where they may block, the timers on a
 * {@link ManualScheduler} the test advances, and the jitter always at the top of its range.
 * Threads meet on latches and on the events the driver reports; nothing sleeps.
 */
@Timeout(60)
class MoverDriverTest {
  static final VirtualAddresses TARGET = new VirtualAddresses("g", 51, "eth0", Optional.empty(),
      List.of(VirtualIp.parse("192.0.2.10/24")), Announcements.DEFAULT, false);
  static final long SECOND = 1_000_000_000L;
  static final Holder OTHER = Holder.other("server 2");
  static final long WAIT_SECONDS = 20;

  /** One operation's script: what the mover does when it is called. */
  @FunctionalInterface
  interface Behavior {
    Holder run(MoverCall call, Holder current) throws IpMoverException, InterruptedException;
  }

  /** A mover over a simulated holder; each operation runs its next script, or does what it says. */
  static final class ScriptedMover implements IpMover {
    final IpMover.Kind kind;
    volatile Holder world = Holder.nobody();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final BlockingQueue<String> entered = new LinkedBlockingQueue<>();
    final Map<MoverStep, Queue<Behavior>> scripts = new ConcurrentHashMap<>();
    final List<Holder> currents = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch closed = new CountDownLatch(1);
    volatile MoverCall lastCall;

    ScriptedMover(IpMover.Kind kind) {
      this.kind = kind;
    }

    void script(MoverStep step, Behavior behavior) {
      scripts.computeIfAbsent(step, s -> new ConcurrentLinkedQueue<>()).add(behavior);
    }

    @Override
    public Kind kind() {
      return kind;
    }

    @Override
    public Holder observe(MoverCall call) throws IpMoverException {
      return run(MoverStep.OBSERVE, "observe", call, null, () -> world);
    }

    @Override
    public void claim(MoverCall call, Holder current) throws IpMoverException {
      currents.add(current);
      run(MoverStep.CLAIM, "claim", call, current, () -> world = Holder.self());
    }

    @Override
    public void release(MoverCall call) throws IpMoverException {
      run(MoverStep.RELEASE, "release", call, null, () -> world = Holder.nobody());
    }

    @Override
    public void reannounce(MoverCall call) throws IpMoverException {
      run(MoverStep.REANNOUNCE, "reannounce", call, null, () -> null);
    }

    @Override
    public void close() {
      calls.add("close");
      closed.countDown();
    }

    private Holder run(MoverStep step, String name, MoverCall call, Holder current,
        java.util.function.Supplier<Holder> otherwise) throws IpMoverException {
      calls.add(name);
      lastCall = call;
      entered.add(name);
      Queue<Behavior> script = scripts.get(step);
      Behavior behavior = script == null ? null : script.poll();
      try {
        return behavior == null ? otherwise.get() : behavior.run(call, current);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw IpMoverException.cancelled(name + ": interrupted");
      }
    }

    void awaitEntered(String name) throws InterruptedException {
      String next = entered.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertEquals(name, next, "the mover was not called: " + calls);
    }

    List<String> calls() {
      synchronized (calls) {
        return List.copyOf(calls);
      }
    }
  }

  /** Records the driver's events with the thread each came on; may hold one up. */
  static final class Events implements MoverDriver.Events {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    volatile Consumer<String> during = e -> { };
    volatile MoverDriver driver;

    private void add(MoverDriver mover, String event) {
      if (driver != null && mover != driver) {
        fail("an event for another driver: " + mover);
      }
      threads.add(Thread.currentThread().getName());
      events.add(event);
      queue.add(event);
      during.accept(event);
    }

    @Override
    public void changed(MoverDriver mover, MoverState from, MoverState to, String detail) {
      add(mover, from + "->" + to);
    }

    @Override
    public void splitBrain(MoverDriver mover, Holder holder, MoverOptions.OnSplitBrain action) {
      add(mover, "split brain " + holder + " " + action);
    }

    @Override
    public void claimFailing(MoverDriver mover, boolean failing, String why) {
      add(mover, "claim failing " + failing);
    }

    /** Waits for an event, passing over the ones before it. */
    void await(String event) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (true) {
        String next = queue.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (next == null) {
          fail("no event " + event + "; events: " + events);
        }
        if (next.equals(event)) {
          return;
        }
      }
    }

    List<String> events() {
      synchronized (events) {
        return List.copyOf(events);
      }
    }
  }

  /** Threads that tell when they have nothing left to run. */
  static final class Pool implements java.util.concurrent.Executor {
    final ExecutorService thread;
    private int pending;

    Pool(String name, boolean single) {
      java.util.concurrent.ThreadFactory factory = r -> {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
      };
      thread = single ? Executors.newSingleThreadExecutor(factory) : Executors.newCachedThreadPool(factory);
    }

    @Override
    public void execute(Runnable task) {
      synchronized (this) {
        pending++;
      }
      thread.execute(() -> {
        try {
          task.run();
        } finally {
          synchronized (this) {
            pending--;
            notifyAll();
          }
        }
      });
    }

    synchronized void awaitIdle() throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (pending > 0) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          fail("still busy");
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }

  /** Draws the top of every range: a backoff waits exactly its cap. */
  static final RandomGenerator TOP = new RandomGenerator() {
    @Override
    public long nextLong() {
      throw new AssertionError("the backoff must draw from a bounded range");
    }

    @Override
    public long nextLong(long bound) {
      return bound - 1;
    }
  };

  final ManualScheduler scheduler = new ManualScheduler();
  final Pool lane = new Pool("mover-lane", true);
  final Pool workers = new Pool("mover-worker", false);
  /** A VRRP group's hold: no lease, no term. */
  private static final OptionalLong NO_TERM = OptionalLong.empty();

  final Events events = new Events();
  ScriptedMover mover;
  MoverContext context;
  MoverDriver driver;

  MoverDriver driver(IpMover.Kind kind, MoverOptions options) {
    mover = new ScriptedMover(kind);
    MoverWorker worker = new MoverWorker(TARGET, MoverConfig.empty(), workers, workers, scheduler);
    IpMover made = worker.start(c -> {
      context = c;
      return mover;
    });
    driver = new MoverDriver("scripted", made.kind(), options, worker, lane, scheduler, TOP, events);
    events.driver = driver;
    return driver;
  }

  @AfterEach
  void stop() {
    lane.thread.shutdownNow();
    workers.thread.shutdownNow();
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), what);
  }

  /** Waits for a condition that another thread makes true. */
  private static void eventually(BooleanSupplier condition, String what) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail("never: " + what);
      }
      Thread.onSpinWait();
    }
  }

  /** Holds the addresses with the mover's default (succeeding) operations. */
  private void holding() throws InterruptedException {
    driver.hold(NO_TERM);
    events.await("CLAIMING->HOLDING");
    lane.awaitIdle();
    mover.entered.clear();
  }

  // ----- the lease's term

  @Test
  void theOperationsOfAHoldCarryItsLeaseTermAndAReleaseNone() throws Exception {
    driver(IpMover.Kind.LOCAL, MoverOptions.defaults());
    driver.hold(OptionalLong.of(42));
    events.await("CLAIMING->HOLDING");
    assertEquals(OptionalLong.of(42), mover.lastCall.fencingToken(), "the claim acts for term 42");
    driver.release();
    events.await("RELEASING->IDLE");
    assertEquals(OptionalLong.empty(), mover.lastCall.fencingToken(), "a release is every node's to make");
    driver.hold(OptionalLong.of(57));
    events.await("CLAIMING->HOLDING");
    assertEquals(OptionalLong.of(57), mover.lastCall.fencingToken(), "a new term, a new token");
  }

  // ----- cancellation

  @Test
  void aClaimBlockedInTheMoverIsCancelledByAReleaseWhichThenRuns() throws Exception {
    driver(IpMover.Kind.LOCAL, MoverOptions.defaults());
    CountDownLatch aborted = new CountDownLatch(1);
    AtomicReference<IpMoverException> pauseEnded = new AtomicReference<>();
    mover.script(MoverStep.CLAIM, (call, current) -> {
      call.onCancel(aborted::countDown);
      try {
        call.pause(Duration.ofSeconds(60)); // polling an action that never finishes
      } catch (IpMoverException e) {
        pauseEnded.set(e);
        throw e;
      }
      fail("the pause ended without a cancellation");
      return null;
    });
    driver.hold(NO_TERM);
    mover.awaitEntered("claim");
    events.await("IDLE->CLAIMING");
    driver.release();
    await(aborted, "the claim's abort did not run");
    events.await("CLAIMING->RELEASING");
    events.await("RELEASING->IDLE");
    assertEquals(IpMoverException.Kind.CANCELLED, pauseEnded.get().kind());
    assertEquals(List.of("claim", "release"), mover.calls());
    lane.awaitIdle();
    MoverStatus status = driver.status();
    assertEquals(MoverState.IDLE, status.state());
    assertEquals(0, status.failures(), "a cancellation the wish asked for is no failure");
    assertEquals(2, status.operations());
  }

  @Test
  void aClaimThatFinishesDespiteTheCancellationIsReleasedAfterwards() throws Exception {
    driver(IpMover.Kind.LOCAL, MoverOptions.defaults());
    CountDownLatch mayFinish = new CountDownLatch(1);
    AtomicReference<Boolean> sawCancel = new AtomicReference<>();
    mover.script(MoverStep.CLAIM, (call, current) -> {
      mayFinish.await(); // a mover that does not listen for the cancellation
      sawCancel.set(call.cancelled());
      mover.world = Holder.self();
      return null;
    });
    driver.hold(NO_TERM);
    mover.awaitEntered("claim");
    driver.release();
    lane.awaitIdle();
    mayFinish.countDown();
    events.await("CLAIMING->RELEASING");
    events.await("RELEASING->IDLE");
    assertTrue(sawCancel.get());
    assertEquals(List.of("claim", "release"), mover.calls());
    assertEquals(Holder.nobody(), mover.world, "the address stayed on a BACKUP");
  }

  @Test
  void anOperationCancelledBeforeItStartsNeverReachesTheMover() throws Exception {
    driver(IpMover.Kind.LOCAL, MoverOptions.defaults());
    CountDownLatch burstMayEnd = new CountDownLatch(1);
    CountDownLatch burstRuns = new CountDownLatch(1);
    context.schedule(Duration.ZERO, () -> { // an announcement burst the mover scheduled
      burstRuns.countDown();
      try {
        burstMayEnd.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    scheduler.runFor(Duration.ZERO);
    await(burstRuns, "the mover's task did not run");
    driver.hold(NO_TERM); // the claim waits behind the burst
    driver.release(); // and is cancelled before it starts
    lane.awaitIdle();
    burstMayEnd.countDown();
    events.await("CLAIMING->RELEASING");
    events.await("RELEASING->IDLE");
    assertEquals(List.of("release"), mover.calls(), "a claim ran after the role was lost");
  }

  @Test
  void theDeadlineCancelsAHungOperationWhichIsThenRetried() throws Exception {
    driver(IpMover.Kind.LOCAL, MoverOptions.builder().timeout(Duration.ofSeconds(5)).build());
    CountDownLatch aborted = new CountDownLatch(1);
    mover.script(MoverStep.CLAIM, (call, current) -> {
      call.onCancel(aborted::countDown);
      aborted.await(); // a read that never returns unless its socket is closed
      throw new IpMoverException("claim: connection reset");
    });
    long start = scheduler.now();
    driver.hold(NO_TERM);
    mover.awaitEntered("claim");
    lane.awaitIdle();
    assertEquals(start + 5 * SECOND, scheduler.next(), "the operation's deadline is armed");
    assertEquals(Duration.ofSeconds(5), mover.lastCall.remaining());
    scheduler.runFor(Duration.ofNanos(5 * SECOND - 1));
    lane.awaitIdle();
    assertEquals(1, aborted.getCount(), "cancelled before its deadline");
    assertFalse(mover.lastCall.cancelled());
    scheduler.stall(Duration.ofNanos(1)); // the deadline passes before the driver's timer runs
    assertTrue(mover.lastCall.cancelled(), "a mover polling its call does not see the deadline");
    assertEquals(Duration.ZERO, mover.lastCall.remaining());
    assertEquals(1, aborted.getCount());
    scheduler.runFor(Duration.ZERO);
    await(aborted, "the deadline did not cancel the operation");
    events.await("CLAIMING->FAILING");
    lane.awaitIdle();
    MoverStatus status = driver.status();
    assertEquals(Optional.of("claim: no result within 5000 ms"), status.lastError());
    assertEquals(1, status.failures());
    assertEquals(1, status.attempts());
    assertEquals(scheduler.now() + SECOND, scheduler.next(), "retried after the first backoff");
    scheduler.runFor(Duration.ofSeconds(1));
    events.await("FAILING->CLAIMING");
    events.await("CLAIMING->HOLDING");
    assertEquals(List.of("claim", "claim"), mover.calls());
  }

  @Test
  void theCallCarriesTheDeadlineAndRefusesAPausePastIt() throws Exception {
    driver(IpMover.Kind.LOCAL, MoverOptions.builder().timeout(Duration.ofSeconds(5)).build());
    AtomicReference<IpMoverException> refused = new AtomicReference<>();
    AtomicReference<Duration> remaining = new AtomicReference<>();
    mover.script(MoverStep.CLAIM, (call, current) -> {
      remaining.set(call.remaining());
      refused.set(assertThrows(IpMoverException.class, () -> call.pause(Duration.ofSeconds(5))));
      call.pause(Duration.ZERO);
      return null;
    });
    holding();
    assertEquals(Duration.ofSeconds(5), remaining.get());
    assertEquals(IpMoverException.Kind.CANCELLED, refused.get().kind());
  }

  @Test
  void anAbortThatThrowsStillCancelsAndTheMoverStillCloses() throws Exception {
    driver(IpMover.Kind.LOCAL, MoverOptions.defaults());
    AtomicReference<IpMoverException> pauseEnded = new AtomicReference<>();
    CountDownLatch registered = new CountDownLatch(1);
    mover.script(MoverStep.CLAIM, (call, current) -> {
      call.onCancel(() -> {
        throw new IllegalStateException("a provider's abort that fails");
      });
      registered.countDown();
      try {
        call.pause(Duration.ofSeconds(60));
      } catch (IpMoverException e) {
        pauseEnded.set(e);
        throw e;
      }
      return null;
    });
    driver.hold(NO_TERM);
    await(registered, "the claim did not start");
    lane.awaitIdle();
    driver.close(Duration.ZERO); // MASTER at close: nothing to wait for, the claim is called off
    await(mover.closed, "the mover was not closed");
    assertEquals(IpMoverException.Kind.CANCELLED, pauseEnded.get().kind());
    assertEquals(List.of("claim", "close"), mover.calls());
  }

  // ----- close

  @Test
  void closeWaitsForTheLocalReleaseToFinishThenClosesTheMover() throws Exception {
    driver(IpMover.Kind.LOCAL, MoverOptions.defaults());
    holding();
    CountDownLatch mayFinish = new CountDownLatch(1);
    AtomicReference<Boolean> cancelledAtEnd = new AtomicReference<>();
    mover.script(MoverStep.RELEASE, (call, current) -> {
      mayFinish.await();
      cancelledAtEnd.set(call.cancelled());
      mover.world = Holder.nobody();
      return null;
    });
    driver.release();
    mover.awaitEntered("release");
    ExecutorService closer = Executors.newSingleThreadExecutor();
    try {
      AtomicReference<Thread> closing = new AtomicReference<>();
      Future<Boolean> closed = closer.submit(() -> {
        closing.set(Thread.currentThread());
        return driver.close(Duration.ofSeconds(WAIT_SECONDS));
      });
      eventually(() -> closing.get() != null && (closing.get().getState() == Thread.State.TIMED_WAITING
          || closed.isDone()), "close waits");
      assertFalse(closed.isDone(), "close returned while the release was running");
      assertEquals(List.of("claim", "release"), mover.calls());
      mayFinish.countDown();
      assertTrue(closed.get(WAIT_SECONDS, TimeUnit.SECONDS), "close said the release did not finish in time");
      await(mover.closed, "the mover was not closed");
      assertEquals(List.of("claim", "release", "close"), mover.calls());
      assertFalse(cancelledAtEnd.get(), "the release was called off by the close it waited for");
      assertEquals(Holder.nobody(), mover.world);
    } finally {
      closer.shutdownNow();
    }
  }

  @Test
  void closeDoesNotReportDoneWhileAWishIsBeingTaken() throws Exception {
    driver(IpMover.Kind.LOCAL, MoverOptions.defaults());
    holding();
    CountDownLatch inWish = new CountDownLatch(1);
    CountDownLatch mayGoOn = new CountDownLatch(1);
    events.during = event -> {
      if (event.equals("HOLDING->RELEASING")) { // inside the release, on the lane
        inWish.countDown();
        try {
          mayGoOn.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    driver.release();
    await(inWish, "the release was not taken");
    try {
      assertFalse(driver.close(Duration.ZERO), "close said done while the release was being taken");
    } finally {
      mayGoOn.countDown();
    }
    await(mover.closed, "the mover was not closed");
  }

  @Test
  void closeTimesOutOnAReleaseThatDoesNotFinishAndStillClosesTheMover() throws Exception {
    driver(IpMover.Kind.LOCAL, MoverOptions.defaults());
    holding();
    CountDownLatch aborted = new CountDownLatch(1);
    mover.script(MoverStep.RELEASE, (call, current) -> {
      call.onCancel(aborted::countDown);
      aborted.await();
      throw IpMoverException.cancelled("release: aborted");
    });
    driver.release();
    mover.awaitEntered("release");
    assertFalse(driver.close(Duration.ofMillis(1)));
    await(aborted, "the close did not call the release off");
    await(mover.closed, "the mover was not closed");
    assertEquals(List.of("claim", "release", "close"), mover.calls());
  }

  @Test
  void closeOnAQuietMoverFinishesAtOnce() throws Exception {
    driver(IpMover.Kind.CLOUD, MoverOptions.defaults());
    holding();
    assertTrue(driver.close(Duration.ZERO));
    await(mover.closed, "the mover was not closed");
  }

  @Test
  void nothingReachesTheMoverAfterClose() throws Exception {
    driver(IpMover.Kind.LOCAL, MoverOptions.defaults());
    holding();
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    context.schedule(Duration.ofSeconds(5), () -> ran.add("task"));
    assertTrue(driver.close(Duration.ofSeconds(WAIT_SECONDS)));
    await(mover.closed, "the mover was not closed");
    lane.awaitIdle();
    assertEquals(1, scheduler.pending(), "the driver's timer outlived the close (the other task is the mover's own)");
    driver.release();
    driver.hold(NO_TERM);
    driver.reannounce();
    driver.masterHeard();
    lane.awaitIdle();
    scheduler.runFor(Duration.ofMinutes(10));
    lane.awaitIdle();
    workers.awaitIdle();
    assertEquals(List.of("claim", "close"), mover.calls());
    assertEquals(List.of(), ran);
    assertEquals(-1, scheduler.next(), "a timer is left");
  }

  // ----- status and events

  @Test
  void theStatusFollowsTheMover() throws Exception {
    driver(IpMover.Kind.CLOUD, MoverOptions.defaults());
    assertEquals(new MoverStatus("scripted", IpMover.Kind.CLOUD, MoverState.IDLE, Optional.empty(), Optional.empty(),
        Optional.empty(), 0, 0, 0), driver.status());
    CountDownLatch mayFinish = new CountDownLatch(1);
    mover.script(MoverStep.CLAIM, (call, current) -> {
      mayFinish.await();
      mover.world = Holder.self();
      return null;
    });
    mover.world = OTHER;
    driver.hold(NO_TERM);
    mover.awaitEntered("observe");
    mover.awaitEntered("claim");
    lane.awaitIdle();
    MoverStatus claiming = driver.status();
    assertEquals(MoverState.CLAIMING, claiming.state());
    assertEquals(Optional.of("server 2"), claiming.holder());
    assertEquals(1, claiming.operations());
    mayFinish.countDown();
    events.await("CLAIMING->HOLDING");
    lane.awaitIdle();
    MoverStatus held = driver.status();
    assertEquals(MoverState.HOLDING, held.state());
    assertEquals(Optional.of("this node"), held.holder());
    assertEquals(3, held.operations());
    assertTrue(held.lastLatency().isPresent());
    assertEquals(List.of(OTHER), mover.currents, "the claim was told who held the addresses");

    // a failed re-check keeps the addresses and shows its error
    mover.script(MoverStep.OBSERVE, (call, current) -> {
      throw IpMoverException.permanent("observe: HTTP 401 unauthorized");
    });
    scheduler.runFor(MoverOptions.defaults().reconcileInterval());
    eventually(() -> driver.status().failures() == 1, "the failed re-check is counted");
    MoverStatus failedCheck = driver.status();
    assertEquals(MoverState.HOLDING, failedCheck.state());
    assertEquals(Optional.of("observe: HTTP 401 unauthorized"), failedCheck.lastError());

    // a claim failing after a re-check found nobody
    mover.world = Holder.nobody();
    mover.script(MoverStep.CLAIM, (call, current) -> {
      throw new IpMoverException("claim: HTTP 503 unavailable");
    });
    driver.reannounce(); // for a cloud mover: a re-check now
    events.await("HOLDING->CLAIMING");
    events.await("CLAIMING->FAILING");
    lane.awaitIdle();
    MoverStatus failing = driver.status();
    assertEquals(MoverState.FAILING, failing.state());
    assertEquals(Optional.of("claim: HTTP 503 unavailable"), failing.lastError());
    assertEquals(1, failing.attempts());
    assertEquals(2, failing.failures());
    assertEquals(6, failing.operations());
  }

  @Test
  void eventsArriveInOrderOnTheMoversLane() throws Exception {
    driver(IpMover.Kind.CLOUD, MoverOptions.builder().onClaimFailure(MoverOptions.OnClaimFailure.DEMOTE)
        .failAfter(Duration.ofSeconds(30)).build());
    holding();
    mover.world = OTHER; // another node took the addresses
    mover.script(MoverStep.CLAIM, (call, current) -> {
      throw IpMoverException.permanent("claim: HTTP 403 forbidden");
    });
    scheduler.runFor(Duration.ofSeconds(60)); // the re-check finds them elsewhere; the claim fails
    events.await("CLAIMING->FAILING");
    lane.awaitIdle();
    scheduler.runFor(Duration.ofSeconds(30)); // failing for failAfter: demoted
    events.await("claim failing true");
    lane.awaitIdle();
    scheduler.runFor(Duration.ofSeconds(30)); // the next attempt, an interval after the failure, succeeds
    events.await("CLAIMING->HOLDING");
    assertEquals(List.of("IDLE->CLAIMING", "CLAIMING->HOLDING", "split brain server 2 RECLAIM", "HOLDING->CLAIMING",
        "CLAIMING->FAILING", "claim failing true", "FAILING->CLAIMING", "claim failing false", "CLAIMING->HOLDING"),
        events.events());
    assertEquals(Set.of("mover-lane"), events.threads);
    assertEquals(List.of("observe", "claim", "observe", "observe", "claim", "observe", "claim", "observe"),
        mover.calls());
  }

  // ----- provider bugs

  @Test
  void aProviderBugIsReportedAsAFailureAndRetried() throws Exception {
    driver(IpMover.Kind.LOCAL, MoverOptions.defaults());
    mover.script(MoverStep.CLAIM, (call, current) -> {
      throw new IllegalStateException("oops");
    });
    driver.hold(NO_TERM);
    events.await("CLAIMING->FAILING");
    lane.awaitIdle();
    assertEquals(Optional.of("claim: java.lang.IllegalStateException: oops"), driver.status().lastError());
    scheduler.runFor(Duration.ofSeconds(1));
    events.await("CLAIMING->HOLDING");
  }

  @Test
  void anErrorThrownByTheMoverIsReportedInsteadOfWedgingIt() throws Exception {
    driver(IpMover.Kind.LOCAL, MoverOptions.defaults());
    mover.script(MoverStep.CLAIM, (call, current) -> {
      throw new NoClassDefFoundError("com/example/cloud/Sdk"); // a provider missing a dependency
    });
    driver.hold(NO_TERM);
    events.await("CLAIMING->FAILING");
    lane.awaitIdle();
    String error = driver.status().lastError().orElseThrow();
    assertTrue(error.contains("NoClassDefFoundError") && error.contains("com/example/cloud/Sdk"), error);
    scheduler.runFor(Duration.ofSeconds(1));
    events.await("CLAIMING->HOLDING");
    assertNotEquals(MoverState.FAILING, driver.status().state());
  }

  @Test
  void theMoversOwnTasksRunOnItsLaneInVirtualTime() throws Exception {
    driver(IpMover.Kind.LOCAL, MoverOptions.defaults());
    CountDownLatch ran = new CountDownLatch(1);
    AtomicReference<Long> at = new AtomicReference<>();
    context.schedule(Duration.ofMillis(10), () -> {
      at.set(scheduler.now());
      ran.countDown();
    });
    scheduler.runFor(Duration.ofMillis(9));
    assertEquals(1, ran.getCount());
    scheduler.runFor(Duration.ofMillis(1));
    await(ran, "the task did not run");
    workers.awaitIdle();
    assertNotNull(at.get());
    assertEquals(10_000_000L, at.get());
  }
}
