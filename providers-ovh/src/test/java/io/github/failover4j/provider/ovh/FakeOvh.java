package io.github.failover4j.provider.ovh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A stateful OVHcloud API on MockWebServer, shaped like OVH's documented answers: Public Cloud
 * additional IPs that stay {@code operationPending} for some reads after an attach, {@code /ip}
 * blocks whose move and park tasks go {@code todo → doing → done} over reads (and only then take
 * effect), {@code /auth/time}, an OAuth2 token endpoint, and the OpenStack metadata service.
 *
 * <p>Like the real API it checks every request's credentials: it recomputes the {@code $1$}
 * signature over the URL and body it received, refuses a timestamp too far from its own clock
 * (which a test can skew), and checks bearer tokens it issued. Every {@code /ip} exchange is checked
 * against ovh-ip.json; the rest against the fake's own rules. Failures can be injected, one request
 * at a time. What OVH does not document is modelled as said in the module's README.
 */
final class FakeOvh extends Dispatcher implements AutoCloseable {
  static final String APPLICATION_KEY = "fakeAk7kbG7Bk7S9Nt";
  static final String APPLICATION_SECRET = "fakeAsEXEgWIz07P0HYwtQDs7cNIqCiQ";
  static final String CONSUMER_KEY = "fakeCkMtSwSrPpNjqfVSmJhLbPyr2i45l";
  static final String CLIENT_ID = "0a1b2c3d4e5f6a7b";
  static final String CLIENT_SECRET = "fakeCs7Rw2Tq9Xk4Lm5d4c3b2a19f8e7d6";
  static final String PROJECT = "6f0e1d2c3b4a59687766554433221100";
  static final String SELF_INSTANCE = "d8e02d56-2648-49a3-bf97-6be8f1204f38";
  static final String OTHER_INSTANCE = "0b7c0c4e-8f0a-4f55-9f53-2a3c9d1e6b7a";
  static final String SELF_SERVICE = "ns1234567.ip-203-0-113.eu";
  static final String OTHER_SERVICE = "ns7654321.ip-198-51-100.eu";
  /** The additional IP of the tests. */
  static final String IP = "203.0.113.7";
  static final String BLOCK = IP + "/32";
  /** How far a signed request's timestamp may be from the fake's clock; OVH does not say how far. */
  static final long TOLERANCE_SECONDS = 60;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CLOUD_IPS = Pattern.compile("/1\\.0/cloud/project/([^/]+)/ip/failover");
  private static final Pattern CLOUD_IP = Pattern.compile("/1\\.0/cloud/project/([^/]+)/ip/failover/([^/]+)");
  private static final Pattern ATTACH = Pattern.compile("/1\\.0/cloud/project/([^/]+)/ip/failover/([^/]+)/attach");
  private static final Pattern IP_PATH = Pattern.compile("/1\\.0/ip/([^/]+)");
  private static final Pattern TASKS = Pattern.compile("/1\\.0/ip/([^/]+)/task");
  private static final Pattern TASK = Pattern.compile("/1\\.0/ip/([^/]+)/task/(\\d+)");
  private static final Pattern MOVE = Pattern.compile("/1\\.0/ip/([^/]+)/move");
  private static final Pattern PARK = Pattern.compile("/1\\.0/ip/([^/]+)/park");
  private static final Set<String> PENDING = Set.of("init", "todo", "doing");

  private static final class CloudIp {
    final String id;
    final String ip;
    String routedTo;
    String status = "ok";
    int readsLeft;

    CloudIp(String id, String ip, String routedTo) {
      this.id = id;
      this.ip = ip;
      this.routedTo = routedTo;
    }
  }

  private static final class Task {
    final long id;
    final String block;
    final String destination;
    final boolean park;
    final String failure;
    final String comment;
    final Instant started = Instant.now();
    String status;
    int reads;
    Instant done;

    Task(long id, String block, String destination, boolean park, String status, String failure, String comment) {
      this.id = id;
      this.block = block;
      this.destination = destination;
      this.park = park;
      this.status = status;
      this.failure = failure;
      this.comment = comment;
    }
  }

  /** A request that is held until the fake closes. */
  private record Hang(CountDownLatch arrived) {}

  private final MockWebServer server = new MockWebServer();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong queries = new AtomicLong();

