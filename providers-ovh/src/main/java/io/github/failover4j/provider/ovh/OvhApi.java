package io.github.failover4j.provider.ovh;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.failover4j.provider.support.HttpExchange;
import io.github.failover4j.provider.support.JsonBodies;
import io.github.failover4j.provider.support.Reply;
import io.github.failover4j.provider.support.RetryAfter;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few calls of OVH's API that move an additional IP: read and attach a Public Cloud
 * additional IP; read an IP's routing, move or park it, and read its tasks. Each request is
 * authenticated, sent once more after a refused signature or an expired token, and its failure
 * classified as OVH's answers need: a pending operation (409), a rate limit (429), a server error
 * or an attach refused because the instance is not ready (400) are retried; missing rights (403),
 * an unknown resource (404) and a refused signature are not.
 */
final class OvhApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OvhApi.class);
  /** As OVH's clients send it; the exact bytes are also what is signed. */
  private static final MediaType JSON = MediaType.get("application/json;charset=utf-8");

  private final HttpExchange transport;
  private final HttpUrl endpoint;
  private final Authenticator auth;
  private final Duration requestTimeout;
  private final Clock clock;

  /**
   * Creates the client of one mover.
   *
   * @param transport the HTTP client
   * @param endpoint the API's base URL, e.g. {@code https://eu.api.ovh.com/1.0}
   * @param auth signs requests or adds a token
   * @param requestTimeout the longest wait for one answer
   * @param clock the wall clock, to turn a {@code Retry-After} date into a wait
   */
  OvhApi(HttpExchange transport, HttpUrl endpoint, Authenticator auth, Duration requestTimeout, Clock clock) {
    this.transport = transport;
    this.endpoint = endpoint;
    this.auth = auth;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
  }

  /**
   * Lists a Public Cloud project's additional IPs.
   *
   * @param call the operation
   * @param project the project's id
   * @return the IPs
   * @throws IpMoverException if they could not be read
   */
  List<FailoverIp> failoverIps(MoverCall call, String project) throws IpMoverException {
    String what = "list the additional IPs of Public Cloud project " + project;
    JsonNode body = read(call, url("cloud", "project", project, "ip", "failover"), what,
        "GET /cloud/project/*/ip/failover");
    if (!body.isArray()) {
      throw new IpMoverException(what + ": the answer is not a list");
    }
    List<FailoverIp> ips = new ArrayList<>();
    body.forEach(node -> ips.add(FailoverIp.of(node)));
    return ips;
  }

  /**
   * Reads a Public Cloud additional IP.
   *
   * @param call the operation
   * @param project the project's id
   * @param id the IP's id
   * @return the IP
   * @throws IpMoverException if it could not be read
   */
  FailoverIp failoverIp(MoverCall call, String project, String id) throws IpMoverException {
    String what = "read additional IP " + id + " of Public Cloud project " + project;
    return FailoverIp.of(read(call, url("cloud", "project", project, "ip", "failover", id), what,
        "GET /cloud/project/*/ip/failover/*"));
  }

  /**
   * Attaches a Public Cloud additional IP to an instance.
   *
   * @param call the operation
   * @param project the project's id
   * @param id the IP's id
   * @param instance the instance's id
   * @return the IP as the attach left it, usually {@code operationPending}
   * @throws IpMoverException if it could not be started; RETRYABLE on 400, which OVH answers while
   *     a new instance's network is not ready
   */
  FailoverIp attach(MoverCall call, String project, String id, String instance) throws IpMoverException {
    String what = "attach additional IP " + id + " of Public Cloud project " + project + " to instance " + instance;
    String body = JsonBodies.write(JsonBodies.object().put("instanceId", instance));
    Reply reply = exchange(call, "POST", url("cloud", "project", project, "ip", "failover", id, "attach"), body,
        what);
    if (!reply.ok()) {
      throw failure(what, reply, "POST /cloud/project/*/ip/failover/*/attach", true);
    }
    return FailoverIp.of(JsonBodies.read(reply.body()));
  }

  /**
   * Reads which service an IP block is routed to.
   *
   * @param call the operation
   * @param block the block
   * @return the service's name, empty if the block is routed nowhere (parked)
   * @throws IpMoverException if it could not be read
   */
  Optional<String> routedTo(MoverCall call, IpBlock block) throws IpMoverException {
    String what = "read IP " + block;
    return JsonBodies.text(read(call, url("ip", block.toString()), what, "GET /ip/*").path("routedTo"), "serviceName");
  }

  /**
   * Lists an IP block's tasks of a function in a status.
   *
   * @param call the operation
   * @param block the block
   * @param function e.g. {@code genericMoveFloatingIp}
   * @param status e.g. {@code doing}
   * @return the tasks' ids
   * @throws IpMoverException if they could not be read
   */
  List<Long> tasks(MoverCall call, IpBlock block, String function, String status) throws IpMoverException {
    String what = "list the " + status + " " + function + " tasks of IP " + block;
    HttpUrl url = url("ip", block.toString(), "task").newBuilder()
        .addQueryParameter("function", function)
        .addQueryParameter("status", status)
        .build();
    JsonNode body = read(call, url, what, "GET /ip/*/task");
    if (!body.isArray()) {
      throw new IpMoverException(what + ": the answer is not a list");
    }
    List<Long> ids = new ArrayList<>();
    body.forEach(id -> ids.add(id.asLong()));
    return ids;
  }

  /**
   * Reads a task of an IP block.
   *
   * @param call the operation
   * @param block the block
   * @param taskId the task's id
   * @return the task
   * @throws IpMoverException if it could not be read
   */
  IpTask task(MoverCall call, IpBlock block, long taskId) throws IpMoverException {
    String what = "read task " + taskId + " of IP " + block;
    return IpTask.of(read(call, url("ip", block.toString(), "task", Long.toString(taskId)), what,
        "GET /ip/*/task/*"), auth::redact);
  }

  /**
   * Moves an IP block to a service.
   *
   * @param call the operation
   * @param block the block
   * @param service the destination's service name
   * @return the task that moves it
   * @throws IpMoverException if it could not be started
   */
  IpTask move(MoverCall call, IpBlock block, String service) throws IpMoverException {
    String what = "move IP " + block + " to service " + service;
    String body = JsonBodies.write(JsonBodies.object().put("to", service));
    return write(call, url("ip", block.toString(), "move"), body, what, "POST /ip/*/move");
  }

  /**
   * Parks an IP block: routes it nowhere.
   *
   * @param call the operation
   * @param block the block
   * @return the task that parks it
   * @throws IpMoverException if it could not be started
   */
  IpTask park(MoverCall call, IpBlock block) throws IpMoverException {
    return write(call, url("ip", block.toString(), "park"), "", "park IP " + block, "POST /ip/*/park");
  }

  private IpTask write(MoverCall call, HttpUrl url, String body, String what, String right) throws IpMoverException {
    Reply reply = exchange(call, "POST", url, body, what);
    if (!reply.ok()) {
      throw failure(what, reply, right, false);
    }
    IpTask task = IpTask.of(JsonBodies.read(reply.body()), auth::redact);
    if (task.taskId() < 0) {
      throw new IpMoverException(what + ": the answer has no taskId");
    }
    return task;
  }

  private JsonNode read(MoverCall call, HttpUrl url, String what, String right) throws IpMoverException {
    Reply reply = exchange(call, "GET", url, null, what);
    if (!reply.ok()) {
      throw failure(what, reply, right, false);
    }
    return JsonBodies.read(reply.body());
  }

  /**
   * Sends a request, and once more if the authenticator can cure its refusal.
   *
   * @param body the JSON body, or null for a GET; empty for a POST without one
   */
  private Reply exchange(MoverCall call, String method, HttpUrl url, String body, String what)
      throws IpMoverException {
    Reply reply = send(call, method, url, body, what);
    if (!reply.ok() && auth.recover(reply)) {
      reply = send(call, method, url, body, what);
    }
    if (!reply.ok()) {
      OvhError error = OvhError.of(reply);
      // the query id is what OVH's support asks for
      LOG.info("OVH API {} {} answered {} {}{}", method, url.encodedPath(), reply.status(),
          auth.redact((error.errorClass() + " " + error.errorCode()).strip()),
          reply.requestId().map(id -> ", query id " + auth.redact(id)).orElse(""));
    }
    return reply;
  }

  private Reply send(MoverCall call, String method, HttpUrl url, String body, String what) throws IpMoverException {
    Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json");
    if (body == null) {
      request.get();
    } else {
      // the bytes signed are the bytes sent
      request.method(method, body.isEmpty() ? RequestBody.create(new byte[0])
          : RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON));
    }
    return transport.send(call, auth.authorize(call, request, method, url, body == null ? "" : body), requestTimeout,
        what);
  }

  /**
   * Classifies a failed answer.
   *
   * @param what the call, for the message
   * @param reply the answer
   * @param right the API right the call needs, named on a 403
   * @param attach whether the call is a Public Cloud attach, whose 400 passes
   * @return the failure: retryable, after the wait OVH asked for, or permanent
   */
  IpMoverException failure(String what, Reply reply, String right, boolean attach) {
    OvhError error = OvhError.of(reply);
    String message = what + ": " + error.describe(reply, auth::redact);
    // OVH does not document whether it sends one
    Optional<Duration> wait = RetryAfter.of(reply.headers(), clock);
    int status = reply.status();
    if (error.signatureRefused()) {
      return IpMoverException.permanent(message + " (OVH refused the signature even with its own time: check the "
          + "application secret and consumer key)");
    }
    if (attach && status == 400) {
      // Terraform's provider retries this for minutes: OVH refuses an attach to an instance whose
      // network is not ready yet, e.g. right after it was created
      return new IpMoverException(IpMoverException.Kind.RETRYABLE, message, null, wait.orElse(null));
    }
    if (status >= 400 && status < 500 && error.inProgress()) {
      return new IpMoverException(IpMoverException.Kind.RETRYABLE, message, null, wait.orElse(null));
    }
    if (status == 403) {
      message += " (the credentials lack a right; this call needs " + right + ")";
    } else if (status == 401) {
      message += " (OVH refused the credentials)";
    }
    return IpMoverException.ofHttpStatus(message, status, wait);
  }

  private HttpUrl url(String... segments) {
    HttpUrl.Builder b = endpoint.newBuilder();
    for (String s : segments) {
      // an IP block's "/" is encoded as %2F, and the encoded URL is what is signed
      b.addPathSegment(s);
    }
    return b.build();
  }

  /** Lets go of the HTTP client's connections. */
  @Override
  public void close() {
    transport.close();
  }
}
