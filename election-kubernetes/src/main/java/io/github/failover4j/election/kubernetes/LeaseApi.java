package io.github.failover4j.election.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.spi.ElectionCall;
import io.github.failover4j.spi.ElectionException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lease calls of the API server's REST API in one namespace:
 * {@code /apis/coordination.k8s.io/v1/namespaces/{ns}/leases}. Each call is bounded by its
 * {@link ElectionCall} (its remaining time is the request's timeout; its cancellation cancels the
 * request) and its failures become {@link ElectionException}s whose message names the method, the
 * Lease and the API server's Status message, never the credentials. A 409 is no failure here: it
 * is the answer to a write that lost the race (a stale resourceVersion, or a Lease created first
 * by another), and the caller reads again.
 */
final class LeaseApi {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
  private static final int MESSAGE_MAX = 300;

  private final OkHttpClient client;
  private final HttpUrl leases;
  private final Optional<BearerToken> token;
  private final String election;

  /**
   * Creates the calls.
   *
   * @param client the HTTP client, with the access's TLS
   * @param access the server and the token
   * @param namespace the namespace
   * @param election the election's name: the main Lease's, and its candidates' label
   */
  LeaseApi(OkHttpClient client, ApiAccess access, String namespace, String election) {
    this.client = client;
    this.leases = access.server().newBuilder().addPathSegments("apis/coordination.k8s.io/v1/namespaces")
        .addPathSegment(namespace).addPathSegment("leases").build();
    this.token = access.token();
    this.election = election;
  }

  /** The Leases of the election, and the list's resourceVersion to watch from. */
  record Listing(String resourceVersion, List<LeaseObject> items) {}

  /** What a watch ended with. */
  enum WatchEnd {
    /** An event the caller stopped at. */
    EVENT,
    /** The wait passed, or the server closed the watch: nothing the caller stopped at. */
    QUIET,
    /** The resourceVersion is too old (410): list again. */
    EXPIRED
  }

  /**
   * A change of one Lease, as a watch streams it.
   *
   * @param type ADDED, MODIFIED or DELETED
   * @param lease the Lease after the change (before it, for DELETED)
   */
  record Event(String type, LeaseObject lease) {}

  /**
   * Reads one Lease.
   *
   * @param call the call
   * @param name its name
   * @return the Lease, or empty if there is none
   * @throws ElectionException if it could not be read
   */
  Optional<LeaseObject> get(ElectionCall call, String name) throws ElectionException {
    try (Response r = execute(call, request(item(name)).get().build(), "GET " + name, 404)) {
      if (r.code() == 404) {
        return Optional.empty();
      }
      return Optional.of(new LeaseObject(object(r, "GET " + name)));
    }
  }

  /**
   * Lists the election's Leases by their label.
   *
   * @param call the call
   * @return the Leases and the list's resourceVersion
   * @throws ElectionException if they could not be listed
   */
  Listing list(ElectionCall call) throws ElectionException {
    HttpUrl url = leases.newBuilder().addQueryParameter("labelSelector", LeaseObject.ELECTION_LABEL + "=" + election)
        .build();
    try (Response r = execute(call, request(url).get().build(), "LIST", 0)) {
      ObjectNode list = object(r, "LIST");
      List<LeaseObject> items = new ArrayList<>();
      list.path("items").forEach(i -> items.add(new LeaseObject((ObjectNode) i)));
      return new Listing(list.path("metadata").path("resourceVersion").asText(""), items);
    }
  }

  /**
   * Creates a Lease.
   *
   * @param call the call
   * @param lease the Lease
   * @return the Lease created, or empty if one of that name exists (409 AlreadyExists)
   * @throws ElectionException if it could not be created
   */
  Optional<LeaseObject> create(ElectionCall call, LeaseObject lease) throws ElectionException {
    String what = "POST " + lease.name();
    try (Response r = execute(call, request(leases).post(body(lease)).build(), what, 409)) {
      return r.code() == 409 ? Optional.empty() : Optional.of(new LeaseObject(object(r, what)));
    }
  }

  /**
   * Replaces a Lease, if it is still at the resourceVersion the copy holds.
   *
   * @param call the call
   * @param lease the new version, with the resourceVersion it was made from
   * @return the Lease written, or empty if it changed since (409 Conflict)
   * @throws ElectionException if it could not be written (a 404 too: it was deleted)
   */
  Optional<LeaseObject> replace(ElectionCall call, LeaseObject lease) throws ElectionException {
    String what = "PUT " + lease.name();
    try (Response r = execute(call, request(item(lease.name())).put(body(lease)).build(), what, 409)) {
      return r.code() == 409 ? Optional.empty() : Optional.of(new LeaseObject(object(r, what)));
    }
  }

  /**
   * Deletes a Lease; one already gone is fine.
   *
   * @param call the call
   * @param name its name
   * @throws ElectionException if it could not be deleted
   */
  void delete(ElectionCall call, String name) throws ElectionException {
    try (Response r = execute(call, request(item(name)).delete().build(), "DELETE " + name, 404)) {
      if (r.code() != 404) {
        object(r, "DELETE " + name);
      }
    }
  }

