package io.github.failover4j.provider.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.provider.support.HttpExchange;
import io.github.failover4j.provider.support.JsonBodies;
import io.github.failover4j.provider.support.Reply;
import io.github.failover4j.provider.support.RetryAfter;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import io.github.failover4j.spi.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Keystone v3's one call a mover needs: {@code POST /v3/auth/tokens} with a password (scoped to a
 * project) or an application credential, answered {@code 201} with the token in the
 * {@code X-Subject-Token} header and the catalog, where Neutron's endpoint is picked.
 */
final class Keystone {
  private static final MediaType JSON = MediaType.get("application/json");

  private final HttpExchange http;
  private final OpenStackCredentials credentials;
  private final Duration requestTimeout;
  private final Clock clock;

  /**
   * Creates the client.
   *
   * @param http the HTTP client
   * @param credentials what to authenticate with, and which endpoint to pick
   * @param requestTimeout the longest wait for an answer
   * @param clock the wall clock, to turn a {@code Retry-After} date into a wait
   */
  Keystone(HttpExchange http, OpenStackCredentials credentials, Duration requestTimeout, Clock clock) {
    this.http = http;
    this.credentials = credentials;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
  }

  /**
   * Gets a new token.
   *
   * @param call the operation
   * @return the token, and Neutron's endpoint from its catalog
   * @throws IpMoverException PERMANENT if Keystone refused the credentials or the catalog has no
   *     matching network endpoint, RETRYABLE if Keystone was not reachable or failed
   */
  Token authenticate(MoverCall call) throws IpMoverException {
    HttpUrl url = credentials.authUrl().newBuilder().addPathSegment("auth").addPathSegment("tokens").build();
    String what = "authenticate to Keystone at " + url + " with the " + credentials.auth();
    Request request = new Request.Builder().url(url).header("Accept", "application/json")
        .post(RequestBody.create(body().toString(), JSON)).build();
    Reply reply = http.send(call, request, requestTimeout, what);
    if (!reply.ok()) {
      String message = what + ": " + ApiError.of(reply).describe(reply, credentials::redact);
      if (reply.status() == 401) {
        throw IpMoverException.permanent(message + " (Keystone refused the credentials of " + credentials.source() + ")");
      }
      throw IpMoverException.ofHttpStatus(message, reply.status(), RetryAfter.of(reply.headers(), clock));
    }
    String subject = reply.headers().get("X-Subject-Token");
    if (subject == null || subject.isBlank()) {
      throw IpMoverException.permanent(what + ": HTTP " + reply.status() + " without an X-Subject-Token header");
    }
    JsonNode token = JsonBodies.read(reply.body()).path("token");
    Catalog catalog = Catalog.of(token.path("catalog"));
    HttpUrl network = catalog.endpoint("network", credentials.endpointInterface(), credentials.region())
        .orElseThrow(() -> IpMoverException.permanent(what + ": the catalog has no network endpoint of interface "
            + credentials.endpointInterface() + credentials.region().map(r -> " in region " + r).orElse("")
            + " (its network endpoints: " + catalog.of("network") + "; check region and interface)"));
    return new Token(Secret.of(subject.strip()), expiresAt(token), withoutVersion(network));
  }

  /**
   * The request's body; openstacksdk sends the same. An application credential carries its scope,
   * and Keystone refuses a scope beside it.
   */
  private ObjectNode body() {
    ObjectNode root = JsonBodies.object();
    ObjectNode auth = root.putObject("auth");
    ObjectNode identity = auth.putObject("identity");
    if (credentials.auth() instanceof OpenStackCredentials.Password password) {
      identity.putArray("methods").add("password");
      ObjectNode user = identity.putObject("password").putObject("user");
      ref(user, password.user());
      user.put("password", password.password().reveal());
      ref(auth.putObject("scope").putObject("project"), password.project());
    } else if (credentials.auth() instanceof OpenStackCredentials.ApplicationCredential credential) {
      identity.putArray("methods").add("application_credential");
      identity.putObject("application_credential").put("id", credential.id()).put("secret", credential.secret().reveal());
    }
    return root;
  }

  private static void ref(ObjectNode into, OpenStackCredentials.Ref ref) {
    into.put(ref.field(), ref.value());
    ref.domain().ifPresent(domain -> into.putObject("domain").put(domain.field(), domain.value()));
  }

  /** {@code expires_at}, e.g. {@code 2015-08-27T09:49:58.000000Z}; null or absent: never. */
  private static Optional<Instant> expiresAt(JsonNode token) throws IpMoverException {
    Optional<String> text = JsonBodies.text(token, "expires_at");
    try {
      return text.map(Instant::parse);
    } catch (DateTimeParseException e) {
      throw IpMoverException.permanent("Keystone's token expires_at " + text.get() + " (expected: an ISO 8601 time)");
    }
  }

  /**
   * The endpoint without a version: catalogs give Neutron's as {@code http://host:9696},
   * {@code https://host/networking/} or, in some clouds, with {@code v2.0} already.
   */
  private static HttpUrl withoutVersion(HttpUrl endpoint) {
    List<String> segments = new ArrayList<>(endpoint.pathSegments());
    segments.removeIf(String::isEmpty);
    if (!segments.isEmpty() && segments.get(segments.size() - 1).equals("v2.0")) {
      segments.remove(segments.size() - 1);
    }
    HttpUrl.Builder base = endpoint.newBuilder().encodedPath("/").query(null).fragment(null);
    segments.forEach(base::addPathSegment);
    return base.build();
  }
}
