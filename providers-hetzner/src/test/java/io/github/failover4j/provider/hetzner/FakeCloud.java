package io.github.failover4j.provider.hetzner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * A stateful Hetzner Cloud API on MockWebServer: floating IPs, servers with their alias IPs per
 * private network, and actions that stay {@code running} for a number of reads before they succeed
 * (and only then take effect). Like the real API it answers 423 {@code locked} while a resource has
 * an action running, 422 when an alias IP is still another server's, and 422
 * {@code floating_ip_assigned} for an assignment to the current holder. Failures can be injected
 * one request at a time. Every exchange is checked against hcloud.json, and every request is
 * recorded with its body.
 */
final class FakeCloud extends Dispatcher {
  /** The token the fake accepts. */
  static final String TOKEN = "hc-test-token-5f2b9e01c4d7a3e8b6f0d1c2e9a7b4f3";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CREATED = "2016-01-30T23:55:00Z";
  private static final JsonNode SERVER_TEMPLATE = read("""
      {"backup_window": "22-02", "created": "2016-01-30T23:55:00Z",
       "datacenter": {"description": "Falkenstein DC Park 8", "id": 42, "location": %1$s, "name": "fsn1-dc8",
         "server_types": {"available": [1, 2, 3], "available_for_migration": [1, 2, 3], "supported": [1, 2, 3]}},
       "id": 42,
       "image": {"architecture": "x86", "bound_to": null, "created": "2016-01-30T23:55:00Z",
         "created_from": {"id": 1, "name": "template"}, "deleted": null, "deprecated": "2018-02-28T00:00:00Z",
         "description": "Ubuntu 24.04 Standard 64 bit", "disk_size": 10, "id": 42, "image_size": 2.3, "labels": {},
         "name": "ubuntu-24.04", "os_flavor": "ubuntu", "os_version": "24.04", "protection": {"delete": false},
         "status": "available", "type": "system"},
       "included_traffic": 654321, "ingoing_traffic": 123456, "iso": null, "labels": {}, "location": %1$s,
       "locked": false, "name": "my-resource", "outgoing_traffic": 123456, "primary_disk_size": 50, "private_net": [],
       "protection": {"delete": false, "rebuild": false},
       "public_net": {"floating_ips": [], "ipv4": null, "ipv6": null},
       "rescue_enabled": false,
       "server_type": {"architecture": "x86", "cores": 2, "cpu_type": "shared", "deprecated": null,
         "description": "CPX22", "disk": 80, "id": 1, "locations": [], "memory": 4, "name": "cpx22", "prices": [],
         "storage_type": "local"},
       "status": "running"}
      """.formatted(location()));

  private static final Pattern FLOATING_IP = Pattern.compile("/v1/floating_ips/(\\d+)");
  private static final Pattern FLOATING_IP_ACTION = Pattern.compile("/v1/floating_ips/(\\d+)/actions/(assign|unassign)");
  private static final Pattern SERVER = Pattern.compile("/v1/servers/(\\d+)");
  private static final Pattern CHANGE_ALIAS_IPS = Pattern.compile("/v1/servers/(\\d+)/actions/change_alias_ips");
  private static final Pattern ACTION = Pattern.compile("/v1/actions/(\\d+)");

  /** A failure to answer, once, to the next request that matches. */
  private record Injected(String method, Pattern path, MockResponse response, String body) {}

  /** A request that waits until the fake is closed, once. */
  private record Hang(String method, Pattern path, CountDownLatch arrived) {}

  private static final class Act {
    final long id;
    final String command;
    final String resourceType;
    final long resourceId;
    final Runnable effect;
    int pollsLeft;
    String status = "running";
    String errorCode;
    String errorMessage;

    Act(long id, String command, String resourceType, long resourceId, Runnable effect, int polls) {
      this.id = id;
      this.command = command;
      this.resourceType = resourceType;
      this.resourceId = resourceId;
      this.effect = effect;
      this.pollsLeft = polls;
    }
  }

  private final Map<Long, String> floatingIpAddresses = new TreeMap<>();
  private final Map<Long, Long> floatingIpServers = new HashMap<>();
  /** server id → network id → [ip, alias…] */
  private final Map<Long, Map<Long, List<String>>> servers = new TreeMap<>();
  private final Map<Long, Act> actions = new HashMap<>();
  private final Deque<Injected> injected = new ArrayDeque<>();
  private final Deque<Hang> hangs = new ArrayDeque<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private int runningPolls = 1;
  private int pageSize = 50;
  private long nextAction = 1000;
  private String nextActionError;
  private Headers rateLimitHeaders = Headers.of();

