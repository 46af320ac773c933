package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.ElectionStatus;
import io.github.failover4j.FailoverGroup;
import io.github.failover4j.GroupCounters;
import io.github.failover4j.GroupStatus;
import io.github.failover4j.MasterStatus;
import io.github.failover4j.MoverState;
import io.github.failover4j.MoverStatus;
import io.github.failover4j.Role;
import io.github.failover4j.TrackChange;
import io.github.failover4j.TrackState;
import io.github.failover4j.TrackStatus;
import io.github.failover4j.spi.Candidate;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.vrrp.ChecksumMode;
import io.github.failover4j.vrrp.VrrpDecodeException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The control socket's commands, on groups built and not started (their status works before start). */
class ControlHandlerTest {
  private final FailoverGroup web = FailoverGroup.builder().name("web").interfaceName("eth0").vrid(51).priority(150)
      .virtualIp("192.0.2.10/24").build();
  private final FailoverGroup owner = FailoverGroup.builder().name("db").interfaceName("eth1").vrid(52).priority(255)
      .virtualIp("192.0.2.11/24").build();
  private final ControlHandler handler = Running.handler(web, owner);

  @AfterEach
  void undemote() {
    handler.handle("undemote web", "tester");
    handler.handle("undemote db", "tester");
  }

  @Test
  void statusListsEveryGroupWithTheDocumentedFields() {
    ObjectNode answer = handler.handle("{\"command\":\"status\"}", "tester");
    assertTrue(answer.get("ok").asBoolean(), answer.toString());
    assertEquals(StatusJson.SCHEMA, answer.get("schema").asInt());
    assertFalse(answer.has("lines"), "lines only when asked");
    assertEquals(2, answer.get("groups").size());
    JsonNode group = answer.get("groups").get(0);
    assertEquals(List.of("name", "interface", "vrid", "role", "priority", "basePriority", "demotion",
        "controlDemotions", "faults", "master", "election", "tracked", "movers", "held", "counters"), names(group));
    assertEquals("web", group.get("name").asText());
    assertEquals("eth0", group.get("interface").asText());
    assertEquals(51, group.get("vrid").asInt());
    assertEquals("INITIALIZE", group.get("role").asText());
    assertEquals(150, group.get("priority").asInt());
    assertTrue(group.get("master").isNull());
    assertTrue(group.get("election").isNull(), "VRRP elects it");
    assertFalse(group.get("held").asBoolean());
    assertEquals(List.of("advertsSent", "advertsReceived", "priorityZeroSent", "priorityZeroReceived", "dropped",
        "invalid", "notFromPeer", "wrongDestination", "addressListMismatches", "sendErrors", "transitions",
        "moverFailures", "engineStalls", "timeInRoleMs"), names(group.get("counters")));
  }

  @Test
  void statusForPeopleCarriesTheLinesSigusr1Logs() {
    ObjectNode answer = handler.handle("status", "tester");
    assertEquals(StatusReport.line(web.status()), answer.get("lines").get(0).asText());
    assertEquals(StatusReport.line(owner.status()), answer.get("lines").get(1).asText());
  }

