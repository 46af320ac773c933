package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.ConfigurationException;
import io.github.failover4j.FailoverException;
import io.github.failover4j.FailoverGroup;
import io.github.failover4j.Tracked;
import io.github.failover4j.check.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload's orchestration, with a runner that records what it is asked instead of joining VRRP:
 * what closes and starts, in which order, what is left alone, and what a failure leaves running.
 */
class ReloaderTest {
  private static final String CHECKS = "checks:\n  nginx: { script: /bin/true, interval: 1s }\n";

  @TempDir
  Path dir;

  private final Recorder runner = new Recorder();
  private final RunningGroups running = new RunningGroups();
  private Path file;
  private Reloader reloader;

  /** Starts nothing: records each call, fails the starts it is told to, and may hold a close. */
  private static final class Recorder implements GroupRunner {
    final List<String> calls = new ArrayList<>();
    final Set<String> failing = new HashSet<>();
    CountDownLatch closing = new CountDownLatch(0);
    CountDownLatch closeMayEnd = new CountDownLatch(0);

    @Override
    public synchronized void start(AgentGroup group) {
      calls.add("start " + group.group().name());
      if (failing.contains(group.group().name())) {
        throw new FailoverException("interface eth9: no such interface");
      }
    }

    @Override
    public void close(List<AgentGroup> groups) {
      synchronized (this) {
        calls.add("close " + groups.stream().map(g -> g.group().name()).toList());
      }
      closing.countDown();
      try {
        closeMayEnd.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    synchronized List<String> calls() {
      return List.copyOf(calls);
    }
  }

  private static String group(String name, int vrid, String more) {
    return "  - name: " + name + "\n    interface: lo\n    vrid: " + vrid + "\n    virtualIps: [\"192.0.2." + vrid
        + "/24\"]\n" + more;
  }

  private static final String WEB = group("web", 51, "    track: { checks: [nginx] }\n");
  private static final String DB = group("db", 52, "    track: { checks: [nginx] }\n");
  private static final String API = group("api", 53, "");

  /** What the agent does at its start: every group of the file starts. */
  private void start(String yaml) throws IOException {
    file = Files.writeString(dir.resolve("agent.yaml"), yaml);
    LoadedConfig loaded = LoadedConfig.read(file, List.of());
    for (AgentGroup group : loaded.config().groups()) {
      runner.start(group);
      running.add(group, loaded.definitions().get(group.group().name()));
    }
    reloader = new Reloader(Optional.of(file), running, runner, loaded.settings());
    runner.calls.clear();
  }

  private void write(String yaml) throws IOException {
    Files.writeString(file, yaml);
  }

  @Test
  void changedGroupsCloseFirstThenStartWithTheAddedOnesAndTheUnchangedAreNotTouched() throws IOException {
    start(CHECKS + "groups:\n" + WEB + DB);
    FailoverGroup web = running.group("web").orElseThrow();
    FailoverGroup db = running.group("db").orElseThrow();
    write(CHECKS + "groups:\n" + WEB + DB.replace("vrid: 52", "vrid: 52\n    priority: 120") + API);

    ReloadReport report = reloader.reload();

    assertEquals(List.of("close [db]", "start db", "start api"), runner.calls());
    assertSame(web, running.group("web").orElseThrow(), "the same running group: no advert missed");
    assertNotSame(db, running.group("db").orElseThrow());
    assertEquals(120, running.group("db").orElseThrow().status().basePriority());
    assertEquals(List.of("web", "db", "api"), running.names());
    assertEquals(List.of("web"), report.named(ReloadReport.Change.UNCHANGED));
    assertEquals(List.of("db"), report.named(ReloadReport.Change.RESTARTED));
    assertEquals(List.of("api"), report.named(ReloadReport.Change.STARTED));
    assertTrue(report.ok());
    assertEquals(List.of("reloaded " + file + ": 1 unchanged, 1 restarted, 1 started",
        "  web: unchanged",
        "  db: restarted (its configuration changed; closed first, a master sending priority 0)",
        "  api: started (new)"), report.lines());
  }

  @Test
  void groupsLeftOutCloseAndASecondReloadOfTheSameFileDoesNothing() throws IOException {
    start(CHECKS + "groups:\n" + WEB + DB + API);
    write(CHECKS + "groups:\n" + API + WEB);
    ReloadReport report = reloader.reload();
    assertEquals(List.of("close [db]"), runner.calls());
    assertEquals(List.of("api", "web"), running.names(), "in the new file's order");
    assertEquals(List.of("db"), report.named(ReloadReport.Change.STOPPED));
    assertEquals("  db: stopped (no longer in the file)", report.lines().get(3));

    runner.calls.clear();
    assertEquals(List.of("api", "web"), reloader.reload().named(ReloadReport.Change.UNCHANGED));
    assertEquals(List.of(), runner.calls(), "nothing to close, nothing to start");
  }

  @Test
  void anInvalidFileChangesNothingAndListsEveryProblem() throws IOException {
    start(CHECKS + "groups:\n" + WEB + DB);
    List<FailoverGroup> before = running.groups();
    write(CHECKS + "groups:\n" + WEB.replace("vrid: 51", "vrid: 0") + DB.replace("interface", "interfce") + API);
    ConfigurationException invalid = assertThrows(ConfigurationException.class, reloader::reload);
    assertEquals(List.of("groups[0] (web).vrid: 0 (expected: 1..255)",
        "groups[1].interfce: unknown key; did you mean interface?"),
        invalid.problems().stream().filter(p -> !p.contains("interface: missing")).toList(), invalid.getMessage());
    assertEquals(List.of(), runner.calls());
    assertEquals(before, running.groups());
  }

  @Test
  void aGroupThatFailsToStartLeavesTheOthersRunningAndTheNextReloadTriesAgain() throws IOException {
    start(CHECKS + "groups:\n" + WEB);
    write(CHECKS + "groups:\n" + WEB + API + DB);
    runner.failing.add("api");
    ReloadReport report = reloader.reload();
    assertFalse(report.ok());
    assertEquals(List.of("start api", "start db"), runner.calls(), "db starts after api failed");
    assertEquals(List.of("web", "db"), running.names());
    assertEquals(Optional.of("interface eth9: no such interface"), report.groups().get(1).failure());
    assertEquals("  api: failed to start: interface eth9: no such interface; it is not running",
        report.lines().get(2));
    assertTrue(report.lines().get(0).endsWith("1 unchanged, 1 started, 1 failed to start"), report.lines().get(0));

    runner.failing.clear();
    runner.calls.clear();
    assertTrue(reloader.reload().ok());
    assertEquals(List.of("start api"), runner.calls());
    assertEquals(List.of("web", "api", "db"), running.names());
  }

  @Test
  void settingsThatOnlyApplyAtTheStartAreReportedAndKept() throws IOException {
    start("logLevel: info\ncontrol: { socket: a.sock }\n" + CHECKS + "groups:\n" + WEB);
    write("logLevel: debug\ncontrol: { socket: b.sock, group: wheel }\n" + CHECKS + "groups:\n" + WEB);
    ReloadReport report = reloader.reload();
    assertEquals(List.of("logLevel", "control"),
        report.notApplied().stream().map(line -> line.substring(0, line.indexOf(':'))).toList());
    assertTrue(report.notApplied().get(0).endsWith("changed; not applied: it takes effect when the agent restarts"
        + " (it runs with the value it started with)"), report.notApplied().get(0));
    assertEquals(List.of("web"), report.named(ReloadReport.Change.UNCHANGED));
    assertEquals(2, reloader.reload().notApplied().size(), "still not applied: said again");
  }

  @Test
  void anUnchangedCheckRunsOnceForTheOldGroupsAndTheNew() throws IOException {
    start(CHECKS + "groups:\n" + WEB + DB);
    Check nginx = check("web");
    write(CHECKS + "groups:\n" + WEB + DB.replace("vrid: 52", "vrid: 52\n    priority: 120"));
    reloader.reload();
    assertSame(nginx, check("db"), "the restarted group tracks the check that runs for web");

    write(CHECKS.replace("1s", "2s") + "groups:\n" + WEB + DB);
    ReloadReport report = reloader.reload();
    assertEquals(List.of("web", "db"), report.named(ReloadReport.Change.RESTARTED));
    assertNotSame(nginx, check("web"));
    assertSame(check("web"), check("db"));
  }

  private Check check(String group) {
    return running.entries().stream().filter(entry -> entry.group().group().name().equals(group))
        .flatMap(entry -> entry.group().track().stream()).map(item -> ((Tracked.OfCheck) item).check())
        .findFirst().orElseThrow();
  }

  @Test
  void reloadsRunOneAtATimeInTheOrderAsked() throws Exception {
    start(CHECKS + "groups:\n" + WEB + DB);
    write(CHECKS + "groups:\n" + WEB + DB.replace("vrid: 52", "vrid: 52\n    priority: 120"));
    runner.closing = new CountDownLatch(1);
    runner.closeMayEnd = new CountDownLatch(1);
    CompletableFuture<ReloadReport> first = reloader.request("test");
    assertTrue(runner.closing.await(10, TimeUnit.SECONDS));
    write(CHECKS + "groups:\n" + WEB + API); // while the first one closes db
    CompletableFuture<ReloadReport> second = reloader.request("test");
    assertFalse(second.isDone());
    assertEquals(List.of("close [db]"), runner.calls(), "the second waits for the first");
    runner.closeMayEnd.countDown();
    assertEquals(List.of("db"), first.get(10, TimeUnit.SECONDS).named(ReloadReport.Change.RESTARTED));
    assertEquals(List.of("api"), second.get(10, TimeUnit.SECONDS).named(ReloadReport.Change.STARTED));
    assertEquals(List.of("close [db]", "start db", "close [db]", "start api"), runner.calls());
  }

  @Test
  void listenersHearOfEveryStartStopAndReload() throws IOException {
    start(CHECKS + "groups:\n" + WEB + DB);
    List<String> heard = new ArrayList<>();
    running.addListener(new RunningGroups.Listener() {
      @Override
      public void started(FailoverGroup group) {
        heard.add("started " + group.name());
      }

      @Override
      public void stopped(FailoverGroup group) {
        heard.add("stopped " + group.name());
      }

      @Override
      public void reloaded(ReloadReport report) {
        heard.add("reloaded " + report.named(ReloadReport.Change.UNCHANGED));
      }
    });
    assertEquals(List.of("started web", "started db"), heard, "the running groups, when it is added");
    write(CHECKS + "groups:\n" + WEB + DB.replace("vrid: 52", "vrid: 52\n    priority: 120") + API);
    reloader.reload();
    write(CHECKS + "groups:\n" + WEB);
    reloader.reload();
    assertEquals(List.of("started web", "started db", "stopped db", "started db", "started api", "reloaded [web]",
        "stopped db", "stopped api", "reloaded [web]"), heard);
  }

  @Test
  void anAgentRunWithoutAFileOrStoppingRefusesToReload() throws Exception {
    Reloader fileless = new Reloader(Optional.empty(), running, runner, java.util.Map.of());
    ExecutionException refused = assertThrows(ExecutionException.class, () -> fileless.request("SIGHUP").get());
    assertInstanceOf(Reloader.Unavailable.class, refused.getCause());
    assertTrue(refused.getCause().getMessage().contains("--from-env"), refused.getCause().getMessage());

    start(CHECKS + "groups:\n" + WEB);
    reloader.stop();
    ExecutionException stopping = assertThrows(ExecutionException.class, () -> reloader.request("SIGHUP").get());
    assertEquals("reload: the agent is stopping", stopping.getCause().getMessage());
    assertEquals(List.of(), runner.calls());
  }

  @Test
  void theControlSocketAnswersWhatTheReloadDidAndKeepsItsDemotions() throws IOException {
    start(CHECKS + "groups:\n" + WEB + DB);
    ControlHandler handler = new ControlHandler(running, reloader);
    handler.handle("demote db 30 maintenance", "root");
    handler.handle("demote web 20 uplink", "root");
    write(CHECKS + "groups:\n" + WEB + DB.replace("vrid: 52", "vrid: 52\n    priority: 120"));

    ObjectNode answer = handler.handle("{\"command\":\"reload\"}", "root");
    assertTrue(answer.get("ok").asBoolean(), answer.toString());
    assertEquals("[{\"name\":\"web\",\"change\":\"unchanged\"},{\"name\":\"db\",\"change\":\"restarted\"}]",
        answer.get("groups").toString());
    assertTrue(answer.get("message").asText().startsWith("reloaded " + file + ": 1 unchanged, 1 restarted\n"),
        answer.toString());
    assertEquals(30, running.group("db").orElseThrow().status().demotion(), "the restarted db is still demoted");
    assertEquals(20, running.group("web").orElseThrow().status().demotion());
    assertEquals("[{\"amount\":30,\"reason\":\"maintenance (by root)\"}]",
        handler.handle("status", "root").get("groups").get(1).get("controlDemotions").toString());

    write(CHECKS + "groups:\n" + WEB + "  - { name: bad, vrid: 300 }\n");
    ObjectNode invalid = handler.handle("reload", "root");
    assertEquals("INVALID_CONFIG", invalid.get("code").asText(), invalid.toString());
    assertTrue(invalid.get("error").asText().startsWith("reload: nothing changed: configuration " + file + ": "),
        invalid.toString());
    assertEquals(4, invalid.get("problems").size(), invalid.toString());
    assertEquals(List.of("web", "db"), running.names());

    write(CHECKS + "groups:\n" + WEB);
    handler.handle("reload", "root");
    write(CHECKS + "groups:\n" + WEB + DB);
    handler.handle("reload", "root");
    assertEquals(0, running.group("db").orElseThrow().status().demotion(), "a removed group's demotions go with it");
    handler.handle("undemote web", "root");
  }
}