  // guarded by this
  private final Map<String, CloudIp> cloudIps = new LinkedHashMap<>();
  private final Set<String> instances = new HashSet<>(Set.of(SELF_INSTANCE, OTHER_INSTANCE));
  private final Map<String, String> blocks = new LinkedHashMap<>();
  private final Set<String> services = new HashSet<>(Set.of(SELF_SERVICE, OTHER_SERVICE));
  private final Map<Long, Task> tasks = new LinkedHashMap<>();
  private final Map<String, Long> tokens = new HashMap<>();
  private final List<String[]> denied = new ArrayList<>();
  private final Deque<Object> injected = new ArrayDeque<>();
  private long skewSeconds;
  private int attachReads = 2;
  private int taskReads = 1;
  private int notReady;
  private String nextTaskFailure;
  private String nextTaskComment;
  private long tokenLifetime = 3599;
  private long nextTask = 4711;
  private String metadataUuid = SELF_INSTANCE;

  private FakeOvh() {}

  /**
   * Starts a fake with the test's additional IP in the project, on no instance, and the same block
   * in the {@code /ip} universe, routed nowhere.
   *
   * @return the fake, listening on loopback
   */
  static FakeOvh start() {
    FakeOvh fake = new FakeOvh();
    fake.cloudIp("2a1b3c4d-0000-4000-8000-000000000001", IP, null);
    fake.block(BLOCK, null);
    fake.server.setDispatcher(fake);
    try {
      fake.server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fake;
  }

  /** The API's base URL, as {@code https://eu.api.ovh.com/1.0} is for the real one. */
  HttpUrl endpoint() {
    return server.url("/1.0");
  }

  /** The OAuth2 token endpoint. */
  HttpUrl tokenUrl() {
    return server.url("/auth/oauth2/token");
  }

  /** The metadata service's base URL, as {@code http://169.254.169.254} is for the real one. */
  HttpUrl metadataUrl() {
    return server.url("/");
  }

  // ---- arranging the world

  /** Adds a Public Cloud additional IP to the project. */
  synchronized FakeOvh cloudIp(String id, String ip, String routedTo) {
    cloudIps.put(id, new CloudIp(id, ip, routedTo));
    return this;
  }

  /** Adds an IP block of the /ip universe. */
  synchronized FakeOvh block(String block, String routedTo) {
    blocks.put(block, routedTo);
    return this;
  }

  /** Routes the test's additional IP to an instance, settled ({@code ok}). */
  synchronized void attachTo(String instance) {
    CloudIp ip = cloudIps.values().iterator().next();
    ip.routedTo = instance;
    ip.status = "ok";
  }

  /** Routes the test's block to a service. */
  synchronized void routeTo(String service) {
    blocks.put(BLOCK, service);
  }

  /** Sets how many reads an attach stays operationPending. */
  synchronized void attachReads(int reads) {
    attachReads = reads;
  }

  /** Sets how many reads a task stays in each of todo and doing. */
  synchronized void taskReads(int reads) {
    taskReads = reads;
  }

  /** Answers the next attaches 400, as OVH does while a new instance's network is not ready. */
  synchronized void notReady(int attaches) {
    notReady = attaches;
  }

  /** Makes the next task end in a failure status with a comment instead of done. */
  synchronized void failNextTask(String status, String comment) {
    nextTaskFailure = status;
    nextTaskComment = comment;
  }

  /** Starts a move of the test's block that another client asked for, already doing. */
  synchronized long startMove(String service) {
    Task task = new Task(nextTask++, BLOCK, service, false, "doing", null, null);
    tasks.put(task.id, task);
    return task.id;
  }

  /** Puts an attach of the test's additional IP in progress, as another node's would be. */
  synchronized void startAttach(String instance, int reads) {
    CloudIp ip = cloudIps.values().iterator().next();
    ip.routedTo = instance;
    ip.status = "operationPending";
    ip.readsLeft = reads;
  }

  /** Moves the fake's clock, as if the host's clock drifted since it last read /auth/time. */
  synchronized void skew(long seconds) {
    skewSeconds = seconds;
  }

  /** Sets the lifetime of the tokens issued from now on. */
  synchronized void tokenLifetime(long seconds) {
    tokenLifetime = seconds;
  }

  /** Revokes every token issued: the next request with one is answered 401. */
  synchronized void revokeTokens() {
    tokens.clear();
  }

  /** Sets the instance id the metadata service gives. */
  synchronized void metadataUuid(String uuid) {
    metadataUuid = uuid;
  }

  /** Refuses a call to the credentials: {@code 403 Client::Forbidden}, as OVH answers without the right. */
  synchronized void deny(String method, String pathRegex) {
    denied.add(new String[] {method, pathRegex});
  }

  /**
   * Answers the next API request (not /auth/time, the token endpoint or the metadata service) with
   * an error, once.
   *
   * @param status the HTTP status
   * @param body the error document
   * @param headers extra headers, name and value in turn
   */
  synchronized void failNext(int status, String body, String... headers) {
    MockResponse.Builder response = answer(status, body);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      response.setHeader(headers[i], headers[i + 1]);
    }
    injected.add(response.build());
  }

