package io.github.failover4j.provider.openstack;

import static io.github.failover4j.provider.openstack.OpenStackHarness.FIP;
import static io.github.failover4j.provider.openstack.OpenStackHarness.FIP_ADDRESS;
import static io.github.failover4j.provider.openstack.OpenStackHarness.OTHER_PORT;
import static io.github.failover4j.provider.openstack.OpenStackHarness.SELF_PORT;
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

/** The floating-ip mode: observe, claim and release a floating IP, always with If-Match. */
class FloatingIpMoverTest {
  private final OpenStackHarness cloud = new OpenStackHarness();

  @AfterEach
  void close() {
    cloud.close();
  }

  private static String put(long revision, String port) {
    return "PUT /v2.0/floatingips/" + FIP + " If-Match: revision_number=" + revision + " {\"floatingip\":{\"port_id\":"
        + (port == null ? "null" : "\"" + port + "\"") + "}}";
  }

  @Test
  void observeTellsWhichPortHasTheFloatingIp() throws Exception {
    try (IpMover mover = cloud.floatingIpMover()) {
      assertEquals(Holder.nobody(), mover.observe(RecordingCall.twoMinutes()));
      cloud.neutron.associate(FIP, OTHER_PORT);
      assertEquals(Holder.other("port " + OTHER_PORT), mover.observe(RecordingCall.twoMinutes()));
      cloud.neutron.associate(FIP, SELF_PORT);
      assertEquals(Holder.self(), mover.observe(RecordingCall.twoMinutes()));
    }
    assertEquals(List.of(
        "GET /v2.0/ports?device_id=" + OpenStackHarness.INSTANCE,
        "GET /v2.0/floatingips?floating_ip_address=" + FIP_ADDRESS,
        "GET /v2.0/floatingips/" + FIP,
        "GET /v2.0/floatingips/" + FIP), cloud.neutron.requests(), "found once, then read by id");
    assertEquals(1, cloud.keystone.issued(), "one token for every request");
  }

  @Test
  void aClaimAfterObserveIsOneConditionalWriteThenAReadUntilActive() throws Exception {
    cloud.neutron.associate(FIP, OTHER_PORT);
    long revision = cloud.neutron.revision(FIP);
    try (IpMover mover = cloud.floatingIpMover()) {
      Holder before = mover.observe(RecordingCall.twoMinutes());
      RecordingCall call = RecordingCall.twoMinutes();
      mover.claim(call, before);
      assertEquals(List.of(Duration.ofSeconds(1)), call.pauses(), "one wait for ACTIVE");
      assertEquals(Holder.self(), mover.observe(RecordingCall.twoMinutes()));
    }
    assertEquals(Optional.of(SELF_PORT), cloud.neutron.holder(FIP));
    assertEquals(Optional.of("10.0.0.11"), cloud.neutron.fixedIp(FIP));
    assertEquals(List.of(put(revision, SELF_PORT)), cloud.neutron.writes());
  }

