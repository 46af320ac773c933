package io.github.failover4j.provider.ovh;

import static io.github.failover4j.provider.ovh.OvhHarness.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OVH's time: read from /auth/time before the first signed request, and once more after OVH
 * refused a signature, never in a loop.
 */
class ClockSkewTest {
  private final OvhHarness h = new OvhHarness().signed();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aHostClockMinutesOffIsCorrectedBeforeTheFirstSignedRequest() throws Exception {
    // seed 000's failure mode elsewhere: a clock 8 minutes off broke OVH authentication
    h.clock.step(Duration.ofMinutes(-8));
    try (IpMover mover = h.mover(h.moveSettings())) {
      assertEquals(Holder.nobody(), mover.observe(call()));
      mover.claim(call(), Holder.nobody());
    }
    assertEquals(1, h.fake.count("GET /1.0/auth/time"));
    assertTrue(h.fake.requests().stream().noneMatch(r -> r.contains("INVALID")), h.fake.requests().toString());
  }

  @Test
  void aClockThatJumpedSinceTheLastSyncIsResynchronisedOnceAndTheRequestSucceeds() throws Exception {
    try (IpMover mover = h.mover(h.moveSettings())) {
      assertEquals(Holder.nobody(), mover.observe(call()));
      // the host's clock jumps 10 minutes back (or OVH's forward): the kept offset is wrong now
      h.fake.skew(600);
      h.fake.routeTo(FakeOvh.SELF_SERVICE);
      assertEquals(Holder.self(), mover.observe(call()));
      assertEquals(Holder.self(), mover.observe(call()));
    }
    assertEquals(2, h.fake.count("GET /1.0/auth/time"), h.fake.requests().toString());
    // the first read after the jump was refused (QUERY_TIME_OUT), then signed again with OVH's time
    assertEquals(List.of("GET /1.0/auth/time", "GET /1.0/ip/203.0.113.7%2F32", "GET /1.0/ip/203.0.113.7%2F32",
        "GET /1.0/auth/time", "GET /1.0/ip/203.0.113.7%2F32", "GET /1.0/ip/203.0.113.7%2F32"), h.fake.requests());
  }

  @Test
  void aWrongApplicationSecretIsPermanentAfterOneResynchronisation() throws Exception {
    h.environment.set("OVH_APPLICATION_SECRET", "fakeAsThatOvhNeverIssued00000000");
    try (IpMover mover = h.mover(h.moveSettings())) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(call()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().contains("HTTP 400 INVALID_SIGNATURE: Invalid signature"), e.getMessage());
      assertTrue(e.getMessage().endsWith("check the application secret and consumer key)"), e.getMessage());
    }
    assertEquals(List.of("GET /1.0/auth/time", "GET /1.0/ip/203.0.113.7%2F32", "GET /1.0/auth/time",
        "GET /1.0/ip/203.0.113.7%2F32"), h.fake.requests());
  }
}
