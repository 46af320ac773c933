package io.github.failover4j.provider.openstack;

import static io.github.failover4j.provider.support.JsonBodies.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.provider.support.AddressText;
import io.github.failover4j.provider.support.HttpExchange;
import io.github.failover4j.provider.support.JsonBodies;
import io.github.failover4j.provider.support.Reply;
import io.github.failover4j.provider.support.RetryAfter;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The few Neutron calls that move an address: read and re-associate floating IPs, read ports and
 * replace their allowed address pairs. Every write carries {@code If-Match: revision_number=N} of
 * the state it was decided on, so that Neutron refuses it (412) if anyone changed the resource
 * since; the caller then reads again and decides again.
 *
 * <p>A refused token (401) is replaced once by a new one and the request sent again; refused again,
 * the failure is permanent. Other failures are classified by status: 408, 409, 429 and 5xx are
 * transient, other 4xx permanent — except 409 {@code FloatingIPPortAlreadyAssociated}, which says
 * that this port's fixed IP already has another floating IP: no retry changes that.
 */
final class NeutronApi implements AutoCloseable {
  /** How often a mover decides a write again after a 412, within one operation. */
  static final int ATTEMPTS = 3;

  private static final MediaType JSON = MediaType.get("application/json");
  /** A bound on following a listing's next links, in case an answer kept naming one. */
  private static final int MAX_PAGES = 100;

  private final HttpExchange http;
  private final TokenCache tokens;
  private final Duration requestTimeout;
  private final Clock clock;

  /**
   * Creates the client of one mover.
   *
   * @param http the HTTP client
   * @param tokens the mover's Keystone token, and Neutron's endpoint
   * @param requestTimeout the longest wait for one answer
   * @param clock the wall clock, to turn a {@code Retry-After} date into a wait
   */
  NeutronApi(HttpExchange http, TokenCache tokens, Duration requestTimeout, Clock clock) {
    this.http = http;
    this.tokens = tokens;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
  }

  /**
   * Reads a floating IP.
   *
   * @param call the operation
   * @param id its id
   * @return the floating IP
   * @throws IpMoverException if it could not be read
   */
  FloatingIp floatingIp(MoverCall call, String id) throws IpMoverException {
    String what = "read floating IP " + id;
    return FloatingIp.of(field(get(call, t -> url(t, "floatingips", id), what), "floatingip", what));
  }

  /**
   * Finds the floating IPs of the project with an address.
   *
   * @param call the operation
   * @param address the address
   * @return the floating IPs; normally one or none
   * @throws IpMoverException if they could not be read
   */
  List<FloatingIp> floatingIpsWithAddress(MoverCall call, InetAddress address) throws IpMoverException {
    String what = "find floating IP " + AddressText.of(address);
    JsonNode body = get(call, t -> url(t, "floatingips").newBuilder()
        .addQueryParameter("floating_ip_address", AddressText.of(address)).build(), what);
    List<FloatingIp> found = new ArrayList<>();
    field(body, "floatingips", what).forEach(f -> found.add(FloatingIp.of(f)));
    return found;
  }

  /**
   * Associates a floating IP with a port, or dissociates it, if nobody changed it since it was read.
   *
   * @param call the operation
   * @param current the floating IP as it was read
   * @param portId the port, or empty to dissociate
   * @param fixedIp the port's fixed IP to translate to, or empty for Neutron's choice (its first)
   * @return the floating IP as changed, or empty if its revision was no longer {@code current}'s
   *     (HTTP 412): read it again and decide again
   * @throws IpMoverException if it could not be changed
   */
  Optional<FloatingIp> associate(MoverCall call, FloatingIp current, Optional<String> portId,
      Optional<InetAddress> fixedIp) throws IpMoverException {
    String what = (portId.isPresent() ? "associate floating IP " + current.id() + " with port " + portId.get()
        : "dissociate floating IP " + current.id()) + " at revision " + current.revision();
    ObjectNode body = JsonBodies.object();
    ObjectNode floatingIp = body.putObject("floatingip");
    if (portId.isPresent()) {
      floatingIp.put("port_id", portId.get());
      fixedIp.ifPresent(ip -> floatingIp.put("fixed_ip_address", AddressText.of(ip)));
    } else {
      floatingIp.putNull("port_id");
    }
    Reply reply = exchange(call, t -> put(url(t, "floatingips", current.id()), body, current.revision()), what);
    if (reply.status() == 412) {
      return Optional.empty();
    }
    if (!reply.ok()) {
      throw failure(what, reply);
    }
    return Optional.of(FloatingIp.of(field(JsonBodies.read(reply.body()), "floatingip", what)));
  }

  /**
   * Reads a port.
   *
   * @param call the operation
   * @param id its id
   * @return the port
   * @throws IpMoverException if it could not be read
   */
  Port port(MoverCall call, String id) throws IpMoverException {
    String what = "read port " + id;
    return Port.of(field(get(call, t -> url(t, "ports", id), what), "port", what));
  }

