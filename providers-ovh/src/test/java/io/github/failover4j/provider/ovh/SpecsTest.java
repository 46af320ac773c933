package io.github.failover4j.provider.ovh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.provider.support.testing.CannedDispatcher;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/** The check against ovh-ip.json finds what it should, so that a fake without violations means something. */
class SpecsTest {
  private static final MediaType JSON = MediaType.get("application/json;charset=utf-8");
  private static final String TASK = "{\"taskId\":4711,\"function\":\"genericMoveFloatingIp\",\"status\":\"todo\","
      + "\"startDate\":\"2026-12-02T14:00:00Z\",\"lastUpdate\":\"2026-12-02T14:00:00Z\",\"doneDate\":null,"
      + "\"comment\":null,\"destination\":{\"serviceName\":\"ns1234567.ip-203-0-113.eu\"}}";

  private static List<String> exchange(int status, String body, String path, Request.Builder request)
      throws Exception {
    return new CannedDispatcher(status, body, Specs::ovhIpViolations).exchange(path, request);
  }

  private static Request.Builder move(String body) {
    return new Request.Builder().post(RequestBody.create(body, JSON));
  }

  @Test
  void aValidMovePasses() throws Exception {
    assertEquals(List.of(), exchange(200, TASK, "/1.0/ip/203.0.113.7%2F32/move",
        move("{\"to\":\"ns1234567.ip-203-0-113.eu\"}")));
  }

  @Test
  void aMoveWithoutItsDestinationIsFound() throws Exception {
    List<String> violations = exchange(200, TASK, "/1.0/ip/203.0.113.7%2F32/move",
        move("{\"destination\":\"ns1234567.ip-203-0-113.eu\"}"));
    assertTrue(violations.stream().anyMatch(v -> v.contains("validation.request.body")), violations.toString());
  }

  @Test
  void aTaskOfAnUnknownStatusIsFound() throws Exception {
    List<String> violations = exchange(200, TASK.replace("todo", "finished"),
        "/1.0/ip/203.0.113.7%2F32/task/4711", new Request.Builder().get());
    assertTrue(violations.stream().anyMatch(v -> v.contains("validation.response.body")), violations.toString());
  }

  @Test
  void aTaskListFilteredByAnUnknownStatusIsFound() throws Exception {
    List<String> violations = exchange(200, "[]",
        "/1.0/ip/203.0.113.7%2F32/task?function=genericMoveFloatingIp&status=pending", new Request.Builder().get());
    assertTrue(violations.stream().anyMatch(v -> v.contains("validation.request.parameter")), violations.toString());
  }

  @Test
  void anErrorAnswerIsNotCheckedSinceTheDescriptionHasNone() throws Exception {
    assertEquals(List.of(), exchange(404, "{\"class\":\"Client::NotFound\",\"message\":\"no\"}",
        "/1.0/ip/203.0.113.7%2F32", new Request.Builder().get()));
  }

  @Test
  void theCloudUniverseIsNotDescribed() {
    assertTrue(Specs.described("/1.0/ip/203.0.113.7%2F32/move"));
    assertTrue(!Specs.described("/1.0/cloud/project/p/ip/failover/1/attach"));
  }
}
