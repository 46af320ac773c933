package io.github.failover4j.agent;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.failover4j.agent.Daemons.Daemon;
import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two agent jars in network namespaces: {@code status --json} and {@code yield} against the running master. */
class ControlSocketIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir
  Path dir;

  private Path config(String name, int priority) throws IOException {
    return Files.writeString(dir.resolve(name + ".yaml"), """
        control: { socket: %s.sock }
        groups:
          - name: web
            interface: eth0
            vrid: 51
            priority: %d
            advertInterval: 100ms
            virtualIps: ["10.0.0.200/24"]
        """.formatted(name, priority));
  }

  @Test
  void yieldHandsOverWithoutStoppingAndUndemoteTakesBack() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      Node a = lab.node("a").address("10.0.0.1/24");
      Node b = lab.node("b").address("10.0.0.2/24");
      Daemon first = a.own(Daemons.agent(a, Daemons.AGENT_JAR, config("a", 200), dir.resolve("a.log")));
      Daemon second = b.own(Daemons.agent(b, Daemons.AGENT_JAR, config("b", 100), dir.resolve("b.log")));
      Path aSocket = dir.resolve("a.sock");
      Path bSocket = dir.resolve("b.sock");
      eventually(Duration.ofSeconds(10), () -> a.has("10.0.0.200") && role(aSocket).equals("MASTER")
          && role(bSocket).equals("BACKUP"), first::log);

      JsonNode status = MAPPER.readTree(run("status", "--json", "--socket", aSocket.toString()));
      JsonNode web = status.get("groups").get(0);
      assertEquals(1, status.get("schema").asInt());
      assertEquals("web", web.get("name").asText());
      assertEquals(200, web.get("priority").asInt());
      assertTrue(web.get("master").get("self").asBoolean(), web.toString());

      run("yield", "web", "--socket", aSocket.toString());
      eventually(Duration.ofSeconds(5), () -> b.has("10.0.0.200") && role(bSocket).equals("MASTER"), second::log);
      assertTrue(!a.has("10.0.0.200"), "the yielding agent released the address");
      JsonNode yielded = MAPPER.readTree(ControlClient.send(aSocket, "{\"command\":\"status\"}")).get("groups").get(0);
      assertEquals("BACKUP", yielded.get("role").asText(), yielded.toString());
      assertEquals(1, yielded.get("priority").asInt(), "held at priority 1: it does not preempt back");
      assertTrue(first.process.isAlive(), "yield does not stop the agent");
      assertTrue(second.log().contains("BACKUP -> MASTER (master released its addresses"), second.log());
      assertTrue(first.log().contains("MASTER -> BACKUP (yielded by "), first.log());
      Thread.sleep(1000); // ten advertisement intervals: it stays BACKUP
      assertEquals("BACKUP", role(aSocket));

      run("undemote", "web", "--socket", aSocket.toString());
      eventually(Duration.ofSeconds(5), () -> a.has("10.0.0.200") && role(aSocket).equals("MASTER"), first::log);
    }
  }

  private static String role(Path socket) {
    try {
      return MAPPER.readTree(ControlClient.send(socket, "{\"command\":\"status\"}")).get("groups").get(0).get("role")
          .asText();
    } catch (IOException e) {
      return "unreachable: " + e.getMessage();
    }
  }

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Agent.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }
}
