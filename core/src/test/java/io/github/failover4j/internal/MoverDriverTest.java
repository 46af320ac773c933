package io.github.failover4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.Announcements;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.MoverContext;
import io.github.failover4j.spi.VirtualAddresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The mover driver in virtual time: its lane runs on the calling thread (a direct executor), its
 * retries on a scheduler the test advances, its jitter from a seeded random. A wish that changes
 * while an operation runs is made from inside that operation, as the engine thread would make it
 * while the mover thread is busy. Nothing here sleeps or reads a real clock.
 */
class MoverDriverTest {
  static final VirtualAddresses TARGET = new VirtualAddresses("g", "eth0", Optional.empty(),
      List.of(VirtualIp.parse("192.0.2.10/24")), Announcements.DEFAULT, false);
  static final Executor DIRECT = Runnable::run;
  static final long SECOND = 1_000_000_000L;
  static final long MILLI = 1_000_000L;

  /** A seeded random that remembers the bounds it was asked for. */
  static final class RecordingRandom implements RandomGenerator {
    final SplittableRandom seeded = new SplittableRandom(20240611);
    final List<long[]> asked = new ArrayList<>();
    final List<Long> drawn = new ArrayList<>();

    @Override
    public long nextLong() {
      return seeded.nextLong();
    }

    @Override
    public long nextLong(long origin, long bound) {
      long value = seeded.nextLong(origin, bound);
      asked.add(new long[] {origin, bound});
      drawn.add(value);
      return value;
    }
  }

  /** One operation the mover was asked for, and when (virtual nanoseconds). */
  record Call(String operation, long at) {
    @Override
    public String toString() {
      return operation + "@" + at / MILLI + "ms";
    }
  }

  /** Records operations with their virtual time; fails as many of each as told. */
  static final class ScriptedMover implements IpMover {
    final ManualScheduler clock;
    final List<Call> calls = new ArrayList<>();
    int claimFailures;
    int releaseFailures;
    int reannounceFailures;
    Runnable duringNext; // runs inside the next operation: the engine changing its wish meanwhile

    ScriptedMover(ManualScheduler clock) {
      this.clock = clock;
    }

    @Override
    public void claim() throws IpMoverException {
      operation("claim", claimFailures-- > 0);
    }

    @Override
    public void release() throws IpMoverException {
      operation("release", releaseFailures-- > 0);
    }

    @Override
    public void reannounce() throws IpMoverException {
      operation("reannounce", reannounceFailures-- > 0);
    }

    @Override
    public void close() {
      calls.add(new Call("close", clock.now()));
    }

    private void operation(String name, boolean fail) throws IpMoverException {
      calls.add(new Call(name, clock.now()));
      Runnable during = duringNext;
      duringNext = null;
      if (during != null) {
        during.run();
        calls.add(new Call(name + " ends", clock.now()));
      }
      if (fail) {
        throw new IpMoverException("provider said 502");
      }
    }

    List<String> operations() {
      return calls.stream().map(Call::operation).toList();
    }

    List<Long> times(String operation) {
      return calls.stream().filter(c -> c.operation().equals(operation)).map(Call::at).toList();
    }
  }

  final ManualScheduler scheduler = new ManualScheduler();
  final RecordingRandom random = new RecordingRandom();
  final ScriptedMover mover = new ScriptedMover(scheduler);
  MoverContext context;

  MoverDriver driver() {
    MoverDriver driver = new MoverDriver("test", TARGET, MoverConfig.empty(), DIRECT, scheduler, random);
    driver.start(c -> {
      context = c;
      return mover;
    });
    return driver;
  }

