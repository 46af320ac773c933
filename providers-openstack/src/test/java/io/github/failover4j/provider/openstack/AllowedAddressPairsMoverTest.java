package io.github.failover4j.provider.openstack;

import static io.github.failover4j.provider.openstack.OpenStackHarness.OTHER_MAC;
import static io.github.failover4j.provider.openstack.OpenStackHarness.OTHER_PORT;
import static io.github.failover4j.provider.openstack.OpenStackHarness.SELF_MAC;
import static io.github.failover4j.provider.openstack.OpenStackHarness.SELF_PORT;
import static io.github.failover4j.provider.openstack.OpenStackHarness.VIP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.RecordingCall;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The allowed-address-pairs mode: the group's address is allowed on this node's port, every other
 * pair stays as it is, and other ports are never changed.
 */
class AllowedAddressPairsMoverTest {
  private final OpenStackHarness cloud = new OpenStackHarness();

  @AfterEach
  void close() {
    cloud.close();
  }

  @Test
  void observeTellsWhichPortAllowsTheAddress() throws Exception {
    try (IpMover mover = cloud.pairsMover()) {
      assertEquals(Holder.nobody(), mover.observe(RecordingCall.twoMinutes()));
      cloud.neutron.pairs(OTHER_PORT, VIP);
      assertEquals(Holder.other("port " + OTHER_PORT), mover.observe(RecordingCall.twoMinutes()));
      cloud.neutron.pairs(SELF_PORT, VIP + "/32");
      assertEquals(Holder.self(), mover.observe(RecordingCall.twoMinutes()), "seed 001: both ports allow it");
    }
    assertEquals(List.of(), cloud.neutron.writes());
  }

  @Test
  void theNetworksPortsAreReadPageByPage() throws Exception {
    for (int i = 0; i < 4; i++) {
      cloud.neutron.port("00000000-0000-4000-8000-00000000000" + i, OpenStackHarness.NETWORK,
          "00000000-0000-4000-8000-0000000000a" + i, "fa:16:3e:00:10:0" + i, "10.0.0." + (30 + i));
    }
    cloud.neutron.pairs(OTHER_PORT, VIP);
    cloud.neutron.pageSize(2);
    try (IpMover mover = cloud.pairsMover()) {
      assertEquals(Holder.other("port " + OTHER_PORT), mover.observe(RecordingCall.twoMinutes()));
    }
    assertEquals(3, cloud.neutron.requests().stream().filter(r -> r.startsWith("GET /v2.0/ports?network_id=")).count(),
        cloud.neutron.requests().toString());
  }

  @Test
  void aWiderCidrIsNotTheAddressesOwnPair() throws Exception {
    cloud.neutron.pairs(SELF_PORT, "10.0.0.0/24");
    try (IpMover mover = cloud.pairsMover()) {
      assertEquals(Holder.nobody(), mover.observe(RecordingCall.twoMinutes()));
      mover.claim(RecordingCall.twoMinutes(), Holder.nobody());
    }
    assertEquals(List.of("10.0.0.0/24", VIP), cloud.neutron.pairs(SELF_PORT));
  }

  @Test
  void aClaimAddsTheAddressAndKeepsEveryOtherPair() throws Exception {
    cloud.neutron.pairs(SELF_PORT, "10.0.0.50", "10.0.1.0/24");
    cloud.neutron.pairs(OTHER_PORT, VIP);
    try (IpMover mover = cloud.pairsMover()) {
      Holder before = mover.observe(RecordingCall.twoMinutes());
      mover.claim(RecordingCall.twoMinutes(), before);
      assertEquals(Holder.self(), mover.observe(RecordingCall.twoMinutes()));
      mover.claim(RecordingCall.twoMinutes(), Holder.self());
    }
    assertEquals(List.of("10.0.0.50 " + SELF_MAC, "10.0.1.0/24 " + SELF_MAC, VIP + " " + SELF_MAC),
        cloud.neutron.pairsWithMac(SELF_PORT));
    assertEquals(List.of(VIP + " " + OTHER_MAC), cloud.neutron.pairsWithMac(OTHER_PORT), "the other port is untouched");
    assertEquals(List.of("PUT /v2.0/ports/" + SELF_PORT + " If-Match: revision_number=2 {\"port\":{\"allowed_address_pairs\":"
        + "[{\"ip_address\":\"10.0.0.50\",\"mac_address\":\"" + SELF_MAC + "\"},{\"ip_address\":\"10.0.1.0/24\","
        + "\"mac_address\":\"" + SELF_MAC + "\"},{\"ip_address\":\"" + VIP + "\"}]}}"), cloud.neutron.writes(),
        "one write, the second claim found it done");
  }

