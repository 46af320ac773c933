package io.github.failover4j.election.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.LogCapture;
import io.github.failover4j.spi.Candidate;
import io.github.failover4j.spi.ElectionConfig;
import io.github.failover4j.spi.ElectionContext;
import io.github.failover4j.spi.ElectionException;
import io.github.failover4j.spi.LeaseStore;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.LeaseView;
import io.github.failover4j.testkit.TestMoverCall;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the contract does not cover: etcd's own ways, and a candidate cut off from it. */
class EtcdLeaseStoreTest {
  private static final Duration CALL = Duration.ofSeconds(5);
  private static final AtomicInteger GROUPS = new AtomicInteger();
  private static EtcdServer etcd;

  @BeforeAll
  static void startEtcd() throws Exception {
    etcd = EtcdServer.start();
  }

  @AfterAll
  static void stopEtcd() throws Exception {
    if (etcd != null) {
      etcd.close();
    }
  }

  private static LeaseStore store(String group, String candidate, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(Map.of("ttl", "2s"));
    all.putAll(settings);
    return new EtcdElectionProvider().create(new ElectionContext(group, candidate, new ElectionConfig(all)));
  }

  private static String group() {
    return "store-" + GROUPS.incrementAndGet();
  }

  private static Candidate candidate(String id) {
    return new Candidate(id, 100, true);
  }

  private static TestMoverCall call() {
    return TestMoverCall.within(CALL);
  }