  /**
   * Holds the next API request without an answer until the fake closes.
   *
   * @return counted down when the request arrives
   */
  synchronized CountDownLatch hangNext() {
    Hang hang = new Hang(new CountDownLatch(1));
    injected.add(hang);
    return hang.arrived();
  }

  // ---- reading the world

  /** The instance the test's additional IP is routed to, if any. */
  synchronized Optional<String> attachedTo() {
    return Optional.ofNullable(cloudIps.values().iterator().next().routedTo);
  }

  /** The status of the test's additional IP. */
  synchronized String cloudStatus() {
    return cloudIps.values().iterator().next().status;
  }

  /** The service the test's block is routed to, if any. */
  synchronized Optional<String> routedTo() {
    return Optional.ofNullable(blocks.get(BLOCK));
  }

  /** The status of a task. */
  synchronized String taskStatus(long id) {
    return tasks.get(id).status;
  }

  /** The requests, as {@code METHOD target body}. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** How many requests started with a prefix, e.g. {@code GET /1.0/auth/time}. */
  long count(String prefix) {
    return requests().stream().filter(r -> r.startsWith(prefix)).count();
  }

  /** The writes (POSTs). */
  List<String> writes() {
    return requests().stream().filter(r -> r.startsWith("POST /1.0")).toList();
  }

  /** Every violation of ovh-ip.json or of the fake's own rules seen so far. */
  List<String> violations() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  /** The tokens issued and still valid: secrets the mover must never show. */
  synchronized Set<String> tokens() {
    return Set.copyOf(tokens.keySet());
  }