  @Test
  void aClaimWaitsForActiveEveryPollInterval() throws Exception {
    cloud.neutron.activeAfterReads(3);
    Map<String, String> settings = cloud.settings("floating-ip");
    settings.put("pollInterval", "2s");
    try (IpMover mover = cloud.mover(settings, FIP_ADDRESS + "/32")) {
      RecordingCall call = RecordingCall.twoMinutes();
      mover.claim(call, mover.observe(RecordingCall.twoMinutes()));
      assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2)), call.pauses());
    }
  }

  @Test
  void aRevisionChangedByAnotherNodeIsReadAndDecidedAgain() throws Exception {
    cloud.neutron.associate(FIP, OTHER_PORT);
    try (IpMover mover = cloud.floatingIpMover()) {
      Holder before = mover.observe(RecordingCall.twoMinutes());
      long seen = cloud.neutron.revision(FIP);
      // between observe and claim, the other node dissociates it
      cloud.neutron.before("PUT", "/v2.0/floatingips/.*", () -> cloud.neutron.associate(FIP, null));
      mover.claim(RecordingCall.twoMinutes(), before);
      assertEquals(List.of(put(seen, SELF_PORT), put(seen + 1, SELF_PORT)), cloud.neutron.writes());
    }
    assertEquals(Optional.of(SELF_PORT), cloud.neutron.holder(FIP));
  }

  @Test
  void aRevisionThatMadeTheFloatingIpOursNeedsNoSecondWrite() throws Exception {
    cloud.neutron.associate(FIP, OTHER_PORT);
    try (IpMover mover = cloud.floatingIpMover()) {
      Holder before = mover.observe(RecordingCall.twoMinutes());
      // an earlier claim whose answer was lost took effect after all
      cloud.neutron.before("PUT", "/v2.0/floatingips/.*", () -> cloud.neutron.associate(FIP, SELF_PORT));
      mover.claim(RecordingCall.twoMinutes(), before);
    }
    assertEquals(1, cloud.neutron.writes().size(), cloud.neutron.writes().toString());
    assertEquals(Optional.of(SELF_PORT), cloud.neutron.holder(FIP));
  }

  @Test
  void threeStaleRevisionsInARowAreLeftToTheDriversRetry() throws Exception {
    try (IpMover mover = cloud.floatingIpMover()) {
      Holder before = mover.observe(RecordingCall.twoMinutes());
      for (int i = 0; i < 3; i++) {
        String port = i % 2 == 0 ? OTHER_PORT : null;
        cloud.neutron.before("PUT", "/v2.0/floatingips/.*", () -> cloud.neutron.associate(FIP, port));
      }
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.claim(RecordingCall.twoMinutes(), before));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
      assertTrue(e.getMessage().endsWith("changed by another client 3 times in a row (HTTP 412)"), e.getMessage());
    }
    assertEquals(3, cloud.neutron.writes().size());
  }

  @Test
  void aFloatingIpTakenWhileWaitingForActiveIsRetryable() throws Exception {
    cloud.neutron.activeAfterReads(2);
    try (IpMover mover = cloud.floatingIpMover()) {
      Holder before = mover.observe(RecordingCall.twoMinutes());
      cloud.neutron.before("GET", "/v2.0/floatingips/.*", () -> cloud.neutron.associate(FIP, OTHER_PORT));
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.claim(RecordingCall.twoMinutes(), before));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
      assertTrue(e.getMessage().contains("moved to port " + OTHER_PORT + " while waiting"), e.getMessage());
    }
  }

  @Test
  void releaseDissociatesOnlyFromThisNodesPort() throws Exception {
    cloud.neutron.associate(FIP, SELF_PORT);
    long revision = cloud.neutron.revision(FIP);
    try (IpMover mover = cloud.floatingIpMover()) {
      mover.release(RecordingCall.twoMinutes());
      assertEquals(Optional.empty(), cloud.neutron.holder(FIP));
      cloud.neutron.associate(FIP, OTHER_PORT);
      mover.release(RecordingCall.twoMinutes());
    }
    assertEquals(Optional.of(OTHER_PORT), cloud.neutron.holder(FIP));
    assertEquals(List.of(put(revision, null)), cloud.neutron.writes());
  }

  @Test
  void aReleaseRacingAClaimOfAnotherNodeLeavesItsFloatingIp() throws Exception {
    cloud.neutron.associate(FIP, SELF_PORT);
    try (IpMover mover = cloud.floatingIpMover()) {
      cloud.neutron.before("PUT", "/v2.0/floatingips/.*", () -> cloud.neutron.associate(FIP, OTHER_PORT));
      mover.release(RecordingCall.twoMinutes());
    }
    assertEquals(Optional.of(OTHER_PORT), cloud.neutron.holder(FIP));
    assertEquals(1, cloud.neutron.writes().size(), "the one refused with 412");
  }

  @Test
  void aConfiguredIdIsReadDirectlyAndCheckedAgainstAConfiguredAddress() throws Exception {
    Map<String, String> settings = cloud.settings("floating-ip");
    settings.put("floatingIp", FIP.toUpperCase(java.util.Locale.ROOT));
    try (IpMover mover = cloud.mover(settings, "10.0.0.200/24")) {
      assertEquals(Holder.nobody(), mover.observe(RecordingCall.twoMinutes()));
    }
    assertTrue(cloud.neutron.requests().stream().noneMatch(r -> r.contains("floating_ip_address")));
    settings.put("address", "198.51.100.9");
    try (IpMover mover = cloud.mover(settings, "10.0.0.200/24")) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertEquals("floating IP " + FIP + " is " + FIP_ADDRESS + ", not 198.51.100.9 (check floatingIp and address)",
          e.getMessage());
    }
  }

  @Test
  void anAddressWithoutFloatingIpIsPermanent() throws Exception {
    try (IpMover mover = cloud.mover(cloud.settings("floating-ip"), "10.0.0.200/24")) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertEquals("no floating IP of the project is 10.0.0.200 (set address to the floating IP's address, or floatingIp"
          + " to its id)", e.getMessage());
    }
  }

  @Test
  void aConfiguredFixedIpIsSentAndAnotherOneIsNotThisNodes() throws Exception {
    cloud.neutron.addFixedIp(SELF_PORT, "10.0.0.21");
    cloud.neutron.associate(FIP, SELF_PORT); // at the port's first fixed IP, 10.0.0.11
    Map<String, String> settings = cloud.settings("floating-ip");
    settings.put("fixedIp", "10.0.0.21");
    try (IpMover mover = cloud.mover(settings, FIP_ADDRESS + "/32")) {
      Holder before = mover.observe(RecordingCall.twoMinutes());
      assertEquals(Holder.unknown("on this node's port, but at fixed IP 10.0.0.11, not 10.0.0.21"), before);
      mover.claim(RecordingCall.twoMinutes(), before);
      assertEquals(Holder.self(), mover.observe(RecordingCall.twoMinutes()));
    }
    assertEquals(Optional.of("10.0.0.21"), cloud.neutron.fixedIp(FIP));
    assertTrue(cloud.neutron.writes().get(0).endsWith("{\"floatingip\":{\"port_id\":\"" + SELF_PORT
        + "\",\"fixed_ip_address\":\"10.0.0.21\"}}"), cloud.neutron.writes().toString());
  }

  @Test
  void aFixedIpWithAnotherFloatingIpIsPermanent() throws Exception {
    String second = "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    cloud.neutron.floatingIp(second, "203.0.113.8", SELF_PORT);
    try (IpMover mover = cloud.floatingIpMover()) {
      IpMoverException e = assertThrows(IpMoverException.class,
          () -> mover.claim(RecordingCall.twoMinutes(), mover.observe(RecordingCall.twoMinutes())));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().contains("HTTP 409 FloatingIPPortAlreadyAssociated: Cannot associate floating IP"),
          e.getMessage());
      assertTrue(e.getMessage().endsWith("(this port's fixed IP has another floating IP already: set fixedIp to another"
          + " of the port's addresses)"), e.getMessage());
    }
  }
}
