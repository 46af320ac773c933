package io.github.failover4j.provider.openstack;

import static io.github.failover4j.provider.openstack.OpenStackHarness.FIP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.LogCapture;
import io.github.failover4j.provider.support.testing.RecordingCall;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Neutron's failures, classified as the driver needs them, with Neutron's type, message and
 * request id in the message, and the request id in the log.
 */
class NeutronErrorsTest {
  private final OpenStackHarness cloud = new OpenStackHarness();

  @AfterEach
  void close() {
    cloud.close();
  }

  @ParameterizedTest
  @CsvSource({
      "400, HTTPBadRequest, PERMANENT",
      "403, PolicyNotAuthorized, PERMANENT",
      "404, FloatingIPNotFound, PERMANENT",
      "409, IpAddressInUse, RETRYABLE",
      "500, InternalServerError, RETRYABLE",
      "502, HTTPBadGateway, RETRYABLE",
      "503, HTTPServiceUnavailable, RETRYABLE"})
  void aFailedReadIsClassifiedByStatus(int status, String type, IpMoverException.Kind kind) throws Exception {
    try (IpMover mover = cloud.floatingIpMover()) {
      mover.observe(RecordingCall.twoMinutes());
      cloud.neutron.fail("GET", "/v2.0/floatingips/.*", status, type, "it went wrong");
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(kind, e.kind(), e.getMessage());
      assertTrue(e.getMessage().startsWith("read floating IP " + FIP + ": HTTP " + status + " " + type
          + ": it went wrong (request id req-"), e.getMessage());
    }
  }

  @Test
  void aForbiddenWriteSaysWhatTheCredentialsMustAllow() throws Exception {
    cloud.neutron.fail("PUT", "/v2.0/floatingips/.*", 403, "PolicyNotAuthorized",
        "rule:update_floatingip is disallowed by policy");
    try (IpMover mover = cloud.floatingIpMover()) {
      IpMoverException e = assertThrows(IpMoverException.class,
          () -> mover.claim(RecordingCall.twoMinutes(), mover.observe(RecordingCall.twoMinutes())));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().endsWith("(the credentials' role, or the application credential's access rules, must "
          + "allow this call)"), e.getMessage());
    }
  }

  @Test
  void aRateLimitCarriesItsWait() throws Exception {
    cloud.neutron.fail("GET", "/v2.0/floatingips", 429, "unknown", "slow down", "Retry-After", "7");
    try (IpMover mover = cloud.floatingIpMover()) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
      assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
    }
  }

  @Test
  void aFailureIsLoggedWithItsRequestId() throws Exception {
    LogCapture.clear();
    cloud.neutron.fail("GET", "/v2.0/floatingips", 503, "HTTPServiceUnavailable", "later");
    try (IpMover mover = cloud.floatingIpMover()) {
      assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
    }
    assertTrue(LogCapture.lines().stream().anyMatch(l -> l.matches("INFO io\\.github\\.failover4j\\.provider\\.openstack"
        + "\\.OpenStackMoverProvider: GET /networking/v2\\.0/floatingips -> 503 in \\d+ ms, request id req-[0-9a-f-]{36}")),
        LogCapture.lines().toString());
  }

  @Test
  void anUnreachableNeutronIsRetryable() throws Exception {
    cloud.keystone.endpoint("network", "internal", "RegionOne", "http://127.0.0.1:1/");
    cloud.environment.put("OS_INTERFACE", "internal");
    try (IpMover mover = cloud.floatingIpMover()) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
      assertTrue(e.getMessage().startsWith("list the ports with device_id " + OpenStackHarness.INSTANCE + ": "
          + "ConnectException"), e.getMessage());
    }
  }

  @Test
  void noAnswerWithinTheRequestTimeoutIsRetryable() throws Exception {
    Map<String, String> settings = cloud.settings("floating-ip");
    settings.put("requestTimeout", "200ms");
    cloud.neutron.hang("GET", "/v2.0/floatingips");
    try (IpMover mover = cloud.mover(settings, OpenStackHarness.FIP_ADDRESS + "/32")) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
      assertEquals("find floating IP 203.0.113.7: no answer within 200 ms", e.getMessage());
    }
  }
}
