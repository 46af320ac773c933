package io.github.failover4j.election.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.spi.Candidate;
import io.github.failover4j.spi.ElectionException;
import io.github.failover4j.spi.LeaseView;
import io.github.failover4j.testkit.TestMoverCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KubernetesLeaseStoreTest {
  private static final String MAIN_PUT = "PUT /apis/coordination.k8s.io/v1/namespaces/kube-system/leases/web";
  private static final String LIST = "GET /apis/coordination.k8s.io/v1/namespaces/kube-system/leases?labelSelector";
  private static final Candidate A = new Candidate("node-a", 100, false);
  private static final Candidate B = new Candidate("node-b", 90, false);
  private static final Candidate C = new Candidate("node-c", 80, false);

  private final Cluster cluster = newCluster();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  private static Cluster newCluster() {
    try {
      return new Cluster();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    cluster.close();
  }

  @Test
  void takesAnEmptyElectionAndWritesTheRecordAsClientGoDoes() throws Exception {
    LeaseView view = cluster.store("node-a").campaign(ample(), A);

    assertTrue(view.heldBy("node-a"));
    assertEquals(1, view.fencingToken());
    ObjectNode lease = cluster.api.lease("kube-system", "web").orElseThrow();
    assertEquals("node-a", lease.path("spec").path("holderIdentity").asText());
    assertEquals(15, lease.path("spec").path("leaseDurationSeconds").asInt());
    assertEquals(1, lease.path("spec").path("leaseTransitions").asInt());
    assertEquals("2026-12-02T14:00:00.000000Z", lease.path("spec").path("acquireTime").asText());
    assertEquals("2026-12-02T14:00:00.000000Z", lease.path("spec").path("renewTime").asText());
    assertEquals("web", lease.path("metadata").path("labels").path("failover4j.io/lease").asText());
    assertEquals("100", lease.path("metadata").path("annotations").path("failover4j.io/priority").asText());
  }

  @Test
  void oneWinnerAmongConcurrentCandidates() throws Exception {
    List<KubernetesLeaseStore> stores = List.of(cluster.store("node-a"), cluster.store("node-b"),
        cluster.store("node-c"));
    List<Candidate> candidates = List.of(A, B, C);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<LeaseView>> views = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      views.add(threads.submit(() -> {
        start.await();
        return stores.get(n).campaign(ample(), candidates.get(n));
      }));
    }
    start.countDown();
    int winners = 0;
    String holder = null;
    for (int i = 0; i < 3; i++) {
      LeaseView view = views.get(i).get(10, TimeUnit.SECONDS);
      winners += view.heldBy(candidates.get(i).id()) ? 1 : 0;
      assertTrue(view.holder().isPresent(), "every candidate sees a holder");
      assertTrue(holder == null || holder.equals(view.holder().get().id()), "one holder for all");
      holder = view.holder().get().id();
    }
    assertEquals(1, winners);
  }

  @Test
  void aWriteWithAStaleResourceVersionLosesAndSeesTheWinner() throws Exception {
    KubernetesLeaseStore a = cluster.store("node-a");
    KubernetesLeaseStore b = cluster.store("node-b");
    a.campaign(ample(), A);
    a.resign(ample(), A);
    // b reads the free Lease, and its write waits while a takes the Lease again
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch arrived = cluster.api.stall(MAIN_PUT, release);
    Future<LeaseView> bView = threads.submit(() -> b.campaign(ample(), B));
    assertTrue(arrived.await(5, TimeUnit.SECONDS));
    LeaseView aView = a.campaign(ample(), A);
    release.countDown();

    assertTrue(aView.heldBy("node-a"));
    LeaseView seenByB = bView.get(10, TimeUnit.SECONDS);
    assertTrue(seenByB.heldBy("node-a"), "b lost the race (409) and read the winner: " + seenByB);
    assertEquals(2, seenByB.fencingToken());
    assertTrue(cluster.api.requests().stream().filter(r -> r.startsWith(MAIN_PUT)).count() >= 3);
  }

  @Test
  void renewingKeepsTheLeaseAndItsToken() throws Exception {
    KubernetesLeaseStore a = cluster.store("node-a");
    a.campaign(ample(), A);
    String first = cluster.api.lease("kube-system", "web").orElseThrow().path("metadata").path("resourceVersion")
        .asText();
    cluster.clock.advance(Duration.ofSeconds(2));

    LeaseView view = a.campaign(ample(), A);

    assertTrue(view.heldBy("node-a"));
    assertEquals(1, view.fencingToken());
    ObjectNode lease = cluster.api.lease("kube-system", "web").orElseThrow();
    assertNotEquals(first, lease.path("metadata").path("resourceVersion").asText());
    assertEquals("2026-12-02T14:00:02.000000Z", lease.path("spec").path("renewTime").asText());
    assertEquals("2026-12-02T14:00:00.000000Z", lease.path("spec").path("acquireTime").asText());
  }

  @Test
  void resignFreesTheLeaseAndAnotherTakesItAtOnce() throws Exception {
    KubernetesLeaseStore a = cluster.store("node-a");
    KubernetesLeaseStore b = cluster.store("node-b");
    a.campaign(ample(), A);
    assertTrue(b.campaign(ample(), B).heldBy("node-a"), "a live holder is never taken");

    a.resign(ample(), A);
    assertEquals("", cluster.api.lease("kube-system", "web").orElseThrow().path("spec").path("holderIdentity").asText());
    LeaseView view = b.campaign(ample(), B); // no time passed

    assertTrue(view.heldBy("node-b"));
    assertEquals(2, view.fencingToken());
  }

  @Test
  void resignDoesNothingWhenAnotherHolds() throws Exception {
    KubernetesLeaseStore a = cluster.store("node-a");
    KubernetesLeaseStore b = cluster.store("node-b");
    a.campaign(ample(), A);

    b.resign(ample(), B);

    assertEquals("node-a", cluster.api.lease("kube-system", "web").orElseThrow().path("spec").path("holderIdentity")
        .asText());
  }

  @Test
  void aSilentHolderIsReplacedOnlyAfterTheObserverSawNoChangeForTheDuration() throws Exception {
    KubernetesLeaseStore a = cluster.store("node-a");
    KubernetesLeaseStore b = cluster.store("node-b");
    a.campaign(ample(), A);
    assertTrue(b.campaign(ample(), B).heldBy("node-a")); // b sees the record now

    cluster.clock.advance(Cluster.DURATION.minusMillis(1));
    assertTrue(b.campaign(ample(), B).heldBy("node-a"), "not yet: 1 ms short of the duration");
    cluster.clock.advance(Duration.ofMillis(1));
    LeaseView view = b.campaign(ample(), B);

    assertTrue(view.heldBy("node-b"));
    assertEquals(2, view.fencingToken());
  }

  @Test
  void aRenewalSeenRestartsTheObserversCount() throws Exception {
    KubernetesLeaseStore a = cluster.store("node-a");
    KubernetesLeaseStore b = cluster.store("node-b");
    a.campaign(ample(), A);
    b.campaign(ample(), B);
    cluster.clock.advance(Duration.ofSeconds(10));
    a.campaign(ample(), A); // renewed at 10 s
    b.campaign(ample(), B); // b sees it at 10 s

    cluster.clock.advance(Duration.ofSeconds(6));
    assertTrue(b.campaign(ample(), B).heldBy("node-a"), "16 s after the first sight, 6 s after the renewal");
    cluster.clock.advance(Duration.ofSeconds(9));
    assertTrue(b.campaign(ample(), B).heldBy("node-b"), "15 s after the renewal was seen");
  }

  @Test
  void theHoldersRenewTimeIsNotTrustedOnlyTheObserversClock() throws Exception {
    KubernetesLeaseStore a = cluster.store("node-a");
    a.campaign(ample(), A);
    // a's clock is far behind: its renewTime reads a day old
    cluster.api.write("kube-system", "web", "renewTime", "2026-12-01T14:00:00.000000Z");
    KubernetesLeaseStore b = cluster.store("node-b");

    assertTrue(b.campaign(ample(), B).heldBy("node-a"), "first seen now: alive for the duration");
  }

  @Test
  void theFencingTokenGrowsWithEveryChangeOfHolder() throws Exception {
    KubernetesLeaseStore a = cluster.store("node-a");
    KubernetesLeaseStore b = cluster.store("node-b");
    List<Long> tokens = new ArrayList<>();
    tokens.add(a.campaign(ample(), A).fencingToken());
    tokens.add(a.campaign(ample(), A).fencingToken());
    a.resign(ample(), A);
    tokens.add(b.campaign(ample(), B).fencingToken());
    b.resign(ample(), B);
    tokens.add(a.campaign(ample(), A).fencingToken());

    assertEquals(List.of(1L, 1L, 2L, 3L), tokens);
  }

  @Test
  void candidatesArePublishedUpdatedAndWithdrawnOnClose() throws Exception {
    KubernetesLeaseStore a = cluster.store("node-a");
    KubernetesLeaseStore b = cluster.store("node-b");
    a.campaign(ample(), new Candidate("node-a", 100, true));

    LeaseView seen = b.observe(ample(), B, -1);
    assertEquals(List.of(new Candidate("node-a", 100, true)), seen.candidates());
    assertEquals(new Candidate("node-a", 100, true), seen.holder().orElseThrow());
    assertTrue(cluster.api.lease("kube-system", "web-node-b").isPresent(), "b published itself");

    a.observe(ample(), new Candidate("node-a", 0, true), -1); // a fault: priority 0, written at once
    assertEquals(List.of(new Candidate("node-a", 0, true)), b.observe(ample(), B, -1).candidates());

    a.close();
    assertTrue(cluster.api.lease("kube-system", "web-node-a").isEmpty(), "withdrawn");
    assertEquals(List.of(), b.observe(ample(), B, -1).candidates());
    assertThrows(ElectionException.class, () -> a.campaign(ample(), A), "no call after close");
  }

  @Test
  void aCandidateThatStopsItsHeartbeatDropsOutAfterTheDuration() throws Exception {
    KubernetesLeaseStore a = cluster.store("node-a");
    KubernetesLeaseStore b = cluster.store("node-b");
    a.observe(ample(), A, -1);
    assertEquals(1, b.observe(ample(), B, -1).candidates().size());

    cluster.clock.advance(Cluster.DURATION.minusMillis(1));
    assertEquals(1, b.observe(ample(), B, -1).candidates().size());
    cluster.clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(), b.observe(ample(), B, -1).candidates());
  }

  @Test
  void aHeartbeatIsWrittenEveryThirdOfTheDuration() throws Exception {
    KubernetesLeaseStore a = cluster.store("node-a");
    a.observe(ample(), A, -1);
    String first = cluster.api.lease("kube-system", "web-node-a").orElseThrow().path("spec").path("renewTime").asText();
    cluster.clock.advance(Duration.ofSeconds(4));
    a.observe(ample(), A, -1);
    assertEquals(first, cluster.api.lease("kube-system", "web-node-a").orElseThrow().path("spec").path("renewTime")
        .asText(), "not due before 5 s");
    cluster.clock.advance(Duration.ofSeconds(1));
    a.observe(ample(), A, -1);
    assertEquals("2026-12-02T14:00:05.000000Z", cluster.api.lease("kube-system", "web-node-a").orElseThrow()
        .path("spec").path("renewTime").asText());
  }

  @Test
  void observeReturnsOnEachChange() throws Exception {
    KubernetesLeaseStore a = cluster.store("node-a");
    KubernetesLeaseStore b = cluster.store("node-b");
    LeaseView before = b.observe(ample(), B, -1);
    assertTrue(before.holder().isEmpty());

    Future<LeaseView> after = threads.submit(() -> b.observe(TestMoverCall.within(Duration.ofSeconds(20)), B,
        before.revision()));
    cluster.api.awaitWatchers(1);
    a.campaign(ample(), A); // a publishes itself, then takes the Lease

    // long before its 20 s deadline: first a new candidate, then (at once or next) a holder
    LeaseView first = after.get(10, TimeUnit.SECONDS);
    assertNotEquals(before.revision(), first.revision());
    assertEquals(List.of(A), first.candidates());
    LeaseView second = first.holder().isPresent() ? first
        : b.observe(TestMoverCall.within(Duration.ofSeconds(20)), B, first.revision());
    assertTrue(second.heldBy("node-a"), second.toString());
  }

  @Test
  void observeReturnsBeforeItsDeadlineWhenNothingChanged() throws Exception {
    KubernetesLeaseStore b = cluster.store("node-b");
    LeaseView before = b.observe(ample(), B, -1);
    TestMoverCall call = TestMoverCall.within(Duration.ofMillis(700));

    LeaseView view = b.observe(call, B, before.revision());

    assertEquals(before.revision(), view.revision());
    assertFalse(call.remaining().isNegative(), "returned before the deadline");
  }

  @Test
  void aCancelledCallReturnsPromptly() throws Exception {
    KubernetesLeaseStore a = cluster.store("node-a");
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch arrived = cluster.api.stall(LIST, release);
    TestMoverCall call = TestMoverCall.within(Duration.ofSeconds(30));
    CompletableFuture<ElectionException> failure = CompletableFuture.supplyAsync(() -> {
      try {
        a.campaign(call, A);
        return null;
      } catch (ElectionException e) {
        return e;
      }
    }, threads);
    assertTrue(arrived.await(5, TimeUnit.SECONDS));

    call.cancel();

    ElectionException e = failure.get(5, TimeUnit.SECONDS);
    release.countDown();
    assertEquals(ElectionException.Kind.CANCELLED, e.kind());
  }

  @Test
  void failuresAreClassifiedAndNamed() throws Exception {
    KubernetesLeaseStore a = cluster.store("node-a");
    cluster.api.failNext(1, 503);
    ElectionException unavailable = assertThrows(ElectionException.class, () -> a.campaign(ample(), A));
    assertEquals(ElectionException.Kind.RETRYABLE, unavailable.kind());

    cluster.api.failNext(1, 403);
    ElectionException forbidden = assertThrows(ElectionException.class, () -> a.campaign(ample(), A));
    assertEquals(ElectionException.Kind.PERMANENT, forbidden.kind());
    assertTrue(forbidden.getMessage().startsWith("kubernetes lease kube-system/web: POST web-node-a: HTTP 403"
        + " Forbidden: injected failure 403"), forbidden.getMessage());
    assertTrue(forbidden.getMessage().contains("README's Role"), forbidden.getMessage());

    cluster.api.acceptTokens("another-token");
    ElectionException unauthorized = assertThrows(ElectionException.class, () -> a.campaign(ample(), A));
    assertEquals(ElectionException.Kind.PERMANENT, unauthorized.kind());
    assertTrue(unauthorized.getMessage().contains("HTTP 401 Unauthorized"), unauthorized.getMessage());

    cluster.server.close();
    ElectionException unreachable = assertThrows(ElectionException.class, () -> a.campaign(ample(), A));
    assertEquals(ElectionException.Kind.RETRYABLE, unreachable.kind());
  }

  @Test
  void candidateLeaseNamesAreValidAndDistinct() {
    assertEquals("web-node-a", KubernetesLeaseStore.candidateLease("web", "node-a"));
    String upper = KubernetesLeaseStore.candidateLease("web", "Node_A");
    String lower = KubernetesLeaseStore.candidateLease("web", "node-a-");
    assertTrue(upper.matches("web-node-a-[0-9a-f]{10}"), upper);
    assertNotEquals(upper, lower);
    assertTrue(KubernetesLeaseStore.candidateLease("web", "x".repeat(300)).length() <= 253);
  }

  /** A call of 5 s, far more than the fake needs. */
  private static TestMoverCall ample() {
    return TestMoverCall.within(Duration.ofSeconds(5));
  }
}
