package io.github.failover4j.provider.openstack;

import static io.github.failover4j.provider.openstack.OpenStackHarness.FIP;
import static io.github.failover4j.provider.support.testing.Cancellations.cancelWhenBlocked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.testkit.TestMoverCall;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The driver cancels an operation from another thread: a mover blocked in a request returns
 * CANCELLED at once, though Neutron never answers and the request timeout is far away.
 */
class CancellationTest {
  private final OpenStackHarness cloud = new OpenStackHarness();

  @AfterEach
  void close() {
    cloud.close();
  }

  @Test
  void aHangingWriteIsAborted() throws Exception {
    Map<String, String> settings = cloud.settings("floating-ip");
    settings.put("requestTimeout", "10m");
    CountDownLatch arrived = cloud.neutron.hang("PUT", "/v2.0/floatingips/.*");
    try (IpMover mover = cloud.mover(settings, OpenStackHarness.FIP_ADDRESS + "/32")) {
      Holder before = mover.observe(TestMoverCall.within(Duration.ofMinutes(2)));
      IpMoverException e = cancelWhenBlocked(arrived, call -> mover.claim(call, before));
      assertEquals(IpMoverException.Kind.CANCELLED, e.kind());
      assertEquals("associate floating IP " + FIP + " with port " + OpenStackHarness.SELF_PORT + " at revision 1: cancelled",
          e.getMessage());
    }
  }

  @Test
  void aHangingReadWhileWaitingForActiveIsAborted() throws Exception {
    cloud.neutron.activeAfterReads(2);
    CountDownLatch arrived = cloud.neutron.hang("GET", "/v2.0/floatingips/.*");
    try (IpMover mover = cloud.floatingIpMover()) {
      Holder before = mover.observe(TestMoverCall.within(Duration.ofMinutes(2)));
      IpMoverException e = cancelWhenBlocked(arrived, call -> mover.claim(call, before));
      assertEquals(IpMoverException.Kind.CANCELLED, e.kind());
    }
  }

  @Test
  void aCancelledCallSendsNothing() throws Exception {
    try (IpMover mover = cloud.floatingIpMover()) {
      TestMoverCall call = TestMoverCall.within(Duration.ofMinutes(2));
      call.cancel();
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(call));
      assertEquals(IpMoverException.Kind.CANCELLED, e.kind());
    }
    assertEquals(0, cloud.keystone.issued());
    assertEquals(0, cloud.neutron.requests().size());
  }
}
