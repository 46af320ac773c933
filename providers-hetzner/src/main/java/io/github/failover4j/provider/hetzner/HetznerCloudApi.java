package io.github.failover4j.provider.hetzner;

import static io.github.failover4j.provider.support.JsonBodies.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.provider.support.ErrorText;
import io.github.failover4j.provider.support.HttpExchange;
import io.github.failover4j.provider.support.JsonBodies;
import io.github.failover4j.provider.support.Reply;
import io.github.failover4j.provider.support.RetryAfter;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import io.github.failover4j.spi.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few calls of the Hetzner Cloud API that move an address: read and assign floating IPs, read
 * servers and change their alias IPs, and follow the actions those writes start. Failures are
 * classified as the API documents them: {@code locked}, {@code conflict}, rate limits, 5xx and
 * network errors are retried; a bad token, a missing resource or invalid input are not.
 */
final class HetznerCloudApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HetznerCloudApi.class);
  private static final MediaType JSON = MediaType.get("application/json");
  /** The most the API returns per page. */
  private static final int PER_PAGE = 50;
  /** A bound on pagination, in case an answer kept naming a next page. */
  private static final int MAX_PAGES = 1000;
  /**
   * Codes that a retry may cure, whatever their status: the API's own "please retry" ones, and
   * {@code maintenance}, a 403 that passes.
   */
  private static final Set<String> TRANSIENT_CODES = Set.of("conflict", "locked", "rate_limit_exceeded",
      "limit_reached", "timeout", "unavailable", "server_error", "bad_gateway", "maintenance", "robot_unavailable");

  private final HttpExchange http;
  private final HttpUrl endpoint;
  private final Secret token;
  private final Duration requestTimeout;
  private final Clock clock;
  private volatile boolean budgetLow;

  /**
   * Creates the client of one mover.
   *
   * @param http the HTTP client
   * @param endpoint the API's base URL, e.g. {@code https://api.hetzner.cloud/v1}
   * @param token the project's API token
   * @param requestTimeout the longest wait for one answer
   * @param clock the wall clock, to turn {@code RateLimit-Reset} into a wait
   */
  HetznerCloudApi(HttpExchange http, HttpUrl endpoint, Secret token, Duration requestTimeout, Clock clock) {
    this.http = http;
    this.endpoint = endpoint;
    this.token = token;
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
  FloatingIp floatingIp(MoverCall call, long id) throws IpMoverException {
    String what = "read floating IP " + id;
    return FloatingIp.of(field(get(call, url("floating_ips", Long.toString(id)), what), "floating_ip", what));
  }

  /**
   * Lists the project's floating IPs, page by page.
   *
   * @param call the operation
   * @return every floating IP
   * @throws IpMoverException if they could not be read
   */
  List<FloatingIp> floatingIps(MoverCall call) throws IpMoverException {
    return all(call, "floating_ips", FloatingIp::of, "list floating IPs");
  }

  /**
   * Assigns a floating IP to a server.
   *
   * @param call the operation
   * @param id the floating IP's id
   * @param server the server's id
   * @return the action that assigns it, or empty if the API says it is assigned already
   *     ({@code 422 floating_ip_assigned})
   * @throws IpMoverException if it could not be started
   */
  Optional<Action> assignFloatingIp(MoverCall call, long id, long server) throws IpMoverException {
    String what = "assign floating IP " + id + " to server " + server;
    ObjectNode body = JsonBodies.object().put("server", server);
    Reply reply = send(call, post(url("floating_ips", Long.toString(id), "actions", "assign"), body), what);
    if (reply.status() == 422 && ApiError.of(reply).code().equals("floating_ip_assigned")) {
      return Optional.empty();
    }
    return Optional.of(action(reply, what));
  }

  /**
   * Unassigns a floating IP.
   *
   * @param call the operation
   * @param id its id
   * @return the action that unassigns it
   * @throws IpMoverException if it could not be started
   */
  Action unassignFloatingIp(MoverCall call, long id) throws IpMoverException {
    String what = "unassign floating IP " + id;
    return action(send(call, post(url("floating_ips", Long.toString(id), "actions", "unassign"), null), what), what);
  }

  /**
   * Reads a server.
   *
   * @param call the operation
   * @param id its id
   * @return the server
   * @throws IpMoverException if it could not be read
   */
  Server server(MoverCall call, long id) throws IpMoverException {
    String what = "read server " + id;
    return Server.of(field(get(call, url("servers", Long.toString(id)), what), "server", what));
  }

  /**
   * Lists the project's servers, page by page.
   *
   * @param call the operation
   * @return every server
   * @throws IpMoverException if they could not be read
   */
  List<Server> servers(MoverCall call) throws IpMoverException {
    return all(call, "servers", Server::of, "list servers");
  }

  /**
   * Replaces a server's alias IPs in a network: the API sets the whole list.
   *
   * @param call the operation
   * @param server the server's id
   * @param network the network's id
   * @param aliasIps the new list
   * @return the action that changes them
   * @throws IpMoverException if it could not be started
   */
  Action changeAliasIps(MoverCall call, long server, long network, List<String> aliasIps) throws IpMoverException {
    String what = "change alias IPs of server " + server + " in network " + network + " to " + aliasIps;
    ObjectNode body = JsonBodies.object().put("network", network);
    aliasIps.forEach(body.putArray("alias_ips")::add);
    return action(send(call, post(url("servers", Long.toString(server), "actions", "change_alias_ips"), body), what),
        what);
  }

  /**
   * Follows an action until it succeeded, reading it every {@code pollInterval}.
   *
   * @param call the operation, whose cancellation and deadline end the wait
   * @param started the action as its write returned it
   * @param pollInterval the wait between two reads
   * @param what the write, for messages
   * @throws IpMoverException RETRYABLE with the action's error code if it failed, CANCELLED if the
   *     operation ended first, or the failure of a read
   */
  void await(MoverCall call, Action started, Duration pollInterval, String what) throws IpMoverException {
    Action action = started;
    while (!action.status().equals("success")) {
      if (action.status().equals("error")) {
        // the request was valid and the backend could not carry it out: a later attempt may
        String message = ErrorText.shorten(action.errorMessage(), token::redact);
        throw new IpMoverException(IpMoverException.Kind.RETRYABLE, token.redact(what + ": action " + action.id()
            + " (" + action.command() + ") failed: " + action.errorCode() + (message.isEmpty() ? "" : ": " + message)),
            null, null);
      }
      call.pause(pollInterval);
      String read = "read action " + action.id() + " of " + what;
      action = Action.of(field(get(call, url("actions", Long.toString(action.id())), read), "action", read));
    }
  }

  private <T> List<T> all(MoverCall call, String collection, Function<JsonNode, T> reader, String what)
      throws IpMoverException {
    List<T> items = new ArrayList<>();
    long page = 1;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      HttpUrl url = url(collection).newBuilder()
          .addQueryParameter("page", Long.toString(page))
          .addQueryParameter("per_page", Integer.toString(PER_PAGE))
          .build();
      JsonNode body = get(call, url, what + " (page " + page + ")");
      for (JsonNode item : field(body, collection, what)) {
        items.add(reader.apply(item));
      }
      JsonNode next = body.path("meta").path("pagination").path("next_page");
      if (!next.isIntegralNumber() || next.asLong() <= page) {
        return items;
      }
      page = next.asLong();
    }
    throw new IpMoverException(what + ": more than " + MAX_PAGES + " pages");
  }

  private HttpUrl url(String... segments) {
    HttpUrl.Builder b = endpoint.newBuilder();
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b.build();
  }

  private Request.Builder request(HttpUrl url) {
    return new Request.Builder().url(url)
        .header("Authorization", "Bearer " + token.reveal())
        .header("Accept", "application/json");
  }

  private Request post(HttpUrl url, JsonNode body) {
    // unassign takes no body; OkHttp still needs one for a POST
    RequestBody content = body == null ? RequestBody.create(new byte[0])
        : RequestBody.create(JsonBodies.write(body), JSON);
    return request(url).post(content).build();
  }

  private JsonNode get(MoverCall call, HttpUrl url, String what) throws IpMoverException {
    Reply reply = send(call, request(url).get().build(), what);
    if (!reply.ok()) {
      throw failure(what, reply);
    }
    return JsonBodies.read(reply.body());
  }

  private Reply send(MoverCall call, Request request, String what) throws IpMoverException {
    Reply reply = http.send(call, request, requestTimeout, what);
    watchBudget(reply);
    return reply;
  }

  private Action action(Reply reply, String what) throws IpMoverException {
    if (!reply.ok()) {
      throw failure(what, reply);
    }
    return Action.of(field(JsonBodies.read(reply.body()), "action", what));
  }

  /**
   * Classifies a failed answer.
   *
   * @param what the call, for the message
   * @param reply the answer
   * @return the failure: retryable after the wait the API asked for, or permanent
   */
  IpMoverException failure(String what, Reply reply) {
    ApiError error = ApiError.of(reply);
    String message = what + ": " + error.describe(reply, token);
    Optional<Duration> wait = RetryAfter.of(reply.headers(), clock);
    if (wait.isEmpty() && reply.status() == 429) {
      wait = Waits.rateLimitReset(reply.headers(), clock);
    }
    if (TRANSIENT_CODES.contains(error.code())) {
      return new IpMoverException(IpMoverException.Kind.RETRYABLE, message, null, wait.orElse(null));
    }
    if (reply.status() == 401) {
      message += " (the mover needs a read-write API token of the project)";
    }
    return IpMoverException.ofHttpStatus(message, reply.status(), wait);
  }

  /**
   * Tells what is left of the project's hourly request budget, for an answer's log line.
   *
   * @param reply the answer
   * @return e.g. {@code , rate limit 3599/3600 left}, or empty without Hetzner's headers
   */
  static String budgetNote(Reply reply) {
    String remaining = reply.headers().get("RateLimit-Remaining");
    String limit = reply.headers().get("RateLimit-Limit");
    return remaining == null ? "" : ", rate limit " + remaining + "/" + (limit == null ? "?" : limit) + " left";
  }

  /** Warns once when the project's hourly request budget runs low: every node of the project shares it. */
  private void watchBudget(Reply reply) {
    try {
      String remaining = reply.headers().get("RateLimit-Remaining");
      String limit = reply.headers().get("RateLimit-Limit");
      if (remaining == null || limit == null) {
        return;
      }
      boolean low = Long.parseLong(remaining) * 10 < Long.parseLong(limit);
      if (low && !budgetLow) {
        LOG.warn("Hetzner Cloud API: {} of {} requests per hour left for this project; the budget is shared by "
            + "every client of the project", remaining, limit);
      }
      budgetLow = low;
    } catch (NumberFormatException e) {
      // not Hetzner's headers: nothing to watch
    }
  }

  /** Lets go of the HTTP client's connections. */
  @Override
  public void close() {
    http.close();
  }
}