  /**
   * Lists the ports with an attribute, e.g. those of an instance ({@code device_id}) or of a
   * network ({@code network_id}), following the listing's next links if Neutron paginates it.
   *
   * @param call the operation
   * @param attribute the filter, e.g. {@code device_id}
   * @param value its value
   * @return the ports
   * @throws IpMoverException if they could not be read
   */
  List<Port> ports(MoverCall call, String attribute, String value) throws IpMoverException {
    String what = "list the ports with " + attribute + " " + value;
    List<Port> ports = new ArrayList<>();
    Function<Token, HttpUrl> page = t -> url(t, "ports").newBuilder().addQueryParameter(attribute, value).build();
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      JsonNode body = get(call, page, what);
      field(body, "ports", what).forEach(p -> ports.add(Port.of(p)));
      Optional<HttpUrl> next = next(body.path("ports_links"));
      if (next.isEmpty()) {
        return ports;
      }
      page = t -> nextPage(t, next.get());
    }
    throw new IpMoverException(what + ": more than " + MAX_PAGES + " pages");
  }

  /**
   * Replaces a port's allowed address pairs, if nobody changed the port since it was read.
   *
   * @param call the operation
   * @param current the port as it was read
   * @param pairs the whole new list
   * @return the port as changed, or empty if its revision was no longer {@code current}'s (HTTP
   *     412): read it again and decide again
   * @throws IpMoverException if it could not be changed
   */
  Optional<Port> setAllowedAddressPairs(MoverCall call, Port current, List<Port.AddressPair> pairs)
      throws IpMoverException {
    String what = "set the allowed address pairs of port " + current.id() + " at revision " + current.revision()
        + " to " + pairs.stream().map(Port.AddressPair::ipAddress).toList();
    ObjectNode body = JsonBodies.object();
    ArrayNode list = body.putObject("port").putArray("allowed_address_pairs");
    pairs.forEach(pair -> pair.write(list.addObject()));
    Reply reply = exchange(call, t -> put(url(t, "ports", current.id()), body, current.revision()), what);
    if (reply.status() == 412) {
      return Optional.empty();
    }
    if (!reply.ok()) {
      throw failure(what, reply);
    }
    return Optional.of(Port.of(field(JsonBodies.read(reply.body()), "port", what)));
  }

  private static HttpUrl url(Token token, String... segments) {
    HttpUrl.Builder b = token.network().newBuilder().addPathSegment("v2.0");
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b.build();
  }

  /**
   * A next link, sent to Neutron's own endpoint whatever host it names (a proxy may rewrite it):
   * the token goes nowhere else.
   */
  private static HttpUrl nextPage(Token token, HttpUrl next) {
    return url(token, "ports").newBuilder().encodedQuery(next.encodedQuery()).build();
  }

  private static Optional<HttpUrl> next(JsonNode links) {
    for (JsonNode link : links) {
      if ("next".equals(link.path("rel").asText())) {
        return Optional.ofNullable(HttpUrl.parse(link.path("href").asText("")));
      }
    }
    return Optional.empty();
  }

  // the token is added by exchange: a request may be sent again with a new one
  private static Request get(HttpUrl url) {
    return new Request.Builder().url(url).header("Accept", "application/json").get().build();
  }

  private static Request put(HttpUrl url, JsonNode body, long revision) {
    return new Request.Builder().url(url).header("Accept", "application/json")
        .header("If-Match", "revision_number=" + revision).put(RequestBody.create(body.toString(), JSON)).build();
  }

  private JsonNode get(MoverCall call, Function<Token, HttpUrl> url, String what) throws IpMoverException {
    Reply reply = exchange(call, t -> get(url.apply(t)), what);
    if (!reply.ok()) {
      throw failure(what, reply);
    }
    return JsonBodies.read(reply.body());
  }

  /**
   * Sends a request with the current token; if Neutron refuses the token, once more with a new one.
   *
   * @param request the request for a token; the token header is set here
   */
  private Reply exchange(MoverCall call, Function<Token, Request> request, String what) throws IpMoverException {
    Token token = tokens.current(call);
    Reply reply = http.send(call, withToken(request.apply(token), token), requestTimeout, what);
    if (reply.status() != 401) {
      return reply;
    }
    tokens.invalidate(token);
    Token fresh = tokens.current(call);
    reply = http.send(call, withToken(request.apply(fresh), fresh), requestTimeout, what);
    if (reply.status() == 401) {
      throw IpMoverException.permanent(what + ": " + ApiError.of(reply).describe(reply, tokens::redact)
          + " (refused a new token too: the credentials may not use Neutron)");
    }
    return reply;
  }

  private static Request withToken(Request request, Token token) {
    return request.newBuilder().header("X-Auth-Token", token.value().reveal()).build();
  }

  private IpMoverException failure(String what, Reply reply) {
    ApiError error = ApiError.of(reply);
    String message = what + ": " + error.describe(reply, tokens::redact);
    if (reply.status() == 409 && error.type().equals("FloatingIPPortAlreadyAssociated")) {
      return IpMoverException.permanent(message + " (this port's fixed IP has another floating IP already: "
          + "set fixedIp to another of the port's addresses)");
    }
    if (reply.status() == 403) {
      return IpMoverException.permanent(message + " (the credentials' role, or the application credential's "
          + "access rules, must allow this call)");
    }
    // by status alone, as every OpenStack service means its statuses: 409, 429 and 5xx pass, other 4xx do not
    return IpMoverException.ofHttpStatus(message, reply.status(), RetryAfter.of(reply.headers(), clock));
  }

  /** Lets go of the HTTP client's connections. */
  @Override
  public void close() {
    http.close();
  }
}