  /**
   * A holder cut off from etcd (its connections go dark) cannot renew, and nobody else can take
   * the lease before the holder's renew deadline has passed: the time the group logic keeps the
   * addresses for. Another candidate wins it within the lease's duration and etcd's expiry check.
   */
  @Test
  void aHolderCutOffKeepsItsLeaseUntilExpiryAndNoLonger() throws Exception {
    String group = group();
    try (TcpProxy proxy = TcpProxy.to(etcd.port());
        LeaseStore cut = store(group, "cut", Map.of("endpoints", proxy.url()));
        LeaseStore other = store(group, "other", Map.of("endpoints", etcd.url()))) {
      assertTrue(cut.campaign(call(), candidate("cut")).heldBy("cut"), "the first campaign");
      LeaseTiming timing = cut.timing();
      long sent = System.nanoTime();
      assertTrue(cut.campaign(call(), candidate("cut")).heldBy("cut"), "the last renewal");
      proxy.mode(TcpProxy.Mode.BLACKHOLE);
      long failedAt = System.nanoTime();
      ElectionException e = assertThrows(ElectionException.class,
          () -> cut.campaign(TestMoverCall.within(timing.renewEvery()), candidate("cut")), "a renewal cut off");
      long failedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failedAt);
      assertNotEquals(ElectionException.Kind.PERMANENT, e.kind(), () -> "kind of " + e);
      assertTrue(failedAfter < timing.renewEvery().toMillis() + 500, () -> "the renewal failed after " + failedAfter
          + " ms, its deadline " + timing.renewEvery().toMillis() + " ms");
      long wonAfter;
      while (true) {
        LeaseView view = other.campaign(call(), candidate("other"));
        long since = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        if (view.heldBy("other")) {
          wonAfter = since;
          break;
        }
        assertTrue(since < timing.duration().toMillis() + 2000, () -> "still held " + since + " ms after: " + view);
        Thread.sleep(50);
      }
      long won = wonAfter;
      System.out.printf("etcd cut-off holder: renew deadline %d ms, another won %d ms after its last renewal was"
          + " sent (ttl %d ms)%n", timing.renewDeadline().toMillis(), won, timing.duration().toMillis());
      assertTrue(won >= timing.renewDeadline().toMillis(), () -> "another won " + won + " ms after the last renewal,"
          + " before the holder's renew deadline of " + timing.renewDeadline().toMillis() + " ms");
    }
  }

  /**
   * A connection reset is RETRYABLE and quick; when the path heals, the holder renews its lease,
   * still the holder with the same fencing token.
   */
  /**
   * A backup's watch ends when its wait does, with the keys read again, also while another
   * candidate's renewals stream events it ignores: the gateway's "context canceled", which can reach
   * the client just as its wait ends, is that end and not a failure (a failure there once made every
   * backup wait a lease's duration between looks, and takeovers a second later).
   */
  @Test
  void aWatchEndsQuietlyWhileTheHolderRenews() throws Exception {
    String group = group();
    ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor();
    try (LeaseStore holder = store(group, "holder", Map.of("endpoints", etcd.url()));
        LeaseStore backup = store(group, "backup", Map.of("endpoints", etcd.url()))) {
      assertTrue(holder.campaign(call(), candidate("holder")).heldBy("holder"));
      renewals.scheduleAtFixedRate(() -> {
        try {
          holder.campaign(call(), candidate("holder"));
        } catch (ElectionException e) {
          throw new IllegalStateException(e);
        }
      }, 0, 50, TimeUnit.MILLISECONDS);
      LeaseView seen = backup.observe(call(), candidate("backup"), -1);
      for (int i = 0; i < 30; i++) {
        seen = backup.observe(TestMoverCall.within(Duration.ofMillis(300)), candidate("backup"), seen.revision());
        assertTrue(seen.heldBy("holder"), "watch " + i + ": " + seen);
      }
    } finally {
      renewals.shutdownNow();
    }
  }

  @Test
  void aResetIsRetryableAndTheHolderRenewsAfterIt() throws Exception {
    String group = group();
    try (TcpProxy proxy = TcpProxy.to(etcd.port());
        LeaseStore store = store(group, "a", Map.of("endpoints", proxy.url()))) {
      LeaseView held = store.campaign(call(), candidate("a"));
      proxy.mode(TcpProxy.Mode.RESET);
      long start = System.nanoTime();
      ElectionException e = assertThrows(ElectionException.class, () -> store.campaign(call(), candidate("a")));
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(ElectionException.Kind.RETRYABLE, e.kind(), () -> "kind of " + e);
      assertTrue(took < 1000, () -> "a reset took " + took + " ms to fail");
      proxy.mode(TcpProxy.Mode.PASS);
      LeaseView renewed = store.campaign(call(), candidate("a"));
      assertTrue(renewed.heldBy("a"), () -> "after the reset: " + renewed);
      assertEquals(held.fencingToken(), renewed.fencingToken(), "the fencing token after the reset");
    }
  }

  /** The next endpoint is tried when one refuses connections; with none left, RETRYABLE. */
  @Test
  void theNextEndpointIsTriedOnAConnectionFailure() throws Exception {
    String dead = "http://127.0.0.1:" + closedPort();
    String group = group();
    try (LeaseStore store = store(group, "a", Map.of("endpoints", dead + "," + etcd.url()))) {
      assertTrue(store.campaign(call(), candidate("a")).heldBy("a"), "a campaign through the second endpoint");
      assertTrue(store.campaign(call(), candidate("a")).heldBy("a"), "a renewal, from the endpoint that answered");
    }
    try (LeaseStore store = store(group, "b", Map.of("endpoints", dead + "," + dead))) {
      ElectionException e = assertThrows(ElectionException.class, () -> store.campaign(call(), candidate("b")));
      assertEquals(ElectionException.Kind.RETRYABLE, e.kind(), () -> "kind of " + e);
      assertTrue(e.getMessage().contains(dead), () -> "the message names the endpoint: " + e.getMessage());
    }
  }

  /**
   * A lease etcd let expire (the node paused longer than its TTL) is granted anew: the store
   * stands again, with a new term.
   */
  @Test
  void anExpiredLeaseIsGrantedAnew() throws Exception {
    try (LeaseStore store = store(group(), "a", Map.of("endpoints", etcd.url()))) {
      LeaseView first = store.campaign(call(), candidate("a"));
      assertTrue(first.heldBy("a"), () -> "the first campaign: " + first);
      Thread.sleep(store.timing().duration().plusSeconds(1).toMillis());
      LeaseView again = store.campaign(call(), candidate("a"));
      assertTrue(again.heldBy("a"), () -> "after the lease expired: " + again);
      assertTrue(again.fencingToken() > first.fencingToken(), () -> "a new term: " + again);
    }
  }

  /**
   * The lease's times follow the TTL etcd granted: an etcd with slow elections raises a TTL of 2 s
   * to its minimum, and the store's timing follows after its first campaign.
   */
  @Test
  void theTimingFollowsTheGrantedTtl() throws Exception {
    try (EtcdServer slow = EtcdServer.start(null, "--heartbeat-interval", "100", "--election-timeout", "3000");
        LeaseStore store = store(group(), "a", Map.of("endpoints", slow.url()))) {
      assertEquals(Duration.ofSeconds(2), store.timing().duration(), "the duration before the first campaign");
      store.campaign(call(), candidate("a"));
      LeaseTiming timing = store.timing();
      assertEquals(Duration.ofSeconds(5), timing.duration(), "the duration as granted");
      assertEquals(Duration.ofSeconds(4), timing.renewDeadline(), "the renew deadline: ttl - ttl/5");
      assertEquals(Duration.ofSeconds(5).dividedBy(3), timing.renewEvery(), "renewEvery: ttl/3");
    }
  }

  /** An expired auth token is replaced without the caller noticing; no password in any log line. */
  @Test
  void anExpiredTokenIsFetchedAgain() throws Exception {
    LogCapture.clear();
    String password = "token-ttl-password-51c0";
    Path passwordFile = EtcdLeaseStoreContractTest.secretFile(password);
    try (EtcdServer authed = EtcdServer.start(null, "--auth-token-ttl", "1")) {
      EtcdAdmin.enableAuth(authed, "failover4j", password);
      try (LeaseStore store = store(group(), "a", Map.of("endpoints", authed.url(), "username", "failover4j",
          "passwordFile", passwordFile.toString()))) {
        assertTrue(store.campaign(call(), candidate("a")).heldBy("a"), "the first campaign");
        Thread.sleep(2500);
        assertTrue(store.campaign(call(), candidate("a")).heldBy("a"), "a campaign after the token expired");
      }
    } finally {
      Files.delete(passwordFile);
    }
    assertFalse(LogCapture.lines().isEmpty(), "the requests are logged");
    for (String line : LogCapture.lines()) {
      assertFalse(line.contains(password), "a log line shows the password");
    }
  }

  /**
   * Over TLS with a client certificate, as etcd's {@code --client-cert-auth} asks: a store with
   * the test CA and the client's certificate stands; one without the certificate, or without the
   * CA, cannot.
   */
  @Test
  void tlsWithAClientCertificate() throws Exception {
    try (TestCertificates certificates = TestCertificates.make(); EtcdServer secure = EtcdServer.start(certificates)) {
      String group = group();
      Map<String, String> full = Map.of("endpoints", secure.url(), "tls.ca", certificates.ca().toString(),
          "tls.cert", certificates.clientCert().toString(), "tls.key", certificates.clientKey().toString());
      try (LeaseStore store = store(group, "a", full)) {
        assertTrue(store.campaign(call(), candidate("a")).heldBy("a"), "a campaign over TLS");
      }
      for (Map<String, String> lacking : java.util.List.of(
          Map.of("endpoints", secure.url(), "tls.ca", certificates.ca().toString()),
          Map.of("endpoints", secure.url(), "tls.cert", certificates.clientCert().toString(),
              "tls.key", certificates.clientKey().toString()))) {
        try (LeaseStore store = store(group, "b", lacking)) {
          ElectionException e = assertThrows(ElectionException.class, () -> store.campaign(call(), candidate("b")),
              () -> "a campaign with " + lacking.keySet());
          assertNotEquals(ElectionException.Kind.CANCELLED, e.kind(), () -> "kind of " + e);
        }
      }
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
