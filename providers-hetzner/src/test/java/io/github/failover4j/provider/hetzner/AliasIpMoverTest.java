package io.github.failover4j.provider.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.RecordingCall;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Seed 004's setup: two nginx servers in network 7578 sharing 10.0.1.1 as an alias IP. */
class AliasIpMoverTest {
  private static final long NETWORK = 7578;
  private final CloudHarness h = new CloudHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private IpMover mover() {
    Map<String, String> settings = h.settings("alias-ip");
    settings.put("network", Long.toString(NETWORK));
    return h.mover(settings, "10.0.1.1/32");
  }

  @Test
  void observesThisServerTheOtherOrNobody() throws Exception {
    h.cloud.server(11, NETWORK, "10.0.1.2", "10.0.1.1").server(12, NETWORK, "10.0.1.3");
    try (IpMover mover = mover()) {
      assertEquals(Holder.self(), mover.observe(RecordingCall.twoMinutes()));
    }
    assertEquals(List.of("GET /v1/servers/11"), h.requests(), "self is one read");
  }

  @Test
  void findsTheOtherHolderAcrossPages() throws Exception {
    h.cloud.server(11, NETWORK, "10.0.1.2").server(12, NETWORK, "10.0.1.3", "10.0.1.9")
        .server(13, 9999, "10.9.0.2", "10.0.1.1").server(14, NETWORK, "10.0.1.4", "10.0.1.1");
    h.cloud.pageSize(2);
    try (IpMover mover = mover()) {
      // server 13 has the same address in another network: not a holder
      assertEquals(Holder.other("server 14"), mover.observe(RecordingCall.twoMinutes()));
    }
    assertTrue(h.requests().contains("GET /v1/servers?page=2&per_page=50"), h.requests().toString());
  }

  @Test
  void nobodyHoldsIt() throws Exception {
    h.cloud.server(11, NETWORK, "10.0.1.2", "10.0.1.8").server(12, NETWORK, "10.0.1.3");
    try (IpMover mover = mover()) {
      assertEquals(Holder.nobody(), mover.observe(RecordingCall.twoMinutes()));
    }
  }