  /**
   * Watches the election's Leases from a resourceVersion, for at most {@code wait}, handing each
   * change to {@code stop} until it says to stop.
   *
   * @param call the call
   * @param resourceVersion where to start: the changes after it
   * @param wait the longest wait
   * @param stop takes each event, returns true to stop
   * @return how the watch ended
   * @throws ElectionException if the watch could not be opened, or was cancelled
   */
  WatchEnd watch(ElectionCall call, String resourceVersion, Duration wait, Predicate<Event> stop)
      throws ElectionException {
    HttpUrl url = leases.newBuilder()
        .addQueryParameter("labelSelector", LeaseObject.ELECTION_LABEL + "=" + election)
        .addQueryParameter("watch", "true")
        .addQueryParameter("resourceVersion", resourceVersion)
        .addQueryParameter("allowWatchBookmarks", "true")
        .addQueryParameter("timeoutSeconds", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)))
        .build();
    Call http = client.newCall(request(url).get().build());
    http.timeout().timeout(wait.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    call.onCancel(http::cancel);
    try (Response r = start(call, http, "WATCH")) {
      if (!r.isSuccessful()) {
        throw failure(r, "WATCH");
      }
      BufferedSource source = r.body().source();
      for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
        JsonNode event = JSON.readTree(line);
        String type = event.path("type").asText("");
        if (type.equals("ERROR")) {
          if (event.path("object").path("code").asInt() == 410) {
            return WatchEnd.EXPIRED;
          }
          throw ElectionException.ofHttpStatus(describe("WATCH", event.path("object").path("code").asInt(),
              event.path("object")), event.path("object").path("code").asInt(500));
        }
        if (!type.equals("BOOKMARK") && event.path("object").isObject()
            && stop.test(new Event(type, new LeaseObject((ObjectNode) event.path("object"))))) {
          return WatchEnd.EVENT;
        }
      }
      return WatchEnd.QUIET;
    } catch (InterruptedIOException e) {
      if (call.cancelled()) {
        throw ElectionException.cancelled(where("WATCH") + ": cancelled");
      }
      return WatchEnd.QUIET; // the wait passed
    } catch (IOException e) {
      throw unreachable(call, "WATCH", e);
    }
  }

  /** Sends a request; a status other than 2xx and {@code tolerated} (the caller's answer) is a failure. */
  private Response execute(ElectionCall call, Request request, String what, int tolerated) throws ElectionException {
    Duration remaining = call.remaining();
    if (remaining.isNegative() || remaining.isZero()) {
      throw ElectionException.cancelled(where(what) + ": deadline passed");
    }
    Call http = client.newCall(request);
    http.timeout().timeout(remaining.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    call.onCancel(http::cancel);
    Response r = start(call, http, what);
    LOG.debug("{} {}: HTTP {}", request.method(), request.url().encodedPath(), r.code());
    if (r.isSuccessful() || r.code() == tolerated) {
      return r;
    }
    try (r) {
      throw failure(r, what);
    }
  }

  private Response start(ElectionCall call, Call http, String what) throws ElectionException {
    if (call.cancelled()) {
      http.cancel();
      throw ElectionException.cancelled(where(what) + ": cancelled");
    }
    try {
      return http.execute();
    } catch (IOException e) {
      throw unreachable(call, what, e);
    }
  }

  private ElectionException unreachable(ElectionCall call, String what, IOException e) {
    if (call.cancelled()) {
      return ElectionException.cancelled(where(what) + ": cancelled");
    }
    return new ElectionException(ElectionException.Kind.RETRYABLE, redact(where(what) + ": no answer ("
        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"), null);
  }

  private ElectionException failure(Response r, String what) {
    JsonNode status;
    try {
      status = JSON.readTree(r.body().string());
    } catch (IOException e) {
      status = null;
    }
    return ElectionException.ofHttpStatus(describe(what, r.code(), status), r.code());
  }

  /** {@code kubernetes lease default/web: PUT web: HTTP 403 Forbidden: leases... is forbidden: ...}. */
  private String describe(String what, int code, JsonNode status) {
    String reason = status == null ? "" : status.path("reason").asText("");
    String message = status == null ? "" : status.path("message").asText("");
    if (message.length() > MESSAGE_MAX) {
      message = message.substring(0, MESSAGE_MAX) + "…";
    }
    String hint = code == 403 ? " (the service account needs get, list, watch, create, update and delete on leases"
        + " in this namespace: see the README's Role)" : "";
    return redact(where(what) + ": HTTP " + code + (reason.isEmpty() ? "" : " " + reason)
        + (message.isEmpty() ? "" : ": " + message) + hint);
  }

  private ObjectNode object(Response r, String what) throws ElectionException {
    try {
      JsonNode node = JSON.readTree(r.body().string());
      if (node instanceof ObjectNode o) {
        return o;
      }
    } catch (IOException e) {
      // reported below
    }
    throw new ElectionException(ElectionException.Kind.RETRYABLE, where(what) + ": HTTP " + r.code()
        + " with a body that is not a JSON object", null);
  }

  private String where(String what) {
    return "kubernetes lease " + leases.pathSegments().get(4) + "/" + election + ": " + what;
  }

  private String redact(String text) {
    return token.map(t -> t.current().redact(text)).orElse(text);
  }

  private Request.Builder request(HttpUrl url) {
    Request.Builder b = new Request.Builder().url(url).header("Accept", "application/json");
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t.current().reveal()));
    return b;
  }

  private HttpUrl item(String name) {
    return leases.newBuilder().addPathSegment(name).build();
  }

  private static RequestBody body(LeaseObject lease) {
    return RequestBody.create(lease.json().toString(), APPLICATION_JSON);
  }

  /** For toString: no credentials. */
  @Override
  public String toString() {
    return "LeaseApi(" + leases + ")";
  }
}
