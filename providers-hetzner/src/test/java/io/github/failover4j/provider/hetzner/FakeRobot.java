package io.github.failover4j.provider.hetzner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.provider.support.AddressText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.HttpUrl;

/**
 * A Hetzner Robot webservice holding failover IPs, modelled on Robot's documentation (there is no
 * machine-readable description to check against): HTTP Basic with a webservice user,
 * {@code GET|POST|DELETE /failover/{ip}}, writes as {@code application/x-www-form-urlencoded},
 * {@code {"failover": {…}}} answers and {@code {"error": {status, code, message}}} errors. A switch
 * to where the IP is routed already answers {@code 409 FAILOVER_ALREADY_ROUTED}. The fake checks
 * the shape of each request itself and records what violates it.
 */
final class FakeRobot extends Dispatcher {
  static final String USER = "#ws+abcdefgh";
  static final String PASSWORD = "robot-test-password-8d1f6c3a";

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Injected(String method, int status, String code, String message, Map<String, Object> extra) {}

  private final Map<String, String> routes = new HashMap<>();
  private final Map<String, String> mainIps = new HashMap<>();
  private final Deque<Injected> injected = new ArrayDeque<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile CountDownLatch hang;

  /**
   * Adds a failover IP.
   *
   * @param ip the failover IP (or IPv6 net address)
   * @param owner the main IP of the server it belongs to
   * @param active the main IP of the server it is routed to, or null
   * @return this fake
   */
  synchronized FakeRobot failover(String ip, String owner, String active) {
    mainIps.put(ip, owner);
    routes.put(ip, active);
    return this;
  }

  /** Answers the next request of this method (null for any) with an error. */
  synchronized void fail(String method, int status, String code, String message, Map<String, Object> extra) {
    injected.add(new Injected(method, status, code, message, extra));
  }

  /** Holds the next request without an answer until the fake is closed. */
  CountDownLatch hangNext() {
    CountDownLatch arrived = new CountDownLatch(1);
    hang = arrived;
    return arrived;
  }

  /** Returns where a failover IP is routed. */
  synchronized Optional<String> route(String ip) {
    return Optional.ofNullable(routes.get(ip));
  }

  /** Returns the requests, as {@code METHOD /path body}. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Returns the requests that did not have Robot's shape. */
  List<String> violations() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    String line = request.getMethod() + " " + request.getUrl().encodedPath() + (body.isEmpty() ? "" : " " + body);
    requests.add(line);
    CountDownLatch arrived = hang;
    if (arrived != null) {
      hang = null;
      arrived.countDown();
      closed.await();
      return new MockResponse.Builder().code(503).build();
    }
    synchronized (this) {
      check(request, body, line);
      String authorization = request.getHeaders().get("Authorization");
      if (!Credentials.basic(USER, PASSWORD).equals(authorization)) {
        // Robot does not echo credentials; this fake does, to prove they are removed from messages
        String sent = authorization == null || !authorization.startsWith("Basic ") ? ""
            : new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        return error(401, "UNAUTHORIZED", "Unauthorized: " + sent, Map.of());
      }
      for (Injected i : injected) {
        if (i.method() == null || i.method().equals(request.getMethod())) {
          injected.remove(i);
          return error(i.status(), i.code(), i.message(), i.extra());
        }
      }
      List<String> path = request.getUrl().pathSegments();
      if (path.size() != 2 || !path.get(0).equals("failover") || !routes.containsKey(path.get(1))) {
        return error(404, "NOT_FOUND", "Failover IP not found", Map.of());
      }
      String ip = path.get(1);
      switch (request.getMethod()) {
        case "GET":
          return failover(ip);
        case "POST":
          String target = HttpUrl.parse("http://form/?" + body).queryParameter("active_server_ip");
          if (target.equals(routes.get(ip))) {
            return error(409, "FAILOVER_ALREADY_ROUTED", "Failover already routed", Map.of());
          }
          routes.put(ip, target);
          return failover(ip);
        case "DELETE":
          routes.put(ip, null);
          return failover(ip);
        default:
          return error(405, "METHOD_NOT_ALLOWED", "method not allowed", Map.of());
      }
    }
  }

  private void check(RecordedRequest request, String body, String line) {
    if (!request.getUrl().encodedPath().startsWith("/failover/")) {
      violations.add(line + ": not a failover path");
    }
    if (request.getMethod().equals("POST")) {
      String type = request.getHeaders().get("Content-Type");
      if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
        violations.add(line + ": Content-Type " + type + " (expected: application/x-www-form-urlencoded)");
      }
      HttpUrl form = HttpUrl.parse("http://form/?" + body);
      if (form == null || form.queryParameterNames().size() != 1 || form.queryParameter("active_server_ip") == null) {
        violations.add(line + ": body (expected: active_server_ip=ADDRESS and nothing else)");
      } else if (AddressText.parse(form.queryParameter("active_server_ip")).isEmpty()) {
        violations.add(line + ": active_server_ip is not an address");
      }
    } else if (!body.isEmpty()) {
      violations.add(line + ": a body on " + request.getMethod());
    }
  }

  private MockResponse failover(String ip) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode f = body.putObject("failover");
    f.put("ip", ip).put("netmask", ip.contains(":") ? "ffff:ffff:ffff:ffff::" : "255.255.255.255")
        .put("server_ip", mainIps.get(ip)).putNull("server_ipv6_net").put("server_number", 321);
    if (routes.get(ip) == null) {
      f.putNull("active_server_ip");
    } else {
      f.put("active_server_ip", routes.get(ip));
    }
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .body(body.toString()).build();
  }

  private static MockResponse error(int status, String code, String message, Map<String, Object> extra) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode e = body.putObject("error").put("status", status).put("code", code).put("message", message);
    extra.forEach((k, v) -> e.set(k, JSON.valueToTree(v)));
    return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
        .body(body.toString()).build();
  }

  @Override
  public void close() {
    closed.countDown();
  }
}
