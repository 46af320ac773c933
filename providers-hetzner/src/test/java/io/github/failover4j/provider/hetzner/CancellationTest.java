package io.github.failover4j.provider.hetzner;

import static io.github.failover4j.provider.support.testing.Cancellations.cancelWhenBlocked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.testkit.TestMoverCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The driver cancels an operation from another thread (deadline, changed wish, close): a mover
 * blocked in an HTTP call returns CANCELLED at once, although the API never answers and the
 * request timeout is far away.
 */
class CancellationTest {
  private final CloudHarness cloud = new CloudHarness();
  private final RobotHarness robot = new RobotHarness();

  @AfterEach
  void close() {
    cloud.close();
    robot.close();
  }

  @Test
  void aHangingAssignIsAborted() throws Exception {
    cloud.cloud.server(11).server(12).floatingIp(4711, "203.0.113.7", 12L);
    CountDownLatch arrived = cloud.cloud.hang("POST", "/v1/floating_ips/4711/actions/assign");
    Map<String, String> settings = cloud.settings("floating-ip");
    settings.put("floatingIp", "4711");
    settings.put("requestTimeout", "10m");
    try (IpMover mover = cloud.mover(settings, "203.0.113.7/32")) {
      IpMoverException e = cancelWhenBlocked(arrived, call -> mover.claim(call, Holder.other("server 12")));
      assertEquals(IpMoverException.Kind.CANCELLED, e.kind());
      assertEquals("assign floating IP 4711 to server 11: cancelled", e.getMessage());
    }
  }

  @Test
  void aHangingActionPollIsAborted() throws Exception {
    cloud.cloud.server(11, 7578, "10.0.1.2").server(12, 7578, "10.0.1.3", "10.0.1.1");
    cloud.cloud.runningPolls(2);
    CountDownLatch arrived = cloud.cloud.hang("GET", "/v1/actions/\\d+");
    Map<String, String> settings = cloud.settings("alias-ip");
    settings.put("network", "7578");
    settings.put("requestTimeout", "10m");
    try (IpMover mover = cloud.mover(settings, "10.0.1.1/32")) {
      IpMoverException e = cancelWhenBlocked(arrived, call -> mover.claim(call, Holder.other("server 12")));
      assertEquals(IpMoverException.Kind.CANCELLED, e.kind());
    }
  }

  @Test
  void aHangingRobotSwitchIsAborted() throws Exception {
    robot.robot.failover("203.0.113.50", RobotHarness.PEER, RobotHarness.PEER);
    CountDownLatch arrived = robot.robot.hangNext();
    try (IpMover mover = robot.mover(robot.settings(), "203.0.113.50/32")) {
      IpMoverException e = cancelWhenBlocked(arrived, call -> mover.claim(call, Holder.nobody()));
      assertEquals(IpMoverException.Kind.CANCELLED, e.kind());
    }
  }

  @Test
  void aCancelledOperationSendsNothing() throws Exception {
    cloud.cloud.server(11).floatingIp(4711, "203.0.113.7", null);
    Map<String, String> settings = cloud.settings("floating-ip");
    settings.put("floatingIp", "4711");
    settings.put("server", "11");
    try (IpMover mover = cloud.mover(settings, "203.0.113.7/32")) {
      TestMoverCall call = TestMoverCall.within(Duration.ofMinutes(2));
      call.cancel();
      assertEquals(IpMoverException.Kind.CANCELLED,
          assertThrows(IpMoverException.class, () -> mover.claim(call, Holder.nobody())).kind());
    }
    assertEquals(List.of(), cloud.requests());
  }

  @Test
  void aCancelledWaitForAnActionStopsPolling() throws Exception {
    cloud.cloud.server(11).server(12).floatingIp(4711, "203.0.113.7", 12L);
    cloud.cloud.runningPolls(100);
    Map<String, String> settings = cloud.settings("floating-ip");
    settings.put("floatingIp", "4711");
    try (IpMover mover = cloud.mover(settings, "203.0.113.7/32")) {
      // a deadline shorter than the poll interval: the first pause would pass it
      IpMoverException e = assertThrows(IpMoverException.class,
          () -> mover.claim(TestMoverCall.within(Duration.ofMillis(900)), Holder.other("server 12")));
      assertEquals(IpMoverException.Kind.CANCELLED, e.kind());
    }
    assertEquals(0, cloud.requests().stream().filter(r -> r.startsWith("GET /v1/actions/")).count());
  }
}
