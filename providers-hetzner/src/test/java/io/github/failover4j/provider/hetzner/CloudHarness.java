package io.github.failover4j.provider.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.Secret;
import io.github.failover4j.testkit.TestMoverContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * The fake Hetzner Cloud API and metadata service on loopback, and the provider pointed at them:
 * the token comes from a test environment's {@code HCLOUD_TOKEN}, the clock stands still. Closing
 * it checks that no exchange violated hcloud.json.
 */
final class CloudHarness implements AutoCloseable {
  /** The wall clock of the tests: RateLimit-Reset values are relative to it. */
  static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
  /** The id the metadata service gives this server. */
  static final long SELF = 11;

  final FakeCloud cloud = new FakeCloud();
  final FakeMetadata metadata = new FakeMetadata(SELF);
  final Map<String, String> environment = new HashMap<>(Map.of("HCLOUD_TOKEN", FakeCloud.TOKEN));
  private final MockWebServer api = new MockWebServer();
  private final MockWebServer metadataServer = new MockWebServer();

  CloudHarness() {
    Specs.loadHcloud();
    api.setDispatcher(cloud);
    metadataServer.setDispatcher(metadata);
    try {
      api.start();
      metadataServer.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The provider, reading credentials from {@link #environment}. */
  HetznerMoverProvider provider() {
    return new HetznerMoverProvider(this::secret, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Secret secret(String variable) {
    String value = environment.get(variable);
    if (value == null) {
      throw new Secret.Unavailable("environment variable " + variable + " is not set");
    }
    return Secret.of(value);
  }

  /**
   * Settings of a mode, pointed at the fakes.
   *
   * @param mode floating-ip or alias-ip
   * @return settings to add to
   */
  Map<String, String> settings(String mode) {
    Map<String, String> settings = new HashMap<>();
    settings.put("mode", mode);
    settings.put("endpoint", api.url("/v1").toString());
    settings.put("metadataUrl", metadataServer.url("/hetzner/v1/metadata").toString());
    settings.put("pollInterval", "1s");
    return settings;
  }

  /**
   * Creates a mover for a group with these addresses.
   *
   * @param settings its settings
   * @param addresses the group's addresses
   * @return the mover
   */
  IpMover mover(Map<String, String> settings, String... addresses) {
    return provider().create(TestMoverContext.of(MoverConfig.of(settings), addresses));
  }

  /** The fake's requests. */
  List<String> requests() {
    return cloud.requests();
  }

  @Override
  public void close() {
    cloud.close();
    api.close();
    metadataServer.close();
    assertEquals(List.of(), cloud.violations(), "requests or answers that violate hcloud.json");
  }
}