  @Test
  void aPairAddedByAnotherClientInBetweenIsKept() throws Exception {
    try (IpMover mover = cloud.pairsMover()) {
      cloud.neutron.before("PUT", "/v2.0/ports/.*", () -> cloud.neutron.pairs(SELF_PORT, "10.0.0.60"));
      mover.claim(RecordingCall.twoMinutes(), Holder.nobody());
    }
    assertEquals(List.of("10.0.0.60", VIP), cloud.neutron.pairs(SELF_PORT));
    assertEquals(2, cloud.neutron.writes().size(), "a 412, then the list read again");
  }

  @Test
  void aReleaseRemovesOnlyTheAddressesOwnPair() throws Exception {
    cloud.neutron.pairs(SELF_PORT, "10.0.0.50", VIP, "10.0.0.0/24", VIP + "/32");
    cloud.neutron.pairs(OTHER_PORT, VIP);
    try (IpMover mover = cloud.pairsMover()) {
      mover.release(RecordingCall.twoMinutes());
      assertEquals(Holder.other("port " + OTHER_PORT), mover.observe(RecordingCall.twoMinutes()));
      mover.release(RecordingCall.twoMinutes());
    }
    assertEquals(List.of("10.0.0.50", "10.0.0.0/24"), cloud.neutron.pairs(SELF_PORT));
    assertEquals(List.of(VIP), cloud.neutron.pairs(OTHER_PORT));
    assertEquals(1, cloud.neutron.writes().size(), "nothing to release the second time");
  }

  @Test
  void anIpv6AddressIsAllowedToo() throws Exception {
    try (IpMover mover = cloud.mover(cloud.settings("allowed-address-pairs"), "2001:db8::200/64")) {
      mover.claim(RecordingCall.twoMinutes(), Holder.nobody());
      assertEquals(Holder.self(), mover.observe(RecordingCall.twoMinutes()));
    }
    assertEquals(List.of("2001:db8::200"), cloud.neutron.pairs(SELF_PORT));
  }

  @Test
  void threeConcurrentChangesInARowAreRetryable() throws Exception {
    try (IpMover mover = cloud.pairsMover()) {
      for (int i = 0; i < 3; i++) {
        String pair = "10.0.0." + (70 + i);
        cloud.neutron.before("PUT", "/v2.0/ports/.*", () -> cloud.neutron.pairs(SELF_PORT, pair));
      }
      IpMoverException e = assertThrows(IpMoverException.class,
          () -> mover.claim(RecordingCall.twoMinutes(), Holder.nobody()));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
      assertTrue(e.getMessage().startsWith("allow " + VIP + " on port " + SELF_PORT + ": changed by another client"),
          e.getMessage());
    }
  }

  @Test
  void aPairNeutronRefusesIsPermanent() throws Exception {
    cloud.neutron.fail("PUT", "/v2.0/ports/.*", 400, "AddressPairMatchesPortFixedIPAndMac",
        "Port's Fixed IP and Mac Address match an address pair entry.");
    try (IpMover mover = cloud.pairsMover()) {
      IpMoverException e = assertThrows(IpMoverException.class,
          () -> mover.claim(RecordingCall.twoMinutes(), Holder.nobody()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().contains("HTTP 400 AddressPairMatchesPortFixedIPAndMac"), e.getMessage());
    }
  }
}