  @Test
  void aFullStatusMapsEveryField() throws Exception {
    GroupStatus status = new GroupStatus("web", "ens10", 42, Role.MASTER, 90, 150, 60, List.of(),
        List.of(new TrackStatus(TrackChange.Kind.CHECK, "nginx", TrackState.HEALTHY, -60, false, "+0", "exit 0", 12,
            0, 1, Optional.of(Duration.ofMillis(35)))),
        Optional.of(new MasterStatus(InetAddress.getByName("10.0.1.2"), 90, Duration.ofMillis(100),
            ChecksumMode.values()[0], true)),
        GroupCounters.builder().advertsSent(7).invalid(VrrpDecodeException.Reason.values()[0], 2)
            .timeInRole(Role.MASTER, Duration.ofMillis(1500)).build(),
        List.of(new MoverStatus("hetzner", IpMover.Kind.CLOUD, MoverState.HOLDING, Optional.of("this node"),
            Optional.empty(), Optional.of(Duration.ofMillis(840)), 0, 3, 1)));
    JsonNode group = StatusJson.group(status, List.of(web.demote("maintenance", 60)));
    assertEquals("{\"name\":\"web\",\"interface\":\"ens10\",\"vrid\":42,\"role\":\"MASTER\",\"priority\":90,"
        + "\"basePriority\":150,\"demotion\":60,\"controlDemotions\":[{\"amount\":60,\"reason\":\"maintenance\"}],"
        + "\"faults\":[],\"master\":{\"address\":\"10.0.1.2\",\"priority\":90,\"advertIntervalMs\":100,"
        + "\"checksum\":\"" + ChecksumMode.values()[0] + "\",\"self\":true},\"election\":null,"
        + "\"tracked\":[{\"kind\":\"CHECK\",\"name\":\"nginx\",\"state\":\"HEALTHY\",\"weight\":-60,\"reverse\":false,"
        + "\"effect\":\"+0\",\"detail\":\"exit 0\",\"runs\":12,\"timeouts\":0,\"skipped\":1,\"lastLatencyMs\":35}],"
        + "\"movers\":[{\"name\":\"hetzner\",\"kind\":\"CLOUD\",\"state\":\"HOLDING\",\"holder\":\"this node\","
        + "\"lastError\":null,\"lastLatencyMs\":840,\"attempts\":0,\"operations\":3,\"failures\":1}],"
        + "\"held\":true,\"counters\":{\"advertsSent\":7,\"advertsReceived\":0,\"priorityZeroSent\":0,"
        + "\"priorityZeroReceived\":0,\"dropped\":2,\"invalid\":{\"" + VrrpDecodeException.Reason.values()[0]
        + "\":2},\"notFromPeer\":0,\"wrongDestination\":0,\"addressListMismatches\":0,\"sendErrors\":0,"
        + "\"transitions\":0,\"moverFailures\":0,\"engineStalls\":0,\"timeInRoleMs\":{\"MASTER\":1500}}}",
        group.toString());
  }

  @Test
  void aLeaseGroupsStatusShowsItsElection() {
    GroupStatus status = new GroupStatus("web", "eth0", 0, Role.MASTER, 150, 150, 0, List.of(), List.of(),
        Optional.empty(), GroupCounters.builder().build(), List.of(),
        Optional.of(new ElectionStatus("etcd", "web-1", Optional.of(new Candidate("web-1", 150, true)), 17,
            List.of(new Candidate("web-2", 100, false)), Optional.of(Duration.ofMillis(3300)), "", 40, 2)));
    JsonNode election = StatusJson.group(status, List.of()).get("election");
    assertEquals("{\"store\":\"etcd\",\"candidate\":\"web-1\",\"holder\":{\"id\":\"web-1\",\"priority\":150,"
        + "\"preempt\":true},\"fencingToken\":17,\"candidates\":[{\"id\":\"web-2\",\"priority\":100,"
        + "\"preempt\":false}],\"leaseLeftMs\":3300,\"lastError\":null,\"calls\":40,\"failures\":2}",
        election.toString());
    JsonNode backup = StatusJson.group(new GroupStatus("web", "eth0", 0, Role.BACKUP, 150, 150, 0, List.of(),
        List.of(), Optional.empty(), GroupCounters.builder().build(), List.of(),
        Optional.of(new ElectionStatus("etcd", "web-1", Optional.empty(), 0, List.of(), Optional.empty(),
            "campaign: etcd unavailable", 41, 3))), List.of()).get("election");
    assertTrue(backup.get("holder").isNull());
    assertTrue(backup.get("leaseLeftMs").isNull());
    assertEquals("campaign: etcd unavailable", backup.get("lastError").asText());
  }

