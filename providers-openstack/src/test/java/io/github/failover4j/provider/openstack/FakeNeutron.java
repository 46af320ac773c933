package io.github.failover4j.provider.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.VirtualIp;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A stateful Neutron on MockWebServer, under {@code /networking} as devstack serves it: ports with
 * their fixed IPs and allowed address pairs, and floating IPs, each with a revision number that
 * every change increments. It accepts only tokens the fake Keystone issued and has not revoked or
 * let expire (401 otherwise), and it answers as Neutron's API reference documents:
 *
 * <ul>
 *   <li>a write whose {@code If-Match: revision_number=N} is stale gets 412
 *       {@code RevisionNumberConstraintFailed} (the If-Match extension, which the OpenAPI
 *       description does not declare);
 *   <li>associating a floating IP with a port whose fixed IP already has another one gets 409
 *       {@code FloatingIPPortAlreadyAssociated}; an unknown port 404 {@code PortNotFound}; a fixed IP
 *       the port does not have 400;
 *   <li>an associated floating IP is {@code DOWN} until it has been read a number of times (the
 *       data plane is programmed after the API answers), then {@code ACTIVE};
 *   <li>a port update replaces the whole {@code allowed_address_pairs} list, a pair without MAC
 *       getting the port's; a duplicate pair, or one equal to the port's own address and MAC, gets
 *       400.
 * </ul>
 *
 * <p>Every exchange is checked against openstack-network-v2.yaml, plus what that description cannot
 * say: ids are UUIDs, and every write carries {@code If-Match}. Failures and hangs can be injected
 * one request at a time, and changes made "by another client" just before a write.
 */
final class FakeNeutron extends Dispatcher {
  static final String BASE = "/networking";
  /** The router behind every floating IP. */
  static final String ROUTER = "0b7c5c2e-51ad-4b8a-9c0e-6f3d1e2a4b5c";
  /** The external network the floating IPs are of. */
  static final String EXTERNAL = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TIME = "2026-12-02T14:00:00Z";
  private static final Pattern FLOATING_IP = Pattern.compile(BASE + "/v2\\.0/floatingips/([^/]+)");
  private static final Pattern PORT = Pattern.compile(BASE + "/v2\\.0/ports/([^/]+)");
  private static final Pattern IF_MATCH = Pattern.compile("revision_number=(\\d+)");

  private static final class PortState {
    final String id;
    final String network;
    final String device;
    final String mac;
    final List<String> fixedIps;
    List<String[]> pairs = new ArrayList<>();
    long revision = 1;

    PortState(String id, String network, String device, String mac, List<String> fixedIps) {
      this.id = id;
      this.network = network;
      this.device = device;
      this.mac = mac;
      this.fixedIps = fixedIps;
    }
  }

  private static final class FloatingIpState {
    final String id;
    final String address;
    String port;
    String fixedIp;
    String status = "DOWN";
    int readsUntilActive;
    long revision = 1;

    FloatingIpState(String id, String address) {
      this.id = id;
      this.address = address;
    }
  }

  /** Something waiting for a request of a method to a path. */
  private interface Awaiting {
    String method();

    Pattern path();
  }

  private record Injected(String method, Pattern path, int status, String body, Map<String, String> headers)
      implements Awaiting {}

  private record Hang(String method, Pattern path, CountDownLatch arrived) implements Awaiting {}

  private record Change(String method, Pattern path, Runnable change) implements Awaiting {}

  private final FakeKeystone keystone;
  private final Map<String, PortState> ports = new LinkedHashMap<>();
  private final Map<String, FloatingIpState> floatingIps = new LinkedHashMap<>();
  private final Deque<Injected> injected = new ArrayDeque<>();
  private final Deque<Hang> hangs = new ArrayDeque<>();
  private final Deque<Change> changes = new ArrayDeque<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private int activeAfterReads = 1;
  private int pageSize = Integer.MAX_VALUE;
  private int refusedTokens;

  FakeNeutron(FakeKeystone keystone) {
    this.keystone = keystone;
  }

  /**
   * Adds a port.
   *
   * @param id its id
   * @param network its network
   * @param device its instance
   * @param mac its MAC
   * @param fixedIp its fixed IP
   * @param pairs its allowed address pairs' addresses, with the port's MAC
   * @return this fake
   */
  synchronized FakeNeutron port(String id, String network, String device, String mac, String fixedIp,
      String... pairs) {
    PortState port = new PortState(id, network, device, mac, new ArrayList<>(List.of(fixedIp)));
    for (String pair : pairs) {
      port.pairs.add(new String[] {pair, mac});
    }
    ports.put(id, port);
    return this;
  }