  // ---- serving

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    String path = request.getUrl().encodedPath();
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    requests.add(request.getMethod() + " " + request.getTarget() + (body.isEmpty() ? "" : " " + body));
    if (path.equals("/1.0/auth/time")) {
      return authTime(request);
    }
    if (path.equals("/auth/oauth2/token")) {
      return token(request, body);
    }
    if (path.equals("/openstack/latest/meta_data.json")) {
      return metadata(request);
    }
    Object failure;
    synchronized (this) {
      failure = injected.poll();
    }
    if (failure instanceof Hang hang) {
      hang.arrived().countDown();
      closed.await();
      return answer(503, error("Server::ServiceUnavailable", "closing")).build();
    }
    if (failure instanceof MockResponse injectedAnswer) {
      if (Specs.described(path)) {
        violations.addAll(Specs.ovhIpViolations(request, injectedAnswer.getCode(), ""));
      }
      return injectedAnswer;
    }
    MockResponse.Builder response;
    int status;
    String answer;
    synchronized (this) {
      Map.Entry<Integer, String> result = authenticate(request, body).orElseGet(() -> route(request, path, body));
      status = result.getKey();
      answer = result.getValue();
      response = answer(status, answer);
    }
    if (Specs.described(path)) {
      violations.addAll(Specs.ovhIpViolations(request, status, answer));
    }
    return response.build();
  }

  private MockResponse authTime(RecordedRequest request) {
    if (!request.getMethod().equals("GET") || request.getHeaders().get("X-Ovh-Signature") != null
        || request.getHeaders().get("Authorization") != null) {
      // python-ovh and go-ovh call it without credentials ("never sign 'time'")
      violations.add("/auth/time called with " + request.getMethod() + " or with credentials");
    }
    // a bare integer, as OVH answers
    return answer(200, Long.toString(now())).build();
  }

  private synchronized MockResponse token(RecordedRequest request, String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String contentType = String.valueOf(request.getHeaders().get("Content-Type"));
    if (!request.getMethod().equals("POST") || !contentType.startsWith("application/x-www-form-urlencoded")
        || !"client_credentials".equals(form.get("grant_type")) || !"all".equals(form.get("scope"))) {
      violations.add("token request not as OVH's clients send it: " + request.getMethod() + " " + contentType
          + " " + form.keySet());
      return answer(400, "{\"error\":\"invalid_request\"}").build();
    }
    if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
      return answer(401, "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client credentials\"}").build();
    }
    String token = "fakeToken" + UUID.randomUUID().toString().replace("-", "");
    tokens.put(token, now() + tokenLifetime);
    ObjectNode answer = JSON.createObjectNode().put("access_token", token).put("token_type", "Bearer")
        .put("expires_in", tokenLifetime).put("scope", "all");
    return answer(200, answer.toString()).build();
  }

  private synchronized MockResponse metadata(RecordedRequest request) {
    ObjectNode document = JSON.createObjectNode().put("uuid", metadataUuid).put("name", "edge-1")
        .put("availability_zone", "nova").put("project_id", PROJECT);
    document.putObject("meta");
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .body(document.toString()).build();
  }

  /** Checks the credentials of an API request; an error answer if they are refused. */
  private Optional<Map.Entry<Integer, String>> authenticate(RecordedRequest request, String body) {
    String authorization = request.getHeaders().get("Authorization");
    if (authorization != null) {
      Long expires = authorization.startsWith("Bearer ") ? tokens.get(authorization.substring(7)) : null;
      if (expires == null || expires <= now()) {
        return Optional.of(Map.entry(401, error("Client::Unauthorized", "The access token is invalid or expired")));
      }
      return denied(request);
    }
    String application = request.getHeaders().get("X-Ovh-Application");
    if (application == null) {
      return Optional.of(Map.entry(401, legacy("NOT_AUTHENTICATED", "401 Unauthorized", "You must login first")));
    }
    if (!application.equals(APPLICATION_KEY)) {
      return Optional.of(Map.entry(403, legacy("INVALID_KEY", "403 Forbidden", "This application key is invalid")));
    }
    if (!CONSUMER_KEY.equals(request.getHeaders().get("X-Ovh-Consumer"))) {
      return Optional.of(Map.entry(403, legacy("INVALID_CREDENTIAL", "403 Forbidden", "This credential is not valid")));
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(String.valueOf(request.getHeaders().get("X-Ovh-Timestamp")));
    } catch (NumberFormatException e) {
      return Optional.of(Map.entry(400, legacy("INVALID_SIGNATURE", "400 Bad Request", "Invalid signature")));
    }
    if (Math.abs(timestamp - now()) > TOLERANCE_SECONDS) {
      return Optional.of(Map.entry(400, legacy("QUERY_TIME_OUT", "400 Bad Request", "Query out of time")));
    }
    // the URL as this server received it: what the client must have signed
    String url = "http://" + request.getHeaders().get("Host") + request.getTarget();
    String expected = Signer.signature(APPLICATION_SECRET, CONSUMER_KEY, request.getMethod(), url, body, timestamp);
    if (!expected.equals(request.getHeaders().get("X-Ovh-Signature"))) {
      return Optional.of(Map.entry(400, legacy("INVALID_SIGNATURE", "400 Bad Request", "Invalid signature")));
    }
    if (!body.isEmpty() && !"application/json;charset=utf-8".equals(request.getHeaders().get("Content-Type"))) {
      violations.add(request.getMethod() + " " + request.getTarget() + ": Content-Type "
          + request.getHeaders().get("Content-Type") + " (expected: application/json;charset=utf-8)");
    }
    return denied(request);
  }

  private Optional<Map.Entry<Integer, String>> denied(RecordedRequest request) {
    for (String[] rule : denied) {
      if (rule[0].equals(request.getMethod()) && request.getUrl().encodedPath().matches(rule[1])) {
        return Optional.of(Map.entry(403, error("Client::Forbidden", "User not granted for this request")));
      }
    }
    return Optional.empty();
  }

  private Map.Entry<Integer, String> route(RecordedRequest request, String path, String body) {
    String method = request.getMethod();
    Matcher m;
    if (method.equals("GET") && (m = CLOUD_IPS.matcher(path)).matches()) {
      if (!m.group(1).equals(PROJECT)) {
        return notFound("The requested object (serviceName = " + m.group(1) + ") does not exist");
      }
      ArrayNode list = JSON.createArrayNode();
      cloudIps.values().forEach(ip -> list.add(cloudIpJson(ip)));
      return Map.entry(200, list.toString());
    }
    if (method.equals("GET") && (m = CLOUD_IP.matcher(path)).matches()) {
      CloudIp ip = m.group(1).equals(PROJECT) ? cloudIps.get(m.group(2)) : null;
      if (ip == null) {
        return notFound("The requested object (id = " + m.group(2) + ") does not exist");
      }
      if (ip.status.equals("operationPending") && --ip.readsLeft <= 0) {
        ip.status = "ok";
      }
      return Map.entry(200, cloudIpJson(ip).toString());
    }
    if (method.equals("POST") && (m = ATTACH.matcher(path)).matches()) {
      return attach(request, m.group(1), m.group(2), body);
    }
    if (method.equals("GET") && (m = TASK.matcher(path)).matches()) {
      Task task = tasks.get(Long.parseLong(m.group(2)));
      if (task == null || !task.block.equals(decode(m.group(1)))) {
        return notFound("The requested object (taskId = " + m.group(2) + ") does not exist");
      }
      advance(task);
      return Map.entry(200, taskJson(task).toString());
    }
    if (method.equals("GET") && (m = TASKS.matcher(path)).matches()) {
      String block = decode(m.group(1));
      if (!blocks.containsKey(block)) {
        return notFound("The requested object (ip = " + block + ") does not exist");
      }
      String function = request.getUrl().queryParameter("function");
      String status = request.getUrl().queryParameter("status");
      ArrayNode ids = JSON.createArrayNode();
      tasks.values().stream()
          .filter(t -> t.block.equals(block))
          .filter(t -> function == null || function.equals("genericMoveFloatingIp"))
          .filter(t -> status == null || status.equals(t.status))
          .forEach(t -> ids.add(t.id));
      return Map.entry(200, ids.toString());
    }
    if (method.equals("POST") && (m = MOVE.matcher(path)).matches()) {
      return move(decode(m.group(1)), body);
    }
    if (method.equals("POST") && (m = PARK.matcher(path)).matches()) {
      return park(decode(m.group(1)));
    }
    if (method.equals("GET") && (m = IP_PATH.matcher(path)).matches()) {
      String block = decode(m.group(1));
      if (!blocks.containsKey(block)) {
        return notFound("The requested object (ip = " + block + ") does not exist");
      }
      return Map.entry(200, ipJson(block).toString());
    }
    violations.add("no such call in this fake: " + method + " " + path);
    return notFound("no such call in this fake: " + method + " " + path);
  }

  private Map.Entry<Integer, String> attach(RecordedRequest request, String project, String id, String body) {
    JsonNode document = read(body);
    // not in ovh-ip.json: the body is checked against cloud.ip's documented {"instanceId": "<uuid>"}
    if (!document.isObject() || document.size() != 1 || !document.path("instanceId").isTextual()) {
      violations.add("POST " + request.getTarget() + ": body " + body + " (expected: {\"instanceId\": \"<uuid>\"})");
      return Map.entry(400, error("Client::BadRequest", "Invalid parameters"));
    }
    CloudIp ip = project.equals(PROJECT) ? cloudIps.get(id) : null;
    if (ip == null) {
      return notFound("The requested object (id = " + id + ") does not exist");
    }
    if (notReady > 0) {
      notReady--;
      return Map.entry(400, error("Client::BadRequest", "instance IP is not allocated yet"));
    }
    if (ip.status.equals("operationPending")) {
      return Map.entry(409, error("Client::Conflict", "An operation is already in progress on this IP"));
    }
    String instance = document.path("instanceId").asText();
    if (!instances.contains(instance)) {
      return notFound("The requested object (instanceId = " + instance + ") does not exist");
    }
    ip.routedTo = instance;
    ip.status = attachReads > 0 ? "operationPending" : "ok";
    ip.readsLeft = attachReads;
    return Map.entry(200, cloudIpJson(ip).toString());
  }

  private Map.Entry<Integer, String> move(String block, String body) {
    if (!blocks.containsKey(block)) {
      return notFound("The requested object (ip = " + block + ") does not exist");
    }
    String to = read(body).path("to").asText("");
    if (!services.contains(to)) {
      return Map.entry(400, error("Client::BadRequest", to + " is not a valid destination for " + block));
    }
    if (pending(block)) {
      return Map.entry(409, error("Client::Conflict", "An operation is already in progress on this IP"));
    }
    if (to.equals(blocks.get(block))) {
      return Map.entry(400, error("Client::BadRequest", block + " is already routed to " + to));
    }
    return Map.entry(200, taskJson(newTask(block, to, false)).toString());
  }

  private Map.Entry<Integer, String> park(String block) {
    if (!blocks.containsKey(block)) {
      return notFound("The requested object (ip = " + block + ") does not exist");
    }
    if (pending(block)) {
      return Map.entry(409, error("Client::Conflict", "An operation is already in progress on this IP"));
    }
    if (blocks.get(block) == null) {
      return Map.entry(400, error("Client::BadRequest", block + " is already parked"));
    }
    return Map.entry(200, taskJson(newTask(block, null, true)).toString());
  }

  private Task newTask(String block, String destination, boolean park) {
    Task task = new Task(nextTask++, block, destination, park, "todo", nextTaskFailure, nextTaskComment);
    nextTaskFailure = null;
    nextTaskComment = null;
    tasks.put(task.id, task);
    return task;
  }

  private boolean pending(String block) {
    return tasks.values().stream().anyMatch(t -> t.block.equals(block) && PENDING.contains(t.status));
  }

  /** One read of a task: todo → doing → done (or its failure), taskReads reads in each. */
  private void advance(Task task) {
    if (!PENDING.contains(task.status) || ++task.reads < taskReads) {
      return;
    }
    task.reads = 0;
    if (!task.status.equals("doing")) {
      task.status = "doing";
      return;
    }
    task.done = Instant.now();
    if (task.failure != null) {
      task.status = task.failure;
      return;
    }
    task.status = "done";
    blocks.put(task.block, task.park ? null : task.destination);
  }

  // ---- documents

  private ObjectNode cloudIpJson(CloudIp ip) {
    ObjectNode node = JSON.createObjectNode().put("id", ip.id).put("ip", ip.ip).put("block", ip.ip + "/32")
        .put("routedTo", ip.routedTo).put("status", ip.status)
        .put("progress", ip.status.equals("ok") ? 100 : 0).put("subType", "ovh")
        .put("continentCode", "EU").put("geoloc", "fr");
    return node;
  }

  private ObjectNode ipJson(String block) {
    ObjectNode node = JSON.createObjectNode().put("ip", block).put("type", "failover").put("isAdditionalIp", true)
        .put("version", 4).put("canBeTerminated", false).put("bringYourOwnIp", false);
    node.putNull("description");
    node.putNull("organisationId");
    node.putObject("routedTo").put("serviceName", blocks.get(block));
    node.putObject("iam").put("id", UUID.nameUUIDFromBytes(block.getBytes(StandardCharsets.UTF_8)).toString())
        .put("urn", "urn:v1:eu:resource:ip:" + block).put("displayName", block);
    return node;
  }

  private static ObjectNode taskJson(Task task) {
    ObjectNode node = JSON.createObjectNode().put("taskId", task.id).put("function", "genericMoveFloatingIp")
        .put("status", task.status).put("startDate", task.started.toString())
        .put("lastUpdate", Instant.now().toString());
    node.put("doneDate", task.done == null ? null : task.done.toString());
    node.put("comment", task.status.equals("done") || PENDING.contains(task.status) ? null : task.comment);
    if (!task.park) {
      node.putObject("destination").put("serviceName", task.destination);
    }
    return node;
  }

  private static String error(String errorClass, String message) {
    return JSON.createObjectNode().put("class", errorClass).put("message", message).toString();
  }

  private static String legacy(String errorCode, String httpCode, String message) {
    return JSON.createObjectNode().put("errorCode", errorCode).put("httpCode", httpCode).put("message", message)
        .toString();
  }

  private static Map.Entry<Integer, String> notFound(String message) {
    return Map.entry(404, error("Client::NotFound", message));
  }

  private MockResponse.Builder answer(int status, String body) {
    return new MockResponse.Builder().code(status)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .setHeader("X-Ovh-QueryID", "EU.ext-3.6a1b2c3d." + queries.incrementAndGet() + ".fake")
        .body(body);
  }

  private synchronized long now() {
    return Instant.now().getEpochSecond() + skewSeconds;
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body.isEmpty() ? "null" : body);
    } catch (IOException e) {
      return JSON.nullNode();
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.close();
  }
}
