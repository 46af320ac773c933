package io.github.failover4j.provider.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.RecordingCall;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.IpMoverException.Kind;
import io.github.failover4j.testkit.TestMoverCall;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the Hetzner Cloud API's failures are classified for the driver. */
class CloudErrorsTest {
  private static final String FLOATING_IP = "/v1/floating_ips/4711";
  private final CloudHarness h = new CloudHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private IpMoverException observeFails(Map<String, String> extra) {
    h.cloud.server(11).floatingIp(4711, "203.0.113.7", null);
    Map<String, String> settings = h.settings("floating-ip");
    settings.put("floatingIp", "4711");
    settings.putAll(extra);
    try (IpMover mover = h.mover(settings, "203.0.113.7/32")) {
      return assertThrows(IpMoverException.class, () -> mover.observe(RecordingCall.twoMinutes()));
    }
  }

  private IpMoverException observeFails() {
    return observeFails(Map.of());
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "401, unauthorized, PERMANENT",
      "401, token_readonly, PERMANENT",
      "403, forbidden, PERMANENT",
      "403, maintenance, RETRYABLE",
      "404, not_found, PERMANENT",
      "409, conflict, RETRYABLE",
      "412, resource_unavailable, PERMANENT",
      "422, invalid_input, PERMANENT",
      "423, locked, RETRYABLE",
      "429, rate_limit_exceeded, RETRYABLE",
      "500, server_error, RETRYABLE",
      "502, bad_gateway, RETRYABLE",
      "503, unavailable, RETRYABLE",
      "504, timeout, RETRYABLE",
  })
  void classifiesEachError(int status, String code, Kind kind) {
    h.cloud.fail("GET", FLOATING_IP, status, code, "the API's words");
    IpMoverException e = observeFails();
    assertEquals(kind, e.kind());
    assertTrue(e.getMessage().startsWith("read floating IP 4711: HTTP " + status + " " + code + ": the API's words"
        + " (correlation id corr-" + status + "-" + code + ")"), e.getMessage());
  }

  @Test
  void aRateLimitWaitsUntilTheBudgetIsBack() {
    h.cloud.fail("GET", FLOATING_IP, 429, "rate_limit_exceeded", "limit reached", "RateLimit-Limit", "3600",
        "RateLimit-Remaining", "0", "RateLimit-Reset", Long.toString(CloudHarness.NOW.getEpochSecond() + 42));
    IpMoverException e = observeFails();
    assertEquals(Kind.RETRYABLE, e.kind());
    assertEquals(Optional.of(Duration.ofSeconds(42)), e.retryAfter());
  }

  @Test
  void retryAfterWinsOverTheReset() {
    h.cloud.fail("GET", FLOATING_IP, 429, "rate_limit_exceeded", "limit reached", "Retry-After", "7",
        "RateLimit-Reset", Long.toString(CloudHarness.NOW.getEpochSecond() + 42));
    assertEquals(Optional.of(Duration.ofSeconds(7)), observeFails().retryAfter());
  }

  @Test
  void retryAfterMayBeADate() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(CloudHarness.NOW.plusSeconds(90).atOffset(ZoneOffset.UTC));
    h.cloud.fail("GET", FLOATING_IP, 503, "unavailable", "down", "Retry-After", date);
    assertEquals(Optional.of(Duration.ofSeconds(90)), observeFails().retryAfter());
  }

  @Test
  void aRateLimitWithoutHeadersIsRetryableWithoutAWait() {
    h.cloud.fail("GET", FLOATING_IP, 429, "rate_limit_exceeded", "limit reached");
    IpMoverException e = observeFails();
    assertEquals(Kind.RETRYABLE, e.kind());
    assertEquals(Optional.empty(), e.retryAfter());
  }

  @Test
  void aLongProviderMessageIsShortened() {
    h.cloud.fail("GET", FLOATING_IP, 500, "server_error", "x".repeat(5000));
    String message = observeFails().getMessage();
    assertTrue(message.length() < 400, message);
    assertTrue(message.contains("x".repeat(200) + "…"), message);
  }

  @Test
  void aWrongTokenIsPermanentAndNamesTheNeed() {
    h.environment.put("HCLOUD_TOKEN", "not-the-token");
    IpMoverException e = observeFails();
    assertEquals(Kind.PERMANENT, e.kind());
    assertTrue(e.getMessage().endsWith("(the mover needs a read-write API token of the project)"), e.getMessage());
  }

  @Test
  void anUnreachableApiIsRetryable() throws IOException {
    MockWebServer gone = new MockWebServer();
    gone.start();
    String endpoint = gone.url("/v1").toString();
    gone.close();
    IpMoverException e = observeFails(Map.of("endpoint", endpoint, "server", "11"));
    assertEquals(Kind.RETRYABLE, e.kind());
    assertTrue(e.getMessage().startsWith("read floating IP 4711: ConnectException"), e.getMessage());
  }

  @Test
  void noAnswerWithinTheRequestTimeoutIsRetryable() {
    h.cloud.hang("GET", FLOATING_IP);
    IpMoverException e = observeFails(Map.of("requestTimeout", "200ms"));
    assertEquals(Kind.RETRYABLE, e.kind());
    assertEquals("read floating IP 4711: no answer within 200 ms", e.getMessage());
  }

  @Test
  void noAnswerBeforeTheDeadlineIsCancelled() {
    h.cloud.server(11).floatingIp(4711, "203.0.113.7", null);
    h.cloud.hang("GET", FLOATING_IP);
    Map<String, String> settings = h.settings("floating-ip");
    settings.put("floatingIp", "4711");
    try (IpMover mover = h.mover(settings, "203.0.113.7/32")) {
      IpMoverException e = assertThrows(IpMoverException.class,
          () -> mover.observe(TestMoverCall.within(Duration.ofMillis(300))));
      assertEquals(Kind.CANCELLED, e.kind());
    }
  }
}
