package io.github.failover4j.provider.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.CannedDispatcher;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/** The check against hcloud.json finds what it should, so that a fake with no violations means something. */
class SpecsTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String LOCKED = "{\"error\":{\"code\":\"locked\",\"message\":\"locked\",\"details\":{}}}";

  private static Request.Builder assign(String body) {
    return new Request.Builder().post(RequestBody.create(body, JSON));
  }

  private static List<String> exchange(int status, String body, Request.Builder request) throws Exception {
    return new CannedDispatcher(status, body, Specs::hcloudViolations).exchange("/v1/floating_ips/4711/actions/assign",
        request.header("Authorization", "Bearer t"));
  }

  @Test
  void aValidExchangePasses() throws Exception {
    assertEquals(List.of(), exchange(423, LOCKED, assign("{\"server\":42}")));
  }

  @Test
  void aRequestBodyOfTheWrongShapeIsFound() throws Exception {
    List<String> violations = exchange(423, LOCKED, assign("{\"server\":\"eleven\"}"));
    assertTrue(violations.stream().anyMatch(v -> v.contains("validation.request.body")), violations.toString());
  }

  @Test
  void anErrorAnswerOfTheWrongShapeIsFound() throws Exception {
    List<String> violations = exchange(503, "{\"error\":{\"code\":5}}", assign("{\"server\":42}"));
    assertTrue(violations.stream().anyMatch(v -> v.contains("validation.response.body")), violations.toString());
  }

  @Test
  void anActionOfTheWrongShapeIsFound() throws Exception {
    List<String> violations = exchange(201, "{\"action\":{\"id\":1,\"status\":\"done\"}}", assign("{\"server\":42}"));
    assertTrue(violations.stream().anyMatch(v -> v.contains("validation.response.body")), violations.toString());
  }
}
