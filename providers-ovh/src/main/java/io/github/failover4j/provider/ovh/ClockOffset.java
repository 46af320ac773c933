package io.github.failover4j.provider.ovh;

import io.github.failover4j.provider.support.HttpExchange;
import io.github.failover4j.provider.support.Reply;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The difference between OVH's clock and this host's, which a signed request's timestamp must
 * correct: OVH accepts a signature only for a short time (how short is not documented), and a host
 * clock minutes off breaks every call. Read from {@code GET /auth/time} (no credentials, a bare
 * UNIX time) before the first signed request, as OVH's clients do, and read again after OVH refused
 * a signature ({@link #forget}), since the host's clock may have jumped since.
 */
final class ClockOffset {
  private static final Logger LOG = LoggerFactory.getLogger(ClockOffset.class);

  private final HttpExchange transport;
  private final HttpUrl authTime;
  private final Duration requestTimeout;
  private final Clock clock;
  private volatile Long offsetSeconds;

  /**
   * Creates the offset, unknown until the first signed request.
   *
   * @param transport the HTTP client
   * @param endpoint the API's base URL
   * @param requestTimeout the longest wait for the answer
   * @param clock this host's wall clock
   */
  ClockOffset(HttpExchange transport, HttpUrl endpoint, Duration requestTimeout, Clock clock) {
    this.transport = transport;
    this.authTime = endpoint.newBuilder().addPathSegment("auth").addPathSegment("time").build();
    this.requestTimeout = requestTimeout;
    this.clock = clock;
  }

  /**
   * Returns OVH's time now, asking OVH for it first if the offset is not known.
   *
   * @param call the operation
   * @return UNIX seconds on OVH's clock
   * @throws IpMoverException if {@code /auth/time} could not be read
   */
  long serverSeconds(MoverCall call) throws IpMoverException {
    Long known = offsetSeconds;
    if (known == null) {
      known = synchronise(call);
    }
    return localSeconds() + known;
  }

  /** Forgets the offset: the next signed request reads {@code /auth/time} again. */
  void forget() {
    offsetSeconds = null;
  }

  private long synchronise(MoverCall call) throws IpMoverException {
    String what = "read OVH's time (GET /auth/time)";
    Request request = new Request.Builder().url(authTime).header("Accept", "application/json").get().build();
    Reply reply = transport.send(call, request, requestTimeout, what);
    if (!reply.ok()) {
      throw IpMoverException.ofHttpStatus(what + ": HTTP " + reply.status()
          + reply.requestId().map(id -> " (query id " + id + ")").orElse(""), reply.status(), Optional.empty());
    }
    long server;
    try {
      server = Long.parseLong(reply.body().strip());
    } catch (NumberFormatException e) {
      String shown = reply.body().length() > 40 ? reply.body().substring(0, 40) + "…" : reply.body();
      throw new IpMoverException(what + ": \"" + shown + "\" (expected: a UNIX time)");
    }
    long offset = server - localSeconds();
    offsetSeconds = offset;
    if (Math.abs(offset) > 30) {
      LOG.warn("this host's clock is {} s {} OVH's: requests are signed with OVH's time, but check NTP",
          Math.abs(offset), offset > 0 ? "behind" : "ahead of");
    } else {
      LOG.debug("this host's clock is {} s off OVH's", offset);
    }
    return offset;
  }

  private long localSeconds() {
    return Math.floorDiv(clock.millis(), 1000L);
  }
}
