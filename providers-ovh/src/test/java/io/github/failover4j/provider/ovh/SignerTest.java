package io.github.failover4j.provider.ovh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.spi.IpMover;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code $1$} signature, over exactly the URL and body sent, with OVH's time. */
class SignerTest {
  @Test
  void signsSecretConsumerMethodUrlBodyAndTimestampJoinedByPlus() {
    // sha1("AS+CK+GET+https://eu.api.ovh.com/1.0/ip/203.0.113.7%2F32++1732200000"), computed apart
    assertEquals("$1$cade98de00a4df09e976f62a38b1aad6a0010518",
        Signer.signature("AS", "CK", "GET", "https://eu.api.ovh.com/1.0/ip/203.0.113.7%2F32", "", 1732200000L));
    assertEquals("$1$6e88ad278070d94edaa817213f9a678b0804b690",
        Signer.signature("AS", "CK", "POST", "https://eu.api.ovh.com/1.0/ip/203.0.113.7%2F32/move",
            "{\"to\":\"ns1234567.ip-203-0-113.eu\"}", 1732200000L));
  }

  @Test
  void theFakeAcceptsEverySignedRequestOfAMoveAndReadsTheTimeOnce() throws Exception {
    try (OvhHarness h = new OvhHarness().signed(); IpMover mover = h.mover(h.moveSettings())) {
      mover.claim(OvhHarness.call(), mover.observe(OvhHarness.call()));
      assertEquals(FakeOvh.SELF_SERVICE, h.fake.routedTo().orElseThrow());
      assertEquals(1, h.fake.count("GET /1.0/auth/time"), h.fake.requests().toString());
      // the block's "/" went out encoded, which is what was signed and verified
      assertTrue(h.fake.requests().stream().anyMatch(r -> r.startsWith("POST /1.0/ip/203.0.113.7%2F32/move "
          + "{\"to\":\"" + FakeOvh.SELF_SERVICE + "\"}")), h.fake.requests().toString());
      List<String> refused = h.fake.requests().stream().filter(r -> r.contains("INVALID")).toList();
      assertEquals(List.of(), refused);
    }
  }
}
