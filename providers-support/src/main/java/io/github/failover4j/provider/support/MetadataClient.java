package io.github.failover4j.provider.support;

import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * A cloud's metadata service, which tells an instance about itself: reachable from the instance
 * only, without credentials, over plain http to a link-local address, and described by no OpenAPI
 * file. Asked only by the operation that needs it, never when a mover is made, so that a
 * configuration check needs no network.
 */
public final class MetadataClient {
  /** An OpenStack instance id: a UUID with dashes. */
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final HttpExchange http;
  private final HttpUrl base;
  private final Duration requestTimeout;

  /**
   * Creates the client.
   *
   * @param http the mover's HTTP client
   * @param base the service's base URL, e.g. {@code http://169.254.169.254}
   * @param requestTimeout the longest wait for an answer
   */
  public MetadataClient(HttpExchange http, HttpUrl base, Duration requestTimeout) {
    this.http = http;
    this.base = base;
    this.requestTimeout = requestTimeout;
  }

  /**
   * Returns the URL of a document of the service.
   *
   * @param segments its path below the base URL, e.g. {@code instance-id}
   * @return the URL
   */
  public HttpUrl url(String... segments) {
    HttpUrl.Builder b = base.newBuilder();
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b.build();
  }

  /**
   * Reads a document of the service.
   *
   * @param call the operation
   * @param url the document, from {@link #url}
   * @param what what is being done, for messages: names the URL, and the setting that does
   *     without the service
   * @return the answer, 2xx or 4xx
   * @throws IpMoverException RETRYABLE if the service did not answer or answered 5xx, CANCELLED if
   *     the operation ended first
   */
  public Reply get(MoverCall call, HttpUrl url, String what) throws IpMoverException {
    return get(call, new Request.Builder().url(url).get().build(), what);
  }

  private Reply get(MoverCall call, Request request, String what) throws IpMoverException {
    Reply reply = http.send(call, request, requestTimeout, what);
    if (reply.status() >= 500) {
      throw new IpMoverException(what + ": HTTP " + reply.status());
    }
    return reply;
  }

  /**
   * Reads this instance's id from OpenStack's metadata document ({@code uuid} of
   * {@code /openstack/latest/meta_data.json}), which Nova serves, and so OVH Public Cloud.
   *
   * @param call the operation
   * @param otherwise what to set on a host that is not an instance, for the message, e.g.
   *     {@code on a host that is not an OpenStack instance, set port to this node's port id}
   * @return the id, lower case
   * @throws IpMoverException RETRYABLE if the service did not answer or failed, PERMANENT if it
   *     answered something other than a document with an instance id
   */
  public String openStackInstanceId(MoverCall call, String otherwise) throws IpMoverException {
    HttpUrl url = url("openstack", "latest", "meta_data.json");
    String what = "read this instance's id from the metadata service " + url + " (" + otherwise + ")";
    Reply reply = get(call, new Request.Builder().url(url).header("Accept", "application/json").get().build(), what);
    Optional<String> uuid = reply.ok() ? JsonBodies.text(JsonBodies.read(reply.body()), "uuid") : Optional.empty();
    if (uuid.isEmpty() || !UUID.matcher(uuid.get()).matches()) {
      throw IpMoverException.permanent(what + ": HTTP " + reply.status() + " "
          + uuid.map(u -> "uuid " + u).orElse("without a uuid")
          + " (expected: the instance's id)");
    }
    return uuid.get().toLowerCase(Locale.ROOT);
  }
}
