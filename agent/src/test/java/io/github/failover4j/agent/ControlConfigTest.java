package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration's {@code control} map. */
class ControlConfigTest {
  private static final String GROUP = "groups:\n  - { name: web, interface: eth0, vrid: 51, virtualIps: [192.0.2.10/24] }\n";

  @TempDir
  Path dir;

  @Test
  void withoutAControlMapTheSocketIsTheDefaultOneForRootAndTheAgentsUser() throws IOException {
    assertEquals(ControlSocket.Settings.DEFAULT, AgentConfig.load(write(GROUP)).control());
    assertEquals(Path.of("/run/failover4j/agent.sock"), ControlSocket.Settings.DEFAULT.path());
  }

  @Test
  void theSocketIsRelativeToTheConfigurationsDirectoryAndTheGroupIsANameOnly() throws IOException {
    AgentConfig config = AgentConfig.load(write("control: { socket: run/agent.sock, group: ops }\n" + GROUP));
    assertEquals(new ControlSocket.Settings(dir.resolve("run/agent.sock"), Optional.of("ops")), config.control());
    assertEquals(Path.of("/run/x.sock"), AgentConfig.load(write("control: { socket: /run/x.sock }\n" + GROUP))
        .control().path());
  }

  @Test
  void anUnknownKeyOfTheControlMapIsAProblem() throws IOException {
    Path file = write("control: { sokcet: /run/x.sock }\n" + GROUP);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(file));
    assertTrue(e.getMessage().contains("control.sokcet: unknown key"), e.getMessage());
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("agent.yaml"), yaml);
  }
}
