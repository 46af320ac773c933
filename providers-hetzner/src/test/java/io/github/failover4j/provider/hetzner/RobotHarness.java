package io.github.failover4j.provider.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.Secret;
import io.github.failover4j.testkit.TestMoverContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * The fake Robot webservice on loopback, and the provider pointed at it with the webservice user
 * from a test environment. Closing it checks that every request had Robot's shape.
 */
final class RobotHarness implements AutoCloseable {
  /** This server's main IP. */
  static final String SELF = "198.51.100.10";
  /** The other server's main IP. */
  static final String PEER = "198.51.100.20";

  final FakeRobot robot = new FakeRobot();
  final Map<String, String> environment = new HashMap<>(Map.of(
      "HROBOT_USER", FakeRobot.USER, "HROBOT_PASSWORD", FakeRobot.PASSWORD));
  private final MockWebServer server = new MockWebServer();

  RobotHarness() {
    server.setDispatcher(robot);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The provider, reading credentials from {@link #environment}. */
  HetznerMoverProvider provider() {
    return new HetznerMoverProvider(variable -> {
      String value = environment.get(variable);
      if (value == null) {
        throw new Secret.Unavailable("environment variable " + variable + " is not set");
      }
      return Secret.of(value);
    }, Clock.fixed(CloudHarness.NOW, ZoneOffset.UTC));
  }

  /** Robot settings for this server, pointed at the fake. */
  Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("mode", "robot");
    settings.put("endpoint", server.url("/").toString());
    settings.put("serverIp", SELF);
    return settings;
  }

  /** Creates a mover for a group with these addresses. */
  IpMover mover(Map<String, String> settings, String... addresses) {
    return provider().create(TestMoverContext.of(MoverConfig.of(settings), addresses));
  }

  @Override
  public void close() {
    robot.close();
    server.close();
    assertEquals(List.of(), robot.violations(), "requests that do not have Robot's shape");
  }
}