  @Test
  void aFailedClaimIsRetriedAfterAJitteredBackoffDoublingFromOneSecondToThirty() throws Exception {
    MoverDriver driver = driver();
    mover.claimFailures = 8;
    driver.claim();
    List<Long> caps = List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    for (int i = 0; i < caps.size(); i++) {
      long last = mover.times("claim").get(i);
      long capNanos = caps.get(i) * SECOND;
      long due = scheduler.next();
      assertTrue(due - last >= capNanos / 2 && due - last <= capNanos,
          "retry " + (i + 1) + " after " + (due - last) / MILLI + " ms (expected: " + capNanos / 2 / MILLI + ".."
              + capNanos / MILLI + " ms)");
      // the driver draws from exactly that range, in milliseconds, and waits what it drew
      assertEquals(List.of(caps.get(i) * 1000 / 2, caps.get(i) * 1000 + 1), List.of(random.asked.get(i)[0],
          random.asked.get(i)[1]));
      assertEquals(random.drawn.get(i) * MILLI, due - last);
      scheduler.runUntil(due - 1);
      assertEquals(i + 1, mover.times("claim").size(), "retried early: " + mover.calls);
      scheduler.runUntil(due);
      assertEquals(i + 2, mover.times("claim").size(), "not retried when due: " + mover.calls);
    }
    assertEquals(8, driver.failures());
    // the ninth claim succeeded: no retry is left, nothing more runs however long we wait
    assertEquals(-1, scheduler.next());
    scheduler.runFor(Duration.ofMinutes(10));
    assertEquals(9, mover.calls.size(), mover.calls.toString());
    // the jitter is drawn, not fixed: a seeded run still spreads the retries
    assertTrue(random.drawn.stream().distinct().count() > 1, random.drawn.toString());
  }

  @Test
  void theBackoffStartsOverAfterASuccess() throws Exception {
    MoverDriver driver = driver();
    mover.claimFailures = 3;
    driver.claim();
    scheduler.runFor(Duration.ofSeconds(10)); // retries after <= 1 + 2 + 4 s: held
    assertEquals(List.of("claim", "claim", "claim", "claim"), mover.operations());
    mover.releaseFailures = 1;
    driver.release();
    long failed = scheduler.now();
    long due = scheduler.next();
    assertTrue(due - failed >= SECOND / 2 && due - failed <= SECOND, (due - failed) / MILLI + " ms");
    scheduler.runFor(Duration.ofSeconds(1));
    assertEquals(List.of("claim", "claim", "claim", "claim", "release", "release"), mover.operations());
    assertEquals(4, driver.failures());
  }

  @Test
  void aRetryOfAWishNoLongerWantedDoesNothing() throws Exception {
    MoverDriver driver = driver();
    mover.claimFailures = 1;
    driver.claim(); // fails, retry in 0.5..1 s
    scheduler.runFor(Duration.ofMillis(100));
    driver.release(); // the claim half done is undone at once
    scheduler.runFor(Duration.ofMinutes(1)); // the claim's retry comes due: released is what is wanted
    assertEquals(List.of(new Call("claim", 0), new Call("release", 100 * MILLI)), mover.calls);
    assertEquals(1, driver.failures());
  }

  @Test
  void theLatestWishWinsAndStaleWishesNeverRun() throws Exception {
    MoverDriver driver = driver();
    // while the start-up release runs, the engine flaps and ends wanting the addresses released
    mover.duringNext = () -> {
      driver.claim();
      driver.release();
      driver.claim();
      driver.release();
    };
    driver.release();
    assertEquals(List.of("release", "release ends"), mover.operations(), "released is already what is wanted");

    // flapping again during a claim, ending on "held": exactly one more claim, after the one running
    driver.claim();
    mover.calls.clear();
    driver.release();
    mover.calls.clear();
    mover.duringNext = () -> {
      driver.release();
      driver.claim();
      driver.release();
      driver.claim();
    };
    driver.claim(); // held is known; this claim runs, the flaps end on held: nothing more
    assertEquals(List.of("claim", "claim ends"), mover.operations());
    mover.calls.clear();
    mover.duringNext = () -> {
      driver.claim();
      driver.release();
      driver.claim();
    };
    driver.release(); // the engine wants it back while the release runs: one claim follows, not three
    assertEquals(List.of("release", "release ends", "claim"), mover.operations());
    assertEquals(0, driver.failures());
  }

