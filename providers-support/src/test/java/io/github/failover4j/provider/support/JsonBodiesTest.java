package io.github.failover4j.provider.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {
  @Test
  void aBodyThatIsNotJsonIsAMissingNode() {
    assertTrue(JsonBodies.read("<html>bad gateway</html>").isMissingNode());
    assertTrue(JsonBodies.read("").isMissingNode());
    assertEquals(42, JsonBodies.read("{\"a\":{\"b\":42}}").path("a").path("b").asInt());
  }

  @Test
  void writesCompactly() {
    assertEquals("{\"server\":42,\"alias_ips\":[\"10.0.1.1\"]}",
        JsonBodies.write(JsonBodies.object().put("server", 42).set("alias_ips",
            JsonBodies.object().arrayNode().add("10.0.1.1"))));
  }

  @Test
  void aTextFieldIsAbsentWhenMissingNullBlankOrNotText() {
    JsonNode node = JsonBodies.read("{\"a\":\"x\",\"b\":null,\"c\":\" \",\"d\":5}");
    assertEquals(Optional.of("x"), JsonBodies.text(node, "a"));
    for (String field : new String[] {"b", "c", "d", "e"}) {
      assertEquals(Optional.empty(), JsonBodies.text(node, field), field);
    }
  }
}