  @Test
  void demoteAndUndemoteChangeTheGroupsDemotion() {
    ObjectNode demoted = handler.handle("{\"command\":\"demote\",\"group\":\"web\",\"amount\":50,"
        + "\"reason\":\"maintenance\"}", "root");
    assertTrue(demoted.get("ok").asBoolean(), demoted.toString());
    assertEquals(50, web.status().demotion());
    assertEquals(100, web.status().priority());
    JsonNode listed = handler.handle("{\"command\":\"status\"}", "root").get("groups").get(0);
    assertEquals("[{\"amount\":50,\"reason\":\"maintenance (by root)\"}]", listed.get("controlDemotions").toString());
    handler.handle("demote web 30 uplink flapping", "root");
    assertEquals(80, web.status().demotion());
    ObjectNode undone = handler.handle("{\"command\":\"undemote\",\"group\":\"web\"}", "root");
    assertEquals(2, undone.get("undone").asInt(), undone.toString());
    assertEquals(0, web.status().demotion());
    assertEquals(150, web.status().priority());
    assertEquals(0, handler.handle("undemote web", "root").get("undone").asInt());
  }

  @Test
  void demoteWithoutAnAmountTakesThePriorityDownToOne() {
    handler.handle("demote web", "root");
    assertEquals(1, web.status().priority());
  }

  @Test
  void yieldHoldsTheGroupAtPriorityOneUntilUndemote() {
    ObjectNode answer = handler.handle("{\"command\":\"yield\",\"group\":\"web\"}", "root");
    assertTrue(answer.get("ok").asBoolean(), answer.toString());
    assertFalse(answer.get("yielded").asBoolean(), "not MASTER: nothing to hand over");
    assertEquals(1, web.status().priority());
    handler.handle("yield web", "root");
    assertEquals(ControlHandler.DEFAULT_AMOUNT, web.status().demotion(), "a second yield adds nothing");
    handler.handle("undemote web", "root");
    assertEquals(150, web.status().priority());
  }

  @Test
  void theAddressOwnerDoesNotYield() {
    ObjectNode answer = handler.handle("yield db", "root");
    assertEquals("FAILED", answer.get("code").asText());
    assertTrue(answer.get("error").asText().contains("address owner (priority 255)"), answer.toString());
  }

  @Test
  void anUnknownGroupIsAClearError() {
    ObjectNode answer = handler.handle("{\"command\":\"demote\",\"group\":\"wbe\",\"amount\":10}", "root");
    assertFalse(answer.get("ok").asBoolean());
    assertEquals("UNKNOWN_GROUP", answer.get("code").asText());
    assertEquals("unknown group \"wbe\" (groups: web, db)", answer.get("error").asText());
  }

  @Test
  void reloadOfAnAgentRunWithoutAFileSaysItNeedsOne() {
    ObjectNode answer = handler.handle("{\"command\":\"reload\"}", "root");
    assertEquals("NOT_SUPPORTED", answer.get("code").asText());
    assertTrue(answer.get("error").asText().startsWith("reload: this agent runs OpenShift ipfailover's"
        + " OPENSHIFT_HA_* variables (--from-env)"), answer.toString());
  }

  @Test
  void badRequestsSayWhatIsWrong() {
    assertEquals("unknown command \"stop\" (expected: one of status, yield, demote, undemote, reload)",
        error("{\"command\":\"stop\"}"));
    assertTrue(error("{\"command\":").startsWith("request: not JSON"));
    assertEquals("request: not an object (expected: {\"command\": \"status\"})", error("[1]"));
    assertEquals("amount: 0 (expected: 1..254)", error("{\"command\":\"demote\",\"group\":\"web\",\"amount\":0}"));
    assertEquals("amount: 255 (expected: 1..254)", error("demote web 255"));
    assertEquals("yield: no group (expected: yield GROUP)", error("yield"));
    assertEquals("status: unexpected web", error("status web"));
    assertEquals("group: 7 (expected: text)", error("{\"command\":\"yield\",\"group\":7}"));
    assertTrue(error("").startsWith("empty request"));
  }

  private String error(String line) {
    ObjectNode answer = handler.handle(line, "root");
    assertEquals("BAD_REQUEST", answer.get("code").asText(), answer.toString());
    return answer.get("error").asText();
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
