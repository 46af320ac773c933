package io.github.failover4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link IpMover} must keep, as JUnit 5 tests: extend this class in your
 * provider's tests, say how to make a fresh provider world, and the tests prove that your mover
 * tells the truth, moves the addresses idempotently, never takes them from another node on a
 * release, classifies its failures as failover4j's driver needs, stops when cancelled, and never
 * shows a secret. failover4j's own providers are tested with it.
 *
 * <pre>{@code
 * class MyMoverContractTest extends IpMoverContract {
 *   @Override
 *   protected Fixture fixture() throws Exception {
 *     FakeCloud cloud = FakeCloud.start();             // e.g. on mockwebserver3, with a token
 *     IpMover mover = new MyMoverProvider().create(TestMoverContext.of(
 *         MoverConfig.of(Map.of("endpoint", cloud.url(), "server", "1", "tokenFile", cloud.tokenFile())),
 *         "192.0.2.10/32"));
 *     return new Fixture() {
 *       public IpMover mover() { return mover; }
 *       public void assign(Holder holder) { cloud.setHolder(holder); }   // SELF = server 1
 *       public Holder truth() { return cloud.holder(); }
 *       public boolean inject(Failure failure) { return cloud.failNextRequest(failure); }
 *       public Set<String> secrets() { return Set.of(cloud.token()); }
 *       public void close() { cloud.close(); }
 *     };
 *   }
 * }
 * }</pre>
 *
 * <p><b>The world.</b> {@link #fixture()} is called before each test and its {@link Fixture} closed
 * after it (the mover first). The fixture is the fake (or sandbox) the mover talks to, seen from
 * outside the mover: the tests arrange its truth with {@link Fixture#assign} and read it back with
 * {@link Fixture#truth}, never through the mover under test. In {@link Fixture#assign} and
 * {@link Fixture#truth}, {@link Holder#self()} means the node the mover runs as, and
 * {@code Holder.other(}{@value #OTHER_NODE}{@code )} some other node: map that name onto your
 * world (e.g. another server's id). The tests compare states only, so the node names your mover
 * reports need not match.
 *
 * <p><b>Failures.</b> {@link Fixture#inject} makes the next request to the provider fail one way,
 * once; a fixture that cannot model a failure returns false, and the tests of it are skipped
 * (reported as aborted by JUnit's assumptions), not failed.
 *
 * <p><b>Time.</b> Each operation gets a {@link TestMoverCall} with {@link #operationTimeout()}; the
 * tests of a hanging request cancel it and wait at most {@value #HANG_BOUND_SECONDS} s for the
 * operation to return.
 *
 * <p><b>Dependencies.</b> {@code io.github.failover4j:failover4j-testkit} and
 * {@code org.junit.jupiter:junit-jupiter}, both in test scope: the testkit's own dependency on JUnit
 * is optional. The test methods are public, so that they also run on the module path.
 */
// JUnit's annotations on the public test methods: a test extending this reads JUnit itself
@SuppressWarnings("exports")
public abstract class IpMoverContract {
  /** The name of the other node in {@link Fixture#assign} and {@link Fixture#truth}. */
  public static final String OTHER_NODE = "other-node";
  /** How long a cancelled or timed-out operation may take to return, in seconds. */
  public static final int HANG_BOUND_SECONDS = 10;

  // after this, a hanging operation is cancelled: long enough for it to be blocked in the request
  private static final long CANCEL_AFTER_MILLIS = 300;
  private static final Duration NEARLY_PASSED = Duration.ofMillis(300);
  // a hanging operation's own deadline, far beyond the bound: only the cancel may end it
  private static final Duration NO_DEADLINE = Duration.ofMinutes(10);

  private Fixture fixture;
  private IpMover mover;

  /** Creates the contract test; JUnit calls it for each test. */
  protected IpMoverContract() {}

  /**
   * Makes a fresh provider world for one test.
   *
   * @return the world; closed after the test
   * @throws Exception if it cannot be made (the test fails)
   */
  protected abstract Fixture fixture() throws Exception;

  /**
   * Returns the time each operation of a test gets (all but the hanging ones).
   *
   * @return 30 s unless overridden
   */
  protected Duration operationTimeout() {
    return Duration.ofSeconds(30);
  }

  /** The provider world of one test: the fake (or sandbox) the mover talks to, and the mover. */
  // close() may throw whatever freeing the world throws, InterruptedException included
  @SuppressWarnings("try")
  public interface Fixture extends AutoCloseable {
    /**
     * Returns this node's mover; the same one on every call. It is closed after the test.
     *
     * @return the mover under test
     */
    IpMover mover();

    /**
     * Makes the provider's truth: who holds the addresses, written directly into the fake.
     *
     * @param holder {@link Holder#self()}, {@link Holder#nobody()}, or
     *     {@code Holder.other(}{@value IpMoverContract#OTHER_NODE}{@code )}
     */
    void assign(Holder holder);

    /**
     * Reads the provider's truth directly from the fake, not through the mover.
     *
     * @return who holds the addresses; for another node, any {@code Holder.other(name)}
     */
    Holder truth();

    /**
     * Makes the next request to the provider fail one way; the one after succeeds again.
     *
     * @param failure how
     * @return false if this provider cannot model the failure (its tests are skipped)
     */
    boolean inject(Failure failure);

    /**
     * Returns the secret values of this world (tokens, passwords): none may appear in an exception
     * message, the mover's {@code toString()} or a holder's.
     *
     * @return the values
     */
    Set<String> secrets();

    /** Frees the world (servers, files); the mover is already closed. Does nothing unless overridden. */
    @Override
    default void close() throws Exception {}
  }

  /** How a request to the provider fails, in HTTP's words (other providers map them onto theirs). */
  public enum Failure {
    /** A transient server error (HTTP 5xx): the operation fails {@link IpMoverException.Kind#RETRYABLE}. */
    TRANSIENT,
    /**
     * Rate limited (HTTP 429 with {@code Retry-After}): {@link IpMoverException.Kind#RETRYABLE} with
     * {@link IpMoverException#retryAfter()}.
     */
    RATE_LIMITED,
    /**
     * The resource is locked or another operation on it is in progress (HTTP 409, 423):
     * {@link IpMoverException.Kind#RETRYABLE}.
     */
    BUSY,
    /** The credentials are refused (HTTP 401, 403): {@link IpMoverException.Kind#PERMANENT}. */
    UNAUTHORIZED,
    /** The address or server does not exist (HTTP 404): {@link IpMoverException.Kind#PERMANENT}. */
    NOT_FOUND,
    /**
     * No answer until the operation is cancelled: the operation returns
     * {@link IpMoverException.Kind#CANCELLED} once its call is cancelled or its deadline passes.
     */
    HANG
  }

  /**
   * Opens the world before each test.
   *
   * @throws Exception if it cannot be made
   */
  @BeforeEach
  public final void openFixture() throws Exception {
    fixture = fixture();
    mover = fixture.mover();
  }

  /**
   * Closes the mover, then the world, after each test.
   *
   * @throws Exception if the world cannot be closed
   */
  @AfterEach
  @SuppressWarnings("try") // Fixture.close() may throw InterruptedException: it fails the test
  public final void closeFixture() throws Exception {
    try (Fixture closing = fixture) {
      if (mover != null) {
        mover.close();
      }
    }
  }

  /**
   * {@code observe} sees this node holding the addresses.
   *
   * @throws Exception if the mover fails
   */
  @Test
  public void observeSeesSelf() throws Exception {
    assertObserves(Holder.self());
  }

  /**
   * {@code observe} sees another node holding the addresses.
   *
   * @throws Exception if the mover fails
   */
  @Test
  public void observeSeesAnotherNode() throws Exception {
    assertObserves(Holder.other(OTHER_NODE));
  }

  /**
   * {@code observe} sees nobody holding the addresses.
   *
   * @throws Exception if the mover fails
   */
  @Test
  public void observeSeesNobody() throws Exception {
    assertObserves(Holder.nobody());
  }

  /**
   * {@code claim} takes addresses nobody holds.
   *
   * @throws Exception if the mover fails
   */
  @Test
  public void claimTakesUnheldAddresses() throws Exception {
    assertClaimedFrom(Holder.nobody());
  }

  /**
   * {@code claim} takes the addresses from another node.
   *
   * @throws Exception if the mover fails
   */
  @Test
  public void claimTakesTheAddressesFromAnotherNode() throws Exception {
    assertClaimedFrom(Holder.other(OTHER_NODE));
  }

  /**
   * A {@code claim} repeated after one that succeeded unseen (the driver's timeout) is harmless.
   *
   * @throws Exception if the mover fails
   */
  @Test
  public void claimIsIdempotent() throws Exception {
    fixture.assign(Holder.nobody());
    Holder before = mover.observe(call());
    mover.claim(call(), before);
    mover.claim(call(), before);
    assertEquals(Holder.State.SELF, fixture.truth().state(), "the provider's truth after claiming twice");
    assertEquals(Holder.State.SELF, mover.observe(call()).state(), "observe after claiming twice");
  }

  /**
   * {@code release} lets go of held addresses.
   *
   * @throws Exception if the mover fails
   */
  @Test
  public void releaseLetsGoOfHeldAddresses() throws Exception {
    fixture.assign(Holder.self());
    assertEquals(Holder.State.SELF, mover.observe(call()).state(), "observe before releasing");
    mover.release(call());
    assertNotEquals(Holder.State.SELF, fixture.truth().state(), "the provider's truth after releasing");
    assertNotEquals(Holder.State.SELF, mover.observe(call()).state(), "observe after releasing");
  }

  /**
   * {@code release} never takes the addresses from another node: the driver releases only after
   * {@code observe} answered SELF, but the holder may change in between. It may succeed or throw.
   *
   * @throws Exception if the world fails
   */
  @Test
  public void releaseLeavesAnotherNodesAddresses() throws Exception {
    fixture.assign(Holder.other(OTHER_NODE));
    try {
      mover.release(call());
    } catch (IpMoverException e) {
      assertNoSecret(e);
    }
    assertEquals(Holder.State.OTHER, fixture.truth().state(), "the provider's truth after releasing");
  }

  /**
   * {@code reannounce} while holding the addresses keeps them.
   *
   * @throws Exception if the mover fails
   */
  @Test
  public void reannounceKeepsHeldAddresses() throws Exception {
    fixture.assign(Holder.self());
    mover.reannounce(call());
    assertEquals(Holder.State.SELF, fixture.truth().state(), "the provider's truth after reannouncing");
  }

  /**
   * A transient server error is {@link IpMoverException.Kind#RETRYABLE}.
   *
   * @throws Exception if the mover fails otherwise
   */
  @Test
  public void transientErrorIsRetryable() throws Exception {
    assertFailures(Failure.TRANSIENT, IpMoverException.Kind.RETRYABLE);
  }

  /**
   * A rate limit is {@link IpMoverException.Kind#RETRYABLE} and carries the wait asked for.
   *
   * @throws Exception if the mover fails otherwise
   */
  @Test
  public void rateLimitIsRetryableAfterTheWait() throws Exception {
    for (IpMoverException e : assertFailures(Failure.RATE_LIMITED, IpMoverException.Kind.RETRYABLE)) {
      assertTrue(e.retryAfter().isPresent(), () -> "retryAfter() of " + e);
      assertFalse(e.retryAfter().get().isNegative(), () -> "retryAfter() of " + e);
    }
  }

  /**
   * A locked resource or an operation in progress is {@link IpMoverException.Kind#RETRYABLE}.
   *
   * @throws Exception if the mover fails otherwise
   */
  @Test
  public void busyIsRetryable() throws Exception {
    assertFailures(Failure.BUSY, IpMoverException.Kind.RETRYABLE);
  }

  /**
   * Refused credentials are {@link IpMoverException.Kind#PERMANENT}.
   *
   * @throws Exception if the mover fails otherwise
   */
  @Test
  public void unauthorizedIsPermanent() throws Exception {
    assertFailures(Failure.UNAUTHORIZED, IpMoverException.Kind.PERMANENT);
  }

  /**
   * A missing address or server is {@link IpMoverException.Kind#PERMANENT}.
   *
   * @throws Exception if the mover fails otherwise
   */
  @Test
  public void notFoundIsPermanent() throws Exception {
    assertFailures(Failure.NOT_FOUND, IpMoverException.Kind.PERMANENT);
  }

  /**
   * A claim hanging in a request returns {@link IpMoverException.Kind#CANCELLED} soon after its
   * call is cancelled from another thread.
   *
   * @throws Exception if the mover fails otherwise
   */
  @Test
  public void cancelStopsAHangingClaim() throws Exception {
    fixture.assign(Holder.nobody());
    Holder before = mover.observe(call());
    assumeInjected(Failure.HANG);
    TestMoverCall call = TestMoverCall.within(NO_DEADLINE);
    CompletableFuture<Throwable> outcome = inBackground(() -> mover.claim(call, before));
    CompletableFuture.delayedExecutor(CANCEL_AFTER_MILLIS, TimeUnit.MILLISECONDS).execute(call::cancel);
    IpMoverException e = assertInstanceOf(IpMoverException.class, awaitFailure(outcome, "claim after cancel"));
    assertNoSecret(e);
    assertEquals(IpMoverException.Kind.CANCELLED, e.kind(), () -> "kind of " + e);
  }

  /**
   * An observe hanging in a request returns, {@link IpMoverException.Kind#CANCELLED} or a
   * {@link IpMoverException.Kind#RETRYABLE} timeout, soon after its deadline.
   *
   * @throws Exception if the mover fails otherwise
   */
  @Test
  public void deadlineStopsAHangingObserve() throws Exception {
    fixture.assign(Holder.nobody());
    assumeInjected(Failure.HANG);
    TestMoverCall call = TestMoverCall.within(NEARLY_PASSED);
    CompletableFuture<Throwable> outcome = inBackground(() -> mover.observe(call));
    IpMoverException e = assertInstanceOf(IpMoverException.class, awaitFailure(outcome, "observe past its deadline"));
    assertNoSecret(e);
    assertTrue(e.kind() == IpMoverException.Kind.CANCELLED || e.kind() == IpMoverException.Kind.RETRYABLE,
        () -> "kind of " + e);
  }

  /**
   * No secret shows in the mover's {@code toString()}, in a holder it reports, or in its failures
   * (each failure the fixture can model, with their causes).
   *
   * @throws Exception if the mover fails otherwise
   */
  @Test
  public void noSecretShows() throws Exception {
    assertNoSecret("the mover's toString()", mover.toString());
    for (Holder holder : List.of(Holder.self(), Holder.other(OTHER_NODE), Holder.nobody())) {
      fixture.assign(holder);
      assertNoSecret("a holder's toString()", mover.observe(call()).toString());
    }
    for (Failure failure : Failure.values()) {
      if (failure != Failure.HANG && fixture.inject(failure)) {
        assertNoSecret(assertThrows(IpMoverException.class, () -> mover.observe(call()), failure::toString));
      }
    }
  }

  private MoverCall call() {
    return TestMoverCall.within(operationTimeout());
  }

  private void assertObserves(Holder holder) throws Exception {
    fixture.assign(holder);
    assertEquals(holder.state(), fixture.truth().state(), "the fixture's truth after assign(" + holder + ")");
    Holder seen = mover.observe(call());
    assertEquals(holder.state(), seen.state(), () -> "observe when " + holder + " holds them: " + seen);
  }

  private void assertClaimedFrom(Holder holder) throws Exception {
    fixture.assign(holder);
    Holder before = mover.observe(call());
    assertEquals(holder.state(), before.state(), () -> "observe before claiming: " + before);
    mover.claim(call(), before);
    assertEquals(Holder.State.SELF, fixture.truth().state(), "the provider's truth after claiming");
    assertEquals(Holder.State.SELF, mover.observe(call()).state(), "observe after claiming");
  }

  /** The failure hits an observe, then (the one after succeeding again) a claim. */
  private List<IpMoverException> assertFailures(Failure failure, IpMoverException.Kind kind) throws Exception {
    fixture.assign(Holder.nobody());
    assumeInjected(failure);
    IpMoverException onObserve = assertThrows(IpMoverException.class, () -> mover.observe(call()),
        "observe when the request fails " + failure);
    Holder before = mover.observe(call());
    assertEquals(Holder.State.NOBODY, before.state(), () -> "observe after a failure " + failure + ": " + before);
    assumeInjected(failure);
    IpMoverException onClaim = assertThrows(IpMoverException.class, () -> mover.claim(call(), before),
        "claim when the request fails " + failure);
    for (IpMoverException e : List.of(onObserve, onClaim)) {
      assertNoSecret(e); // first: the messages below quote the exception
      assertEquals(kind, e.kind(), () -> "kind on " + failure + ": " + e);
    }
    return List.of(onObserve, onClaim);
  }

  private void assumeInjected(Failure failure) {
    Assumptions.assumeTrue(fixture.inject(failure), () -> "this provider's fixture cannot model " + failure);
  }

  private void assertNoSecret(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertNoSecret("an exception (" + t.getClass().getName() + ")", t.toString());
      for (Throwable suppressed : t.getSuppressed()) {
        assertNoSecret(suppressed);
      }
    }
  }

  private void assertNoSecret(String where, String text) {
    for (String secret : fixture.secrets()) {
      if (!secret.isEmpty() && text != null && text.contains(secret)) {
        // the text itself would show the secret in the test report
        fail(where + " shows a secret value (" + secret.length() + " characters)");
      }
    }
  }

  /** An operation that may throw. */
  @FunctionalInterface
  private interface Operation {
    void run() throws Exception;
  }

  /** Runs on a daemon thread of its own, so that an operation that never returns cannot stall the JVM. */
  private static CompletableFuture<Throwable> inBackground(Operation operation) {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        operation.run();
        outcome.complete(null);
      } catch (Throwable t) {
        outcome.complete(t);
      }
    }, "ip-mover-contract");
    thread.setDaemon(true);
    thread.start();
    return outcome;
  }

  private static Throwable awaitFailure(CompletableFuture<Throwable> outcome, String what)
      throws InterruptedException, ExecutionException {
    Throwable thrown;
    try {
      thrown = outcome.get(HANG_BOUND_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      return fail(what + ": still running after " + HANG_BOUND_SECONDS + " s");
    }
    return thrown == null ? fail(what + ": returned normally") : thrown;
  }
}
