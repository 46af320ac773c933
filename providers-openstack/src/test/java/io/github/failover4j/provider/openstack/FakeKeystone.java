package io.github.failover4j.provider.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A stateful Keystone v3 on MockWebServer, under {@code /identity} as devstack serves it: one user
 * with a password in a project, and one application credential. {@code POST /v3/auth/tokens}
 * answers 201 with a Fernet-like token in {@code X-Subject-Token}, {@code expires_at} one lifetime
 * from the fake's clock, and a catalog; wrong credentials get 401 with Keystone's error document.
 * Tokens can be expired by the clock, or revoked, and the next authentications refused. Every
 * exchange is checked against openstack-identity-v3.yaml, and the request bodies against what
 * Keystone requires (a project scope with a password, none with an application credential).
 */
final class FakeKeystone extends Dispatcher {
  static final String BASE = "/identity";
  static final String USER = "failover";
  static final String USER_ID = "9a3f1c2b4d5e6f708192a3b4c5d6e7f8";
  static final String PASSWORD = "pw-7c1e9b2a5d8f4e3b6a0c";
  static final String DOMAIN = "Default";
  static final String PROJECT = "demo";
  static final String PROJECT_ID = "3b1f9c2d8e7a4b6c9d0e1f2a3b4c5d6e";
  static final String CREDENTIAL_ID = "6d1c4e9f0a2b4c8d9e7f1a3b5c7d9e0f";
  static final String CREDENTIAL_SECRET = "ac-secret-2f8e6d4c1b9a7e5d3c1b";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter KEYSTONE_TIME = DateTimeFormatter
      .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final String UNAUTHORIZED = "{\"error\": {\"code\": 401, \"message\": \"The request you have made "
      + "requires authentication.\", \"title\": \"Unauthorized\"}}";

  /** One endpoint of the catalog. */
  private record Endpoint(String type, String endpointInterface, String region, String url) {}

  private final Supplier<Instant> now;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> tokens = new HashMap<>();
  private final List<Endpoint> catalog = new ArrayList<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private Duration lifetime = Duration.ofHours(1);
  private Duration behind = Duration.ZERO;
  private int refusals;
  private int failures;
  private int failureStatus;
  private int issued;
  private boolean echo;
  private String lastToken;

  /**
   * Creates the fake.
   *
   * @param now its wall clock
   */
  FakeKeystone(Supplier<Instant> now) {
    this.now = now;
  }

  /** Adds an endpoint to the catalog of every token issued from now on. */
  synchronized FakeKeystone endpoint(String type, String endpointInterface, String region, String url) {
    catalog.add(new Endpoint(type, endpointInterface, region, url));
    return this;
  }

  /** Sets how long the tokens issued from now on live. */
  synchronized void lifetime(Duration value) {
    lifetime = value;
  }

  /** Sets the fake's clock behind the tests' clock, as a Keystone whose clients' clocks run ahead. */
  synchronized void behind(Duration value) {
    behind = value;
  }

  private Instant now() {
    return now.get().minus(behind);
  }

  /** Refuses the next authentications with 401, as Keystone refuses a revoked credential. */
  synchronized void refuseNext(int count) {
    refusals = count;
  }

  /** Answers the next authentications with an error status (5xx, 429). */
  synchronized void failNext(int count, int status) {
    failures = count;
    failureStatus = status;
  }

  /** Answers the next authentication 400 with a message quoting its body, as a careless proxy could. */
  synchronized void echoNext() {
    echo = true;
  }

  /** Revokes every token issued so far: Neutron refuses them from now on. */
  synchronized void revokeAll() {
    tokens.clear();
  }

  /** Tells whether Neutron accepts a token: issued here, not revoked, not expired. */
  synchronized boolean valid(String token) {
    Instant expiry = token == null ? null : tokens.get(token);
    return expiry != null && now().isBefore(expiry);
  }

  /** Returns the token issued last, to check that it shows nowhere. */
  synchronized String lastToken() {
    return lastToken;
  }

  /** Returns how many tokens were issued. */
  synchronized int issued() {
    return issued;
  }