  @Test
  void aClaimThatFailedHalfwayIsUndoneByTheNextRelease() throws Exception {
    MoverDriver driver = driver();
    driver.release(); // start-up cleanup: now known released
    mover.claimFailures = 1; // e.g. the address went on, its announcement was refused
    driver.claim();
    driver.release(); // FAULT: must not be skipped as "already released"
    assertEquals(List.of("release", "claim", "release"), mover.operations());
    assertEquals(1, driver.failures());
  }

  @Test
  void reannouncesOnlyWhileHeldAndWanted() throws Exception {
    MoverDriver driver = driver();
    driver.reannounce(); // nothing claimed yet
    mover.claimFailures = 1;
    driver.claim();
    driver.reannounce(); // the claim failed: whether held is unknown
    assertEquals(List.of("claim"), mover.operations());
    scheduler.runFor(Duration.ofSeconds(1)); // the retry succeeds
    driver.reannounce();
    assertEquals(List.of("claim", "claim", "reannounce"), mover.operations());
    mover.reannounceFailures = 1;
    driver.reannounce(); // fails: counted, not retried (the next reannouncement will do)
    assertEquals(2, driver.failures());
    assertEquals(-1, scheduler.next());
    driver.release();
    driver.reannounce();
    // a reannouncement queued behind a release, asked while still held, is dropped too
    driver.claim();
    mover.duringNext = driver::reannounce;
    mover.calls.clear();
    driver.release();
    assertEquals(List.of("release", "release ends"), mover.operations());
  }

  @Test
  void tasksTheMoverSchedulesRunOnItsLaneInVirtualTime() throws Exception {
    MoverDriver driver = driver();
    List<Long> ran = new ArrayList<>();
    context.schedule(Duration.ofMillis(10), () -> ran.add(scheduler.now()));
    scheduler.runFor(Duration.ofMillis(9));
    assertEquals(List.of(), ran);
    scheduler.runFor(Duration.ofMillis(1));
    assertEquals(List.of(10 * MILLI), ran);
    assertTrue(driver.close(Duration.ZERO));
  }

  @Test
  void closeWaitsForTheLaneAndNothingRunsAfterIt() throws Exception {
    MoverDriver driver = driver();
    mover.claimFailures = 1;
    driver.claim(); // fails: a retry is pending
    List<Long> ran = new ArrayList<>();
    context.schedule(Duration.ofSeconds(5), () -> ran.add(scheduler.now()));
    boolean[] finished = new boolean[1];
    mover.duringNext = () -> {
      driver.claim(); // asked before the close: still done, before the mover closes
      finished[0] = driverClose(driver);
    };
    driver.release(); // the close arrives while this release runs
    assertFalse(finished[0], "close said the lane was done while a release was still running");
    assertEquals(List.of("claim", "release", "release ends", "claim", "close"), mover.operations());

    // after the close, no wish, retry, reannouncement or scheduled task reaches the mover
    driver.release();
    driver.claim();
    driver.reannounce();
    scheduler.runFor(Duration.ofMinutes(10));
    assertEquals(List.of("claim", "release", "release ends", "claim", "close"), mover.operations());
    assertEquals(List.of(), ran);
  }

  @Test
  void closeOnAnIdleLaneFinishesAtOnce() throws Exception {
    MoverDriver driver = driver();
    driver.claim();
    assertTrue(driver.close(Duration.ZERO));
    assertEquals(List.of("claim", "close"), mover.operations());
  }

  /** Closes from inside an operation: with a direct lane it can only queue, not wait. */
  private static boolean driverClose(MoverDriver driver) {
    try {
      return driver.close(Duration.ZERO);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
