package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.failover4j.FailoverGroup;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket itself, in a temporary directory: this process is the peer. */
class ControlSocketTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir
  Path dir;

  private final FailoverGroup web = FailoverGroup.builder().name("web").interfaceName("eth0").vrid(51).priority(150)
      .virtualIp("192.0.2.10/24").build();

  private ControlSocket open(Path path, ControlSocket.Access access) throws IOException {
    return ControlSocket.open(new ControlSocket.Settings(path, Optional.empty()), Running.handler(web),
        access);
  }

  @Test
  void servesARequestWithModeSixSixtyInADirectoryMadeSevenFifty() throws Exception {
    Path path = dir.resolve("run/failover4j/agent.sock");
    try (ControlSocket socket = open(path, null)) {
      assertEquals(path, socket.path());
      assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
      assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent())));
      Thread thread = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().equals("failover4j-control")).findFirst().orElseThrow();
      assertTrue(thread.isDaemon());
      JsonNode answer = MAPPER.readTree(ControlClient.send(path, "{\"command\":\"status\"}"));
      assertTrue(answer.get("ok").asBoolean(), answer.toString());
      assertEquals("web", answer.get("groups").get(0).get("name").asText());
      JsonNode demoted = MAPPER.readTree(ControlClient.send(path, "demote web 20 test"));
      assertTrue(demoted.get("ok").asBoolean(), demoted.toString());
      assertEquals(20, web.status().demotion());
      ControlClient.send(path, "undemote web");
      assertEquals(0, web.status().demotion());
    }
    assertFalse(Files.exists(path), "closing removes the socket file");
  }

  @Test
  void aPeerTheCheckRefusesGetsAMessageAndNothingIsDone() throws Exception {
    Path path = dir.resolve("agent.sock");
    try (ControlSocket socket = open(path, peer -> Optional.of("refused: user " + peer.user().getName()
        + " is not allowed"))) {
      assertEquals(path, socket.path());
      JsonNode answer = MAPPER.readTree(ControlClient.send(path, "demote web 20 test"));
      assertEquals("REFUSED", answer.get("code").asText());
      assertTrue(answer.get("error").asText().startsWith("refused: user "), answer.toString());
      assertEquals(0, web.status().demotion());
      CommandLine run = CommandLine.run("status", "--socket", path.toString());
      assertEquals(ControlClient.UNREACHABLE, run.code());
      assertTrue(run.err().startsWith("refused: user "), run.err());
    }
  }

  @Test
  void theDefaultCheckAllowsRootTheAgentsUserAndTheGroup() {
    ControlSocket.Access none = ControlSocket.defaultAccess("failover4j", Optional.empty());
    ControlSocket.Access ops = ControlSocket.defaultAccess("failover4j", Optional.of("ops"));
    assertEquals(Optional.empty(), none.refusal(peer("root", "root")));
    assertEquals(Optional.empty(), none.refusal(peer("failover4j", "failover4j")));
    assertEquals(Optional.of("refused: user bob (group ops) is not root, the agent's user failover4j"),
        none.refusal(peer("bob", "ops")));
    assertEquals(Optional.empty(), ops.refusal(peer("bob", "ops")));
    assertEquals(Optional.of("refused: user bob (group staff) is not root, the agent's user failover4j, or a member"
        + " of group ops"), ops.refusal(peer("bob", "staff")));
  }

  @Test
  void thisProcessRunningAsRootOrAsTheAgentsUserIsAllowedByTheDefaultCheck() throws Exception {
    Path path = dir.resolve("agent.sock");
    try (ControlSocket socket = open(path, null)) {
      assertEquals(path, socket.path());
      assertTrue(MAPPER.readTree(ControlClient.send(path, "status")).get("ok").asBoolean());
    }
  }

  @Test
  void aSocketLeftByACrashedAgentIsReplacedAndALiveOneIsNot() throws Exception {
    Path path = dir.resolve("agent.sock");
    ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    crashed.bind(UnixDomainSocketAddress.of(path));
    crashed.close(); // the file stays
    assertTrue(Files.exists(path));
    try (ControlSocket socket = open(path, null)) {
      assertEquals(path, socket.path());
      assertTrue(MAPPER.readTree(ControlClient.send(path, "status")).get("ok").asBoolean());
      IOException twice = assertThrows(IOException.class, () -> open(path, null));
      assertTrue(twice.getMessage().contains("another agent is listening on it"), twice.getMessage());
      assertTrue(MAPPER.readTree(ControlClient.send(path, "status")).get("ok").asBoolean(), "the first serves on");
    }
    Files.writeString(path, "not a socket");
    IOException file = assertThrows(IOException.class, () -> open(path, null));
    assertEquals(path + " exists and is not a socket", file.getMessage());
  }

  @Test
  void theGroupOwnsTheSocketAndAnUnknownGroupIsAClearError() throws Exception {
    Path path = dir.resolve("agent.sock");
    ControlHandler handler = Running.handler(web);
    try (ControlSocket socket = ControlSocket.open(new ControlSocket.Settings(path, Optional.of("root")), handler)) {
      assertEquals(path, socket.path());
      assertEquals("root", Files.readAttributes(path, java.nio.file.attribute.PosixFileAttributes.class).group()
          .getName());
    }
    IOException e = assertThrows(IOException.class, () -> ControlSocket.open(
        new ControlSocket.Settings(path, Optional.of("no-such-group-f4j")), handler));
    assertEquals("control.group: no group \"no-such-group-f4j\" on this host", e.getMessage());
    assertFalse(Files.exists(path));
  }

  @Test
  void aPeerThatSendsNothingIsDroppedAfterTheTimeoutAndOthersAreServedAfter() throws Exception {
    Path path = dir.resolve("agent.sock");
    try (ControlSocket socket = open(path, null);
        SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      assertEquals(path, socket.path());
      silent.write(java.nio.ByteBuffer.wrap("sta".getBytes(StandardCharsets.UTF_8)));
      long start = System.nanoTime();
      assertTrue(MAPPER.readTree(ControlClient.send(path, "status")).get("ok").asBoolean());
      assertTrue(System.nanoTime() - start < ControlSocket.IO_TIMEOUT.toNanos() + 2_000_000_000L);
    }
  }

  @Test
  void aLineTooLongIsABadRequest() throws Exception {
    Path path = dir.resolve("agent.sock");
    try (ControlSocket socket = open(path, null)) {
      assertEquals(path, socket.path());
      JsonNode answer = MAPPER.readTree(ControlClient.send(path, "status " + "x".repeat(ControlCommand.MAX_LINE)));
      assertEquals("BAD_REQUEST", answer.get("code").asText(), answer.toString());
      assertEquals("request: more than 4096 bytes (expected: one line)", answer.get("error").asText());
      assertTrue(MAPPER.readTree(ControlClient.send(path, "status")).get("ok").asBoolean());
    }
  }

  @Test
  void theCommandLineExitsByTheAnswer() throws Exception {
    Path path = dir.resolve("agent.sock");
    try (ControlSocket socket = open(path, null)) {
      assertEquals(path, socket.path());
      CommandLine status = CommandLine.run("status", "--socket", path.toString());
      assertEquals(0, status.code(), status.err());
      assertEquals(StatusReport.line(web.status()) + System.lineSeparator(), status.out());
      CommandLine json = CommandLine.run("status", "--json", "--socket", path.toString());
      assertEquals(0, json.code(), json.err());
      JsonNode doc = MAPPER.readTree(json.out());
      assertEquals(1, doc.get("schema").asInt());
      assertFalse(doc.has("ok"));
      CommandLine demote = CommandLine.run("demote", "web", "40", "--reason", "kernel update", "--socket", path.toString());
      assertEquals(0, demote.code(), demote.err());
      assertTrue(demote.out().contains("web: demoted by 40 (kernel update (by "), demote.out());
      assertEquals(40, web.status().demotion());
      assertEquals(0, CommandLine.run("undemote", "web", "--socket", path.toString()).code());
      assertEquals(0, web.status().demotion());
      CommandLine unknown = CommandLine.run("yield", "nope", "--socket", path.toString());
      assertEquals(ControlClient.FAILED, unknown.code());
      assertEquals("unknown group \"nope\" (groups: web)", unknown.err().strip());
      CommandLine reload = CommandLine.run("reload", "--socket", path.toString());
      assertEquals(ControlClient.NOT_SUPPORTED, reload.code());
      assertTrue(reload.err().startsWith("reload: this agent runs OpenShift ipfailover's"), reload.err());
    }
    CommandLine gone = CommandLine.run("status", "--socket", path.toString());
    assertEquals(ControlClient.UNREACHABLE, gone.code());
    assertTrue(gone.err().startsWith("cannot reach the agent at " + path + ": no such socket"), gone.err());
  }

  @Test
  void usageErrorsExitTwoWithoutConnecting() {
    assertEquals(Agent.USAGE, CommandLine.run("yield").code());
    assertEquals(Agent.USAGE, CommandLine.run("demote", "web", "x").code());
    assertEquals(Agent.USAGE, CommandLine.run("demote", "web", "0").code());
    assertEquals(Agent.USAGE, CommandLine.run("status", "--jsno").code());
    assertEquals(Agent.USAGE, CommandLine.run("yield", "web", "--json").code());
    assertEquals(Agent.USAGE, CommandLine.run("status", "--socket").code());
    CommandLine usage = CommandLine.run("undemote");
    assertTrue(usage.err().startsWith("undemote: no group"), usage.err());
  }
  private static UnixDomainPrincipal peer(String user, String group) {
    UserPrincipal u = () -> user;
    GroupPrincipal g = () -> group;
    return new UnixDomainPrincipal(u, g);
  }
}
