package io.github.failover4j.provider.ovh;

import static io.github.failover4j.provider.ovh.OvhHarness.call;
import static io.github.failover4j.provider.support.testing.Cancellations.cancelWhenBlocked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.LogCapture;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.testkit.TestMoverContext;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OVH's failures, classified as the driver needs them, with the query id OVH's support asks for. */
class ErrorsTest {
  private final OvhHarness h = new OvhHarness().signed();

  @BeforeEach
  void clearLog() {
    LogCapture.clear();
  }

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aMissingRightIsPermanentAndNamesTheCallAndTheQueryId() throws Exception {
    h.fake.deny("POST", "/1\\.0/ip/[^/]+/move");
    try (IpMover mover = h.mover(h.moveSettings())) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.claim(call(), Holder.nobody()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().matches("move IP 203\\.0\\.113\\.7/32 to service ns1234567\\.ip-203-0-113\\.eu: "
          + "HTTP 403 Client::Forbidden: User not granted for this request \\(query id EU\\.ext-3\\.6a1b2c3d\\.\\d+\\.fake\\) "
          + "\\(the credentials lack a right; this call needs POST /ip/\\*/move\\)"), e.getMessage());
    }
    assertTrue(LogCapture.lines().stream().anyMatch(l -> l.startsWith("INFO io.github.failover4j.provider.ovh.OvhApi: "
        + "OVH API POST /1.0/ip/203.0.113.7%2F32/move answered 403 Client::Forbidden, query id EU.ext-3.6a1b2c3d.")),
        LogCapture.lines().toString());
  }

  @Test
  void anUnknownIpIsPermanent() throws Exception {
    Map<String, String> settings = h.moveSettings();
    settings.put("ip", "198.51.100.0/30");
    try (IpMover mover = h.provider().create(TestMoverContext.of(MoverConfig.of(settings), "198.51.100.1/30"))) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> mover.observe(call()));
      assertEquals(IpMoverException.Kind.PERMANENT, e.kind());
      assertTrue(e.getMessage().startsWith("read IP 198.51.100.0/30: HTTP 404 Client::NotFound: The requested object "
          + "(ip = 198.51.100.0/30) does not exist"), e.getMessage());
    }
    assertEquals(1, h.fake.count("GET /1.0/ip/198.51.100.0%2F30"));
  }

  @Test
  void anOperationInProgressIsRetryable() throws Exception {
    try (IpMover mover = h.mover(h.cloudSettings())) {
      h.fake.failNext(409, "{\"class\":\"Client::Conflict\",\"message\":\"An operation is already in progress\"}");
      assertKind(IpMoverException.Kind.RETRYABLE, () -> mover.observe(call()));
      // the same words under another status
      h.fake.failNext(403, "{\"class\":\"Client::Forbidden\",\"message\":\"An operation is already in progress on "
          + "this IP\"}");
      assertKind(IpMoverException.Kind.RETRYABLE, () -> mover.observe(call()));
    }
  }

  @Test
  void aRateLimitIsRetryableAfterTheWaitOvhAsksFor() throws Exception {
    try (IpMover mover = h.mover(h.moveSettings())) {
      h.fake.failNext(429, "{\"class\":\"Client::TooManyRequests\",\"message\":\"Too many requests\"}",
          "Retry-After", "7");
      IpMoverException e = assertKind(IpMoverException.Kind.RETRYABLE, () -> mover.observe(call()));
      assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
      String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(h.clock.instant().plusSeconds(90).atOffset(ZoneOffset.UTC));
      h.fake.failNext(429, "{\"class\":\"Client::TooManyRequests\",\"message\":\"Too many requests\"}",
          "Retry-After", date);
      e = assertKind(IpMoverException.Kind.RETRYABLE, () -> mover.observe(call()));
      assertTrue(e.retryAfter().orElseThrow().toSeconds() >= 89, e.retryAfter().toString());
    }
  }

  @Test
  void serverErrorsAreRetryable() throws Exception {
    try (IpMover mover = h.mover(h.cloudSettings())) {
      for (int status : new int[] {500, 502, 503, 504}) {
        h.fake.failNext(status, "{\"message\":\"Service is temporarily unavailable\"}");
        IpMoverException e = assertKind(IpMoverException.Kind.RETRYABLE, () -> mover.observe(call()));
        assertTrue(e.getMessage().contains("HTTP " + status + " error: Service is temporarily unavailable"),
            e.getMessage());
      }
    }
  }

  @Test
  void anUnknownConsumerKeyIsPermanentAndNotRetried() throws Exception {
    h.environment.set("OVH_CONSUMER_KEY", "fakeCkThatOvhNeverIssued0000000");
    try (IpMover mover = h.mover(h.moveSettings())) {
      IpMoverException e = assertKind(IpMoverException.Kind.PERMANENT, () -> mover.observe(call()));
      assertTrue(e.getMessage().contains("HTTP 403 INVALID_CREDENTIAL: This credential is not valid"), e.getMessage());
    }
    assertEquals(1, h.fake.count("GET /1.0/ip/"), h.fake.requests().toString());
  }

  @Test
  void aRequestWithoutAnswerWithinTheRequestTimeoutIsRetryable() throws Exception {
    Map<String, String> settings = h.moveSettings();
    settings.put("requestTimeout", "300ms");
    try (IpMover mover = h.mover(settings)) {
      mover.observe(call()); // reads /auth/time first, answered at once
      h.fake.hangNext();
      IpMoverException e = assertKind(IpMoverException.Kind.RETRYABLE, () -> mover.observe(call()));
      assertTrue(e.getMessage().endsWith("no answer within 300 ms"), e.getMessage());
    }
  }

  @Test
  void aCancelledCallStopsAHangingRequestAtOnce() throws Exception {
    try (IpMover mover = h.mover(h.moveSettings())) {
      mover.observe(call());
      IpMoverException e = cancelWhenBlocked(h.fake.hangNext(), mover::observe);
      assertEquals(IpMoverException.Kind.CANCELLED, e.kind(), e.getMessage());
    }
  }

  private static IpMoverException assertKind(IpMoverException.Kind kind, Observation observation) {
    IpMoverException e = assertThrows(IpMoverException.class, observation::run);
    assertEquals(kind, e.kind(), e.getMessage());
    return e;
  }

  @FunctionalInterface
  private interface Observation {
    void run() throws Exception;
  }
}
