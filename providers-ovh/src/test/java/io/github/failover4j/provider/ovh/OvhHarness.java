package io.github.failover4j.provider.ovh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.failover4j.provider.support.testing.TestClock;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.testkit.TestMoverCall;
import io.github.failover4j.testkit.TestMoverContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fake OVH API on loopback, and the provider pointed at it: credentials in a test environment
 * (never the JVM's), no ovh.conf unless a test names some, and a wall clock the test can move.
 * Closing it checks that no exchange broke ovh-ip.json or the fake's own rules.
 */
final class OvhHarness implements AutoCloseable {
  final FakeOvh fake = FakeOvh.start();
  final TestEnvironment environment = new TestEnvironment();
  final TestClock clock = new TestClock(Instant.now());
  List<Path> confPaths = List.of();

  /** Puts the fake's application key, application secret and consumer key in the environment. */
  OvhHarness signed() {
    environment.set("OVH_APPLICATION_KEY", FakeOvh.APPLICATION_KEY)
        .set("OVH_APPLICATION_SECRET", FakeOvh.APPLICATION_SECRET)
        .set("OVH_CONSUMER_KEY", FakeOvh.CONSUMER_KEY);
    return this;
  }

  /** Puts the fake's OAuth2 client in the environment. */
  OvhHarness oauth2() {
    environment.set("OVH_CLIENT_ID", FakeOvh.CLIENT_ID).set("OVH_CLIENT_SECRET", FakeOvh.CLIENT_SECRET);
    return this;
  }

  OvhMoverProvider provider() {
    return new OvhMoverProvider(environment, confPaths, clock);
  }

  /** Settings of the cloud-ip mode, pointed at the fake, polling fast. */
  Map<String, String> cloudSettings() {
    Map<String, String> settings = common("cloud-ip");
    settings.put("project", FakeOvh.PROJECT);
    settings.put("instance", FakeOvh.SELF_INSTANCE);
    return settings;
  }

  /** Settings of the ip-move mode, pointed at the fake, polling fast. */
  Map<String, String> moveSettings() {
    Map<String, String> settings = common("ip-move");
    settings.put("service", FakeOvh.SELF_SERVICE);
    return settings;
  }

  private Map<String, String> common(String mode) {
    Map<String, String> settings = new HashMap<>();
    settings.put("mode", mode);
    settings.put("endpoint", fake.endpoint().toString());
    settings.put("pollInterval", "100ms");
    if (environment.value("OVH_CLIENT_ID").isPresent()) {
      settings.put("tokenUrl", fake.tokenUrl().toString());
    }
    return settings;
  }

  /** A mover of the group address 203.0.113.7/32. */
  IpMover mover(Map<String, String> settings) {
    return provider().create(TestMoverContext.of(MoverConfig.of(settings), FakeOvh.BLOCK));
  }

  /** An operation with the driver's default deadline. */
  static TestMoverCall call() {
    return TestMoverCall.within(Duration.ofMinutes(2));
  }

  @Override
  public void close() {
    fake.close();
    assertEquals(List.of(), fake.violations(), "requests or answers that break ovh-ip.json or the fake's rules");
  }
}
