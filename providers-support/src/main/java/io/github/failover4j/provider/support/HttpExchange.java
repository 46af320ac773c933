package io.github.failover4j.provider.support;

import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;

/**
 * Sends the requests of a mover's operations: each bounded by its request timeout and by the
 * operation's deadline, aborted when the operation is cancelled ({@link MoverCall#onCancel}), and
 * logged by method, path, status and the provider's request id — never with a header or a body,
 * which carry the credentials.
 *
 * <p>What goes wrong becomes an {@link IpMoverException} the driver can act on: CANCELLED if the
 * operation was cancelled or its deadline passed, RETRYABLE if the request timed out or failed on
 * the network. An answer of any status is returned as it is, for the provider to classify.
 */
public final class HttpExchange implements AutoCloseable {
  /** A connection that takes longer is to a host that is not answering. */
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final OkHttpClient client;
  private final String userAgent;
  private final UnaryOperator<String> redact;
  private final Logger log;
  private final boolean failuresAtInfo;
  private final String requestIdHeader;
  private final String requestIdLabel;
  private final Function<Reply, String> logNote;

  private HttpExchange(Builder b) {
    this.client = new OkHttpClient.Builder()
        .connectTimeout(b.connectTimeout)
        // each call's own timeout bounds the whole exchange (Hetzner Robot answers a switch only once done)
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .retryOnConnectionFailure(b.retryOnConnectionFailure)
        // the providers' APIs do not redirect these calls; a redirect is not followed with the credentials
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
    this.userAgent = b.userAgent;
    this.redact = b.redact;
    this.log = b.log;
    this.failuresAtInfo = b.failuresAtInfo;
    this.requestIdHeader = b.requestIdHeader;
    this.requestIdLabel = b.requestIdLabel;
    this.logNote = b.logNote;
  }

  /**
   * Starts a client of one provider.
   *
   * @param userAgent sent with every request, so that a provider's operators can tell failover4j's
   *     requests apart, e.g. {@code failover4j-provider-hetzner}
   * @param log where the requests are logged: the provider's logger
   * @return the builder
   */
  public static Builder builder(String userAgent, Logger log) {
    return new Builder(userAgent, log);
  }

  /**
   * Sends a request and reads its answer, whatever its status.
   *
   * @param call the operation, for its deadline and cancellation
   * @param request the request; the {@code User-Agent} is set here
   * @param timeout the longest wait for this answer; the operation's deadline may cut it shorter
   * @param what what is being done, for messages, e.g. {@code assign floating IP 4711}
   * @return the answer
   * @throws IpMoverException CANCELLED if the operation was cancelled or its deadline passed,
   *     RETRYABLE if the request timed out or failed on the network
   */
  public Reply send(MoverCall call, Request request, Duration timeout, String what) throws IpMoverException {
    Duration remaining = call.remaining();
    if (call.cancelled() || !positive(remaining)) {
      throw IpMoverException.cancelled(what + ": cancelled before the request");
    }
    Duration limit = timeout.compareTo(remaining) < 0 ? timeout : remaining;
    Call http = client.newCall(request.newBuilder().header("User-Agent", userAgent).build());
    http.timeout().timeout(limit.toNanos(), TimeUnit.NANOSECONDS);
    call.onCancel(http::cancel);
    long start = System.nanoTime();
    try (Response response = http.execute()) {
      Reply reply = new Reply(response.code(), response.body().string(), response.headers(), requestIdLabel,
          Optional.ofNullable(response.header(requestIdHeader)));
      logAnswer(request, reply, start);
      return reply;
    } catch (IOException e) {
      log.debug("{} {} -> {} after {} ms", request.method(), request.url().encodedPath(),
          e.getClass().getSimpleName(), millisSince(start));
      if (call.cancelled()) {
        throw IpMoverException.cancelled(what + ": cancelled");
      }
      if (e instanceof InterruptedIOException) {
        if (!positive(call.remaining())) {
          throw IpMoverException.cancelled(what + ": deadline passed");
        }
        throw new IpMoverException(IpMoverException.Kind.RETRYABLE,
            what + ": no answer within " + limit.toMillis() + " ms", null, null);
      }
      // OkHttp's text names hosts and addresses, never headers; redacted all the same. The cause
      // is not kept: its message, and its causes', would reach a log unredacted.
      String detail = e.getMessage() == null ? "" : " " + redact.apply(e.getMessage());
      throw new IpMoverException(IpMoverException.Kind.RETRYABLE, what + ": " + e.getClass().getSimpleName() + detail,
          null, null);
    }
  }

