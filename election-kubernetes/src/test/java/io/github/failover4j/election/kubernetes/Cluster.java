package io.github.failover4j.election.kubernetes;

import io.github.failover4j.provider.support.testing.TestClock;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.Secret;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/**
 * A fake API server on loopback and stores of candidates that share it and one virtual clock (each
 * store reads the same monotonic time; a test moves it). Plain HTTP with a bearer token: the
 * credential paths over TLS are tested apart.
 */
final class Cluster implements AutoCloseable {
  static final String TOKEN = "fake-token-0123456789abcdef";
  static final Duration DURATION = Duration.ofSeconds(15);

  final FakeApiServer api = new FakeApiServer();
  final MockWebServer server = new MockWebServer();
  final TestClock clock = new TestClock();
  private final List<KubernetesLeaseStore> stores = new ArrayList<>();

  Cluster() throws IOException {
    api.acceptTokens(TOKEN);
    server.setDispatcher(api);
    server.start();
  }

  KubernetesSettings settings() {
    ApiAccess access = new ApiAccess(server.url("/"), Optional.empty(),
        Optional.of(BearerToken.of(Secret.of(TOKEN))), Optional.empty(), "test");
    return new KubernetesSettings("kube-system", "web", new LeaseTiming(DURATION, Duration.ofSeconds(2),
        Duration.ofSeconds(10)), access);
  }

  /** A candidate's store. */
  KubernetesLeaseStore store(String candidate) {
    KubernetesLeaseStore store = new KubernetesLeaseStore(settings(), candidate, new OkHttpClient.Builder()
        .retryOnConnectionFailure(false).build(), clock::nanoTime, clock);
    stores.add(store);
    return store;
  }

  @Override
  public void close() {
    stores.forEach(KubernetesLeaseStore::close);
    server.close();
  }
}