  /** Returns the authentications, as the method each used ({@code password ...}). */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Returns every violation of openstack-identity-v3.yaml, or of what Keystone requires, seen so far. */
  List<String> violations() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    int status;
    String answer;
    Map<String, String> headers = new HashMap<>();
    headers.put("X-OpenStack-Request-Id", "req-" + UUID.randomUUID());
    synchronized (this) {
      if (!request.getMethod().equals("POST") || !request.getUrl().encodedPath().equals(BASE + "/v3/auth/tokens")) {
        status = 404;
        answer = "{\"error\": {\"code\": 404, \"message\": \"Not Found\", \"title\": \"Not Found\"}}";
      } else if (echo) {
        echo = false;
        status = 400;
        answer = JSON.createObjectNode().set("error", JSON.createObjectNode().put("code", 400)
            .put("message", "cannot parse " + body).put("title", "Bad Request")).toString();
      } else if (failures > 0) {
        failures--;
        status = failureStatus;
        answer = "{\"error\": {\"code\": " + status + ", \"message\": \"try later\", \"title\": \"Service Unavailable\"}}";
        if (status == 429) {
          headers.put("Retry-After", "3");
        }
      } else {
        JsonNode auth = read(body).path("auth");
        String method = auth.path("identity").path("methods").path(0).asText("");
        requests.add(method);
        if (refusals > 0 || !accepts(auth, method)) {
          refusals = Math.max(0, refusals - 1);
          status = 401;
          answer = UNAUTHORIZED;
          headers.put("WWW-Authenticate", "Keystone uri=\"" + request.getUrl().resolve(BASE) + "\"");
        } else {
          String token = "gAAAAAB" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(96));
          Instant expiry = now().plus(lifetime);
          tokens.put(token, expiry);
          lastToken = token;
          issued++;
          status = 201;
          answer = token(method, expiry).toString();
          headers.put("X-Subject-Token", token);
        }
      }
    }
    violations.addAll(Specs.violations(Specs.IDENTITY, BASE, request, status, answer, headers));
    MockResponse.Builder response = new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json");
    headers.forEach(response::setHeader);
    return response.body(answer).build();
  }

  /** Checks the credentials, and records what Keystone would refuse with a 400 as a violation. */
  private boolean accepts(JsonNode auth, String method) {
    JsonNode identity = auth.path("identity");
    if (method.equals("password")) {
      JsonNode user = identity.path("password").path("user");
      boolean named = USER.equals(user.path("name").asText(null)) && domain(user.path("domain"));
      boolean byId = USER_ID.equals(user.path("id").asText(null));
      JsonNode project = auth.path("scope").path("project");
      boolean scoped = PROJECT_ID.equals(project.path("id").asText(null))
          || PROJECT.equals(project.path("name").asText(null)) && domain(project.path("domain"));
      if (!scoped) {
        violations.add("password authentication without this project's scope: " + auth.path("scope"));
      }
      return (named || byId) && PASSWORD.equals(user.path("password").asText(null)) && scoped;
    }
    if (method.equals("application_credential")) {
      if (auth.has("scope")) {
        violations.add("a scope beside an application credential, which Keystone refuses");
      }
      JsonNode credential = identity.path("application_credential");
      return CREDENTIAL_ID.equals(credential.path("id").asText(null))
          && CREDENTIAL_SECRET.equals(credential.path("secret").asText(null));
    }
    violations.add("authentication method " + method);
    return false;
  }

  private static boolean domain(JsonNode domain) {
    return "default".equals(domain.path("id").asText(null)) || DOMAIN.equals(domain.path("name").asText(null));
  }

  private ObjectNode token(String method, Instant expiry) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode token = body.putObject("token");
    token.putArray("methods").add(method);
    ObjectNode user = token.putObject("user");
    user.putObject("domain").put("id", "default").put("name", DOMAIN);
    user.put("id", USER_ID).put("name", USER).putNull("password_expires_at");
    token.putArray("audit_ids").add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(16)));
    token.put("expires_at", KEYSTONE_TIME.format(expiry));
    token.put("issued_at", KEYSTONE_TIME.format(now()));
    ObjectNode project = token.putObject("project");
    project.putObject("domain").put("id", "default").put("name", DOMAIN);
    project.put("id", PROJECT_ID).put("name", PROJECT);
    token.put("is_domain", false);
    token.putArray("roles").addObject().put("id", "4f1e2d3c4b5a69788796a5b4c3d2e1f0").put("name", "member");
    if (method.equals("application_credential")) {
      token.putObject("application_credential").put("id", CREDENTIAL_ID).put("name", "failover4j").put("restricted", true);
    }
    ArrayNode services = token.putArray("catalog");
    Map<String, ArrayNode> byType = new HashMap<>();
    for (Endpoint e : catalog) {
      ArrayNode endpoints = byType.computeIfAbsent(e.type(), type -> {
        ObjectNode service = services.addObject();
        service.put("id", UUID.randomUUID().toString().replace("-", "")).put("name", type.equals("network") ? "neutron" : type)
            .put("type", type);
        return service.putArray("endpoints");
      });
      endpoints.addObject().put("id", UUID.randomUUID().toString().replace("-", "")).put("interface", e.endpointInterface())
          .put("region", e.region()).put("region_id", e.region()).put("url", e.url());
    }
    return body;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      return JSON.createObjectNode();
    }
  }
}