  /**
   * Adds a floating IP.
   *
   * @param id its id
   * @param ip its address, or for IPv6 its /64 net
   * @param server its holder, or null
   * @return this fake
   */
  synchronized FakeCloud floatingIp(long id, String ip, Long server) {
    floatingIpAddresses.put(id, ip);
    floatingIpServers.put(id, server);
    return this;
  }

  /**
   * Adds a server attached to a network.
   *
   * @param id its id
   * @param network the network's id
   * @param ip its own address in the network
   * @param aliases its alias IPs there
   * @return this fake
   */
  synchronized FakeCloud server(long id, long network, String ip, String... aliases) {
    List<String> entry = new ArrayList<>();
    entry.add(ip);
    entry.addAll(List.of(aliases));
    servers.computeIfAbsent(id, k -> new TreeMap<>()).put(network, entry);
    return this;
  }

  /** Adds a server attached to no network. */
  synchronized FakeCloud server(long id) {
    servers.computeIfAbsent(id, k -> new TreeMap<>());
    return this;
  }

  /** Sets how many reads an action stays running before it ends. */
  synchronized void runningPolls(int polls) {
    runningPolls = polls;
  }

  /** Caps the page size, to make listings span pages. */
  synchronized void pageSize(int size) {
    pageSize = size;
  }

  /** Makes the next action end in an error. */
  synchronized void failNextAction(String code, String message) {
    nextActionError = code + "\n" + message;
  }

  /** Adds the rate-limit headers of the real API to every answer. */
  synchronized void rateLimit(long limit, long remaining, long reset) {
    rateLimitHeaders = Headers.of("RateLimit-Limit", Long.toString(limit), "RateLimit-Remaining",
        Long.toString(remaining), "RateLimit-Reset", Long.toString(reset));
  }

