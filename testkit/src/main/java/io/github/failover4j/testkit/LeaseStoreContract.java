package io.github.failover4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.failover4j.spi.Candidate;
import io.github.failover4j.spi.ElectionException;
import io.github.failover4j.spi.LeaseStore;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.LeaseView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link LeaseStore} must keep, as JUnit 5 tests: extend this class in your
 * store's tests, say how to make stores of one group's candidates, and the tests prove that taking
 * the lease is atomic, that renewing keeps it and resigning frees it at once, that a dead holder's
 * lease frees itself after its duration and not before its renew deadline, that the fencing token
 * grows with every holder, that candidates are published and withdrawn, that {@code observe} waits
 * for a change and returns on one, that a cancelled call returns promptly, and that no secret
 * shows. failover4j's own stores are tested with it.
 *
 * <pre>{@code
 * class MyStoreContractTest extends LeaseStoreContract {
 *   @Override
 *   protected Fixture fixture() throws Exception {
 *     FakeServer server = FakeServer.start();
 *     return new Fixture() {
 *       public LeaseStore store(String candidate) {
 *         return new MyElectionProvider().create(new ElectionContext("web", candidate,
 *             new ElectionConfig(Map.of("endpoint", server.url()))));
 *       }
 *       public void elapse(Duration time) throws InterruptedException { Thread.sleep(time.toMillis()); }
 *       public Set<String> secrets() { return Set.of(); }
 *       public void close() { server.close(); }
 *     };
 *   }
 * }
 * }</pre>
 *
 * <p><b>Time.</b> The checks of a lease's expiry let the store's own time pass with
 * {@link Fixture#elapse}: a real server's by sleeping (keep its lease short), a simulated one's by
 * advancing its clock. Expiry is allowed {@link #expiryGrace()} beyond the lease's duration, for a
 * server that checks its leases periodically. Each call gets a {@link TestMoverCall} with
 * {@link #callTimeout()}; a call blocked in a watch is cancelled and must return within
 * {@value #HANG_BOUND_SECONDS} s.
 *
 * <p><b>Dependencies.</b> {@code io.github.failover4j:failover4j-testkit} and
 * {@code org.junit.jupiter:junit-jupiter}, both in test scope. The test methods are public, so that
 * they also run on the module path.
 */
// JUnit's annotations on the public test methods: a test extending this reads JUnit itself
@SuppressWarnings("exports")
public abstract class LeaseStoreContract {
  /** How long a cancelled call may take to return, in seconds. */
  public static final int HANG_BOUND_SECONDS = 5;
  private static final int CANDIDATES = 3;

  private Fixture fixture;
  private final List<LeaseStore> open = new ArrayList<>();

  /** Creates the contract test; JUnit calls it for each test. */
  protected LeaseStoreContract() {}

  /**
   * Makes a fresh world for one test: a server (or a simulation) where the group's election starts
   * empty.
   *
   * @return the world; closed after the test, after the stores it made
   * @throws Exception if it cannot be made (the test fails)
   */
  protected abstract Fixture fixture() throws Exception;

  /**
   * Returns the time each call of a test gets.
   *
   * @return 10 s unless overridden
   */
  protected Duration callTimeout() {
    return Duration.ofSeconds(10);
  }

  /**
   * Returns how long after a lease's duration the store may take to free it.
   *
   * @return 1 s unless overridden
   */
  protected Duration expiryGrace() {
    return Duration.ofSeconds(1);
  }

  /** One group's election world: the server the stores talk to, and the stores. */
  // close() may throw whatever freeing the world throws, InterruptedException included
  @SuppressWarnings("try")
  public interface Fixture extends AutoCloseable {
    /**
     * Makes a store of the group's election for one candidate; a store made again for the same
     * candidate is that candidate restarted.
     *
     * @param candidate the candidate's identity
     * @return a new store; the contract closes it
     */
    LeaseStore store(String candidate);

    /**
     * Lets the store's time pass: sleeps for a real server, advances the clock of a simulated one.
     *
     * @param time how much
     * @throws InterruptedException if interrupted
     */
    void elapse(Duration time) throws InterruptedException;

    /**
     * Makes a store whose credentials the server refuses, if the store has credentials.
     *
     * @param candidate the candidate's identity
     * @return the store; empty if it has no credentials to refuse (that test is skipped)
     */
    default Optional<LeaseStore> refusedStore(String candidate) {
      return Optional.empty();
    }

    /**
     * Returns the secret values of this world (passwords, tokens, keys): none may appear in a
     * store's {@code toString()}, a view or an exception.
     *
     * @return the values
     */
    Set<String> secrets();

    /** Frees the world; the stores are closed already. Does nothing unless overridden. */
    @Override
    default void close() throws Exception {}
  }

  /**
   * Opens the world before each test.
   *
   * @throws Exception if it cannot be made
   */
  @BeforeEach
  public final void openFixture() throws Exception {
    fixture = fixture();
  }

  /**
   * Closes the stores, then the world, after each test.
   *
   * @throws Exception if the world cannot be closed
   */
  @AfterEach
  @SuppressWarnings("try") // Fixture.close() may throw InterruptedException: it fails the test
  public final void closeFixture() throws Exception {
    try (Fixture closing = fixture) {
      for (LeaseStore store : open) {
        store.close();
      }
    }
  }

  /**
   * Of candidates that campaign at once, exactly one holds the lease, and all agree who.
   *
   * @throws Exception if a store fails
   */
  @Test
  public void oneWinnerAmongConcurrentCampaigns() throws Exception {
    List<LeaseStore> stores = new ArrayList<>();
    for (int i = 0; i < CANDIDATES; i++) {
      stores.add(store("c" + i));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<LeaseView>> views = new ArrayList<>();
    for (int i = 0; i < CANDIDATES; i++) {
      LeaseStore store = stores.get(i);
      Candidate self = candidate("c" + i, 100);
      views.add(CompletableFuture.supplyAsync(() -> {
        try {
          start.await();
          return store.campaign(call(), self);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    start.countDown();
    List<String> winners = new ArrayList<>();
    for (int i = 0; i < CANDIDATES; i++) {
      LeaseView view = views.get(i).get(callTimeout().toSeconds() + HANG_BOUND_SECONDS, TimeUnit.SECONDS);
      assertTrue(view.holder().isPresent(), () -> "a holder after the campaigns: " + view);
      assertTrue(view.fencingToken() > 0, () -> "the holder's fencing token: " + view);
      if (view.heldBy("c" + i)) {
        winners.add("c" + i);
      }
    }
    assertEquals(1, winners.size(), () -> "candidates that won: " + winners);
    for (int i = 0; i < CANDIDATES; i++) {
      LeaseView again = stores.get(i).campaign(call(), candidate("c" + i, 100));
      assertEquals(winners.get(0), again.holder().orElseThrow().id(), () -> "the holder as seen again: " + again);
    }
  }

  /**
   * The holder's campaigns renew the lease, past its duration, with the same fencing token; a live
   * holder's lease is never taken, not even by a higher priority.
   *
   * @throws Exception if a store fails
   */
  @Test
  public void renewingKeepsTheLease() throws Exception {
    LeaseStore a = store("a");
    LeaseStore b = store("b");
    LeaseView first = a.campaign(call(), candidate("a", 100));
    assertTrue(first.heldBy("a"), () -> "the first campaign: " + first);
    LeaseTiming timing = a.timing();
    long renewals = timing.duration().dividedBy(timing.renewEvery()) + 2;
    for (long i = 0; i < renewals; i++) {
      fixture.elapse(timing.renewEvery());
      LeaseView renewed = a.campaign(call(), candidate("a", 100));
      assertTrue(renewed.heldBy("a"), () -> "a renewal: " + renewed);
      assertEquals(first.fencingToken(), renewed.fencingToken(), () -> "the fencing token after a renewal: " + renewed);
      LeaseView other = b.campaign(call(), candidate("b", 200));
      assertTrue(other.heldBy("a"), () -> "a higher priority's campaign against a live holder: " + other);
    }
  }

  /**
   * Resigning frees the lease at once: another candidate's next campaign wins it, with a greater
   * fencing token; resigning again, or without the lease, does nothing.
   *
   * @throws Exception if a store fails
   */
  @Test
  public void resignFreesTheLeaseAtOnce() throws Exception {
    LeaseStore a = store("a");
    LeaseStore b = store("b");
    LeaseView held = a.campaign(call(), candidate("a", 100));
    assertTrue(held.heldBy("a"), () -> "the first campaign: " + held);
    b.resign(call(), candidate("b", 100));
    assertTrue(b.campaign(call(), candidate("b", 100)).heldBy("a"), "the holder after another's resign");
    a.resign(call(), candidate("a", 100));
    a.resign(call(), candidate("a", 100));
    LeaseView taken = b.campaign(call(), candidate("b", 100));
    assertTrue(taken.heldBy("b"), () -> "a campaign right after the holder resigned: " + taken);
    assertTrue(taken.fencingToken() > held.fencingToken(), () -> "the fencing token grows: " + held.fencingToken()
        + " then " + taken.fencingToken());
  }

  /**
   * A holder that stops renewing (its node died) keeps the lease until its renew deadline at
   * least, and loses it by its duration (plus the grace): then another candidate wins it.
   *
   * @throws Exception if a store fails
   */
  @Test
  public void aDeadHoldersLeaseExpiresAfterItsDuration() throws Exception {
    LeaseStore dead = store("dead");
    LeaseStore b = store("b");
    LeaseView held = dead.campaign(call(), candidate("dead", 100));
    assertTrue(held.heldBy("dead"), () -> "the first campaign: " + held);
    LeaseTiming timing = dead.timing();
    // the dead store is never called again; its lease must run out in the store
    fixture.elapse(timing.renewDeadline().minus(timing.renewEvery()));
    LeaseView early = b.campaign(call(), candidate("b", 100));
    assertTrue(early.heldBy("dead"), () -> "a campaign before the holder's renew deadline: " + early);
    fixture.elapse(timing.duration().minus(timing.renewDeadline()).plus(timing.renewEvery()));
    LeaseView late = awaitHolder(b, "b", expiryGrace());
    assertTrue(late.fencingToken() > held.fencingToken(), () -> "the fencing token grows: " + late);
  }

  /**
   * Each candidate's priority and preempt mode are published to the others, the holder's with it,
   * updated when they change, and withdrawn when the candidate closes its store.
   *
   * @throws Exception if a store fails
   */
  @Test
  public void candidatesArePublishedAndWithdrawn() throws Exception {
    LeaseStore a = store("a");
    LeaseStore b = store("b");
    a.campaign(call(), candidate("a", 100));
    b.observe(call(), new Candidate("b", 50, false), -1);
    LeaseView seenByB = b.observe(call(), new Candidate("b", 50, false), -1);
    assertEquals(Optional.of(new Candidate("a", 100, true)), seenByB.holder(), () -> "the holder as b sees it");
    assertEquals(List.of(new Candidate("a", 100, true)), seenByB.candidates(), "the other candidates as b sees them");
    LeaseView seenByA = a.campaign(call(), new Candidate("a", 120, true));
    assertEquals(List.of(new Candidate("b", 50, false)), seenByA.candidates(), "the other candidates as a sees them");
    assertEquals(Optional.of(new Candidate("a", 120, true)), seenByA.holder(), "the holder after its priority rose");
    a.observe(call(), new Candidate("a", 0, true), -1); // FAULT: priority 0
    LeaseView fault = b.observe(call(), new Candidate("b", 50, false), -1);
    assertEquals(List.of(new Candidate("a", 0, true)), fault.candidates(), "a candidate in FAULT as b sees it");
    a.close();
    LeaseView withdrawn = b.observe(call(), new Candidate("b", 50, false), -1);
    assertEquals(List.of(), withdrawn.candidates(), "the other candidates after a closed its store");
  }

  /**
   * {@code observe} with the revision last seen waits while nothing changes (a renewal is no
   * change), and returns within half a renewal period of a change, with the change.
   *
   * @throws Exception if a store fails
   */
  @Test
  public void observeWaitsForAChangeAndReturnsOnIt() throws Exception {
    LeaseStore a = store("a");
    LeaseStore b = store("b");
    Candidate bSelf = candidate("b", 50);
    a.campaign(call(), candidate("a", 100));
    LeaseView before = b.observe(call(), bSelf, -1);
    assertTrue(before.heldBy("a"), () -> "before: " + before);
    // a renewal of the holder is no change
    a.campaign(call(), candidate("a", 100));
    CompletableFuture<Object> waiting = inBackground(() -> b.observe(call(), bSelf, before.revision()));
    Duration renewEvery = a.timing().renewEvery();
    fixture.elapse(renewEvery.dividedBy(4));
    assertFalse(waiting.isDone(), () -> "observe returned with nothing changed: " + waiting.getNow(null));
    a.resign(call(), candidate("a", 100));
    long resigned = System.nanoTime();
    Object after = awaitResult(waiting, "observe after the holder resigned");
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resigned);
    // woken by the change, not by a timer of its own
    assertTrue(tookMillis < renewEvery.toMillis() / 2, () -> "observe returned " + tookMillis + " ms after the change");
    LeaseView view = assertInstanceOf(LeaseView.class, after, "observe's outcome");
    assertEquals(Optional.empty(), view.holder(), () -> "observe after the holder resigned: " + view);
    assertTrue(view.revision() > before.revision(), () -> "the revision after a change: " + view);
  }

  /**
   * The fencing token strictly grows with every new holder, whoever it is.
   *
   * @throws Exception if a store fails
   */
  @Test
  public void fencingTokenGrowsAcrossHolders() throws Exception {
    LeaseStore a = store("a");
    LeaseStore b = store("b");
    long last = 0;
    for (int term = 0; term < 4; term++) {
      LeaseStore store = term % 2 == 0 ? a : b;
      String id = term % 2 == 0 ? "a" : "b";
      LeaseView won = store.campaign(call(), candidate(id, 100));
      assertTrue(won.heldBy(id), () -> "term " + id + ": " + won);
      assertTrue(won.fencingToken() > last, "the fencing token of term " + term + ": " + won.fencingToken()
          + " after " + last);
      last = won.fencingToken();
      store.resign(call(), candidate(id, 100));
    }
  }

  /**
   * A candidate restarted under the same identity holds the lease again at its first campaign,
   * rather than waiting for its former run's lease to expire.
   *
   * @throws Exception if a store fails
   */
  @Test
  public void aRestartedCandidateHoldsItsLeaseAgainAtOnce() throws Exception {
    LeaseStore former = store("a");
    LeaseView held = former.campaign(call(), candidate("a", 100));
    assertTrue(held.heldBy("a"), () -> "the former run's campaign: " + held);
    LeaseStore restarted = store("a");
    LeaseView again = restarted.campaign(call(), candidate("a", 100));
    assertTrue(again.heldBy("a"), () -> "the restarted candidate's first campaign: " + again);
  }

  /**
   * An {@code observe} waiting for a change returns {@link ElectionException.Kind#CANCELLED}
   * within half a renewal period of its call's cancellation.
   *
   * @throws Exception if a store fails otherwise
   */
  @Test
  public void cancelStopsAWaitingObserve() throws Exception {
    LeaseStore a = store("a");
    LeaseView now = a.observe(call(), candidate("a", 100), -1);
    TestMoverCall call = TestMoverCall.within(Duration.ofMinutes(10));
    CompletableFuture<Object> waiting = inBackground(() -> a.observe(call, candidate("a", 100), now.revision()));
    Duration renewEvery = a.timing().renewEvery();
    fixture.elapse(renewEvery.dividedBy(4));
    long cancelled = System.nanoTime();
    call.cancel();
    ElectionException e = assertInstanceOf(ElectionException.class, awaitResult(waiting, "observe after cancel"));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelled);
    assertEquals(ElectionException.Kind.CANCELLED, e.kind(), () -> "kind of " + e);
    // stopped by the cancellation, not by a timer of its own
    assertTrue(tookMillis < renewEvery.toMillis() / 2, () -> "observe returned " + tookMillis + " ms after the cancel");
    assertNoSecret(e);
  }

  /**
   * An {@code observe} whose deadline comes before any change returns the view before the
   * deadline passes.
   *
   * @throws Exception if a store fails
   */
  @Test
  public void observeReturnsBeforeItsDeadline() throws Exception {
    LeaseStore a = store("a");
    LeaseView now = a.observe(call(), candidate("a", 100), -1);
    Duration deadline = a.timing().renewEvery().multipliedBy(3);
    long start = System.nanoTime();
    LeaseView later = a.observe(TestMoverCall.within(deadline), candidate("a", 100), now.revision());
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(tookMillis < deadline.toMillis(), () -> "observe took " + tookMillis + " ms of a deadline of "
        + deadline.toMillis() + " ms");
    assertEquals(now.holder(), later.holder(), "the holder, unchanged");
  }

  /**
   * Refused credentials are {@link ElectionException.Kind#PERMANENT}, and no secret shows in a
   * store's {@code toString()}, a view, or a failure.
   *
   * @throws Exception if a store fails otherwise
   */
  @Test
  public void noSecretShowsAndRefusedCredentialsArePermanent() throws Exception {
    LeaseStore a = store("a");
    assertNoSecret("the store's toString()", a.toString());
    assertNoSecret("a view", a.campaign(call(), candidate("a", 100)).toString());
    Optional<LeaseStore> refused = fixture.refusedStore("r");
    Assumptions.assumeTrue(refused.isPresent(), "this store has no credentials to refuse");
    open.add(refused.get());
    assertNoSecret("a store's toString()", refused.get().toString());
    ElectionException e = org.junit.jupiter.api.Assertions.assertThrows(ElectionException.class,
        () -> refused.get().campaign(call(), candidate("r", 100)), "a campaign with refused credentials");
    assertNoSecret(e);
    assertEquals(ElectionException.Kind.PERMANENT, e.kind(), () -> "kind of " + e);
  }

  private LeaseStore store(String candidate) {
    LeaseStore store = fixture.store(candidate);
    open.add(store);
    return store;
  }

  private static Candidate candidate(String id, int priority) {
    return new Candidate(id, priority, true);
  }

  private TestMoverCall call() {
    return TestMoverCall.within(callTimeout());
  }

  /** Campaigns every tenth of the grace until the candidate wins; fails when the grace has passed. */
  private LeaseView awaitHolder(LeaseStore store, String id, Duration grace) throws Exception {
    Duration step = grace.dividedBy(10);
    LeaseView view = null;
    for (int i = 0; i <= 10; i++) {
      view = store.campaign(call(), candidate(id, 100));
      if (view.heldBy(id)) {
        return view;
      }
      fixture.elapse(step);
    }
    return fail(id + " did not win the lease of a dead holder within the grace of " + grace.toMillis() + " ms: "
        + view);
  }

  private void assertNoSecret(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertNoSecret("an exception (" + t.getClass().getName() + ")", t.toString());
    }
  }

  private void assertNoSecret(String where, String text) {
    for (String secret : fixture.secrets()) {
      if (!secret.isEmpty() && text.contains(secret)) {
        // the text itself would show the secret in the test report
        fail(where + " shows a secret value (" + secret.length() + " characters)");
      }
    }
  }

  /** A store call that may throw. */
  @FunctionalInterface
  private interface StoreCall {
    Object run() throws Exception;
  }

  /** Runs on a daemon thread of its own; completes with the result or what was thrown. */
  private static CompletableFuture<Object> inBackground(StoreCall call) {
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        outcome.complete(call.run());
      } catch (Throwable t) {
        outcome.complete(t);
      }
    }, "lease-store-contract");
    thread.setDaemon(true);
    thread.start();
    return outcome;
  }

  private static Object awaitResult(CompletableFuture<Object> outcome, String what)
      throws InterruptedException, ExecutionException {
    try {
      return outcome.get(HANG_BOUND_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      return fail(what + ": still running after " + HANG_BOUND_SECONDS + " s");
    }
  }
}
