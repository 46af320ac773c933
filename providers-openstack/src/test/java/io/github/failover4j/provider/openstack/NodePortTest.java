package io.github.failover4j.provider.openstack;

import static io.github.failover4j.provider.openstack.OpenStackHarness.FIP;
import static io.github.failover4j.provider.openstack.OpenStackHarness.FIP_ADDRESS;
import static io.github.failover4j.provider.openstack.OpenStackHarness.INSTANCE;
import static io.github.failover4j.provider.openstack.OpenStackHarness.SELF_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.RecordingCall;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * This node's port: configured, or found through the metadata service's instance id and the
 * instance's ports, picked by MAC or fixed IP.
 */
class NodePortTest {
  /** A second port of this node's instance, on another network. */
  static final String SECOND_PORT = "e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b";

  private final OpenStackHarness cloud = new OpenStackHarness();

  @AfterEach
  void close() {
    cloud.close();
  }

  private Holder observe(Map<String, String> settings) throws IpMoverException {
    try (IpMover mover = cloud.mover(settings, FIP_ADDRESS + "/32")) {
      return mover.observe(RecordingCall.twoMinutes());
    }
  }

  private IpMoverException failure(Map<String, String> settings) {
    return assertThrows(IpMoverException.class, () -> observe(settings));
  }

  private void secondPort() {
    cloud.neutron.port(SECOND_PORT, "aa0b1c2d-3e4f-4a5b-9c6d-7e8f9a0b1c2d", INSTANCE, "fa:16:3e:00:00:02", "192.168.5.4");
  }

  @Test
  void theInterfacesMacPicksThePortOfTheInstance() throws Exception {
    secondPort();
    cloud.neutron.associate(FIP, SELF_PORT);
    assertEquals(Holder.self(), observe(cloud.settings("floating-ip")));
  }

  @Test
  void aConfiguredMacOrFixedIpPicksThePortInstead() throws Exception {
    secondPort();
    cloud.interfaceMac(Optional.of("fa:16:3e:00:00:02"));
    cloud.neutron.associate(FIP, SELF_PORT);
    Map<String, String> settings = cloud.settings("floating-ip");
    settings.put("macAddress", "FA:16:3E:3E:23:46");
    assertEquals(Holder.self(), observe(settings));
    settings.remove("macAddress");
    settings.put("fixedIp", "10.0.0.11");
    assertEquals(Holder.self(), observe(settings));
  }

  @Test
  void anInstanceWithOnePortNeedsNoMac() throws Exception {
    cloud.interfaceMac(Optional.empty());
    cloud.neutron.associate(FIP, SELF_PORT);
    assertEquals(Holder.self(), observe(cloud.settings("floating-ip")));
  }

  @Test
  void severalPortsAndNoWayToPickOneIsPermanent() {
    secondPort();
    cloud.interfaceMac(Optional.empty());
    IpMoverException e = failure(cloud.settings("floating-ip"));
    assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
    assertEquals("instance " + INSTANCE + " has 2 ports [port " + SELF_PORT + " (fa:16:3e:3e:23:46, 10.0.0.11), port "
        + SECOND_PORT + " (fa:16:3e:00:00:02, 192.168.5.4)] (set macAddress or fixedIp to pick this node's, or port)",
        e.getMessage());
  }

  @Test
  void aMacOfNoPortIsPermanent() {
    Map<String, String> settings = cloud.settings("floating-ip");
    settings.put("macAddress", "fa:16:3e:99:99:99");
    IpMoverException e = failure(settings);
    assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
    assertEquals("instance " + INSTANCE + " has no port with macAddress fa:16:3e:99:99:99 among [port " + SELF_PORT
        + " (fa:16:3e:3e:23:46, 10.0.0.11)] (set macAddress, fixedIp or port)", e.getMessage());
  }

  @Test
  void aConfiguredPortNeedsNoMetadataNorListing() throws Exception {
    cloud.metadata.status(404);
    Map<String, String> settings = cloud.settings("floating-ip");
    settings.put("port", SELF_PORT);
    cloud.neutron.associate(FIP, SELF_PORT);
    assertEquals(Holder.self(), observe(settings));
    assertTrue(cloud.neutron.requests().stream().noneMatch(r -> r.contains("/v2.0/ports")), cloud.neutron.requests().toString());
  }

  @Test
  void thePortIsFoundOnceAndKept() throws Exception {
    try (IpMover mover = cloud.floatingIpMover()) {
      mover.observe(RecordingCall.twoMinutes());
      cloud.metadata.status(503);
      mover.observe(RecordingCall.twoMinutes());
    }
    assertEquals(1, cloud.neutron.requests().stream().filter(r -> r.startsWith("GET /v2.0/ports?")).count());
  }

  @Test
  void noMetadataServiceIsPermanentAndAFailingOneRetryable() {
    cloud.metadata.status(404);
    IpMoverException e = failure(cloud.settings("floating-ip"));
    assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
    assertTrue(e.getMessage().contains("(on a host that is not an OpenStack instance, set port to this node's port id): "
        + "HTTP 404 without a uuid (expected: the instance's id)"), e.getMessage());
    cloud.metadata.status(503);
    assertEquals(IpMoverException.Kind.RETRYABLE, failure(cloud.settings("floating-ip")).kind());
    cloud.metadata.status(200);
    cloud.metadata.uuid("i-0042");
    assertEquals(IpMoverException.Kind.PERMANENT, failure(cloud.settings("floating-ip")).kind());
  }

  @Test
  void anInstanceWithoutPortIsPermanent() {
    cloud.metadata.uuid("0f0e0d0c-0b0a-4909-8807-060504030201");
    IpMoverException e = failure(cloud.settings("floating-ip"));
    assertEquals("instance 0f0e0d0c-0b0a-4909-8807-060504030201 has no port (set port to this node's port id)",
        e.getMessage());
    assertEquals(List.of(), cloud.neutron.writes());
  }
}
