package io.github.failover4j.internal;

import io.github.failover4j.group.LeaseRequest;
import io.github.failover4j.spi.Candidate;
import io.github.failover4j.spi.ElectionException;
import io.github.failover4j.spi.LeaseStore;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.LeaseView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Makes a group's {@link LeaseStore} calls on a thread of its own ({@code failover4j-election-N},
 * one per group: a call may block on the network for its whole deadline), one at a time, in the
 * order the group's logic asked for them, and hands each answer to the logic's thread. Each call
 * gets an {@link io.github.failover4j.spi.ElectionCall} cancelled at its deadline; a new request
 * cancels a watch in flight, whose answer is stale; {@link #close} lets a last resign finish, then
 * cancels what is left and closes the store.
 */
public final class LeaseDriver {
  /** Where the answers go; called on the driver's thread, must hand them over and return. */
  public interface Answers {
    /**
     * A call succeeded.
     *
     * @param id the request's id
     * @param sentNanos the scheduler's reading just before the call was sent
     * @param view the election after the call; for a resign, which returns none, an empty view
     * @param timing the lease's times as the store has them now
     */
    void viewed(long id, long sentNanos, LeaseView view, LeaseTiming timing);

    /**
     * A call failed.
     *
     * @param id the request's id
     * @param kind what kind of failure
     * @param message what failed, without secrets
     */
    void failed(long id, ElectionException.Kind kind, String message);
  }

  private static final LeaseView RESIGNED = new LeaseView(Optional.empty(), 0, -1, List.of());

  private final LeaseStore store;
  private final Scheduler scheduler;
  private final Answers answers;
  private final ExecutorService lane = Executors.newSingleThreadExecutor(Threads.daemon("failover4j-election"));
  private OperationCall current; // guarded by this
  private LeaseRequest.Kind currentKind; // guarded by this
  private boolean closed; // guarded by this
  private Candidate self; // guarded by this: who the last request stood as, for the last resign

  /**
   * Creates the driver of a group's store.
   *
   * @param store the store
   * @param scheduler the clock of the requests' deadlines (the engine's), and the timer that cancels calls
   * @param answers where the answers go
   */
  public LeaseDriver(LeaseStore store, Scheduler scheduler, Answers answers) {
    this.store = store;
    this.scheduler = scheduler;
    this.answers = answers;
  }

  /**
   * Queues a call; never blocks. A watch in flight is cancelled: the logic wants something else.
   *
   * @param request the call
   */
  public void request(LeaseRequest request) {
    synchronized (this) {
      if (closed) {
        return;
      }
      self = request.self();
      if (current != null && currentKind == LeaseRequest.Kind.OBSERVE) {
        current.cancel();
      }
    }
    try {
      lane.execute(() -> run(request));
    } catch (RejectedExecutionException e) {
      // closing: a resign too late for the close's timeout; the lease expires by itself
    }
  }

  private void run(LeaseRequest request) {
    OperationCall call = new OperationCall(scheduler, request.deadlineNanos());
    synchronized (this) {
      if (closed) {
        return;
      }
      current = call;
      currentKind = request.kind();
    }
    long sent = scheduler.now();
    Scheduler.Cancellable timer = scheduler.schedule(Duration.ofNanos(Math.max(0, request.deadlineNanos() - sent)),
        call::cancel);
    try {
      LeaseView view = switch (request.kind()) {
        case CAMPAIGN -> store.campaign(call, request.self());
        case OBSERVE -> store.observe(call, request.self(), request.sinceRevision());
        case RESIGN -> {
          store.resign(call, request.self());
          yield RESIGNED;
        }
      };
      answers.viewed(request.id(), sent, view, store.timing());
    } catch (ElectionException e) {
      answers.failed(request.id(), call.cancelled() ? ElectionException.Kind.CANCELLED : e.kind(), e.getMessage());
    } catch (RuntimeException e) {
      // a store's bug: reported, and the call counts as failed (a holder keeps its deadline)
      answers.failed(request.id(), ElectionException.Kind.RETRYABLE, request.kind().name().toLowerCase(
          java.util.Locale.ROOT) + " threw " + e.getClass().getName());
    } finally {
      timer.cancel();
      synchronized (this) {
        current = null;
      }
    }
  }

  /**
   * Lets the calls already asked for finish within a timeout, then resigns if asked to, cancels what
   * is left and closes the store. A closing group resigns here, not from its logic: the engine no
   * longer feeds the logic the movers' report that the addresses are given up, and without a resign
   * the others would wait for the lease to expire instead of taking over at once.
   *
   * @param timeout how long to wait
   * @param resign whether to give the lease up: only once the group's movers released the addresses
   * @throws InterruptedException if interrupted while waiting
   */
  public void close(Duration timeout, boolean resign) throws InterruptedException {
    long deadline = scheduler.now() + timeout.toNanos();
    Candidate last;
    synchronized (this) {
      if (current != null && currentKind == LeaseRequest.Kind.OBSERVE) {
        current.cancel(); // a watch would hold the close up until its deadline
      }
      last = self;
    }
    if (resign && last != null) {
      // resign is idempotent: a node that holds no lease changes nothing in the store
      request(new LeaseRequest(Long.MIN_VALUE, LeaseRequest.Kind.RESIGN, new Candidate(last.id(), 0, last.preempt()),
          -1, deadline));
    }
    lane.shutdown();
    boolean drained = lane.awaitTermination(Math.max(0, deadline - scheduler.now()), TimeUnit.NANOSECONDS);
    synchronized (this) {
      closed = true;
      if (current != null) {
        current.cancel();
      }
    }
    if (!drained) {
      lane.shutdownNow();
    }
    store.close();
  }
}