  /**
   * Answers the next matching request with an error document.
   *
   * @param method the method, or null for any
   * @param path a regular expression for the path, e.g. {@code /v1/floating_ips/\d+}
   * @param status the HTTP status
   * @param code the API's error code
   * @param message its message
   * @param headers extra headers
   */
  synchronized void fail(String method, String path, int status, String code, String message, String... headers) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("code", code).put("message", message).putObject("details");
    MockResponse.Builder response = new MockResponse.Builder().code(status)
        .setHeader("Content-Type", "application/json")
        .setHeader("X-Correlation-Id", "corr-" + status + "-" + code);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      response.setHeader(headers[i], headers[i + 1]);
    }
    injected.add(new Injected(method, Pattern.compile(path), response.body(body.toString()).build(), body.toString()));
  }

  /**
   * Holds the next matching request (method null for any) without an answer until the fake is
   * closed.
   *
   * @return counted down when the request arrives
   */
  synchronized CountDownLatch hang(String method, String path) {
    CountDownLatch arrived = new CountDownLatch(1);
    hangs.add(new Hang(method, Pattern.compile(path), arrived));
    return arrived;
  }

  /** Returns the server a floating IP is assigned to. */
  synchronized Optional<Long> holder(long floatingIp) {
    return Optional.ofNullable(floatingIpServers.get(floatingIp));
  }

  /** Returns a server's alias IPs in a network. */
  synchronized List<String> aliases(long server, long network) {
    List<String> entry = servers.get(server).get(network);
    return List.copyOf(entry.subList(1, entry.size()));
  }

  /** Returns the requests, as {@code METHOD /path?query body}. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Returns the writes, as {@code METHOD /path body}. */
  List<String> writes() {
    return requests().stream().filter(r -> r.startsWith("POST")).toList();
  }

  /** Returns every violation of hcloud.json seen so far. */
  List<String> violations() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    String path = request.getUrl().encodedPath();
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    String query = request.getUrl().encodedQuery();
    requests.add(request.getMethod() + " " + path + (query == null ? "" : "?" + query) + (body.isEmpty() ? "" : " " + body));
    Hang hang = takeHang(request.getMethod(), path);
    if (hang != null) {
      hang.arrived().countDown();
      closed.await();
      return new MockResponse.Builder().code(503).build();
    }
    int status;
    String answer;
    MockResponse.Builder response;
    synchronized (this) {
      Injected failure = takeInjected(request.getMethod(), path);
      if (failure != null) {
        violations.addAll(Specs.hcloudViolations(request, failure.response().getCode(), failure.body()));
        return failure.response();
      }
      Map.Entry<Integer, JsonNode> result = route(request, path, body);
      status = result.getKey();
      answer = result.getValue().toString();
      response = new MockResponse.Builder().code(status).headers(rateLimitHeaders)
          .setHeader("Content-Type", "application/json")
          .setHeader("X-Correlation-Id", "corr-" + requests.size());
    }
    violations.addAll(Specs.hcloudViolations(request, status, answer));
    return response.body(answer).build();
  }

  @Override
  public void close() {
    closed.countDown();
  }

  private synchronized Hang takeHang(String method, String path) {
    for (Hang h : hangs) {
      if ((h.method() == null || h.method().equals(method)) && h.path().matcher(path).matches()) {
        hangs.remove(h);
        return h;
      }
    }
    return null;
  }

  private Injected takeInjected(String method, String path) {
    for (Injected i : injected) {
      if ((i.method() == null || i.method().equals(method)) && i.path().matcher(path).matches()) {
        injected.remove(i);
        return i;
      }
    }
    return null;
  }

  private Map.Entry<Integer, JsonNode> route(RecordedRequest request, String path, String body) {
    String auth = request.getHeaders().get("Authorization");
    if (!("Bearer " + TOKEN).equals(auth)) {
      return error(401, "unauthorized", "unable to authenticate");
    }
    String method = request.getMethod();
    Matcher m;
    if (method.equals("GET") && path.equals("/v1/floating_ips")) {
      return page(request, "floating_ips", floatingIpAddresses.keySet().stream().map(this::floatingIpJson).toList());
    }
    if (method.equals("GET") && (m = FLOATING_IP.matcher(path)).matches()) {
      long id = Long.parseLong(m.group(1));
      return floatingIpAddresses.containsKey(id) ? ok(200, "floating_ip", floatingIpJson(id))
          : error(404, "not_found", "Floating IP with ID " + id + " not found");
    }
    if (method.equals("POST") && (m = FLOATING_IP_ACTION.matcher(path)).matches()) {
      return floatingIpAction(Long.parseLong(m.group(1)), m.group(2), body);
    }
    if (method.equals("GET") && path.equals("/v1/servers")) {
      return page(request, "servers", servers.keySet().stream().map(this::serverJson).toList());
    }
    if (method.equals("GET") && (m = SERVER.matcher(path)).matches()) {
      long id = Long.parseLong(m.group(1));
      return servers.containsKey(id) ? ok(200, "server", serverJson(id))
          : error(404, "not_found", "Server with ID " + id + " not found");
    }
    if (method.equals("POST") && (m = CHANGE_ALIAS_IPS.matcher(path)).matches()) {
      return changeAliasIps(Long.parseLong(m.group(1)), read(body));
    }
    if (method.equals("GET") && (m = ACTION.matcher(path)).matches()) {
      Act a = actions.get(Long.parseLong(m.group(1)));
      if (a == null) {
        return error(404, "not_found", "Action not found");
      }
      if (a.status.equals("running") && --a.pollsLeft <= 0) {
        finish(a);
      }
      return ok(200, "action", actionJson(a));
    }
    return error(404, "not_found", "no such path in this fake: " + method + " " + path);
  }

  private Map.Entry<Integer, JsonNode> floatingIpAction(long id, String verb, String body) {
    if (!floatingIpAddresses.containsKey(id)) {
      return error(404, "not_found", "Floating IP with ID " + id + " not found");
    }
    if (running("floating_ip", id)) {
      return error(423, "locked", "The item you are trying to access is locked (there is already an Action running)");
    }
    if (verb.equals("assign")) {
      long server = read(body).path("server").asLong();
      if (!servers.containsKey(server)) {
        return error(422, "invalid_input", "server " + server + " not found");
      }
      if (Long.valueOf(server).equals(floatingIpServers.get(id))) {
        return error(422, "floating_ip_assigned", "The Floating IP is already assigned");
      }
      return ok(201, "action", actionJson(start("assign_floating_ip", "floating_ip", id,
          () -> floatingIpServers.put(id, server))));
    }
    return ok(201, "action", actionJson(start("unassign_floating_ip", "floating_ip", id,
        () -> floatingIpServers.put(id, null))));
  }

  private Map.Entry<Integer, JsonNode> changeAliasIps(long id, JsonNode body) {
    if (!servers.containsKey(id)) {
      return error(404, "not_found", "Server with ID " + id + " not found");
    }
    long network = body.path("network").asLong();
    List<String> entry = servers.get(id).get(network);
    if (entry == null) {
      return error(422, "server_not_attached_to_network", "server is not attached to network " + network);
    }
    if (running("server", id)) {
      return error(423, "locked", "The item you are trying to access is locked (there is already an Action running)");
    }
    List<String> wanted = new ArrayList<>();
    body.path("alias_ips").forEach(a -> wanted.add(a.asText()));
    for (String alias : wanted) {
      for (Map.Entry<Long, Map<Long, List<String>>> other : servers.entrySet()) {
        List<String> theirs = other.getValue().get(network);
        if (other.getKey() != id && theirs != null && theirs.contains(alias)) {
          // not documented; modelled on attach_to_network's error for a taken address
          return error(422, "ip_not_available", "IP " + alias + " is not available");
        }
      }
    }
    return ok(201, "action", actionJson(start("change_alias_ips", "server", id, () -> {
      List<String> now = servers.get(id).get(network);
      now.subList(1, now.size()).clear();
      now.addAll(wanted);
    })));
  }

  private boolean running(String type, long id) {
    return actions.values().stream().anyMatch(a -> a.status.equals("running") && a.resourceType.equals(type)
        && a.resourceId == id);
  }

  private Act start(String command, String type, long id, Runnable effect) {
    Act a = new Act(nextAction++, command, type, id, effect, runningPolls);
    if (nextActionError != null) {
      String[] error = nextActionError.split("\n", 2);
      a.errorCode = error[0];
      a.errorMessage = error[1];
      nextActionError = null;
    }
    actions.put(a.id, a);
    if (runningPolls == 0) {
      finish(a);
    }
    return a;
  }

  private static void finish(Act a) {
    if (a.errorCode != null) {
      a.status = "error";
    } else {
      a.status = "success";
      a.effect.run();
    }
  }

  private Map.Entry<Integer, JsonNode> page(RecordedRequest request, String name, List<JsonNode> all) {
    int page = Integer.parseInt(Optional.ofNullable(request.getUrl().queryParameter("page")).orElse("1"));
    int perPage = Math.min(pageSize,
        Integer.parseInt(Optional.ofNullable(request.getUrl().queryParameter("per_page")).orElse("25")));
    int last = Math.max(1, (all.size() + perPage - 1) / perPage);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode items = body.putArray(name);
    all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(items::add);
    ObjectNode pagination = body.putObject("meta").putObject("pagination");
    pagination.put("page", page).put("per_page", perPage).put("last_page", last).put("total_entries", all.size());
    if (page > 1) {
      pagination.put("previous_page", page - 1);
    } else {
      pagination.putNull("previous_page");
    }
    if (page < last) {
      pagination.put("next_page", page + 1);
    } else {
      pagination.putNull("next_page");
    }
    return Map.entry(200, body);
  }

  private JsonNode floatingIpJson(long id) {
    String ip = floatingIpAddresses.get(id);
    ObjectNode f = JSON.createObjectNode();
    f.put("id", id).put("name", "fip-" + id).putNull("description").put("ip", ip)
        .put("type", ip.contains(":") ? "ipv6" : "ipv4");
    Long server = floatingIpServers.get(id);
    if (server == null) {
      f.putNull("server");
    } else {
      f.put("server", server);
    }
    f.putArray("dns_ptr");
    f.set("home_location", read(location()));
    f.put("blocked", false).put("created", CREATED);
    f.putObject("protection").put("delete", false);
    f.putObject("labels");
    return f;
  }

  private JsonNode serverJson(long id) {
    ObjectNode s = SERVER_TEMPLATE.deepCopy();
    s.put("id", id).put("name", "server-" + id);
    ArrayNode nets = s.putArray("private_net");
    Map<Long, List<String>> attached = servers.get(id);
    for (Map.Entry<Long, List<String>> net : attached.entrySet()) {
      ObjectNode n = nets.addObject();
      n.put("network", net.getKey()).put("ip", net.getValue().get(0)).put("mac_address", "86:00:ff:2a:7d:e1");
      ArrayNode aliases = n.putArray("alias_ips");
      net.getValue().subList(1, net.getValue().size()).forEach(aliases::add);
    }
    return s;
  }

  private static JsonNode actionJson(Act a) {
    ObjectNode j = JSON.createObjectNode();
    j.put("id", a.id).put("command", a.command).put("status", a.status)
        .put("progress", a.status.equals("running") ? 50 : 100).put("started", CREATED);
    if (a.status.equals("running")) {
      j.putNull("finished");
    } else {
      j.put("finished", CREATED);
    }
    j.putArray("resources").addObject().put("id", a.resourceId).put("type", a.resourceType);
    if (a.status.equals("error")) {
      j.putObject("error").put("code", a.errorCode).put("message", a.errorMessage);
    } else {
      j.putNull("error");
    }
    return j;
  }

  private static Map.Entry<Integer, JsonNode> ok(int status, String name, JsonNode value) {
    ObjectNode body = JSON.createObjectNode();
    body.set(name, value);
    return Map.entry(status, body);
  }

  private static Map.Entry<Integer, JsonNode> error(int status, String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("code", code).put("message", message).putObject("details");
    return Map.entry(status, body);
  }

  private static String location() {
    return """
        {"city": "Falkenstein", "country": "DE", "description": "Falkenstein DC Park 1", "id": 1,
         "latitude": 50.47612, "longitude": 12.370071, "name": "fsn1", "network_zone": "eu-central"}""";
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