  @Test
  void aServerOutsideTheNetworkIsPermanent() throws Exception {
    h.cloud.server(11, 1234, "10.5.0.2");
    try (IpMover mover = mover()) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertEquals("server 11 is not attached to network 7578 (attach it, or check network)", e.getMessage());
    }
  }

  @Test
  void claimTakesItFromTheOtherHolderFirstAndKeepsEveryOtherAlias() throws Exception {
    h.cloud.server(11, NETWORK, "10.0.1.2", "10.0.1.5")
        .server(12, NETWORK, "10.0.1.3", "10.0.1.9", "10.0.1.1", "10.0.1.10")
        .server(12, 4242, "10.42.0.3", "10.42.0.9");
    h.cloud.runningPolls(2);
    try (IpMover mover = mover()) {
      RecordingCall call = RecordingCall.twoMinutes();
      Holder current = mover.observe(call);
      assertEquals(Holder.other("server 12"), current);
      mover.claim(call, current);
      assertEquals(Holder.self(), mover.observe(call));
      assertEquals(4, call.pauses().size(), "two actions, each followed to its end");
    }
    assertEquals(List.of(
        "POST /v1/servers/12/actions/change_alias_ips {\"network\":7578,\"alias_ips\":[\"10.0.1.9\",\"10.0.1.10\"]}",
        "POST /v1/servers/11/actions/change_alias_ips {\"network\":7578,\"alias_ips\":[\"10.0.1.5\",\"10.0.1.1\"]}"),
        h.cloud.writes());
    assertEquals(List.of("10.0.1.9", "10.0.1.10"), h.cloud.aliases(12, NETWORK));
    assertEquals(List.of("10.42.0.9"), h.cloud.aliases(12, 4242), "another network's aliases are not touched");
    assertEquals(List.of("10.0.1.5", "10.0.1.1"), h.cloud.aliases(11, NETWORK));
  }

  @Test
  void claimFromNobodyAddsItOnly() throws Exception {
    h.cloud.server(11, NETWORK, "10.0.1.2").server(12, NETWORK, "10.0.1.3", "10.0.1.9");
    try (IpMover mover = mover()) {
      mover.claim(RecordingCall.twoMinutes(), Holder.nobody());
    }
    assertEquals(List.of("POST /v1/servers/11/actions/change_alias_ips {\"network\":7578,\"alias_ips\":[\"10.0.1.1\"]}"),
        h.cloud.writes());
  }

  @Test
  void claimReadsTheOtherHolderAgainAndLeavesItAloneIfItLetGo() throws Exception {
    h.cloud.server(11, NETWORK, "10.0.1.2").server(12, NETWORK, "10.0.1.3", "10.0.1.9");
    try (IpMover mover = mover()) {
      mover.claim(RecordingCall.twoMinutes(), Holder.other("server 12"));
    }
    assertEquals(List.of("POST /v1/servers/11/actions/change_alias_ips {\"network\":7578,\"alias_ips\":[\"10.0.1.1\"]}"),
        h.cloud.writes());
    assertEquals(List.of("10.0.1.9"), h.cloud.aliases(12, NETWORK));
  }

  @Test
  void claimFindsTheHolderItselfWhenTheNameIsNotOneOfOurs() throws Exception {
    h.cloud.server(11, NETWORK, "10.0.1.2").server(12, NETWORK, "10.0.1.3", "10.0.1.1");
    try (IpMover mover = mover()) {
      mover.claim(RecordingCall.twoMinutes(), Holder.other("nginx1"));
    }
    assertEquals(List.of(), h.cloud.aliases(12, NETWORK));
    assertEquals(List.of("10.0.1.1"), h.cloud.aliases(11, NETWORK));
  }

  @Test
  void releaseRemovesOnlyTheAddress() throws Exception {
    h.cloud.server(11, NETWORK, "10.0.1.2", "10.0.1.5", "10.0.1.1", "10.0.1.6");
    try (IpMover mover = mover()) {
      mover.release(RecordingCall.twoMinutes());
      assertEquals(Holder.nobody(), mover.observe(RecordingCall.twoMinutes()));
    }
    assertEquals(List.of(
        "POST /v1/servers/11/actions/change_alias_ips {\"network\":7578,\"alias_ips\":[\"10.0.1.5\",\"10.0.1.6\"]}"),
        h.cloud.writes());
  }

  @Test
  void aLockedServerIsRetryable() throws Exception {
    h.cloud.server(11, NETWORK, "10.0.1.2").server(12, NETWORK, "10.0.1.3", "10.0.1.1");
    h.cloud.fail("POST", "/v1/servers/12/actions/change_alias_ips", 423, "locked",
        "The item you are trying to access is locked (there is already an Action running)");
    try (IpMover mover = mover()) {
      IpMoverException e = assertThrows(IpMoverException.class,
          () -> mover.claim(RecordingCall.twoMinutes(), Holder.other("server 12")));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
      assertTrue(e.getMessage().startsWith("change alias IPs of server 12 in network 7578 to []: HTTP 423 locked"),
          e.getMessage());
      // the next attempt goes through
      mover.claim(RecordingCall.twoMinutes(), mover.observe(RecordingCall.twoMinutes()));
      assertEquals(Holder.self(), mover.observe(RecordingCall.twoMinutes()));
    }
  }

  @Test
  void aFailedRemovalStopsTheClaimBeforeItAdds() throws Exception {
    h.cloud.server(11, NETWORK, "10.0.1.2").server(12, NETWORK, "10.0.1.3", "10.0.1.1");
    h.cloud.failNextAction("action_failed", "Action failed");
    try (IpMover mover = mover()) {
      IpMoverException e = assertThrows(IpMoverException.class,
          () -> mover.claim(RecordingCall.twoMinutes(), Holder.other("server 12")));
      assertTrue(e.getMessage().contains("(change_alias_ips) failed: action_failed"), e.getMessage());
    }
    assertEquals(1, h.cloud.writes().size());
    assertEquals(List.of("10.0.1.1"), h.cloud.aliases(12, NETWORK));
  }
}
