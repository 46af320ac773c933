package io.github.failover4j.provider.ovh;

import static io.github.failover4j.provider.ovh.OvhHarness.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OAuth2 client credentials (an OVH service account) instead of signed requests. */
class OAuth2Test {
  private static final String TOKEN = "POST /auth/oauth2/token";

  private final OvhHarness h = new OvhHarness().oauth2();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aTokenIsAskedForOnceAndUsedForEveryRequestWithoutSigning() throws Exception {
    try (IpMover mover = h.mover(h.cloudSettings())) {
      mover.claim(call(), mover.observe(call()));
      assertEquals(Holder.self(), mover.observe(call()));
    }
    assertEquals(1, h.fake.count(TOKEN));
    assertEquals(0, h.fake.count("GET /1.0/auth/time"), "no clock needed without signatures");
  }

  @Test
  void aTokenIsRenewedShortlyBeforeItExpires() throws Exception {
    try (IpMover mover = h.mover(h.moveSettings())) {
      mover.observe(call());
      h.clock.advance(Duration.ofSeconds(3599 - 30));
      mover.observe(call());
    }
    assertEquals(2, h.fake.count(TOKEN));
    assertTrue(h.fake.requests().stream().noneMatch(r -> r.contains("401")));
  }

  @Test
  void aRevokedTokenIsReplacedOnceAndTheRequestSucceeds() throws Exception {
    try (IpMover mover = h.mover(h.moveSettings())) {
      mover.observe(call());
      h.fake.revokeTokens();
      h.fake.routeTo(FakeOvh.SELF_SERVICE);
      assertEquals(Holder.self(), mover.observe(call()));
    }
    assertEquals(2, h.fake.count(TOKEN));
    assertEquals(3, h.fake.count("GET /1.0/ip/203.0.113.7%2F32"), h.fake.requests().toString());
  }

  @Test
  void aWrongClientSecretIsPermanentAndNeverShown() throws Exception {
    String wrong = "fakeClientSecretNeverIssued00000";
    h.environment.set("OVH_CLIENT_SECRET", wrong);
    try (IpMover mover = h.mover(h.moveSettings())) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(call()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().contains("HTTP 401 invalid_client: Invalid client credentials"), e.getMessage());
      assertFalse(e.getMessage().contains(wrong));
    }
    assertEquals(1, h.fake.count(TOKEN));
    assertEquals(0, h.fake.count("GET /1.0/ip"));
  }
}
