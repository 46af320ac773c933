package io.github.failover4j.provider.openstack;

import static io.github.failover4j.provider.openstack.OpenStackHarness.FIP;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * Keystone: password and application credential authentication, the token kept until it is about
 * to expire or Neutron refuses it, and Neutron's endpoint picked from the catalog.
 */
class KeystoneTest {
  private final OpenStackHarness cloud = new OpenStackHarness();

  @AfterEach
  void close() {
    cloud.close();
  }

  private IpMover mover() {
    return cloud.floatingIpMover();
  }

  @Test
  void aTokenIsKeptUntilTwoMinutesBeforeItExpires() throws Exception {
    try (IpMover mover = mover()) {
      mover.observe(RecordingCall.twoMinutes());
      cloud.clock.advance(Duration.ofMinutes(57));
      mover.observe(RecordingCall.twoMinutes());
      assertEquals(1, cloud.keystone.issued());
      cloud.clock.advance(Duration.ofMinutes(1).plusSeconds(1));
      mover.observe(RecordingCall.twoMinutes());
      assertEquals(2, cloud.keystone.issued());
    }
    assertEquals(0, cloud.neutron.refusedTokens(), "renewed before Neutron refused it");
  }

  @Test
  void aShortLivedTokenIsRenewedHalfway() throws Exception {
    cloud.keystone.lifetime(Duration.ofMinutes(3));
    try (IpMover mover = mover()) {
      mover.observe(RecordingCall.twoMinutes());
      cloud.clock.advance(Duration.ofSeconds(89));
      mover.observe(RecordingCall.twoMinutes());
      assertEquals(1, cloud.keystone.issued());
      cloud.clock.advance(Duration.ofSeconds(2));
      mover.observe(RecordingCall.twoMinutes());
      assertEquals(2, cloud.keystone.issued());
    }
  }

  @Test
  void aTokenThatThisHostsClockSaysIsPastIsKeptUntilRefused() throws Exception {
    cloud.keystone.behind(Duration.ofHours(2));
    try (IpMover mover = mover()) {
      mover.observe(RecordingCall.twoMinutes());
      mover.observe(RecordingCall.twoMinutes());
      assertEquals(1, cloud.keystone.issued());
      cloud.clock.advance(Duration.ofHours(1));
      mover.observe(RecordingCall.twoMinutes());
    }
    assertEquals(2, cloud.keystone.issued(), "renewed when refused");
    assertEquals(1, cloud.neutron.refusedTokens());
  }

  @Test
  void aRefusedTokenIsReplacedOnceAndTheRequestSentAgain() throws Exception {
    try (IpMover mover = mover()) {
      mover.observe(RecordingCall.twoMinutes());
      cloud.keystone.revokeAll();
      cloud.neutron.associate(FIP, OpenStackHarness.SELF_PORT);
      assertEquals(Holder.self(), mover.observe(RecordingCall.twoMinutes()));
    }
    assertEquals(2, cloud.keystone.issued());
    assertEquals(1, cloud.neutron.refusedTokens());
  }

  @Test
  void aClaimRefusedForItsTokenIsSentAgainWithTheSameRevision() throws Exception {
    try (IpMover mover = mover()) {
      Holder before = mover.observe(RecordingCall.twoMinutes());
      cloud.keystone.revokeAll();
      mover.claim(RecordingCall.twoMinutes(), before);
    }
    List<String> writes = cloud.neutron.writes();
    assertEquals(2, writes.size());
    assertEquals(writes.get(0), writes.get(1));
    assertEquals(Optional.of(OpenStackHarness.SELF_PORT), cloud.neutron.holder(FIP));
  }

  @Test
  void aNewTokenRefusedTooIsPermanent() throws Exception {
    try (IpMover mover = mover()) {
      mover.observe(RecordingCall.twoMinutes());
      cloud.neutron.fail("GET", "/v2.0/floatingips/.*", 401, "Unauthorized", "no");
      cloud.neutron.fail("GET", "/v2.0/floatingips/.*", 401, "Unauthorized", "still no");
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().startsWith("read floating IP " + FIP + ": HTTP 401 Unauthorized: still no (request id req-"),
          e.getMessage());
      assertTrue(e.getMessage().endsWith(" (refused a new token too: the credentials may not use Neutron)"),
          e.getMessage());
    }
    assertEquals(2, cloud.keystone.issued());
  }

  @Test
  void refusedCredentialsArePermanentAndNameTheirSource() {
    cloud.keystone.refuseNext(1);
    try (IpMover mover = mover()) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().startsWith("authenticate to Keystone at " + cloud.authUrl() + "/auth/tokens with the "
          + "password of user failover (domain Default) in project demo (domain default): HTTP 401 Unauthorized: "
          + "The request you have made requires authentication. (request id req-"), e.getMessage());
      assertTrue(e.getMessage().endsWith("(Keystone refused the credentials of the OS_* environment variables)"),
          e.getMessage());
    }
  }

  @Test
  void anUnavailableOrBusyKeystoneIsRetryable() {
    try (IpMover mover = mover()) {
      cloud.keystone.failNext(1, 503);
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
      cloud.keystone.failNext(1, 429);
      e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
      assertEquals(Optional.of(Duration.ofSeconds(3)), e.retryAfter());
    }
  }

  @Test
  void anApplicationCredentialAuthenticatesWithoutScope() throws Exception {
    cloud.environment.clear();
    cloud.environment.putAll(Map.of("OS_AUTH_TYPE", "v3applicationcredential", "OS_AUTH_URL", cloud.authUrl(),
        "OS_APPLICATION_CREDENTIAL_ID", FakeKeystone.CREDENTIAL_ID,
        "OS_APPLICATION_CREDENTIAL_SECRET", FakeKeystone.CREDENTIAL_SECRET));
    try (IpMover mover = mover()) {
      assertEquals(Holder.nobody(), mover.observe(RecordingCall.twoMinutes()));
    }
    assertEquals(List.of("application_credential"), cloud.keystone.requests());
  }

  @Test
  void theEndpointIsPickedByInterfaceAndRegion() throws Exception {
    // a decoy first: the public endpoint of another region, and internal ones
    FakeKeystone keystone = cloud.keystone;
    keystone.endpoint("network", "internal", "RegionOne", cloud.networkUrl() + "v2.0")
        .endpoint("network", "public", "RegionTwo", "http://127.0.0.1:9/unused/");
    cloud.environment.put("OS_INTERFACE", "internalURL");
    try (IpMover mover = mover()) {
      assertEquals(Holder.nobody(), mover.observe(RecordingCall.twoMinutes()), "internal, with v2.0 in the catalog");
    }
    cloud.environment.put("OS_INTERFACE", "admin");
    try (IpMover mover = mover()) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().endsWith(": the catalog has no network endpoint of interface admin in region RegionOne "
          + "(its network endpoints: [public in RegionOne " + cloud.networkUrl() + ", internal in RegionOne "
          + cloud.networkUrl() + "v2.0, public in RegionTwo http://127.0.0.1:9/unused/]; check region and interface)"),
          e.getMessage());
    }
  }

  @Test
  void keystonesUrlMayOmitV3() throws Exception {
    cloud.environment.put("OS_AUTH_URL", cloud.authUrl().replace("/v3", "/"));
    try (IpMover mover = mover()) {
      assertEquals(Holder.nobody(), mover.observe(RecordingCall.twoMinutes()));
    }
    assertEquals(1, cloud.keystone.issued());
  }
}
