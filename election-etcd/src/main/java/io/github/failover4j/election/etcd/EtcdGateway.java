package io.github.failover4j.election.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.spi.ElectionCall;
import io.github.failover4j.spi.ElectionException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * Talks to etcd's v3 JSON gateway ({@code POST /v3/...}, keys and values in base64, 64-bit integers
 * as strings): each request bounded by its {@link ElectionCall}'s deadline and aborted by its
 * cancellation; on a network failure the next endpoint is tried, within the same deadline; with
 * etcd's authentication, a token is fetched and fetched again when etcd says it expired. Logged by
 * path, status and time only: a body may hold the password, a header the token.
 *
 * <p>Every request a store sends is idempotent, or harmless when repeated (a second lease grant
 * expires unused), so sending one again to another endpoint after a failure is safe.
 */
final class EtcdGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdGateway.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  // gRPC's codes, which the gateway puts in its error bodies
  private static final int NOT_FOUND = 5;
  private static final int UNAUTHENTICATED = 16;
  /** A connection that takes longer is to an endpoint that is down: the next is tried. */
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final OkHttpClient client;
  private final List<HttpUrl> endpoints;
  private final Optional<EtcdAuth> auth;
  private int current; // the endpoint tried first: the one that answered last
  private String token; // etcd's auth token; null until fetched, or once refused

  /**
   * Makes a client.
   *
   * @param settings the endpoints, TLS and credentials
   * @param connectTimeout the longest wait for a connection, at most 2 s
   */
  EtcdGateway(EtcdSettings settings, Duration connectTimeout) {
    OkHttpClient.Builder builder = new OkHttpClient.Builder()
        .connectTimeout(connectTimeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? connectTimeout : MAX_CONNECT_TIMEOUT)
        // each call's own timeout bounds the whole exchange, a watch's long wait included
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        // a token must not follow a redirect to another host
        .followRedirects(false)
        .followSslRedirects(false);
    settings.tls().ifPresent(tls -> builder.sslSocketFactory(tls.socketFactory(), tls.trustManager()));
    this.client = builder.build();
    this.endpoints = settings.endpoints();
    this.auth = settings.auth();
  }

  /**
   * Makes a JSON object for a request's body.
   *
   * @return an empty object
   */
  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * Sends a request and reads its answer.
   *
   * @param call the deadline and cancellation
   * @param path e.g. {@code /v3/kv/txn}
   * @param body the request
   * @param what what is being done, for messages
   * @return the answer of status 200
   * @throws ElectionException CANCELLED once the call is cancelled or past its deadline; RETRYABLE
   *     on a network failure of every endpoint, a timeout or a 5xx; PERMANENT on refused
   *     credentials; {@link LeaseGone} when etcd knows no such lease
   */
  JsonNode post(ElectionCall call, String path, JsonNode body, String what) throws ElectionException {
    return send(call, path, body, Optional.empty(), what, this::readWhole);
  }

  /**
   * Watches keys until an event that counts as a change, or until a wait passes, or the stream
   * ends (a compaction): whichever comes first, the caller reads the keys again.
   *
   * @param call the deadline and cancellation
   * @param createRequest the watch's {@code create_request}
   * @param wait the longest wait
   * @param isChange tells which events count
   * @param what what is being done, for messages
   * @throws ElectionException as {@link #post}
   */
  void watch(ElectionCall call, JsonNode createRequest, Duration wait, Predicate<JsonNode> isChange, String what)
      throws ElectionException {
    ObjectNode body = object();
    body.set("create_request", createRequest);
    long waitEnds = System.nanoTime() + wait.toNanos();
    send(call, "/v3/watch", body, Optional.of(wait), what, response -> {
      BufferedSource source = response.body().source();
      for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
        JsonNode message = parse(line, what);
        if (message.has("error")) {
          // the gateway ends a watch whose client went away with "context canceled", and that line
          // may still reach a client whose wait has just ended: the wait's end, not a failure
          if (call.cancelled()) {
            throw ElectionException.cancelled(what + ": cancelled");
          }
          if (System.nanoTime() - waitEnds >= 0) {
            return null;
          }
          // an error inside a stream that began with 200: its own status says what kind it is
          JsonNode error = message.get("error");
          throw failure(what, error.path("http_code").asInt(response.code()), error);
        }
        JsonNode result = message.path("result");
        if (result.path("canceled").asBoolean()) {
          return null;
        }
        for (JsonNode event : result.path("events")) {
          if (isChange.test(event)) {
            return null;
          }
        }
      }
      return null;
    });
  }

  /** Reads an answer: the value, or null when a watch's wait ended. */
  @FunctionalInterface
  private interface BodyReader<T> {
    T read(Response response) throws IOException, ElectionException;
  }

  /** A watch's wait ends quietly: its timeout returns null; any other request's is a failure. */
  private <T> T send(ElectionCall call, String path, JsonNode body, Optional<Duration> watchWait, String what,
      BodyReader<T> reader) throws ElectionException {
    boolean tokenRefreshed = false;
    int failures = 0;
    while (true) {
      if (call.cancelled()) {
        throw ElectionException.cancelled(what + ": cancelled");
      }
      HttpUrl endpoint = endpoints.get(current);
      Request.Builder request = new Request.Builder()
          .url(endpoint.resolve(path))
          .post(RequestBody.create(body.toString(), JSON));
      if (auth.isPresent()) {
        request.header("Authorization", token(call, endpoint, what));
      }
      Duration remaining = call.remaining();
      boolean quietTimeout = watchWait.isPresent() && watchWait.get().compareTo(remaining) < 0;
      Duration limit = quietTimeout ? watchWait.get() : remaining;
      Call http = client.newCall(request.build());
      http.timeout().timeout(Math.max(1, limit.toNanos()), TimeUnit.NANOSECONDS);
      call.onCancel(http::cancel);
      long start = System.nanoTime();
      try (Response response = http.execute()) {
        LOG.debug("POST {}{} -> {} in {} ms", endpoint, path.substring(1), response.code(), millisSince(start));
        if (response.code() == 401 && auth.isPresent() && !tokenRefreshed) {
          // the token expired (etcd's simple tokens live 5 minutes by default): fetch another once
          token = null;
          tokenRefreshed = true;
          continue;
        }
        if (response.code() != 200) {
          throw failure(what, response.code(), parse(response.body().string(), what));
        }
        return reader.read(response);
      } catch (IOException e) {
        if (call.cancelled()) {
          throw ElectionException.cancelled(what + ": cancelled");
        }
        if (e instanceof InterruptedIOException && quietTimeout) {
          return null; // a watch's wait passed: not a failure
        }
        LOG.debug("POST {}{} -> {} after {} ms", endpoint, path.substring(1), e.getClass().getSimpleName(),
            millisSince(start));
        current = (current + 1) % endpoints.size();
        if (++failures >= endpoints.size() || e instanceof InterruptedIOException) {
          // OkHttp's text names the host and port, never a header or a body
          throw new ElectionException(ElectionException.Kind.RETRYABLE, what + ": " + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()) + " (" + endpoint + ")", null);
        }
      }
    }
  }

  /** etcd's token for this user, fetched from the endpoint about to be asked. */
  private String token(ElectionCall call, HttpUrl endpoint, String what) throws ElectionException {
    if (token == null) {
      EtcdAuth credentials = auth.orElseThrow();
      ObjectNode body = object().put("name", credentials.user()).put("password", credentials.password().reveal());
      Request request = new Request.Builder().url(endpoint.resolve("/v3/auth/authenticate"))
          .post(RequestBody.create(body.toString(), JSON)).build();
      Call http = client.newCall(request);
      http.timeout().timeout(Math.max(1, call.remaining().toNanos()), TimeUnit.NANOSECONDS);
      call.onCancel(http::cancel);
      try (Response response = http.execute()) {
        JsonNode answer = parse(response.body().string(), what);
        if (response.code() != 200) {
          // etcd answers a wrong password with 400, InvalidArgument: refused, not transient
          int status = response.code() == 400 ? 401 : response.code();
          throw failure(what + ": authenticate as " + credentials.user(), status, answer);
        }
        token = answer.path("token").asText(null);
        if (token == null) {
          throw new ElectionException(ElectionException.Kind.PERMANENT, what + ": authenticate as "
              + credentials.user() + ": no token in etcd's answer (is authentication enabled?)", null);
        }
      } catch (IOException e) {
        if (call.cancelled()) {
          throw ElectionException.cancelled(what + ": cancelled");
        }
        current = (current + 1) % endpoints.size();
        throw new ElectionException(ElectionException.Kind.RETRYABLE, what + ": authenticate: "
            + e.getClass().getSimpleName() + " (" + endpoint + ")", null);
      }
    }
    return token;
  }

  private JsonNode readWhole(Response response) throws IOException, ElectionException {
    return parse(response.body().string(), "read etcd's answer");
  }

  private static JsonNode parse(String text, String what) throws ElectionException {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new ElectionException(ElectionException.Kind.RETRYABLE, what + ": an answer that is not JSON"
          + " (is this etcd's client URL?)", null);
    }
  }

  /** An error answer: etcd's own message (a fixed text of its own, never the request's content). */
  private ElectionException failure(String what, int status, JsonNode error) {
    String message = error.path("message").asText(error.path("error").asText(""));
    String text = what + ": HTTP " + status + (message.isEmpty() ? "" : " " + message);
    if (auth.isPresent()) {
      text = auth.get().password().redact(text);
    }
    if (token != null) {
      text = text.replace(token, "****");
    }
    if (error.path("code").asInt() == NOT_FOUND && message.contains("lease not found")) {
      return new LeaseGone(text);
    }
    if (error.path("code").asInt() == UNAUTHENTICATED) {
      token = null;
    }
    return ElectionException.ofHttpStatus(text, status);
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /** Lets go of the pooled connections. */
  @Override
  public void close() {
    client.dispatcher().cancelAll();
    client.connectionPool().evictAll();
  }

  /** etcd knows no such lease any more: it expired or was revoked; a new one must be granted. */
  static final class LeaseGone extends ElectionException {
    private static final long serialVersionUID = 1L;

    LeaseGone(String message) {
      super(Kind.RETRYABLE, message, null);
    }
  }
}
