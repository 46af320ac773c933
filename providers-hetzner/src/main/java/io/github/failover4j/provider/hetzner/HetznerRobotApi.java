package io.github.failover4j.provider.hetzner;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.failover4j.provider.support.HttpExchange;
import io.github.failover4j.provider.support.JsonBodies;
import io.github.failover4j.provider.support.Reply;
import io.github.failover4j.provider.support.RetryAfter;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import io.github.failover4j.spi.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The failover calls of the Hetzner Robot webservice (dedicated servers): read where a failover IP
 * is routed, route it to a server, unroute it. HTTP Basic with a webservice user, form-encoded
 * writes, JSON answers.
 *
 * <p>Robot has no published machine-readable description; the shapes here follow its documentation:
 * {@code {"failover": {ip, netmask, server_ip, server_ipv6_net, server_number, active_server_ip}}}
 * and errors {@code {"error": {status, code, message}}}. Its budget is small (100 reads and 50
 * switches an hour per user), so failures say how long to wait rather than inviting a quick retry.
 */
final class HetznerRobotApi implements AutoCloseable {
  /** Robot locks a failover IP while a switch runs, which takes 40 to 60 seconds. */
  static final Duration LOCKED_WAIT = Duration.ofSeconds(60);
  /** The wait after a rate limit when Robot does not name its interval: its budgets are hourly. */
  static final Duration RATE_LIMIT_WAIT = Duration.ofHours(1);

  private final HttpExchange http;
  private final HttpUrl endpoint;
  private final String user;
  private final Secret password;
  private final Duration requestTimeout;
  private final Duration switchTimeout;
  private final Clock clock;

  /**
   * Creates the client of one mover.
   *
   * @param http the HTTP client
   * @param endpoint the webservice's base URL, e.g. {@code https://robot-ws.your-server.de}
   * @param user the webservice user
   * @param password its password
   * @param requestTimeout the longest wait for a read
   * @param switchTimeout the longest wait for a switch, which Robot performs before it answers
   * @param clock the wall clock, for a {@code Retry-After} date
   */
  HetznerRobotApi(HttpExchange http, HttpUrl endpoint, String user, Secret password, Duration requestTimeout,
      Duration switchTimeout, Clock clock) {
    this.http = http;
    this.endpoint = endpoint;
    this.user = user;
    this.password = password;
    this.requestTimeout = requestTimeout;
    this.switchTimeout = switchTimeout;
    this.clock = clock;
  }

  /**
   * Reads where a failover IP is routed.
   *
   * @param call the operation
   * @param ip the failover IP
   * @return the failover IP
   * @throws IpMoverException if it could not be read
   */
  Failover failover(MoverCall call, String ip) throws IpMoverException {
    String what = "read failover IP " + ip;
    Reply reply = http.send(call, request(ip).get().build(), requestTimeout, what);
    return failover(reply, what);
  }

  /**
   * Routes a failover IP to a server, and waits until Robot has switched it.
   *
   * @param call the operation
   * @param ip the failover IP
   * @param serverIp the server's main IP address
   * @throws IpMoverException if it could not; {@code FAILOVER_ALREADY_ROUTED} is not a failure
   */
  void route(MoverCall call, String ip, String serverIp) throws IpMoverException {
    String what = "route failover IP " + ip + " to " + serverIp;
    FormBody form = new FormBody.Builder(StandardCharsets.UTF_8).add("active_server_ip", serverIp).build();
    Reply reply = http.send(call, request(ip).post(form).build(), switchTimeout, what);
    // Robot refuses a switch to where the IP is routed already, with 409 or 400 depending on version
    if (!reply.ok() && ApiError.of(reply).code().equals("FAILOVER_ALREADY_ROUTED")) {
      return;
    }
    failover(reply, what);
  }

  /**
   * Unroutes a failover IP.
   *
   * @param call the operation
   * @param ip the failover IP
   * @throws IpMoverException if it could not
   */
  void unroute(MoverCall call, String ip) throws IpMoverException {
    String what = "unroute failover IP " + ip;
    failover(http.send(call, request(ip).delete().build(), switchTimeout, what), what);
  }

  private Request.Builder request(String ip) {
    HttpUrl url = endpoint.newBuilder().addPathSegment("failover").addPathSegment(ip).build();
    return new Request.Builder().url(url)
        .header("Authorization", Credentials.basic(user, password.reveal(), StandardCharsets.UTF_8))
        .header("Accept", "application/json");
  }

  private Failover failover(Reply reply, String what) throws IpMoverException {
    if (!reply.ok()) {
      throw failure(what, reply);
    }
    JsonNode node = JsonBodies.read(reply.body()).path("failover");
    if (!node.isObject()) {
      throw new IpMoverException(what + ": the answer has no failover");
    }
    return Failover.of(node);
  }

  /**
   * Classifies a failed answer as Robot documents its errors.
   *
   * @param what the call, for the message
   * @param reply the answer
   * @return the failure
   */
  IpMoverException failure(String what, Reply reply) {
    ApiError error = ApiError.of(reply);
    String message = what + ": " + error.describe(reply, password);
    IpMoverException.Kind retryable = IpMoverException.Kind.RETRYABLE;
    switch (error.code()) {
      case "FAILOVER_LOCKED":
        return new IpMoverException(retryable, message + " (another switch is running)", null, LOCKED_WAIT);
      case "RATE_LIMIT_EXCEEDED":
        long interval = error.details().path("interval").asLong(0);
        return new IpMoverException(retryable, message, null,
            interval > 0 ? Duration.ofSeconds(interval) : RATE_LIMIT_WAIT);
      case "FAILOVER_FAILED", "FAILOVER_NOT_COMPLETE":
        return new IpMoverException(retryable, message, null, null);
      default:
        break;
    }
    if (reply.status() == 401) {
      return IpMoverException.permanent(message + " (check the webservice user and password: Robot blocks the "
          + "client's IP address for 10 minutes after 3 failed logins)");
    }
    return IpMoverException.ofHttpStatus(message, reply.status(), RetryAfter.of(reply.headers(), clock));
  }

  /** Lets go of the HTTP client's connections. */
  @Override
  public void close() {
    http.close();
  }
}