  private void logAnswer(Request request, Reply reply, long start) {
    boolean info = failuresAtInfo && !reply.ok();
    if (info ? !log.isInfoEnabled() : !log.isDebugEnabled()) {
      return;
    }
    String format = "{} {} -> {} in {} ms{}{}";
    Object[] arguments = {request.method(), request.url().encodedPath(), reply.status(), millisSince(start),
        reply.requestId().map(id -> ", " + requestIdLabel + " " + id).orElse(""), logNote.apply(reply)};
    if (info) {
      log.info(format, arguments);
    } else {
      log.debug(format, arguments);
    }
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /** Lets go of the pooled connections. */
  @Override
  public void close() {
    client.connectionPool().evictAll();
  }

  /** The settings of a client; each has a default but the user agent and the logger. */
  public static final class Builder {
    private final String userAgent;
    private final Logger log;
    private Duration connectTimeout = MAX_CONNECT_TIMEOUT;
    private boolean retryOnConnectionFailure = true;
    private UnaryOperator<String> redact = UnaryOperator.identity();
    private boolean failuresAtInfo;
    private String requestIdHeader = "X-Request-Id";
    private String requestIdLabel = "request id";
    private Function<Reply, String> logNote = reply -> "";

    private Builder(String userAgent, Logger log) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Sets the longest wait for a connection: the mover's request timeout, or 10 s if that is
     * longer. 10 s unless set.
     *
     * @param requestTimeout the mover's request timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration requestTimeout) {
      this.connectTimeout = requestTimeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? requestTimeout : MAX_CONNECT_TIMEOUT;
      return this;
    }

    /**
     * Sets whether OkHttp may silently send a request again on a fresh connection when a pooled
     * one turned out dead. True unless set; false for an API whose writes must not be sent twice.
     *
     * @param retry whether to
     * @return this builder
     */
    public Builder retryOnConnectionFailure(boolean retry) {
      this.retryOnConnectionFailure = retry;
      return this;
    }

    /**
     * Sets what removes the secrets from the text of an I/O error.
     *
     * @param redact e.g. {@code secret::redact}
     * @return this builder
     */
    public Builder redact(UnaryOperator<String> redact) {
      this.redact = Objects.requireNonNull(redact, "redact");
      return this;
    }

    /**
     * Names the header that carries the provider's id of a request, and what to call it in logs
     * and messages. {@code X-Request-Id}, "request id" unless set.
     *
     * @param header e.g. {@code X-Ovh-QueryID}
     * @param label e.g. {@code query id}
     * @return this builder
     */
    public Builder requestId(String header, String label) {
      this.requestIdHeader = Objects.requireNonNull(header, "header");
      this.requestIdLabel = Objects.requireNonNull(label, "label");
      return this;
    }

    /**
     * Adds what else an answer's log line shows, e.g. a rate limit's remaining budget. Nothing
     * unless set.
     *
     * @param note the text after the request id, starting with {@code ", "}, or empty
     * @return this builder
     */
    public Builder logNote(Function<Reply, String> note) {
      this.logNote = Objects.requireNonNull(note, "note");
      return this;
    }

    /**
     * Logs a failed answer (not 2xx) at info level rather than debug, for a provider whose
     * failures are logged nowhere else.
     *
     * @return this builder
     */
    public Builder logFailuresAtInfo() {
      this.failuresAtInfo = true;
      return this;
    }

    /**
     * Makes the client.
     *
     * @return the client, whose connections {@link HttpExchange#close} lets go of
     */
    public HttpExchange build() {
      return new HttpExchange(this);
    }
  }
}
