package io.github.failover4j.provider.hetzner;

import static io.github.failover4j.provider.support.testing.SecretLeaks.assertNowhere;
import static io.github.failover4j.provider.support.testing.SecretLeaks.attempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.LogCapture;
import io.github.failover4j.provider.support.testing.RecordingCall;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The credential reaches the API's Authorization header and nothing else: no exception message (nor
 * its causes), no log line at any level, no {@code toString()} — even when the API quotes it back.
 */
class SecretLeakTest {
  private final CloudHarness cloud = new CloudHarness();
  private final RobotHarness robot = new RobotHarness();
  private final List<String> seen = new ArrayList<>();

  @BeforeEach
  void clearLogs() {
    LogCapture.clear();
  }

  @AfterEach
  void close() {
    cloud.close();
    robot.close();
  }

  @Test
  void theCloudTokenIsNeverShown() {
    cloud.cloud.server(11, 7578, "10.0.1.2").server(12, 7578, "10.0.1.3", "10.0.1.1")
        .floatingIp(4711, "203.0.113.7", 12L);
    cloud.cloud.rateLimit(3600, 12, CloudHarness.NOW.getEpochSecond() + 600);
    String token = FakeCloud.TOKEN;
    // errors whose text quotes the token, as a careless API or proxy could
    cloud.cloud.fail("GET", "/v1/floating_ips/4711", 401, "unauthorized", "token " + token + " is invalid");
    cloud.cloud.fail("POST", "/v1/floating_ips/4711/actions/assign", 503, "unavailable", "busy " + token);
    cloud.cloud.failNextAction("action_failed", "failed for " + token);
    // and one where the token straddles the point where a long message is cut
    cloud.cloud.fail("GET", "/v1/servers", 422, "invalid_input", "x".repeat(180) + token);
    Map<String, String> floating = cloud.settings("floating-ip");
    floating.put("floatingIp", "4711");
    Map<String, String> alias = cloud.settings("alias-ip");
    alias.put("network", "7578");
    try (IpMover fip = cloud.mover(floating, "203.0.113.7/32"); IpMover aliases = cloud.mover(alias, "10.0.1.1/32")) {
      seen.add(fip.toString());
      seen.add(aliases.toString());
      attempt(seen, () -> fip.observe(RecordingCall.twoMinutes()));
      attempt(seen, () -> fip.claim(RecordingCall.twoMinutes(), Holder.other("server 12")));
      attempt(seen, () -> fip.claim(RecordingCall.twoMinutes(), Holder.other("server 12")));
      attempt(seen, () -> aliases.observe(RecordingCall.twoMinutes()));
      attempt(seen, () -> aliases.claim(RecordingCall.twoMinutes(), Holder.other("server 12")));
    }
    for (String redacted : List.of("token **** is invalid", "busy ****", "failed for ****", "x".repeat(180) + "****")) {
      assertTrue(seen.stream().anyMatch(s -> s.contains(redacted)), redacted + " in " + seen);
    }
    assertNowhere(token, seen);
  }

  @Test
  void theRobotPasswordIsNeverShown() {
    robot.robot.failover("203.0.113.50", RobotHarness.PEER, RobotHarness.PEER);
    String password = "a-wrong-password-3b9e";
    robot.environment.put("HROBOT_PASSWORD", password);
    try (IpMover mover = robot.mover(robot.settings(), "203.0.113.50/32")) {
      seen.add(mover.toString());
      attempt(seen, () -> mover.observe(RecordingCall.twoMinutes()));
      attempt(seen, () -> mover.claim(RecordingCall.twoMinutes(), Holder.nobody()));
    }
    assertTrue(seen.stream().anyMatch(s -> s.contains(FakeRobot.USER + ":****")), seen.toString());
    assertNowhere(password, seen);
  }

  @Test
  void requestsAreLoggedAtDebugByMethodPathStatusAndRequestId() throws Exception {
    cloud.cloud.server(11).floatingIp(4711, "203.0.113.7", 11L);
    cloud.cloud.rateLimit(3600, 3599, CloudHarness.NOW.getEpochSecond() + 1);
    Map<String, String> floating = cloud.settings("floating-ip");
    floating.put("floatingIp", "4711");
    try (IpMover mover = cloud.mover(floating, "203.0.113.7/32")) {
      mover.observe(RecordingCall.twoMinutes());
    }
    List<String> debug = LogCapture.lines().stream().filter(l -> l.startsWith("DEBUG")).toList();
    assertTrue(debug.stream().anyMatch(l -> l.matches("DEBUG io\\.github\\.failover4j\\.provider\\.hetzner"
        + "\\.HetznerMoverProvider: GET /v1/floating_ips/4711 -> 200 in \\d+ ms, correlation id corr-\\d+, rate limit 3599/3600 left")), debug.toString());
    assertTrue(debug.stream().anyMatch(l -> l.contains("GET /hetzner/v1/metadata/instance-id -> 200")), debug.toString());
  }

  @Test
  void aLowRequestBudgetIsWarnedOfOnce() throws Exception {
    cloud.cloud.server(11).floatingIp(4711, "203.0.113.7", 11L);
    cloud.cloud.rateLimit(3600, 200, CloudHarness.NOW.getEpochSecond() + 3400);
    Map<String, String> floating = cloud.settings("floating-ip");
    floating.put("floatingIp", "4711");
    try (IpMover mover = cloud.mover(floating, "203.0.113.7/32")) {
      mover.observe(RecordingCall.twoMinutes());
      mover.observe(RecordingCall.twoMinutes());
    }
    assertEquals(List.of("WARN io.github.failover4j.provider.hetzner.HetznerCloudApi: Hetzner Cloud API: 200 of 3600"
        + " requests per hour left for this project; the budget is shared by every client of the project"),
        LogCapture.lines().stream().filter(l -> l.startsWith("WARN")).toList());
  }
}
