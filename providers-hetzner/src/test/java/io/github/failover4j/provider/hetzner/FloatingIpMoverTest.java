package io.github.failover4j.provider.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.RecordingCall;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.testkit.TestMoverCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FloatingIpMoverTest {
  private final CloudHarness h = new CloudHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private IpMover mover(String address, String... extra) {
    Map<String, String> settings = h.settings("floating-ip");
    for (int i = 0; i < extra.length; i += 2) {
      settings.put(extra[i], extra[i + 1]);
    }
    return h.mover(settings, address);
  }

  @Test
  void observesWhichServerHoldsIt() throws Exception {
    h.cloud.server(11).server(12).floatingIp(4711, "203.0.113.7", null);
    try (IpMover mover = mover("203.0.113.7/32", "floatingIp", "4711")) {
      assertEquals(Holder.nobody(), mover.observe(RecordingCall.twoMinutes()));
      h.cloud.floatingIp(4711, "203.0.113.7", 12L);
      assertEquals(Holder.other("server 12"), mover.observe(RecordingCall.twoMinutes()));
      h.cloud.floatingIp(4711, "203.0.113.7", 11L);
      assertEquals(Holder.self(), mover.observe(RecordingCall.twoMinutes()));
    }
    assertTrue(h.cloud.writes().isEmpty(), "observe only reads");
  }

  @Test
  void claimAssignsToThisServerAndFollowsTheActionToItsEnd() throws Exception {
    h.cloud.server(11).server(12).floatingIp(4711, "203.0.113.7", 12L);
    h.cloud.runningPolls(3);
    try (IpMover mover = mover("203.0.113.7/32", "floatingIp", "4711", "pollInterval", "1.5s")) {
      RecordingCall call = RecordingCall.twoMinutes();
      mover.claim(call, mover.observe(call));
      assertEquals(Optional.of(11L), h.cloud.holder(4711));
      assertEquals(List.of(Duration.ofMillis(1500), Duration.ofMillis(1500), Duration.ofMillis(1500)), call.pauses());
      assertEquals(List.of("POST /v1/floating_ips/4711/actions/assign {\"server\":11}"), h.cloud.writes());
      assertEquals(Holder.self(), mover.observe(call));
    }
  }

  @Test
  void releaseUnassigns() throws Exception {
    h.cloud.server(11).floatingIp(4711, "203.0.113.7", 11L);
    try (IpMover mover = mover("203.0.113.7/32", "floatingIp", "4711")) {
      mover.release(RecordingCall.twoMinutes());
      assertEquals(Optional.empty(), h.cloud.holder(4711));
      assertEquals(List.of("POST /v1/floating_ips/4711/actions/unassign"), h.cloud.writes());
      assertEquals(Holder.nobody(), mover.observe(RecordingCall.twoMinutes()));
    }
  }

  @Test
  void releaseLeavesAnotherServersFloatingIp() throws Exception {
    h.cloud.server(11).server(12).floatingIp(4711, "203.0.113.7", 12L);
    try (IpMover mover = mover("203.0.113.7/32", "floatingIp", "4711")) {
      // the driver saw it here; another node claimed it since
      mover.release(RecordingCall.twoMinutes());
    }
    assertEquals(Optional.of(12L), h.cloud.holder(4711));
    assertEquals(List.of(), h.cloud.writes());
  }

  @Test
  void findsTheFloatingIpByAddressAcrossPages() throws Exception {
    h.cloud.server(11).server(12)
        .floatingIp(1, "198.51.100.1", null)
        .floatingIp(2, "198.51.100.2", 12L)
        .floatingIp(3, "203.0.113.7", 12L)
        .floatingIp(4, "198.51.100.4", null);
    h.cloud.pageSize(1);
    try (IpMover mover = mover("203.0.113.7/32")) {
      assertEquals(Holder.other("server 12"), mover.observe(RecordingCall.twoMinutes()));
      mover.claim(RecordingCall.twoMinutes(), Holder.other("server 12"));
      assertEquals(Optional.of(11L), h.cloud.holder(3));
    }
    List<String> lists = h.requests().stream().filter(r -> r.startsWith("GET /v1/floating_ips?")).toList();
    assertEquals(List.of("GET /v1/floating_ips?page=1&per_page=50", "GET /v1/floating_ips?page=2&per_page=50",
        "GET /v1/floating_ips?page=3&per_page=50", "GET /v1/floating_ips?page=4&per_page=50"), lists,
        "listed once, every page, then read by id");
  }

  @Test
  void findsAnIpv6FloatingIpByTheNetThatHoldsTheAddress() throws Exception {
    h.cloud.server(11).floatingIp(8, "2001:db8:1:2::/64", 11L).floatingIp(9, "2001:db8:1:3::/64", null);
    try (IpMover mover = mover("2001:db8:1:3::10/128")) {
      assertEquals(Holder.nobody(), mover.observe(RecordingCall.twoMinutes()));
    }
    assertTrue(h.requests().contains("GET /v1/floating_ips?page=1&per_page=50"));
  }

  @Test
  void aConfiguredIdOfAnotherAddressIsRefused() throws Exception {
    h.cloud.server(11).floatingIp(4711, "198.51.100.99", null);
    try (IpMover mover = mover("203.0.113.7/32", "floatingIp", "4711")) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().contains("floating IP 4711 is 198.51.100.99, not the group's address 203.0.113.7"),
          e.getMessage());
    }
  }

  @Test
  void anAddressNoFloatingIpHasIsReported() throws Exception {
    h.cloud.server(11).floatingIp(1, "198.51.100.1", null);
    try (IpMover mover = mover("203.0.113.7/32")) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().contains("no floating IP of the project is 203.0.113.7"), e.getMessage());
    }
  }

  @Test
  void alreadyAssignedToThisServerCountsAsDone() throws Exception {
    h.cloud.server(11).floatingIp(4711, "203.0.113.7", 11L);
    try (IpMover mover = mover("203.0.113.7/32", "floatingIp", "4711")) {
      // observe saw another holder just before the previous claim's action ended
      mover.claim(RecordingCall.twoMinutes(), Holder.other("server 12"));
      assertEquals(Optional.of(11L), h.cloud.holder(4711));
    }
  }

  @Test
  void alreadyAssignedToAnotherServerIsRetryable() throws Exception {
    h.cloud.server(11).server(12).floatingIp(4711, "203.0.113.7", 12L);
    h.cloud.fail("POST", "/v1/floating_ips/4711/actions/assign", 422, "floating_ip_assigned",
        "The Floating IP is already assigned");
    try (IpMover mover = mover("203.0.113.7/32", "floatingIp", "4711")) {
      IpMoverException e = assertThrows(IpMoverException.class,
          () -> mover.claim(RecordingCall.twoMinutes(), Holder.other("server 12")));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
      assertTrue(e.getMessage().contains("assigned already, to server 12"), e.getMessage());
    }
  }

  @Test
  void aFailedActionFailsTheClaimWithItsCode() throws Exception {
    h.cloud.server(11).server(12).floatingIp(4711, "203.0.113.7", 12L);
    h.cloud.runningPolls(2);
    h.cloud.failNextAction("action_failed", "Action failed");
    try (IpMover mover = mover("203.0.113.7/32", "floatingIp", "4711")) {
      IpMoverException e = assertThrows(IpMoverException.class,
          () -> mover.claim(RecordingCall.twoMinutes(), Holder.other("server 12")));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
      assertEquals("assign floating IP 4711 to server 11: action 1000 (assign_floating_ip) failed: action_failed: "
          + "Action failed", e.getMessage());
      assertEquals(Optional.of(12L), h.cloud.holder(4711));
    }
  }

  @Test
  void aClaimWhileAnActionRunsIsLockedAndRetryable() throws Exception {
    h.cloud.server(11).server(12).floatingIp(4711, "203.0.113.7", 12L);
    h.cloud.runningPolls(5);
    try (IpMover mover = mover("203.0.113.7/32", "floatingIp", "4711")) {
      // a claim whose deadline passes while its action runs
      IpMoverException cut = assertThrows(IpMoverException.class,
          () -> mover.claim(TestMoverCall.within(Duration.ofMillis(500)), Holder.other("server 12")));
      assertEquals(IpMoverException.Kind.CANCELLED, cut.kind());
      IpMoverException e = assertThrows(IpMoverException.class,
          () -> mover.claim(RecordingCall.twoMinutes(), Holder.other("server 12")));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
      assertTrue(e.getMessage().contains("HTTP 423 locked"), e.getMessage());
    }
  }

  @Test
  void thisServerIsAskedOfTheMetadataServiceOnceAndOnlyWhenNeeded() throws Exception {
    h.cloud.server(11).server(12).floatingIp(4711, "203.0.113.7", 12L);
    try (IpMover mover = mover("203.0.113.7/32", "floatingIp", "4711", "server", "auto")) {
      assertEquals(0, h.metadata.requests(), "creating a mover calls nothing");
      mover.claim(RecordingCall.twoMinutes(), mover.observe(RecordingCall.twoMinutes()));
      assertEquals(Holder.self(), mover.observe(RecordingCall.twoMinutes()));
      assertEquals(1, h.metadata.requests());
    }
  }

  @Test
  void aConfiguredServerIdNeedsNoMetadataService() throws Exception {
    h.cloud.server(12).server(13).floatingIp(4711, "203.0.113.7", 12L);
    try (IpMover mover = mover("203.0.113.7/32", "floatingIp", "4711", "server", "13")) {
      mover.claim(RecordingCall.twoMinutes(), Holder.other("server 12"));
      assertEquals(Optional.of(13L), h.cloud.holder(4711));
    }
    assertEquals(0, h.metadata.requests());
  }

  @Test
  void aMetadataServiceThatDoesNotGiveAnIdIsPermanent() throws Exception {
    h.metadata.answer(404, "not found");
    try (IpMover mover = mover("203.0.113.7/32", "floatingIp", "4711")) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().contains("set server to its id"), e.getMessage());
    }
    h.metadata.answer(503, "");
    try (IpMover mover = mover("203.0.113.7/32", "floatingIp", "4711")) {
      assertEquals(IpMoverException.Kind.RETRYABLE,
          assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes())).kind());
    }
  }

  @Test
  void theTokenFromATokenFileIsSent(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("hcloud.token");
    java.nio.file.Files.writeString(file, FakeCloud.TOKEN + "\n");
    java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    h.environment.remove("HCLOUD_TOKEN");
    h.cloud.server(11).floatingIp(4711, "203.0.113.7", 11L);
    try (IpMover mover = mover("203.0.113.7/32", "floatingIp", "4711", "tokenFile", file.toString())) {
      assertEquals(Holder.self(), mover.observe(RecordingCall.twoMinutes()));
    }
  }
}
