package io.github.failover4j.internal.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.failover4j.check.Probe;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProbeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger okHits = new AtomicInteger();
  private ExecutorService executor;
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/ok", exchange -> {
      okHits.incrementAndGet();
      respond(exchange, 200, "all systems go");
    });
    server.createContext("/fail", exchange -> respond(exchange, 500, "database down"));
    server.createContext("/redirect", exchange -> {
      exchange.getResponseHeaders().add("Location", "/ok");
      respond(exchange, 302, "moved");
    });
    server.createContext("/big", exchange -> respond(exchange, 200, "x".repeat(HttpProbe.MAX_BODY) + "needle"));
    server.createContext("/slow", exchange -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(exchange, 200, "late");
    });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private boolean probe(String path, int min, int max, String text) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    return new HttpProbe(new Probe.Http(uri, min, max, Optional.ofNullable(text))).run(TIMEOUT);
  }

  @Test
  void aStatusWithinTheRangeIsHealthy() throws Exception {
    assertTrue(probe("/ok", 200, 299, null));
    assertFalse(probe("/ok", 201, 299, null), "200 is below 201..299");
  }

  @Test
  void theBodyMustContainTheText() throws Exception {
    assertTrue(probe("/ok", 200, 299, "systems go"));
    assertFalse(probe("/ok", 200, 299, "systems down"));
  }

  @Test
  void aServerErrorIsUnhealthyUnlessItIsInTheRange() throws Exception {
    assertFalse(probe("/fail", 200, 299, null));
    assertTrue(probe("/fail", 500, 599, "down"), "the body of an error status is read too");
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    assertFalse(probe("/redirect", 200, 299, null));
    assertTrue(probe("/redirect", 300, 399, null), "3xx is judged by the range");
    assertEquals(0, okHits.get(), "the redirect's target was never asked");
  }

  @Test
  void onlyTheFirst64KibOfTheBodyAreSearched() throws Exception {
    assertFalse(probe("/big", 200, 299, "needle"));
    assertTrue(probe("/big", 200, 299, "xxx"));
  }

  @Test
  void noAnswerWithinTheTimeoutIsATimeout() {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow");
    HttpProbe probe = new HttpProbe(new Probe.Http(uri, 200, 299, Optional.empty()));
    long start = System.nanoTime();
    assertThrows(TimeoutException.class, () -> probe.run(Duration.ofMillis(300)));
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "returned near the timeout");
  }

  @Test
  void aRefusedConnectionIsUnhealthy() throws Exception {
    int port = server.getAddress().getPort();
    server.stop(0);
    URI uri = URI.create("http://127.0.0.1:" + port + "/ok");
    assertFalse(new HttpProbe(new Probe.Http(uri, 200, 299, Optional.empty())).run(TIMEOUT));
  }

  @Test
  void messagesLeaveOutUserInfoAndQuery() {
    assertEquals("https://example.com:8443/health",
        HttpProbe.withoutSecrets(URI.create("https://user:secret@example.com:8443/health?token=secret")));
  }
}
