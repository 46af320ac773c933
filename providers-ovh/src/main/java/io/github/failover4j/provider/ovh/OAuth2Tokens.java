package io.github.failover4j.provider.ovh;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.failover4j.provider.support.HttpExchange;
import io.github.failover4j.provider.support.JsonBodies;
import io.github.failover4j.provider.support.Reply;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import io.github.failover4j.spi.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer tokens of an OVH service account (OAuth2 client credentials): asked for before the first
 * request ({@code grant_type=client_credentials}, {@code scope=all}, as OVH's clients ask), kept
 * until shortly before they expire (OVH issues them for an hour), and asked for again when the API
 * answers 401, as python-ovh does on an expired token.
 */
final class OAuth2Tokens implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(OAuth2Tokens.class);
  /** Renewed this long before it expires, so that no request carries a token about to lapse. */
  private static final Duration MARGIN = Duration.ofSeconds(60);

  private record Token(Secret value, Instant renewAt) {}

  private final OvhCredentials.OAuth2 credentials;
  private final HttpExchange transport;
  private final Duration requestTimeout;
  private final Clock clock;
  private volatile Token token;
  /** The last token issued, kept after it lapses so that a text quoting it is still redacted. */
  private volatile Secret lastIssued;

  /**
   * Creates the token source; no token is asked for until the first request.
   *
   * @param credentials the client's id, secret and token URL
   * @param transport the HTTP client
   * @param requestTimeout the longest wait for a token
   * @param clock the wall clock: OVH states a token's lifetime in seconds from now
   */
  OAuth2Tokens(OvhCredentials.OAuth2 credentials, HttpExchange transport, Duration requestTimeout, Clock clock) {
    this.credentials = credentials;
    this.transport = transport;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
  }

  @Override
  public Request authorize(MoverCall call, Request.Builder request, String method, HttpUrl url, String body)
      throws IpMoverException {
    Token current = token;
    if (current == null || !clock.instant().isBefore(current.renewAt())) {
      current = issue(call);
    }
    return request.header("Authorization", "Bearer " + current.value().reveal()).build();
  }

  private Token issue(MoverCall call) throws IpMoverException {
    String what = "get an OAuth2 token for client " + credentials.clientId() + " from " + credentials.tokenUrl();
    FormBody form = new FormBody.Builder()
        .add("grant_type", "client_credentials")
        .add("client_id", credentials.clientId())
        .add("client_secret", credentials.clientSecret().reveal())
        .add("scope", "all")
        .build();
    Request request = new Request.Builder().url(credentials.tokenUrl()).header("Accept", "application/json")
        .post(form).build();
    Reply reply = transport.send(call, request, requestTimeout, what);
    JsonNode body = JsonBodies.read(reply.body());
    if (!reply.ok()) {
      // OAuth2's envelope ({"error": "invalid_client", …}), or OVH's own
      String code = JsonBodies.text(body, "error").or(() -> JsonBodies.text(body, "class")).orElse("error");
      String text = JsonBodies.text(body, "error_description").or(() -> JsonBodies.text(body, "message")).orElse("");
      String message = redact(what + ": HTTP " + reply.status() + " " + code + (text.isEmpty() ? "" : ": " + text)
          + reply.requestId().map(id -> " (query id " + id + ")").orElse(""));
      if (reply.status() == 400 || reply.status() == 401) {
        // a wrong id or secret: asking again with the same ones cannot help
        throw IpMoverException.permanent(message + " (check the client id and secret)");
      }
      throw IpMoverException.ofHttpStatus(message, reply.status(), Optional.empty());
    }
    Optional<String> value = JsonBodies.text(body, "access_token");
    String type = JsonBodies.text(body, "token_type").orElse("Bearer");
    if (value.isEmpty() || !type.toLowerCase(Locale.ROOT).equals("bearer")) {
      throw IpMoverException.permanent(what + ": the answer has no bearer access_token (token_type " + type + ")");
    }
    long lifetime = body.path("expires_in").canConvertToLong() ? body.path("expires_in").asLong() : 3600;
    // a short-lived token is renewed at half its life, a normal one a minute before it ends
    Duration renewAfter = Duration.ofSeconds(lifetime).minus(MARGIN);
    if (renewAfter.compareTo(Duration.ofSeconds(lifetime / 2)) < 0) {
      renewAfter = Duration.ofSeconds(lifetime / 2);
    }
    Secret secret = Secret.of(value.get());
    lastIssued = secret;
    Token issued = new Token(secret, clock.instant().plus(renewAfter));
    token = issued;
    LOG.debug("OAuth2 token for client {} issued for {} s", credentials.clientId(), lifetime);
    return issued;
  }

  /** 401: the token lapsed or was revoked; a new one is worth one more try. */
  @Override
  public boolean recover(Reply refused) {
    if (refused.status() != 401) {
      return false;
    }
    LOG.info("OVH refused the OAuth2 token{}: asking for a new one",
        refused.requestId().map(id -> " (query id " + redact(id) + ")").orElse(""));
    token = null;
    return true;
  }

  @Override
  public String redact(String text) {
    String clean = credentials.redact(text);
    Secret issued = lastIssued;
    return issued == null ? clean : issued.redact(clean);
  }

  @Override
  public String toString() {
    return "OAuth2Tokens(" + credentials + ")";
  }
}