  /**
   * Adds a floating IP.
   *
   * @param id its id
   * @param address its address
   * @param port the port it is associated with (at the port's first fixed IP), or null
   * @return this fake
   */
  synchronized FakeNeutron floatingIp(String id, String address, String port) {
    FloatingIpState ip = new FloatingIpState(id, address);
    floatingIps.put(id, ip);
    if (port != null) {
      ip.port = port;
      ip.fixedIp = ports.get(port).fixedIps.get(0);
      ip.status = "ACTIVE";
    }
    return this;
  }

  /** Gives a port another fixed IP. */
  synchronized void addFixedIp(String port, String ip) {
    ports.get(port).fixedIps.add(ip);
  }

  /** Lists ports a page of this many at a time, with a next link, as Neutron does with pagination on. */
  synchronized void pageSize(int ports) {
    pageSize = ports;
  }

  /** Sets how many reads an associated floating IP stays DOWN before it is ACTIVE (0: at once). */
  synchronized void activeAfterReads(int reads) {
    activeAfterReads = reads;
  }

  /**
   * Associates a floating IP directly, as another client would: its revision increments.
   *
   * @param id the floating IP
   * @param port the port, or null to dissociate
   */
  synchronized void associate(String id, String port) {
    FloatingIpState ip = floatingIps.get(id);
    ip.port = port;
    ip.fixedIp = port == null ? null : ports.get(port).fixedIps.get(0);
    ip.status = port == null ? "DOWN" : "ACTIVE";
    ip.revision++;
  }

  /**
   * Replaces a port's allowed address pairs directly, as another client would.
   *
   * @param id the port
   * @param addresses the pairs' addresses, with the port's MAC
   */
  synchronized void pairs(String id, String... addresses) {
    PortState port = ports.get(id);
    port.pairs = new ArrayList<>();
    for (String a : addresses) {
      port.pairs.add(new String[] {a, port.mac});
    }
    port.revision++;
  }

  /** Returns the port a floating IP is associated with. */
  synchronized Optional<String> holder(String floatingIp) {
    return Optional.ofNullable(floatingIps.get(floatingIp).port);
  }

  /** Returns the fixed IP a floating IP is translated to. */
  synchronized Optional<String> fixedIp(String floatingIp) {
    return Optional.ofNullable(floatingIps.get(floatingIp).fixedIp);
  }

  /** Returns a floating IP's revision number. */
  synchronized long revision(String floatingIp) {
    return floatingIps.get(floatingIp).revision;
  }

  /** Returns the addresses of a port's allowed address pairs. */
  synchronized List<String> pairs(String port) {
    return ports.get(port).pairs.stream().map(p -> p[0]).toList();
  }

  /** Returns a port's allowed address pairs, as {@code address mac}. */
  synchronized List<String> pairsWithMac(String port) {
    return ports.get(port).pairs.stream().map(p -> p[0] + " " + p[1]).toList();
  }

