package io.github.failover4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.group.LeaseRequest;
import io.github.failover4j.spi.Candidate;
import io.github.failover4j.spi.ElectionCall;
import io.github.failover4j.spi.ElectionException;
import io.github.failover4j.spi.LeaseStore;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.LeaseView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The driver of a group's lease store: one call at a time on its own thread, a watch cancelled by
 * the next request, a call cancelled at its deadline, and a close that lets the last resign finish.
 * The store blocks until its call is cancelled, as a long poll does; the test waits on answers,
 * never on time.
 */
class LeaseDriverTest {
  private static final LeaseTiming TIMING = new LeaseTiming(Duration.ofSeconds(3), Duration.ofMillis(500),
      Duration.ofSeconds(2));
  private static final Candidate SELF = new Candidate("a", 100, true);
  private static final LeaseView FREE = new LeaseView(Optional.empty(), 0, 1, List.of());

  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final CountDownLatch watching = new CountDownLatch(1);
  private volatile boolean closed;

  /** Watches block until cancelled; campaigns and resigns answer at once. */
  private final LeaseStore store = new LeaseStore() {
    @Override
    public LeaseTiming timing() {
      return TIMING;
    }

    @Override
    public LeaseView campaign(ElectionCall call, Candidate self) {
      answers.add("store campaign");
      return FREE;
    }

    @Override
    public LeaseView observe(ElectionCall call, Candidate self, long sinceRevision) throws ElectionException {
      CountDownLatch cancelled = new CountDownLatch(1);
      call.onCancel(cancelled::countDown);
      watching.countDown();
      try {
        cancelled.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw ElectionException.cancelled("observe: cancelled");
    }

    @Override
    public void resign(ElectionCall call, Candidate self) {
      answers.add("store resign");
    }

    @Override
    public void close() {
      closed = true;
    }
  };

  private final LeaseDriver driver = new LeaseDriver(store, scheduler, new LeaseDriver.Answers() {
    @Override
    public void viewed(long id, long sentNanos, LeaseView view, LeaseTiming timing) {
      answers.add(id + " viewed");
    }

    @Override
    public void failed(long id, ElectionException.Kind kind, String message) {
      answers.add(id + " " + kind);
    }
  });

  private String next() throws InterruptedException {
    String answer = answers.poll(10, TimeUnit.SECONDS);
    assertTrue(answer != null, "an answer within 10 s");
    return answer;
  }

  @Test
  void aNewRequestCancelsTheWatchInFlightThenRuns() throws Exception {
    driver.request(new LeaseRequest(1, LeaseRequest.Kind.OBSERVE, SELF, 1, 500_000_000L));
    assertTrue(watching.await(10, TimeUnit.SECONDS));
    driver.request(new LeaseRequest(2, LeaseRequest.Kind.CAMPAIGN, SELF, 1, 500_000_000L));
    assertEquals(List.of("1 CANCELLED", "store campaign", "2 viewed"), List.of(next(), next(), next()));
    driver.close(Duration.ofSeconds(10), false);
  }

  @Test
  void aWatchIsCancelledAtItsDeadline() throws Exception {
    driver.request(new LeaseRequest(1, LeaseRequest.Kind.OBSERVE, SELF, 1, 500_000_000L));
    assertTrue(watching.await(10, TimeUnit.SECONDS));
    scheduler.runUntil(499_999_999L);
    assertTrue(answers.isEmpty(), "not before its deadline: " + answers);
    scheduler.runUntil(500_000_000L);
    assertEquals("1 CANCELLED", next());
    driver.close(Duration.ofSeconds(10), false);
  }

  @Test
  void closeLetsAQueuedResignFinishThenClosesTheStore() throws Exception {
    driver.request(new LeaseRequest(1, LeaseRequest.Kind.RESIGN, SELF, -1, 500_000_000L));
    driver.close(Duration.ofSeconds(10), false);
    assertEquals(List.of("store resign", "1 viewed"), List.of(next(), next()));
    assertTrue(closed, "the store is closed after the resign");
  }

  @Test
  void aClosingGroupResignsOnceItsAddressesAreReleased() throws Exception {
    driver.request(new LeaseRequest(1, LeaseRequest.Kind.OBSERVE, SELF, 1, 500_000_000L));
    assertTrue(watching.await(10, TimeUnit.SECONDS));
    driver.close(Duration.ofSeconds(10), true);
    assertEquals(List.of("1 CANCELLED", "store resign"), List.of(next(), next()));
    assertTrue(closed, "the store is closed after the resign");
  }

  @Test
  void aClosingGroupWhoseReleaseDidNotFinishLetsTheLeaseExpire() throws Exception {
    driver.request(new LeaseRequest(1, LeaseRequest.Kind.OBSERVE, SELF, 1, 500_000_000L));
    assertTrue(watching.await(10, TimeUnit.SECONDS));
    driver.close(Duration.ofSeconds(10), false);
    // close returned with its lane drained: every answer there will be is in
    assertEquals(List.of("1 CANCELLED"), List.copyOf(answers), "no resign");
    assertTrue(closed);
  }
}
