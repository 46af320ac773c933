package io.github.failover4j.provider.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.CannedDispatcher;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/** The checks against the OpenAPI descriptions find what they should, so that a fake without violations means something. */
class SpecsTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String PORT = "5f1c2b9e-0d4a-4e8f-9c3b-7a6d5e4f3a21";
  private static final String FIP = "2f245a7b-796b-4f26-9cf9-9e82d248fda7";

  /** Answers each request with a canned answer, and checks the exchange against a description. */
  private static CannedDispatcher canned(String spec, String basePath, int status, String body) {
    return new CannedDispatcher(status, body, (request, st, b) -> Specs.violations(spec, basePath, request, st, b,
        Map.of()));
  }

  private static List<String> exchange(CannedDispatcher canned, String path, Request.Builder request) throws Exception {
    Specs.load();
    return canned.exchange(path, request);
  }

  private static String fip(String portId) {
    return "{\"floatingip\":{\"id\":\"" + FIP + "\",\"floating_ip_address\":\"203.0.113.7\",\"port_id\":" + portId
        + ",\"status\":\"ACTIVE\",\"revision_number\":4}}";
  }

  @Test
  void aValidFloatingIpUpdatePasses() throws Exception {
    CannedDispatcher canned = canned(Specs.NETWORK, "/networking", 200, fip("\"" + PORT + "\""));
    assertEquals(List.of(), exchange(canned, "/networking/v2.0/floatingips/" + FIP, new Request.Builder()
        .header("X-Auth-Token", "t").header("If-Match", "revision_number=3")
        .put(RequestBody.create("{\"floatingip\":{\"port_id\":\"" + PORT + "\"}}", JSON))));
  }

  @Test
  void aCallTheMoverDoesNotMakeIsFound() throws Exception {
    CannedDispatcher canned = canned(Specs.NETWORK, "/networking", 200, "{}");
    List<String> violations = exchange(canned, "/networking/v2.0/routers", new Request.Builder()
        .header("X-Auth-Token", "t").get());
    assertTrue(violations.stream().anyMatch(v -> v.contains("validation.request.path.missing")), violations.toString());
  }

  @Test
  void aBodyOfTheWrongShapeIsFound() throws Exception {
    CannedDispatcher canned = canned(Specs.NETWORK, "/networking", 200, fip("null"));
    List<String> violations = exchange(canned, "/networking/v2.0/floatingips/" + FIP, new Request.Builder()
        .header("X-Auth-Token", "t").put(RequestBody.create("{\"floatingip\":{\"port_id\":[\"x\"]}}", JSON)));
    assertTrue(violations.stream().anyMatch(v -> v.contains("validation.request.body")), violations.toString());
  }

  @Test
  void anAnswerOfTheWrongShapeIsFound() throws Exception {
    CannedDispatcher canned = canned(Specs.NETWORK, "/networking", 200, "{\"floatingip\":{\"revision_number\":\"four\"}}");
    List<String> violations = exchange(canned, "/networking/v2.0/floatingips/" + FIP, new Request.Builder()
        .header("X-Auth-Token", "t").get());
    assertTrue(violations.stream().anyMatch(v -> v.contains("validation.response.body")), violations.toString());
  }

  @Test
  void aNumericOrMalformedPortIdIsFound() throws Exception {
    for (String portId : List.of("42", "\"port-1\"")) {
      CannedDispatcher canned = canned(Specs.NETWORK, "/networking", 200, fip("null"));
      List<String> violations = exchange(canned, "/networking/v2.0/floatingips/" + FIP, new Request.Builder()
          .header("X-Auth-Token", "t").put(RequestBody.create("{\"floatingip\":{\"port_id\":" + portId + "}}", JSON)));
      assertTrue(violations.stream().anyMatch(v -> v.contains("/floatingip/port_id")), violations.toString());
    }
    assertFalse(Specs.uuid("42"));
    assertTrue(Specs.uuid(PORT));
  }

  @Test
  void aNullPortIdAndANullableAnswerPass() throws Exception {
    String answer = "{\"floatingip\":{\"id\":\"" + FIP + "\",\"port_id\":null,\"fixed_ip_address\":null,"
        + "\"router_id\":null,\"port_details\":null,\"revision_number\":5}}";
    CannedDispatcher canned = canned(Specs.NETWORK, "/networking", 200, answer);
    assertEquals(List.of(), exchange(canned, "/networking/v2.0/floatingips/" + FIP, new Request.Builder()
        .header("X-Auth-Token", "t").put(RequestBody.create("{\"floatingip\":{\"port_id\":null}}", JSON))));
  }

  @Test
  void aValidTokenRequestPassesAndAWrongOneIsFound() throws Exception {
    String answer = "{\"token\":{\"methods\":[\"application_credential\"],\"expires_at\":\"2026-12-02T15:45:01.000000Z\","
        + "\"catalog\":[]}}";
    CannedDispatcher canned = canned(Specs.IDENTITY, "/identity", 201, answer);
    assertEquals(List.of(), exchange(canned, "/identity/v3/auth/tokens", new Request.Builder().post(RequestBody.create(
        "{\"auth\":{\"identity\":{\"methods\":[\"application_credential\"],\"application_credential\":"
            + "{\"id\":\"abc\",\"secret\":\"s\"}}}}", JSON))));
    CannedDispatcher wrong = canned(Specs.IDENTITY, "/identity", 201, answer);
    List<String> violations = exchange(wrong, "/identity/v3/auth/tokens", new Request.Builder().post(RequestBody.create(
        "{\"auth\":{\"identity\":{\"methods\":[\"magic\"]}}}", JSON)));
    assertTrue(violations.stream().anyMatch(v -> v.contains("validation.request.body")), violations.toString());
  }
}
