package io.github.failover4j.election.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;

/**
 * A faithful fake of the API server's Lease resource, for MockWebServer: Leases kept by namespace
 * and name, a resourceVersion that grows on every write (as etcd's revision), 201 on create, 409
 * AlreadyExists on a second create, 409 Conflict on an update with a stale resourceVersion, 404
 * NotFound, label selectors, watches that stream the events after a resourceVersion as JSON lines
 * and stay open until {@code timeoutSeconds}, a bearer-token check (401 Unauthorized) and, over
 * TLS, a client-certificate check. Answers are shaped as the API server's: the object, or a
 * {@code Status} with kind, apiVersion, status, message, reason, details and code.
 */
final class FakeApiServer extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "/apis/coordination.k8s.io/v1/namespaces/";

  private record Event(long version, String type, String namespace, ObjectNode object) {}

  private final Map<String, ObjectNode> leases = new TreeMap<>();
  private final List<Event> events = new ArrayList<>();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> refused = new ConcurrentHashMap<>();
  private final List<String> requests = new ArrayList<>();
  private long version = 100;
  private int failures;
  private int failureCode;
  private CountDownLatch stall;
  private String stallPrefix;
  private CountDownLatch stalled;
  private int watchers;
  private boolean requireClientCertificate;

  /** Accepts these bearer tokens only (none set: no check). */
  void acceptTokens(String... accepted) {
    tokens.clear();
    tokens.addAll(List.of(accepted));
  }

  /** Answers every request with this token {@code code} from now on: a node cut off behind a failing proxy. */
  void refuseToken(String token, int code) {
    refused.put(token, code);
  }

  /** Refuses requests whose TLS handshake showed no client certificate. */
  synchronized void requireClientCertificate() {
    requireClientCertificate = true;
  }

  /** Answers the next {@code n} requests with {@code code} and a Status. */
  synchronized void failNext(int n, int code) {
    failures = n;
    failureCode = code;
  }

  /**
   * Holds the next request that starts with {@code prefix} (e.g. {@code PUT /apis/...}) until
   * {@code release} counts down; returns a latch that opens when it arrived.
   */
  synchronized CountDownLatch stall(String prefix, CountDownLatch release) {
    stallPrefix = prefix;
    stall = release;
    stalled = new CountDownLatch(1);
    return stalled;
  }

  /** The requests, as {@code METHOD path?query}. */
  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  /** Waits until {@code n} watches are open (a test's write after it reaches them). */
  synchronized void awaitWatchers(int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (watchers < n) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("watches open: " + watchers + " (expected: " + n + ")");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** A Lease as stored. */
  synchronized Optional<ObjectNode> lease(String namespace, String name) {
    return Optional.ofNullable(leases.get(namespace + "/" + name)).map(ObjectNode::deepCopy);
  }

  /** Writes a Lease's spec field as another client would (an update with the current resourceVersion). */
  synchronized void write(String namespace, String name, String field, String value) {
    ObjectNode lease = leases.get(namespace + "/" + name).deepCopy();
    ((ObjectNode) lease.get("spec")).put(field, value);
    store(namespace, lease, "MODIFIED");
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    CountDownLatch hold;
    synchronized (this) {
      String line = request.getMethod() + " " + request.getUrl().encodedPath()
          + (request.getUrl().encodedQuery() == null ? "" : "?" + request.getUrl().encodedQuery());
      requests.add(line);
      hold = stall != null && line.startsWith(stallPrefix) ? stall : null;
      if (hold != null) {
        stall = null;
        stalled.countDown();
      }
    }
    if (hold != null) {
      try {
        hold.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      return answer(request);
    }
  }

  private MockResponse answer(RecordedRequest request) {
    String auth = request.getHeaders().get("Authorization");
    if (!tokens.isEmpty() && (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7)))) {
      return status(401, "Unauthorized", "Unauthorized", null);
    }
    Integer refusal = auth == null ? null : refused.get(auth.substring(7));
    if (refusal != null) {
      return status(refusal, "ServiceUnavailable", "the server is currently unable to handle the request", null);
    }
    if (requireClientCertificate && (request.getHandshake() == null
        || request.getHandshake().peerCertificates().isEmpty())) {
      return status(401, "Unauthorized", "Unauthorized", null);
    }
    if (failures > 0) {
      failures--;
      return status(failureCode, failureCode == 403 ? "Forbidden" : "InternalError", "injected failure " + failureCode
          + " (" + auth + ")", null);
    }
    String path = request.getUrl().encodedPath();
    if (!path.startsWith(PREFIX)) {
      return status(404, "NotFound", "the server could not find the requested resource", null);
    }
    String[] parts = path.substring(PREFIX.length()).split("/");
    if (parts.length < 2 || !parts[1].equals("leases")) {
      return status(404, "NotFound", "the server could not find the requested resource", null);
    }
    String namespace = parts[0];
    String name = parts.length > 2 ? parts[2] : null;
    return switch (request.getMethod() + (name == null ? " collection" : " item")) {
      case "GET collection" -> "true".equals(request.getUrl().queryParameter("watch")) ? watch(namespace, request)
          : list(namespace, request.getUrl().queryParameter("labelSelector"));
      case "POST collection" -> create(namespace, body(request));
      case "GET item" -> get(namespace, name);
      case "PUT item" -> replace(namespace, name, body(request));
      case "DELETE item" -> delete(namespace, name);
      default -> status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
          null);
    };
  }

  private MockResponse get(String namespace, String name) {
    ObjectNode lease = leases.get(namespace + "/" + name);
    return lease == null ? notFound(name) : json(200, lease);
  }

  private MockResponse list(String namespace, String selector) {
    ObjectNode list = JSON.createObjectNode().put("kind", "LeaseList").put("apiVersion", "coordination.k8s.io/v1");
    list.putObject("metadata").put("resourceVersion", Long.toString(version));
    var items = list.putArray("items");
    leases.forEach((key, lease) -> {
      if (key.startsWith(namespace + "/") && selects(selector, lease)) {
        ObjectNode item = lease.deepCopy();
        item.remove("kind"); // as the API server lists them: the list has the kind, its items not
        item.remove("apiVersion");
        items.add(item);
      }
    });
    return json(200, list);
  }

  private MockResponse create(String namespace, ObjectNode lease) {
    String name = lease.path("metadata").path("name").asText();
    if (leases.containsKey(namespace + "/" + name)) {
      return status(409, "AlreadyExists", "leases.coordination.k8s.io \"" + name + "\" already exists", name);
    }
    ObjectNode metadata = (ObjectNode) lease.get("metadata");
    metadata.put("namespace", namespace).put("uid", UUID.randomUUID().toString())
        .put("creationTimestamp", "2026-12-02T14:00:00Z");
    return json(201, store(namespace, lease, "ADDED"));
  }

  private MockResponse replace(String namespace, String name, ObjectNode lease) {
    ObjectNode current = leases.get(namespace + "/" + name);
    if (current == null) {
      return notFound(name);
    }
    String given = lease.path("metadata").path("resourceVersion").asText("");
    if (!given.equals(current.path("metadata").path("resourceVersion").asText())) {
      return status(409, "Conflict", "Operation cannot be fulfilled on leases.coordination.k8s.io \"" + name
          + "\": the object has been modified; please apply your changes to the latest version and try again", name);
    }
    ((ObjectNode) lease.get("metadata")).put("uid", current.path("metadata").path("uid").asText());
    return json(200, store(namespace, lease, "MODIFIED"));
  }

  private MockResponse delete(String namespace, String name) {
    ObjectNode lease = leases.remove(namespace + "/" + name);
    if (lease == null) {
      return notFound(name);
    }
    version++;
    ((ObjectNode) lease.get("metadata")).put("resourceVersion", Long.toString(version));
    events.add(new Event(version, "DELETED", namespace, lease.deepCopy()));
    notifyAll();
    ObjectNode success = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
    success.putObject("metadata");
    success.put("status", "Success");
    success.putObject("details").put("name", name).put("group", "coordination.k8s.io").put("kind", "leases")
        .put("uid", lease.path("metadata").path("uid").asText());
    return json(200, success);
  }

  private ObjectNode store(String namespace, ObjectNode lease, String type) {
    version++;
    lease.put("kind", "Lease").put("apiVersion", "coordination.k8s.io/v1");
    ((ObjectNode) lease.get("metadata")).put("resourceVersion", Long.toString(version));
    leases.put(namespace + "/" + lease.path("metadata").path("name").asText(), lease.deepCopy());
    events.add(new Event(version, type, namespace, lease.deepCopy()));
    notifyAll();
    return lease;
  }

  private MockResponse watch(String namespace, RecordedRequest request) {
    long from = Long.parseLong(request.getUrl().queryParameter("resourceVersion"));
    String selector = request.getUrl().queryParameter("labelSelector");
    long timeout = TimeUnit.SECONDS.toNanos(Long.parseLong(request.getUrl().queryParameter("timeoutSeconds")));
    MockResponseBody stream = new MockResponseBody() {
      @Override
      public long getContentLength() {
        return -1;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        long end = System.nanoTime() + timeout;
        long after = from;
        synchronized (FakeApiServer.this) {
          watchers++;
          FakeApiServer.this.notifyAll();
        }
        try {
          while (true) {
            List<Event> next = new ArrayList<>();
            synchronized (FakeApiServer.this) {
              for (Event e : events) {
                if (e.version() > after && e.namespace().equals(namespace) && selects(selector, e.object())) {
                  next.add(e);
                }
              }
              long left = end - System.nanoTime();
              if (next.isEmpty()) {
                if (left <= 0) {
                  return;
                }
                TimeUnit.NANOSECONDS.timedWait(FakeApiServer.this, left);
                continue;
              }
            }
            for (Event e : next) {
              ObjectNode line = JSON.createObjectNode().put("type", e.type());
              line.set("object", e.object());
              sink.writeUtf8(line.toString()).writeUtf8("\n").flush();
              after = e.version();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          synchronized (FakeApiServer.this) {
            watchers--;
          }
        }
      }
    };
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(stream).build();
  }

  private static boolean selects(String selector, JsonNode lease) {
    if (selector == null || selector.isEmpty()) {
      return true;
    }
    for (String term : selector.split(",")) {
      String[] kv = term.split("=", 2);
      if (!kv[1].equals(lease.path("metadata").path("labels").path(kv[0]).asText(null))) {
        return false;
      }
    }
    return true;
  }

  private static ObjectNode body(RecordedRequest request) {
    try {
      return (ObjectNode) JSON.readTree(request.getBody().utf8());
    } catch (IOException e) {
      throw new AssertionError("a request body that is not JSON", e);
    }
  }

  private static MockResponse notFound(String name) {
    return status(404, "NotFound", "leases.coordination.k8s.io \"" + name + "\" not found", name);
  }

  /** A Status as the API server writes it. */
  private static MockResponse status(int code, String reason, String message, String name) {
    ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason);
    if (name != null) {
      status.putObject("details").put("name", name).put("group", "coordination.k8s.io").put("kind", "leases");
    }
    status.put("code", code);
    return json(code, status);
  }

  private static MockResponse json(int code, JsonNode body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body.toString())
        .build();
  }
}
