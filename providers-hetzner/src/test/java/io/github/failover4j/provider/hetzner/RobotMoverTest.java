package io.github.failover4j.provider.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.RecordingCall;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RobotMoverTest {
  private static final String IP = "203.0.113.50";
  private final RobotHarness h = new RobotHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private IpMover mover() {
    return h.mover(h.settings(), IP + "/32");
  }

  @Test
  void observesWhereTheFailoverIpIsRouted() throws Exception {
    h.robot.failover(IP, RobotHarness.PEER, null);
    try (IpMover mover = mover()) {
      assertEquals(Holder.nobody(), mover.observe(RecordingCall.twoMinutes()));
      h.robot.failover(IP, RobotHarness.PEER, RobotHarness.PEER);
      assertEquals(Holder.other("server " + RobotHarness.PEER), mover.observe(RecordingCall.twoMinutes()));
      h.robot.failover(IP, RobotHarness.PEER, RobotHarness.SELF);
      assertEquals(Holder.self(), mover.observe(RecordingCall.twoMinutes()));
    }
    assertTrue(h.robot.requests().stream().allMatch(r -> r.startsWith("GET /failover/" + IP)));
  }

  @Test
  void claimRoutesItToThisServer() throws Exception {
    h.robot.failover(IP, RobotHarness.PEER, RobotHarness.PEER);
    try (IpMover mover = mover()) {
      mover.claim(RecordingCall.twoMinutes(), Holder.other("server " + RobotHarness.PEER));
      assertEquals(Optional.of(RobotHarness.SELF), h.robot.route(IP));
    }
    assertEquals(List.of("POST /failover/" + IP + " active_server_ip=" + RobotHarness.SELF), h.robot.requests());
  }

  @ParameterizedTest
  @ValueSource(ints = {409, 400})
  void alreadyRoutedIsDoneWhateverItsStatus(int status) throws Exception {
    h.robot.failover(IP, RobotHarness.PEER, RobotHarness.SELF);
    h.robot.fail("POST", status, "FAILOVER_ALREADY_ROUTED", "Failover already routed", Map.of());
    try (IpMover mover = mover()) {
      mover.claim(RecordingCall.twoMinutes(), Holder.other("server " + RobotHarness.PEER));
    }
  }

  @Test
  void releaseUnroutes() throws Exception {
    h.robot.failover(IP, RobotHarness.PEER, RobotHarness.SELF);
    try (IpMover mover = mover()) {
      mover.release(RecordingCall.twoMinutes());
      assertEquals(Optional.empty(), h.robot.route(IP));
    }
    assertEquals(List.of("GET /failover/" + IP, "DELETE /failover/" + IP), h.robot.requests());
  }

  @Test
  void releaseLeavesAnotherServersRoute() throws Exception {
    h.robot.failover(IP, RobotHarness.PEER, RobotHarness.PEER);
    try (IpMover mover = mover()) {
      mover.release(RecordingCall.twoMinutes());
    }
    assertEquals(Optional.of(RobotHarness.PEER), h.robot.route(IP));
    assertEquals(List.of("GET /failover/" + IP), h.robot.requests());
  }

  @Test
  void anIpv6FailoverNetIsNamedByItsAddress() throws Exception {
    h.robot.failover("2001:db8:4:5::", "2001:db8:1::2", null);
    Map<String, String> settings = h.settings();
    settings.put("serverIp", "2001:db8:2::2");
    try (IpMover mover = h.mover(settings, "2001:db8:4:5::1/128")) {
      mover.claim(RecordingCall.twoMinutes(), Holder.nobody());
      assertEquals(Holder.self(), mover.observe(RecordingCall.twoMinutes()));
    }
    assertEquals(Optional.of("2001:db8:2::2"), h.robot.route("2001:db8:4:5::"));
  }

  @Test
  void aLockedFailoverIpIsRetriedAfterASwitchTime() throws Exception {
    h.robot.failover(IP, RobotHarness.PEER, RobotHarness.PEER);
    h.robot.fail("POST", 409, "FAILOVER_LOCKED", "blocked due to another active request", Map.of());
    IpMoverException e = claimFails();
    assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
    assertEquals(Optional.of(Duration.ofSeconds(60)), e.retryAfter());
  }

  @Test
  void aRateLimitWaitsForRobotsInterval() throws Exception {
    h.robot.failover(IP, RobotHarness.PEER, RobotHarness.PEER);
    h.robot.fail("POST", 403, "RATE_LIMIT_EXCEEDED", "rate limit exceeded", Map.of("max_request", 50, "interval", 3600));
    IpMoverException e = claimFails();
    assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
    assertEquals(Optional.of(Duration.ofHours(1)), e.retryAfter());
  }

  @Test
  void aRateLimitWithoutIntervalWaitsAnHour() throws Exception {
    h.robot.failover(IP, RobotHarness.PEER, RobotHarness.PEER);
    h.robot.fail("GET", 403, "RATE_LIMIT_EXCEEDED", "rate limit exceeded", Map.of());
    try (IpMover mover = mover()) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(Optional.of(Duration.ofHours(1)), e.retryAfter());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"FAILOVER_FAILED", "FAILOVER_NOT_COMPLETE"})
  void aFailedSwitchIsRetryable(String code) throws Exception {
    h.robot.failover(IP, RobotHarness.PEER, RobotHarness.PEER);
    h.robot.fail("POST", 500, code, "failed", Map.of());
    assertEquals(IpMoverException.Kind.RETRYABLE, claimFails().kind());
  }

  @Test
  void anUnknownTargetIsPermanent() throws Exception {
    h.robot.failover(IP, RobotHarness.PEER, RobotHarness.PEER);
    h.robot.fail("POST", 404, "FAILOVER_NEW_SERVER_NOT_FOUND", "new server not found", Map.of());
    assertEquals(IpMoverException.Kind.PERMANENT, claimFails().kind());
  }

  @Test
  void anUnknownFailoverIpIsPermanent() throws Exception {
    try (IpMover mover = mover()) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertEquals("read failover IP " + IP + ": HTTP 404 NOT_FOUND: Failover IP not found", e.getMessage());
    }
  }

  @Test
  void aBadLoginIsPermanentWarnsOfTheBlockAndNeverShowsThePassword() throws Exception {
    h.robot.failover(IP, RobotHarness.PEER, RobotHarness.PEER);
    h.environment.put("HROBOT_PASSWORD", "wrong-password-" + FakeRobot.PASSWORD);
    try (IpMover mover = mover()) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().contains("blocks the client's IP address for 10 minutes after 3 failed logins"),
          e.getMessage());
      // the fake echoes what it was sent
      assertFalse(e.getMessage().contains("wrong-password-"), e.getMessage());
      assertTrue(e.getMessage().contains(FakeRobot.USER + ":****"), e.getMessage());
    }
  }

  @Test
  void robotIsMaintainedThenRetryable() throws Exception {
    h.robot.failover(IP, RobotHarness.PEER, RobotHarness.PEER);
    h.robot.fail("GET", 503, "MAINTENANCE", "maintenance", Map.of());
    try (IpMover mover = mover()) {
      assertEquals(IpMoverException.Kind.RETRYABLE,
          assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes())).kind());
    }
  }

  private IpMoverException claimFails() {
    try (IpMover mover = mover()) {
      return assertThrows(IpMoverException.class,
          () -> mover.claim(RecordingCall.twoMinutes(), Holder.other("server " + RobotHarness.PEER)));
    }
  }
}
