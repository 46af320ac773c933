package io.github.failover4j.provider.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.Cancellations;
import io.github.failover4j.provider.support.testing.LogCapture;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.testkit.TestMoverCall;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HttpExchangeTest {
  /** Answers with the next canned answer, or holds the request until the test ends. */
  private static final class Api extends Dispatcher {
    final CountDownLatch arrived = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    volatile MockResponse answer;

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      if (answer == null) {
        arrived.countDown();
        closed.await();
        return new MockResponse.Builder().code(503).build();
      }
      return answer;
    }
  }

  private final Api api = new Api();
  private final MockWebServer server = new MockWebServer();
  private final HttpExchange http = HttpExchange.builder("failover4j-provider-test",
          LoggerFactory.getLogger(HttpExchangeTest.class))
      .connectTimeout(Duration.ofSeconds(2))
      .redact(text -> text.replace("s3cret", "****"))
      .requestId("X-Test-Id", "test id")
      .logNote(reply -> ", budget " + reply.headers().get("X-Budget"))
      .logFailuresAtInfo()
      .build();

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(api);
    server.start();
    LogCapture.clear();
  }

  @AfterEach
  void close() {
    api.closed.countDown();
    http.close();
    server.close();
  }

  private Request get(String path) {
    return new Request.Builder().url(server.url(path)).get().build();
  }

  @Test
  void anAnswerOfAnyStatusIsReadWholeAndLoggedWithItsRequestId() throws Exception {
    api.answer = new MockResponse.Builder().code(423).body("{\"error\":\"locked\"}").addHeader("X-Test-Id", "t-1")
        .addHeader("X-Budget", "7").build();
    Reply reply = http.send(TestMoverCall.within(Duration.ofMinutes(1)), get("/v1/items/4711"), Duration.ofSeconds(5),
        "read item 4711");
    assertEquals(423, reply.status());
    assertEquals("{\"error\":\"locked\"}", reply.body());
    assertEquals(Optional.of("t-1"), reply.requestId());
    assertEquals("failover4j-provider-test", server.takeRequest().getHeaders().get("User-Agent"));
    assertTrue(LogCapture.lines().stream().anyMatch(l -> l.matches("INFO io\\.github\\.failover4j\\.provider\\.support"
        + "\\.HttpExchangeTest: GET /v1/items/4711 -> 423 in \\d+ ms, test id t-1, budget 7")),
        LogCapture.lines()::toString);
  }

  @Test
  void aFailureIsDescribedShortAndWithoutSecrets() throws Exception {
    api.answer = new MockResponse.Builder().code(409).addHeader("X-Test-Id", "t-2").build();
    Reply reply = http.send(TestMoverCall.within(Duration.ofMinutes(1)), get("/"), Duration.ofSeconds(5), "read");
    assertEquals("HTTP 409 conflict: held by s3 (test id t-2)", reply.describe("conflict", "held by s3", t -> t));
    // the secret straddles the cut: removed first, so that none of it survives there
    assertEquals("HTTP 409 conflict: " + "x".repeat(198) + "**… (test id t-2)",
        reply.describe("conflict", "x".repeat(198) + "s3cret", t -> t.replace("s3cret", "****")));
    assertEquals("HTTP 409 unknown (test id t-2)", reply.describe("unknown", "", t -> t));
  }

  @Test
  void aCancelledOperationSendsNothing() {
    TestMoverCall call = TestMoverCall.within(Duration.ofMinutes(1));
    call.cancel();
    IpMoverException e = assertThrows(IpMoverException.class, () -> http.send(call, get("/"), Duration.ofSeconds(5),
        "read"));
    assertEquals(IpMoverException.Kind.CANCELLED, e.kind());
    assertEquals("read: cancelled before the request", e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void noAnswerWithinTheRequestTimeoutIsRetryable() {
    IpMoverException e = assertThrows(IpMoverException.class,
        () -> http.send(TestMoverCall.within(Duration.ofMinutes(1)), get("/"), Duration.ofMillis(200), "read"));
    assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
    assertEquals("read: no answer within 200 ms", e.getMessage());
  }

  @Test
  void theOperationsDeadlineCutsTheRequestTimeoutShort() {
    IpMoverException e = assertThrows(IpMoverException.class, () -> http.send(TestMoverCall.within(
        Duration.ofMillis(300)), get("/"), Duration.ofMinutes(5), "read"));
    assertEquals(IpMoverException.Kind.CANCELLED, e.kind());
  }

  @Test
  void aCancellationAbortsTheRequest() throws Exception {
    IpMoverException e = Cancellations.cancelWhenBlocked(api.arrived, call -> http.send(call, get("/"),
        Duration.ofMinutes(5), "read"));
    assertEquals(IpMoverException.Kind.CANCELLED, e.kind());
    assertEquals("read: cancelled", e.getMessage());
  }

  @Test
  void aNetworkFailureIsRetryableRedactedAndKeepsNoCause() throws Exception {
    MockWebServer gone = new MockWebServer();
    gone.start();
    HttpUrl url = gone.url("/s3cret");
    gone.close();
    HttpExchange redacting = HttpExchange.builder("failover4j-provider-test", LoggerFactory.getLogger(getClass()))
        .redact(text -> text.replace(Integer.toString(url.port()), "****"))
        .build();
    try (redacting) {
      IpMoverException e = assertThrows(IpMoverException.class, () -> redacting.send(
          TestMoverCall.within(Duration.ofMinutes(1)), new Request.Builder().url(url).build(), Duration.ofSeconds(5),
          "read"));
      assertEquals(IpMoverException.Kind.RETRYABLE, e.kind());
      assertTrue(e.getMessage().startsWith("read: ConnectException "), e.getMessage());
      assertTrue(!e.getMessage().contains(Integer.toString(url.port())) && e.getMessage().contains("****"),
          e.getMessage());
      assertNull(e.getCause());
    }
  }

  @Test
  void successesAreLoggedAtDebug() throws Exception {
    api.answer = new MockResponse.Builder().code(200).body("{}").build();
    http.send(TestMoverCall.within(Duration.ofMinutes(1)), get("/v1/items"), Duration.ofSeconds(5), "list items");
    List<String> lines = LogCapture.lines();
    assertTrue(lines.stream().anyMatch(l -> l.matches("DEBUG \\S+: GET /v1/items -> 200 in \\d+ ms, budget null")),
        lines::toString);
  }
}
