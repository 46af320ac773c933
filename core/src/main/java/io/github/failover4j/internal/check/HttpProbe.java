package io.github.failover4j.internal.check;

import io.github.failover4j.check.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP(S) GET: healthy when the status is within the range and, if a text is required, the
 * first {@value #MAX_BODY} bytes of the body contain it (compared as UTF-8 bytes). Redirects are
 * never followed: a 3xx is judged by the range like any status, so a probe never ends up at another
 * host. No proxy is used, whatever the JVM's proxy settings: the probe judges the target itself.
 *
 * <p>{@link HttpURLConnection} (not {@code java.net.http}, to keep the module's dependencies to
 * {@code java.base}) does not notice interrupts while it blocks; its connect and read timeouts,
 * taken from what is left of the run's timeout, bound the run instead.
 */
final class HttpProbe implements ProbeTask {
  static final int MAX_BODY = 64 * 1024;

  private final Probe.Http spec;
  private final Optional<byte[]> needle;
  private final String name;

  /**
   * Creates the probe.
   *
   * @param spec the URI, status range and text
   */
  HttpProbe(Probe.Http spec) {
    this.spec = spec;
    this.needle = spec.bodyContains().map(text -> text.getBytes(StandardCharsets.UTF_8));
    this.name = "http " + withoutSecrets(spec.uri());
  }

  /** The URI for messages: without user info or query, which may hold credentials or tokens. */
  static String withoutSecrets(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  @Override
  public boolean run(Duration timeout) throws IOException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (Thread.interrupted()) {
      throw new InterruptedException(name + ": interrupted");
    }
    HttpURLConnection connection = (HttpURLConnection) spec.uri().toURL().openConnection(Proxy.NO_PROXY);
    try {
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setRequestProperty("User-Agent", "failover4j health check");
      connection.setConnectTimeout(millisLeft(deadline));
      connection.setReadTimeout(millisLeft(deadline));
      int status = connection.getResponseCode();
      if (status < spec.minStatus() || status > spec.maxStatus()) {
        return false;
      }
      if (needle.isEmpty()) {
        return true;
      }
      try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        return body != null && contains(body, needle.get(), deadline, timeout);
      }
    } catch (SocketTimeoutException e) {
      throw timedOut(timeout);
    } catch (ConnectException e) {
      return false; // refused: the host answered that nothing listens there
    } finally {
      // closes the socket rather than keeping it alive: each run tests that a connection is accepted
      connection.disconnect();
    }
  }

  private boolean contains(InputStream body, byte[] text, long deadline, Duration timeout)
      throws IOException, TimeoutException {
    byte[] buffer = new byte[MAX_BODY];
    int length = 0;
    while (length < buffer.length) {
      if (System.nanoTime() - deadline >= 0) {
        throw timedOut(timeout); // a slow trickle of bytes could otherwise outlast every read timeout
      }
      int n = body.read(buffer, length, buffer.length - length);
      if (n < 0) {
        break;
      }
      int from = Math.max(0, length - text.length + 1);
      length += n;
      if (indexOf(buffer, from, length, text) >= 0) {
        return true;
      }
    }
    return indexOf(buffer, 0, length, text) >= 0;
  }

  /** The first index at or after {@code from} where {@code text} starts within {@code [0, end)}, else -1. */
  static int indexOf(byte[] data, int from, int end, byte[] text) {
    outer:
    for (int i = from; i + text.length <= end; i++) {
      for (int j = 0; j < text.length; j++) {
        if (data[i + j] != text[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private TimeoutException timedOut(Duration timeout) {
    return new TimeoutException(name + ": no complete answer within " + timeout.toMillis() + " ms");
  }

  private static int millisLeft(long deadline) {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    // 0 would mean "no timeout" to HttpURLConnection
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
  }
}
