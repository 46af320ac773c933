package io.github.failover4j.provider.ovh;

import io.github.failover4j.provider.support.Reply;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs requests as OVH's API requires of an application key, application secret and consumer
 * key: {@code X-Ovh-Signature: $1$} and the SHA-1, in lower-case hex, of the application secret,
 * the consumer key, the method, the full URL as sent (scheme, host, {@code /1.0}, the path with
 * {@code /} in an IP block encoded as {@code %2F}, and the query), the body as sent, and the
 * timestamp on OVH's clock, joined by {@code +}.
 */
final class Signer implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(Signer.class);

  private final OvhCredentials.Signed credentials;
  private final ClockOffset clock;

  /**
   * Creates the signer.
   *
   * @param credentials the application key, application secret and consumer key
   * @param clock OVH's time
   */
  Signer(OvhCredentials.Signed credentials, ClockOffset clock) {
    this.credentials = credentials;
    this.clock = clock;
  }

  @Override
  public Request authorize(MoverCall call, Request.Builder request, String method, HttpUrl url, String body)
      throws IpMoverException {
    long timestamp = clock.serverSeconds(call);
    return request
        .header("X-Ovh-Application", credentials.applicationKey())
        .header("X-Ovh-Consumer", credentials.consumerKey().reveal())
        .header("X-Ovh-Timestamp", Long.toString(timestamp))
        .header("X-Ovh-Signature", signature(credentials.applicationSecret().reveal(),
            credentials.consumerKey().reveal(), method, url.toString(), body, timestamp))
        .build();
  }

  /**
   * Computes a signature.
   *
   * @param applicationSecret the application secret
   * @param consumerKey the consumer key
   * @param method the method, upper case
   * @param url the full URL as sent
   * @param body the body as sent, empty for none
   * @param timestamp the timestamp as sent, UNIX seconds on OVH's clock
   * @return {@code $1$} and 40 hex digits
   */
  static String signature(String applicationSecret, String consumerKey, String method, String url, String body,
      long timestamp) {
    String signed = String.join("+", applicationSecret, consumerKey, method, url, body, Long.toString(timestamp));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(signed.getBytes(StandardCharsets.UTF_8));
      return "$1$" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK, which every JDK must provide", e);
    }
  }

  /** A refused signature may be a stale clock offset: worth one more try with OVH's time read again. */
  @Override
  public boolean recover(Reply refused) {
    int status = refused.status();
    if ((status == 400 || status == 401 || status == 403) && OvhError.of(refused).signatureRefused()) {
      LOG.info("OVH refused a request's signature{}: reading OVH's time again and signing once more",
          refused.requestId().map(id -> " (query id " + redact(id) + ")").orElse(""));
      clock.forget();
      return true;
    }
    return false;
  }

  @Override
  public String redact(String text) {
    return credentials.redact(text);
  }

  @Override
  public String toString() {
    return "Signer(" + credentials + ")";
  }
}
