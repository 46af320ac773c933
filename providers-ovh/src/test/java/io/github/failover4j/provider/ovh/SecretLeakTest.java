package io.github.failover4j.provider.ovh;

import static io.github.failover4j.provider.ovh.OvhHarness.call;
import static io.github.failover4j.provider.support.testing.SecretLeaks.assertNowhere;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.LogCapture;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No secret — application secret, consumer key, client secret, token — in an exception, a log line
 * (down to debug) or a {@code toString()}, even when OVH's answer quotes one.
 */
class SecretLeakTest {
  @BeforeEach
  void clearLog() {
    LogCapture.clear();
  }

  @Test
  void anErrorBodyQuotingTheSecretsIsRedacted() throws Exception {
    IpMoverException e;
    try (OvhHarness h = new OvhHarness().signed(); IpMover mover = h.mover(h.moveSettings())) {
      mover.observe(call());
      h.fake.failNext(400, "{\"class\":\"Client::BadRequest\",\"message\":\"Bad request signed by "
          + FakeOvh.APPLICATION_SECRET + " for " + FakeOvh.CONSUMER_KEY + "\"}");
      e = assertThrows(IpMoverException.class, () -> mover.claim(call(), Holder.nobody()));
      assertEquals("read IP 203.0.113.7/32: HTTP 400 Client::BadRequest: Bad request signed by **** for **** "
          + "(query id EU.ext-3.6a1b2c3d.3.fake)", e.getMessage());
    }
    for (String secret : List.of(FakeOvh.APPLICATION_SECRET, FakeOvh.CONSUMER_KEY)) {
      assertNowhere(secret, List.of(e.toString()));
    }
  }

  @Test
  void aTaskCommentQuotingASecretIsRedacted() throws Exception {
    try (OvhHarness h = new OvhHarness().signed(); IpMover mover = h.mover(h.moveSettings())) {
      h.fake.failNextTask("customerError", "consumer " + FakeOvh.CONSUMER_KEY + " may not move it there");
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.claim(call(), Holder.nobody()));
      assertTrue(e.getMessage().endsWith("ended: consumer **** may not move it there"), e.getMessage());
    }
  }

  @Test
  void signedRequestsLogNoSecretAtAnyLevel() throws Exception {
    List<String> shown = new ArrayList<>();
    try (OvhHarness h = new OvhHarness().signed()) {
      OvhMoverProvider provider = h.provider();
      try (IpMover cloud = h.mover(h.cloudSettings()); IpMover move = h.mover(h.moveSettings())) {
        shown.add(provider + " " + cloud + " " + move);
        cloud.claim(call(), cloud.observe(call()));
        move.claim(call(), move.observe(call()));
        h.fake.skew(900); // a refused signature, and a second one
        shown.add(move.observe(call()).toString());
        h.fake.failNext(403, "{\"class\":\"Client::Forbidden\",\"message\":\"User not granted for this request\"}");
        shown.add(assertThrows(IpMoverException.class, () -> cloud.observe(call())).toString());
      }
    }
    List<String> lines = LogCapture.lines();
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("DEBUG") && l.contains("query id EU.ext-3.")), lines::toString);
    assertTrue(lines.stream().anyMatch(l -> l.contains("answered 403 Client::Forbidden, query id")), lines::toString);
    assertTrue(lines.stream().anyMatch(l -> l.contains("OVH refused a request's signature (query id")), lines::toString);
    assertNowhere(FakeOvh.APPLICATION_SECRET, shown);
    assertNowhere(FakeOvh.CONSUMER_KEY, shown);
  }

  @Test
  void oauth2LogsNeitherTheClientSecretNorATokenAtAnyLevel() throws Exception {
    List<String> shown = new ArrayList<>();
    Set<String> tokens;
    try (OvhHarness h = new OvhHarness().oauth2()) {
      try (IpMover mover = h.mover(h.moveSettings())) {
        shown.add(mover.toString());
        mover.claim(call(), mover.observe(call()));
        h.fake.revokeTokens();
        shown.add(mover.observe(call()).toString());
        tokens = h.fake.tokens();
        String token = tokens.iterator().next();
        h.fake.failNext(400, "{\"class\":\"Client::BadRequest\",\"message\":\"Bearer " + token + " refused\"}");
        IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(call()));
        assertTrue(e.getMessage().contains("Bearer **** refused"), e.getMessage());
        shown.add(e.toString());
      }
    }
    tokens.forEach(token -> assertNowhere(token, shown));
    assertNowhere(FakeOvh.CLIENT_SECRET, shown);
  }
}
