package io.github.failover4j.election.kubernetes;

import io.github.failover4j.provider.support.testing.TestClock;
import io.github.failover4j.spi.LeaseStore;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.Secret;
import io.github.failover4j.testkit.LeaseStoreContract;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/**
 * The lease store contract against the fake API server, on a virtual clock that every store of a
 * test shares. Short times (3 s, 2 s, 500 ms) keep the real waits of {@code observe} short.
 */
class KubernetesLeaseStoreContractTest extends LeaseStoreContract {
  private static final String TOKEN = "contract-token-0123456789";
  private static final String REFUSED = "refused-token-9876543210";
  private static final LeaseTiming TIMING = new LeaseTiming(Duration.ofSeconds(3), Duration.ofMillis(500),
      Duration.ofSeconds(2));

  /**
   * A candidate takes a silent holder's Lease a full duration after it first saw the holder's last
   * record, by its own clock (client-go's rule: no clock is shared). The contract's new candidate
   * first looks at the Lease {@code renewDeadline - renewEvery} after the holder's last renewal,
   * so it wins that much later than the duration: 1.5 s here, and a step to spare.
   */
  @Override
  protected Duration expiryGrace() {
    return TIMING.renewDeadline().minus(TIMING.renewEvery()).plus(TIMING.renewEvery());
  }

  @Override
  protected Fixture fixture() throws Exception {
    FakeApiServer api = new FakeApiServer();
    api.acceptTokens(TOKEN);
    MockWebServer server = new MockWebServer();
    server.setDispatcher(api);
    server.start();
    TestClock clock = new TestClock();
    return new Fixture() {
      @Override
      public LeaseStore store(String candidate) {
        return store(candidate, TOKEN);
      }

      @Override
      public Optional<LeaseStore> refusedStore(String candidate) {
        return Optional.of(store(candidate, REFUSED));
      }

      private LeaseStore store(String candidate, String token) {
        ApiAccess access = new ApiAccess(server.url("/"), Optional.empty(), Optional.of(BearerToken.of(
            Secret.of(token))), Optional.empty(), "test");
        return new KubernetesLeaseStore(new KubernetesSettings("default", "web", TIMING, access), candidate,
            new OkHttpClient(), clock::nanoTime, clock);
      }

      @Override
      public void elapse(Duration time) {
        clock.advance(time);
      }

      @Override
      public Set<String> secrets() {
        return Set.of(TOKEN, REFUSED);
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }
}
