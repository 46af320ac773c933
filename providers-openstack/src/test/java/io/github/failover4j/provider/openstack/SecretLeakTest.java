package io.github.failover4j.provider.openstack;

import static io.github.failover4j.provider.openstack.OpenStackHarness.OTHER_PORT;
import static io.github.failover4j.provider.support.testing.SecretLeaks.assertNowhere;
import static io.github.failover4j.provider.support.testing.SecretLeaks.attempt;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.LogCapture;
import io.github.failover4j.provider.support.testing.RecordingCall;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The password, the application credential's secret and the tokens reach Keystone's and Neutron's
 * requests and nothing else: no exception message (nor its causes), no log line at any level, no
 * {@code toString()} — even when a service quotes them back.
 */
class SecretLeakTest {
  private final OpenStackHarness cloud = new OpenStackHarness();
  private final List<String> seen = new ArrayList<>();

  @BeforeEach
  void clearLogs() {
    LogCapture.clear();
  }

  @AfterEach
  void close() {
    cloud.close();
  }

  @Test
  void thePasswordAndTheTokensAreNeverShown() {
    cloud.neutron.associate(OpenStackHarness.FIP, OTHER_PORT);
    List<String> tokens = new ArrayList<>();
    try (IpMover fip = cloud.floatingIpMover(); IpMover pairs = cloud.pairsMover()) {
      seen.add(fip.toString());
      seen.add(pairs.toString());
      cloud.keystone.echoNext();
      attempt(seen, () -> fip.observe(RecordingCall.twoMinutes()));
      attempt(seen, () -> fip.observe(RecordingCall.twoMinutes()));
      tokens.add(cloud.keystone.lastToken());
      cloud.neutron.fail("PUT", "/v2.0/floatingips/.*", 409, "Conflict", "token " + tokens.get(0) + " is busy");
      attempt(seen, () -> fip.claim(RecordingCall.twoMinutes(), Holder.other("port " + OTHER_PORT)));
      attempt(seen, () -> pairs.observe(RecordingCall.twoMinutes()));
      tokens.add(cloud.keystone.lastToken()); // the second mover's own
      // where the token straddles the point a long message is cut
      cloud.neutron.fail("GET", "/v2.0/ports/.*", 500, "InternalServerError", "x".repeat(190) + tokens.get(1));
      attempt(seen, () -> pairs.observe(RecordingCall.twoMinutes()));
      cloud.keystone.revokeAll();
      cloud.neutron.fail("GET", "/v2.0/floatingips/.*", 401, "Unauthorized", "old " + tokens.get(0));
      attempt(seen, () -> fip.observe(RecordingCall.twoMinutes()));
      tokens.add(cloud.keystone.lastToken());
    }
    for (String redacted : List.of("cannot parse", "token **** is busy", "x".repeat(190) + "****")) {
      assertTrue(seen.stream().anyMatch(s -> s.contains(redacted)), redacted + " in " + seen);
    }
    assertNowhere(FakeKeystone.PASSWORD, seen);
    tokens.forEach(token -> assertNowhere(token, seen));
  }

  @Test
  void theApplicationCredentialsSecretIsNeverShown() {
    cloud.environment.clear();
    cloud.environment.putAll(Map.of("OS_AUTH_URL", cloud.authUrl(), "OS_APPLICATION_CREDENTIAL_ID",
        FakeKeystone.CREDENTIAL_ID, "OS_APPLICATION_CREDENTIAL_SECRET", FakeKeystone.CREDENTIAL_SECRET));
    try (IpMover fip = cloud.floatingIpMover()) {
      seen.add(fip.toString());
      cloud.keystone.echoNext();
      attempt(seen, () -> fip.observe(RecordingCall.twoMinutes()));
      cloud.keystone.refuseNext(1);
      attempt(seen, () -> fip.observe(RecordingCall.twoMinutes()));
    }
    assertTrue(seen.stream().anyMatch(s -> s.contains("\"secret\":\"****\"")), seen.toString());
    assertNowhere(FakeKeystone.CREDENTIAL_SECRET, seen);
  }

  @Test
  void requestsAreLoggedByMethodPathStatusAndRequestId() throws Exception {
    try (IpMover fip = cloud.floatingIpMover()) {
      seen.add(fip.toString());
      fip.observe(RecordingCall.twoMinutes());
    }
    List<String> debug = LogCapture.lines().stream().filter(l -> l.startsWith("DEBUG")).toList();
    assertTrue(debug.stream().anyMatch(l -> l.matches("DEBUG io\\.github\\.failover4j\\.provider\\.openstack"
        + "\\.OpenStackMoverProvider: POST /identity/v3/auth/tokens -> 201 in \\d+ ms, request id req-[0-9a-f-]+")), debug.toString());
    assertTrue(debug.stream().anyMatch(l -> l.contains("GET /openstack/latest/meta_data.json -> 200")), debug.toString());
    assertNowhere(cloud.keystone.lastToken(), seen);
  }
}
