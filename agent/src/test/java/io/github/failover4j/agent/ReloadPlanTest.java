package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reload does to each group: the running file's definitions against the new file's. */
class ReloadPlanTest {
  private static final String CHECKS = """
      checks:
        nginx: { script: /bin/true, interval: 1s }
      """;
  private static final String WEB = """
        - name: web
          interface: lo
          vrid: 51
          priority: 150
          virtualIps: ["192.0.2.10/24"]
          track: { checks: [nginx] }
      """;
  private static final String DB = """
        - name: db
          interface: lo
          vrid: 52
          virtualIps: ["192.0.2.11/24"]
      """;

  @TempDir
  Path dir;

  private int files;

  private Map<String, GroupDefinition> read(String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("agent-" + files++ + ".yaml"), yaml);
    return LoadedConfig.read(file, List.of()).definitions();
  }

  private ReloadPlan plan(String from, String to) throws IOException {
    return ReloadPlan.between(read(from), read(to));
  }

  @Test
  void aFileWrittenOtherwiseWithTheSameMeaningChangesNothing() throws IOException {
    String reordered = """
        x-defaults: &defaults { interface: lo, virtualIps: ["192.0.2.11/24"] }
        checks: { nginx: { interval: 1s, script: /bin/true } }
        groups:
          - { <<: *defaults, vrid: 52, name: db }
        """ + WEB;
    assertEquals(new ReloadPlan(List.of("db", "web"), List.of(), List.of(), List.of()),
        plan(CHECKS + "groups:\n" + WEB + DB, reordered));
  }

  @Test
  void aChangedKeyRestartsItsGroupOnly() throws IOException {
    assertEquals(new ReloadPlan(List.of("web"), List.of("db"), List.of(), List.of()), plan(CHECKS + "groups:\n" + WEB
        + DB, CHECKS + "groups:\n" + WEB + DB.replace("vrid: 52", "vrid: 52\n    priority: 120")));
  }

  @Test
  void aChangedCheckRestartsTheGroupsThatTrackIt() throws IOException {
    ReloadPlan plan = plan(CHECKS + "groups:\n" + WEB + DB, CHECKS.replace("1s", "2s") + "groups:\n" + WEB + DB);
    assertEquals(new ReloadPlan(List.of("db"), List.of("web"), List.of(), List.of()), plan);
  }

  @Test
  void aChangeInASyncGroupRestartsEveryMember() throws IOException {
    String api = DB.replace("db", "api").replace("52", "53").replace("192.0.2.11", "192.0.2.12");
    String sync = "syncGroups:\n  - { name: edge, groups: [web, db] }\n";
    String before = CHECKS + sync + "groups:\n" + WEB + DB + api;
    assertEquals(new ReloadPlan(List.of("web", "db", "api"), List.of(), List.of(), List.of()), plan(before, before));
    assertEquals(new ReloadPlan(List.of("api"), List.of("web", "db"), List.of(), List.of()),
        plan(before, CHECKS + sync + "groups:\n" + WEB + DB.replace("vrid: 52", "vrid: 52\n    preempt: false") + api),
        "one member changed: both restart");
    assertEquals(new ReloadPlan(List.of(), List.of("web", "db", "api"), List.of(), List.of()),
        plan(before, CHECKS + sync.replace("db]", "db, api]") + "groups:\n" + WEB + DB + api),
        "a member joined: all restart");
    assertEquals(new ReloadPlan(List.of("api"), List.of("web", "db"), List.of(), List.of()),
        plan(before, CHECKS + sync.replace("db] }", "db], notify: { any: /bin/true } }") + "groups:\n" + WEB + DB
            + api),
        "the sync group's own notify changed");
  }

  @Test
  void addedGroupsStartAndRemovedOnesStop() throws IOException {
    String api = DB.replace("db", "api").replace("52", "53").replace("192.0.2.11", "192.0.2.12");
    assertEquals(new ReloadPlan(List.of("web"), List.of(), List.of("api"), List.of("db")),
        plan(CHECKS + "groups:\n" + WEB + DB, CHECKS + "groups:\n" + WEB + api));
  }

  @Test
  void aChangedNotifyScriptRestartsItsGroup() throws IOException {
    String notified = DB + "    notify: { master: /bin/true }\n";
    assertEquals(new ReloadPlan(List.of("web"), List.of("db"), List.of(), List.of()),
        plan(CHECKS + "groups:\n" + WEB + notified, CHECKS + "groups:\n" + WEB + notified.replace("master", "backup")));
  }

  @Test
  void aFileAKeyNamesIsComparedByItsContentWhichIsNeverShown() throws IOException {
    Path token = Files.writeString(dir.resolve("hcloud.token"), "first-token");
    Path secret = Files.writeString(dir.resolve("other.secret"), "first-secret");
    JsonNode root = new ObjectMapper().readTree("""
        {"groups": [{"name": "web", "authPassword": "s3cret",
          "movers": [{"provider": "hetzner", "tokenFile": "hcloud.token", "secretFile": {"X": "other.secret"}}]}]}
        """);
    GroupDefinition first = GroupDefinition.of(root, dir).get("web");
    assertEquals(first, GroupDefinition.of(root, dir).get("web"));
    assertEquals(2, first.files().size());
    Files.writeString(token, "second-token");
    GroupDefinition second = GroupDefinition.of(root, dir).get("web");
    assertNotEquals(first, second, "a new token restarts the group that moves with it");
    Files.writeString(secret, "second-secret");
    assertNotEquals(second, GroupDefinition.of(root, dir).get("web"), "so does a new secret of a map of files");
    assertEquals("GroupDefinition[web]", second.toString());
  }

}
