package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.failover4j.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration's {@code realtime} map, read without starting anything. */
class RealtimeConfigTest {
  private static final String GROUP = "groups:\n  - { name: web, interface: eth0, vrid: 51, virtualIps: [192.0.2.10/24] }\n";

  @TempDir
  Path dir;

  @Test
  void aPriorityAndALockAreReadAsWrittenAndAPriorityAloneLocksNothing() throws IOException {
    assertEquals(Optional.of(new Realtime(10, true)), read("realtime: { priority: 10, lockMemory: true }\n"));
    assertEquals(Optional.of(new Realtime(99, false)), read("realtime: 99\n"));
    assertEquals(Optional.empty(), read(""));
    AgentConfig.load(write("realtime: { priority: 1, lockMemory: false }\n" + GROUP)); // no problem
  }

  @Test
  void everyProblemOfTheMapIsListedWithItsPath() throws IOException {
    Path file = write("realtime: { priority: 100, lockMemory: 3, priorty: 5 }\n" + GROUP);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(file));
    assertEquals(List.of("realtime.priorty: unknown key; did you mean priority?",
        "realtime.lockMemory: 3 (expected: true or false)", "realtime.priority: 100 (expected: 1..99)"),
        e.problems());
  }

  @Test
  void aPriorityIsRequiredWholeAndInRange() throws IOException {
    assertEquals(List.of("realtime.priority: missing"), problems("realtime: { lockMemory: true }\n"));
    assertEquals(List.of("realtime.priority: 0 (expected: 1..99)"), problems("realtime: 0\n"));
    assertEquals(List.of("realtime: 1.5 (expected: a whole number)"), problems("realtime: 1.5\n"));
  }

  private List<String> problems(String yaml) throws IOException {
    Path file = write(yaml + GROUP);
    return assertThrows(ConfigurationException.class, () -> AgentConfig.load(file), yaml).problems();
  }

  private Optional<Realtime> read(String yaml) throws IOException {
    return Realtime.read(new Node(AgentConfig.tree(write(yaml + GROUP)), "", new java.util.ArrayList<>()));
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("agent.yaml"), yaml);
  }
}