  /**
   * Answers the next matching request with a Neutron error document.
   *
   * @param method the method, or {@code *} for any
   * @param path a regular expression for the path under {@code /networking}, e.g. {@code /v2.0/ports/.*}
   * @param status the HTTP status
   * @param type Neutron's exception type
   * @param message its message
   * @param headers extra headers, name and value
   */
  synchronized void fail(String method, String path, int status, String type, String message, String... headers) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("NeutronError").put("type", type).put("message", message).put("detail", "");
    Map<String, String> extra = new HashMap<>();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      extra.put(headers[i], headers[i + 1]);
    }
    injected.add(new Injected(method, Pattern.compile(BASE + path), status, body.toString(), extra));
  }

  /**
   * Holds the next matching request without an answer until the fake is closed.
   *
   * @return counted down when the request arrives
   */
  synchronized CountDownLatch hang(String method, String path) {
    CountDownLatch arrived = new CountDownLatch(1);
    hangs.add(new Hang(method, Pattern.compile(BASE + path), arrived));
    return arrived;
  }

  /** Runs a change just before the next matching request is answered: another client's, in between. */
  synchronized void before(String method, String path, Runnable change) {
    changes.add(new Change(method, Pattern.compile(BASE + path), change));
  }

  /** Returns the requests, as {@code METHOD /v2.0/path?query}, a write with its If-Match and body. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Returns the writes. */
  List<String> writes() {
    return requests().stream().filter(r -> r.startsWith("PUT")).toList();
  }

  /** Returns how many requests were refused for their token. */
  synchronized int refusedTokens() {
    return refusedTokens;
  }

  /** Returns every violation seen so far. */
  List<String> violations() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    String path = request.getUrl().encodedPath();
    String method = request.getMethod();
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    String query = request.getUrl().encodedQuery();
    String ifMatch = request.getHeaders().get("If-Match");
    requests.add(method + " " + path.substring(Math.min(path.length(), BASE.length())) + (query == null ? "" : "?" + query)
        + (method.equals("PUT") ? " If-Match: " + ifMatch + " " + body : ""));
    Hang hang = take(hangs, method, path);
    if (hang != null) {
      hang.arrived().countDown();
      closed.await();
      return new MockResponse.Builder().code(503).build();
    }
    int status;
    String answer;
    Map<String, String> headers = new HashMap<>();
    headers.put("X-OpenStack-Request-Id", "req-" + UUID.randomUUID());
    synchronized (this) {
      Change change = take(changes, method, path);
      if (change != null) {
        change.change().run();
      }
      Injected failure = take(injected, method, path);
      if (failure != null) {
        status = failure.status();
        answer = failure.body();
        headers.putAll(failure.headers());
      } else if (!keystone.valid(request.getHeaders().get("X-Auth-Token"))) {
        // keystonemiddleware's answer in front of Neutron
        refusedTokens++;
        status = 401;
        answer = "{\"error\": {\"code\": 401, \"title\": \"Unauthorized\", \"message\": \"The request you have made "
            + "requires authentication.\"}}";
      } else {
        Map.Entry<Integer, JsonNode> result = route(method, path, request, body, ifMatch);
        status = result.getKey();
        answer = result.getValue().toString();
      }
    }
    violations.addAll(Specs.violations(Specs.NETWORK, BASE, request, status, answer, headers));
    MockResponse.Builder response = new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json");
    headers.forEach(response::setHeader);
    return response.body(answer).build();
  }

  @Override
  public void close() {
    closed.countDown();
  }

  private synchronized <T extends Awaiting> T take(Deque<T> queue, String method, String path) {
    for (T item : queue) {
      if ((item.method().equals("*") || item.method().equals(method)) && item.path().matcher(path).matches()) {
        queue.remove(item);
        return item;
      }
    }
    return null;
  }

  private Map.Entry<Integer, JsonNode> route(String method, String path, RecordedRequest request, String body,
      String ifMatch) {
    Matcher m;
    if (method.equals("GET") && path.equals(BASE + "/v2.0/floatingips")) {
      String address = request.getUrl().queryParameter("floating_ip_address");
      ArrayNode list = JSON.createArrayNode();
      floatingIps.values().stream().filter(f -> address == null || f.address.equals(address))
          .forEach(f -> list.add(floatingIpJson(f)));
      return ok("floatingips", list);
    }
    if ((m = FLOATING_IP.matcher(path)).matches()) {
      String id = m.group(1);
      checkUuid("floating IP id in the path", id);
      FloatingIpState ip = floatingIps.get(id);
      if (ip == null) {
        return error(404, "FloatingIPNotFound", "Floating IP " + id + " could not be found");
      }
      if (method.equals("GET")) {
        if (ip.port != null && ip.status.equals("DOWN") && --ip.readsUntilActive <= 0) {
          ip.status = "ACTIVE";
        }
        return ok("floatingip", floatingIpJson(ip));
      }
      if (method.equals("PUT")) {
        return updateFloatingIp(ip, read(body), ifMatch);
      }
    }
    if (method.equals("GET") && path.equals(BASE + "/v2.0/ports")) {
      String device = request.getUrl().queryParameter("device_id");
      String network = request.getUrl().queryParameter("network_id");
      String marker = request.getUrl().queryParameter("marker");
      List<PortState> matching = ports.values().stream().filter(p -> device == null || p.device.equals(device))
          .filter(p -> network == null || p.network.equals(network)).toList();
      int from = marker == null ? 0 : matching.indexOf(ports.get(marker)) + 1;
      int to = Math.min(matching.size(), from + pageSize);
      ArrayNode list = JSON.createArrayNode();
      matching.subList(from, to).forEach(p -> list.add(portJson(p)));
      Map.Entry<Integer, JsonNode> page = ok("ports", list);
      if (to < matching.size()) {
        String next = request.getUrl().newBuilder().removeAllQueryParameters("marker")
            .setQueryParameter("limit", Integer.toString(pageSize)).addQueryParameter("marker", matching.get(to - 1).id)
            .build().toString();
        ((ObjectNode) page.getValue()).putArray("ports_links").addObject().put("rel", "next").put("href", next);
      }
      return page;
    }
    if ((m = PORT.matcher(path)).matches()) {
      String id = m.group(1);
      checkUuid("port id in the path", id);
      PortState port = ports.get(id);
      if (port == null) {
        return error(404, "PortNotFound", "Port " + id + " could not be found.");
      }
      if (method.equals("GET")) {
        return ok("port", portJson(port));
      }
      if (method.equals("PUT")) {
        return updatePort(port, read(body), ifMatch);
      }
    }
    return error(404, "HTTPNotFound", "The resource could not be found.");
  }

  private Map.Entry<Integer, JsonNode> updateFloatingIp(FloatingIpState ip, JsonNode body, String ifMatch) {
    Optional<Map.Entry<Integer, JsonNode>> stale = stale(ifMatch, ip.revision);
    if (stale.isPresent()) {
      return stale.get();
    }
    JsonNode update = body.path("floatingip");
    onlyFields("PUT floatingip", body, Set.of("floatingip"));
    onlyFields("PUT floatingip", update, Set.of("port_id", "fixed_ip_address"));
    JsonNode portId = update.path("port_id");
    if (portId.isMissingNode() || portId.isNull()) {
      ip.port = null;
      ip.fixedIp = null;
      ip.status = "DOWN";
      ip.revision++;
      return ok("floatingip", floatingIpJson(ip));
    }
    if (!portId.isTextual() || !Specs.uuid(portId.asText())) {
      violations.add("PUT floatingip: port_id " + portId + " (expected: a UUID)");
      return error(400, "HTTPBadRequest", "Invalid input for port_id");
    }
    PortState port = ports.get(portId.asText());
    if (port == null) {
      return error(404, "PortNotFound", "Port " + portId.asText() + " could not be found.");
    }
    String fixed = update.path("fixed_ip_address").asText(port.fixedIps.get(0));
    if (!port.fixedIps.contains(fixed)) {
      return error(400, "BadRequest", "Bad floatingip request: Port " + port.id + " does not have fixed ip " + fixed
          + ".");
    }
    for (FloatingIpState other : floatingIps.values()) {
      if (other != ip && port.id.equals(other.port) && fixed.equals(other.fixedIp)) {
        return error(409, "FloatingIPPortAlreadyAssociated", "Cannot associate floating IP " + ip.address + " ("
            + ip.id + ") with port " + port.id + " using fixed IP " + fixed + ", as that fixed IP already has a "
            + "floating IP on external network " + EXTERNAL + ".");
      }
    }
    ip.port = port.id;
    ip.fixedIp = fixed;
    ip.readsUntilActive = activeAfterReads;
    ip.status = activeAfterReads == 0 ? "ACTIVE" : "DOWN";
    ip.revision++;
    return ok("floatingip", floatingIpJson(ip));
  }

  private Map.Entry<Integer, JsonNode> updatePort(PortState port, JsonNode body, String ifMatch) {
    Optional<Map.Entry<Integer, JsonNode>> stale = stale(ifMatch, port.revision);
    if (stale.isPresent()) {
      return stale.get();
    }
    onlyFields("PUT port", body, Set.of("port"));
    onlyFields("PUT port", body.path("port"), Set.of("allowed_address_pairs"));
    JsonNode list = body.path("port").path("allowed_address_pairs");
    if (!list.isArray()) {
      violations.add("PUT port without allowed_address_pairs: " + body);
      return error(400, "HTTPBadRequest", "Invalid input");
    }
    List<String[]> pairs = new ArrayList<>();
    for (JsonNode pair : list) {
      onlyFields("PUT port: an allowed address pair", pair, Set.of("ip_address", "mac_address"));
      String ip = pair.path("ip_address").asText(null);
      String mac = pair.path("mac_address").asText(port.mac);
      if (ip == null || !address(ip)) {
        return error(400, "InvalidInput", "Invalid input for operation: '" + ip + "' is not a valid IP address.");
      }
      if (port.fixedIps.contains(ip) && mac.equals(port.mac)) {
        return error(400, "AddressPairMatchesPortFixedIPAndMac", "Port's Fixed IP and Mac Address match an address "
            + "pair entry.");
      }
      if (pairs.stream().anyMatch(p -> p[0].equals(ip) && p[1].equals(mac))) {
        return error(400, "DuplicateAddressPairInRequest", "Request contains duplicate address pair: mac_address "
            + mac + " ip_address " + ip + ".");
      }
      pairs.add(new String[] {ip, mac});
    }
    port.pairs = pairs;
    port.revision++;
    return ok("port", portJson(port));
  }

  /** 412 if the write's If-Match names another revision; every write must carry one. */
  private Optional<Map.Entry<Integer, JsonNode>> stale(String ifMatch, long revision) {
    if (ifMatch == null) {
      violations.add("a write without If-Match: revision_number");
      return Optional.empty();
    }
    Matcher m = IF_MATCH.matcher(ifMatch);
    if (!m.matches()) {
      violations.add("If-Match: " + ifMatch + " (expected: revision_number=N)");
      return Optional.of(error(400, "HTTPBadRequest", "Invalid If-Match"));
    }
    if (Long.parseLong(m.group(1)) != revision) {
      return Optional.of(error(412, "RevisionNumberConstraintFailed", "Constrained to " + m.group(1)
          + ", but current revision is " + revision));
    }
    return Optional.empty();
  }

  /** Records a field the mover did not mean to send, e.g. a typo the description would let through. */
  private void onlyFields(String what, JsonNode object, Set<String> allowed) {
    object.properties().forEach(field -> {
      if (!allowed.contains(field.getKey())) {
        violations.add(what + ": field " + field.getKey() + " (expected: only " + allowed + ")");
      }
    });
  }

  private void checkUuid(String what, String id) {
    if (!Specs.uuid(id)) {
      violations.add(what + ": " + id + " (expected: a UUID)");
    }
  }

  private static boolean address(String text) {
    try {
      VirtualIp.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private JsonNode floatingIpJson(FloatingIpState ip) {
    ObjectNode j = JSON.createObjectNode();
    j.put("id", ip.id).put("tenant_id", FakeKeystone.PROJECT_ID).put("project_id", FakeKeystone.PROJECT_ID)
        .put("floating_ip_address", ip.address).put("floating_network_id", EXTERNAL);
    if (ip.port == null) {
      j.putNull("router_id").putNull("port_id").putNull("fixed_ip_address").putNull("port_details");
    } else {
      PortState port = ports.get(ip.port);
      j.put("router_id", ROUTER).put("port_id", ip.port).put("fixed_ip_address", ip.fixedIp);
      j.putObject("port_details").put("name", "").put("network_id", port.network).put("mac_address", port.mac)
          .put("admin_state_up", true).put("status", "ACTIVE").put("device_id", port.device)
          .put("device_owner", "compute:nova");
    }
    j.put("status", ip.status).put("description", "").putNull("qos_policy_id");
    j.putArray("tags");
    j.putArray("port_forwardings");
    j.put("created_at", TIME).put("updated_at", TIME).put("revision_number", ip.revision);
    return j;
  }

  private JsonNode portJson(PortState port) {
    ObjectNode j = JSON.createObjectNode();
    j.put("id", port.id).put("name", "").put("network_id", port.network).put("tenant_id", FakeKeystone.PROJECT_ID)
        .put("project_id", FakeKeystone.PROJECT_ID).put("mac_address", port.mac).put("admin_state_up", true)
        .put("status", "ACTIVE").put("device_id", port.device).put("device_owner", "compute:nova");
    ArrayNode fixed = j.putArray("fixed_ips");
    port.fixedIps.forEach(ip -> fixed.addObject().put("subnet_id", "a0304c3a-4f08-4c43-88af-d796509c97d2")
        .put("ip_address", ip));
    ArrayNode pairs = j.putArray("allowed_address_pairs");
    port.pairs.forEach(p -> pairs.addObject().put("ip_address", p[0]).put("mac_address", p[1]));
    j.putArray("security_groups").add("f0ac4394-7e4a-4409-9701-ba8be283dbc3");
    j.put("port_security_enabled", true).put("binding:vnic_type", "normal").put("description", "");
    j.putArray("tags");
    j.put("created_at", TIME).put("updated_at", TIME).put("revision_number", port.revision);
    return j;
  }

  private static Map.Entry<Integer, JsonNode> ok(String name, JsonNode value) {
    ObjectNode body = JSON.createObjectNode();
    body.set(name, value);
    return Map.entry(200, body);
  }

  private static Map.Entry<Integer, JsonNode> error(int status, String type, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("NeutronError").put("type", type).put("message", message).put("detail", "");
    return Map.entry(status, body);
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
